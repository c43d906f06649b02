"""The årsregnskap of one year computed from its inputs (R-115 part VI: bevilgnings- and
artskontorapportering with notes; SRS virksomhetsregnskap where the inputs include it).

:class:`Grunnlag` bundles the inputs of one year (and the prior year for comparative
figures); :func:`beregn` is a pure function of it.  Statements, notes and every finding of
every module are collected in :class:`Aarsregnskap`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .artskonto import Artskontorapportering, artskontorapportering
from .bevilgning import Bevilgningsrapportering, bevilgningsrapportering
from .findings import Finding, Severity
from .kontoplan import Kontoplan, standard_kontoplan
from .load.srapport import Kilde, SRapport
from .load.tildeling import Tildeling
from .mellomvaerende import mellomvaerende_saldo, ub_som_ib
from .tabell import Tabell, tabeller_i

if TYPE_CHECKING:  # the optional parts are imported where they are computed
    from .bevilgning.note_b import NoteBSpec
    from .bevilgning.note_c import NoteCInput
    from .load.anleggsregister import Anleggsregister
    from .load.fullmakter import Fullmakter
    from .load.hovedbok import Hovedbok

__all__ = ["Grunnlag", "Aarsregnskap", "beregn"]


@dataclass(frozen=True, eq=False)
class Grunnlag:
    """Inputs of one årsregnskap.  ``mellomvaerende_ib_fjor`` is mellomværende at 1 January
    of the prior year (when ``srapport_fjor`` is given) or of this year (when it is not)."""

    srapport: SRapport
    tildeling: Tildeling | None = None
    srapport_fjor: SRapport | None = None
    tildeling_fjor: Tildeling | None = None
    mellomvaerende_ib_fjor: pd.DataFrame | None = field(default=None, repr=False)
    kontoplan: Kontoplan | None = None
    fullmakter: "Fullmakter | None" = None
    note_b_spec: "NoteBSpec | None" = None
    note_c: "NoteCInput | None" = None
    hovedbok: "Hovedbok | None" = field(default=None, repr=False)
    anleggsregister: "Anleggsregister | None" = field(default=None, repr=False)
    virksomhet: str | None = None
    ekstra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def ar(self) -> int:
        return self.srapport.ar

    def kilder(self) -> tuple[Kilde, ...]:
        """Every input file with rows read, SHA-256 and (for amount files) the sum of amounts:
        rows in = rows accounted for (principle 5)."""
        out: list[Kilde] = []
        if self.srapport_fjor is not None:
            out.extend(self.srapport_fjor.kilder)
        out.extend(self.srapport.kilder)
        if self.hovedbok is not None:
            hb = self.hovedbok.frame
            for file, rows, sha in self.hovedbok.filer:
                out.append(Kilde(file, rows, sha, int(hb.loc[hb["_file"] == file, "belop_ore"].sum())))
        if self.anleggsregister is not None:
            reg = self.anleggsregister
            out.append(Kilde(reg.file, len(reg.frame), reg.sha256, int(reg.frame["anskaffelseskost_ore"].sum())))
        ib = self.mellomvaerende_ib_fjor
        if ib is not None and len(ib) and "_file" in ib.columns:
            out.append(Kilde(str(ib["_file"].iloc[0]), len(ib), _sha256(str(ib["_file"].iloc[0])),
                             int(ib["belop_ore"].sum())))
        for t in (self.tildeling_fjor, self.tildeling):
            if t is not None:
                out.append(Kilde(t.kilde, len(t.poster), _sha256(t.kilde), int(t.poster["samlet_tildeling_ore"].sum())))
        for other in (self.fullmakter, self.note_c):
            file = getattr(other, "file", None)
            if file and not file.startswith("<"):
                out.append(Kilde(file, None, _sha256(file), None))
        return tuple(out)

    def kilder_tabell(self) -> Tabell:
        from .tabell import Kolonne

        rows = [{"line_id": f"kilde-{i}", "kind": "line", "fil": k.file, "rader": "" if k.rader is None else str(k.rader),
                 "sum": k.sum_ore, "sha256": (k.sha256 or "")[:16]} for i, k in enumerate(self.kilder())]
        return Tabell.bygg("kilder", "Kilder (inndata)", [
            Kolonne("fil", "Fil"), Kolonne("rader", "Rader"), Kolonne("sum", "Sum beløp", True),
            Kolonne("sha256", "SHA-256 (første 16)")], rows)

    def mellomvaerende_ib(self) -> pd.DataFrame | None:
        """Mellomværende at 1 January of this year."""
        if self.srapport_fjor is None:
            return self.mellomvaerende_ib_fjor
        return ub_som_ib(mellomvaerende_saldo(self.mellomvaerende_ib_fjor, self.srapport_fjor))


@dataclass(frozen=True, eq=False)
class Aarsregnskap:
    """Every statement and note computed for one year, and all findings."""

    grunnlag: Grunnlag
    bevilgning: Bevilgningsrapportering
    artskonto: Artskontorapportering
    bevilgning_fjor: Bevilgningsrapportering | None = None
    deler: dict[str, Any] = field(default_factory=dict, repr=False)
    findings: tuple[Finding, ...] = ()

    @property
    def ar(self) -> int:
        return self.grunnlag.ar

    def tabeller(self) -> list[Tabell]:
        """All tables in R-115 order."""
        out: list[Tabell] = [self.bevilgning.utgifter, self.bevilgning.inntekter, self.bevilgning.kapitalkontoer,
                             self.bevilgning.beholdninger, self.bevilgning.note_a]
        for key in ("note_b", "note_c"):
            part = self.deler.get(key)
            if part is not None:
                out.extend(tabeller_i(part))
        out.extend(self.artskonto.tabeller())
        for key, part in self.deler.items():
            if key not in ("note_b", "note_c"):
                out.extend(tabeller_i(part))
        return out


def _sha256(file: str) -> str | None:
    import hashlib
    from pathlib import Path

    p = Path(file)
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None


def _netto_finding(bev: Bevilgningsrapportering, art: Artskontorapportering) -> list[Finding]:
    if bev.netto_rapportert_ore == art.netto_rapportert_ore:
        return []
    return [Finding(
        rule="X-BEV-ART-NETTO", severity=Severity.ERROR,
        message="Netto rapportert til bevilgningsregnskapet er ikke lik i de to oppstillingene",
        statement="artskontorapportering", line="netto_rapportert", expected_ore=bev.netto_rapportert_ore,
        actual_ore=art.netto_rapportert_ore, reference="R-115 prinsippnote")]


def beregn(grunnlag: Grunnlag) -> Aarsregnskap:
    """Compute the cash statements (and, through :mod:`imdi_ledger.rapport`, the rest)."""
    kp = grunnlag.kontoplan or standard_kontoplan()
    ib = grunnlag.mellomvaerende_ib()
    bev = bevilgningsrapportering(grunnlag.srapport, grunnlag.tildeling, mellomvaerende_ib=ib, kontoplan=kp)
    bev_fjor = None
    if grunnlag.srapport_fjor is not None:
        bev_fjor = bevilgningsrapportering(grunnlag.srapport_fjor, grunnlag.tildeling_fjor,
                                           mellomvaerende_ib=grunnlag.mellomvaerende_ib_fjor, kontoplan=kp)
    art = artskontorapportering(grunnlag.srapport, grunnlag.srapport_fjor, mellomvaerende_ib=ib,
                                mellomvaerende_ib_fjor=grunnlag.mellomvaerende_ib_fjor
                                if grunnlag.srapport_fjor is not None else None, kontoplan=kp)
    findings: list[Finding] = list(grunnlag.srapport.findings)
    if grunnlag.srapport_fjor is not None:
        findings.extend(grunnlag.srapport_fjor.findings)
    findings.extend(bev.findings)
    findings.extend(art.findings)
    findings.extend(_netto_finding(bev, art))
    if bev_fjor is not None:
        findings.extend(f for f in bev_fjor.findings if f.rule != "BEV-MELLOMVAERENDE-IB")
    deler: dict[str, Any] = {}
    if grunnlag.tildeling is not None:
        from .bevilgning.note_b import NoteBSpec, note_b

        spec = grunnlag.note_b_spec or NoteBSpec()
        if spec.poster_i_fjor is None and bev_fjor is not None:
            spec = dataclasses.replace(spec, poster_i_fjor=bev_fjor.poster)
        nb = note_b(bev.poster, grunnlag.fullmakter, spec=spec)
        deler["note_b"] = nb
        findings.extend(nb.findings)
    if grunnlag.note_c is not None:
        from .bevilgning.note_c import note_c

        nc = note_c(grunnlag.note_c)
        deler["note_c"] = nc
        findings.extend(nc.findings)
    if grunnlag.hovedbok is not None:
        deler.update(_srs_og_note7(grunnlag, bev, ib, findings))
    return Aarsregnskap(grunnlag, bev, art, bev_fjor, deler, tuple(findings))


def _srs_og_note7(grunnlag: Grunnlag, bev: Bevilgningsrapportering, ib: pd.DataFrame | None,
                  findings: list[Finding]) -> dict[str, Any]:
    """The SRS virksomhetsregnskap and Note 7A/7B (SRS 1, SRS 10; R-115 note on avregnet vs
    mellomværende) when the inputs include the ledger."""
    from .avstemming.note7 import note_7a, note_7b
    from .srs import virksomhetsregnskap

    names = {(r.kapittel, r.post): r.posttekst for r in bev.poster.itertuples() if isinstance(r.posttekst, str)}
    srs = virksomhetsregnskap(grunnlag.hovedbok, grunnlag.ar, register=grunnlag.anleggsregister, posttekster=names)
    n7a = note_7a(grunnlag.srapport, grunnlag.hovedbok)
    n7b = note_7b(grunnlag.srapport, grunnlag.hovedbok, mellomvaerende_ib=ib)
    findings.extend(srs.findings)
    findings.extend(n7a.findings)
    findings.extend(n7b.findings)
    return {"virksomhetsregnskap": srs, "note_7a": n7a, "note_7b": n7b}
