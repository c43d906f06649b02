"""The årsregnskap of one year computed from its inputs (R-115 part VI: bevilgnings- and
artskontorapportering with notes; SRS virksomhetsregnskap where the inputs include it).

:class:`~imdi_ledger.load.grunnlag.Grunnlag` bundles the inputs of one year (and the prior
year for comparative figures); :func:`beregn` is a pure function of it.  Statements, notes and
every finding of every module are collected in :class:`Aarsregnskap`, including the arithmetic
check of every table against its declared sum terms (:func:`imdi_ledger.tabell.kontroller_summer`,
rule ``TABELL-SUM``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .artskonto import Artskontorapportering, artskontorapportering
from .bevilgning import Bevilgningsrapportering, bevilgningsrapportering
from .bevilgning.note_b import NoteB, note_b
from .bevilgning.note_c import NoteC, note_c
from .findings import Finding, Severity
from .kontoplan import Kontoplan, standard_kontoplan
from .load.grunnlag import Grunnlag
from .errors import InputError
from .load.oppsett import Note7BTilpasset, Oppsett, rad_i_fil
from .load.tildeling import Tildeling
from .mellomvaerende import mellomvaerende_saldo, ub_som_ib
from .note7 import NOTE7B_IMDI, NOTE7B_SRS1, NOTE7B_GRUPPER, Note7A, Note7B, Note7BOppsett, note_7a, note_7b
from .srs import virksomhetsregnskap
from .srs.kontoplan_srs import SrsKontoplan, load_kontoplan
from .srs.note5_leieavtaler import note_5_leieavtaler
from .srs.regnskap import Virksomhetsregnskap
from .tabell import Tabell, kontroller_summer, tabeller_i

__all__ = ["Grunnlag", "Aarsregnskap", "beregn", "mellomvaerende_ib", "srs_kontoplan", "note7b_oppsett"]


@dataclass(frozen=True, eq=False)
class Aarsregnskap:
    """Every statement and note computed for one year, and all findings.  The optional parts
    are ``None`` where the inputs do not include what they are computed from."""

    grunnlag: Grunnlag
    bevilgning: Bevilgningsrapportering
    artskonto: Artskontorapportering
    bevilgning_fjor: Bevilgningsrapportering | None = None
    note_b: NoteB | None = None
    note_c: NoteC | None = None
    virksomhetsregnskap: Virksomhetsregnskap | None = None
    note_7a: Note7A | None = None
    note_7b: Note7B | None = None
    note_5_leieavtaler: Tabell | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def ar(self) -> int:
        return self.grunnlag.ar

    @property
    def deler(self) -> dict[str, Any]:
        """The optional parts computed, by name, in R-115 order (read-only view)."""
        parts = (("note_b", self.note_b), ("note_c", self.note_c),
                 ("virksomhetsregnskap", self.virksomhetsregnskap), ("note_7a", self.note_7a),
                 ("note_7b", self.note_7b), ("note_5_leieavtaler", self.note_5_leieavtaler))
        return {k: v for k, v in parts if v is not None}

    def tabeller(self) -> list[Tabell]:
        """All printed tables in R-115 order, with the titles and footnotes of the set-up
        (``oppsett.yaml`` ``noter``) and without the optional tables it leaves out
        (``noter.utelat``; they are computed and checked all the same)."""
        o = self.grunnlag.oppsett
        return [_tilpass(t, o) for t in self._tabeller() if t.id not in o.utelat]

    def _tabeller(self) -> list[Tabell]:
        out: list[Tabell] = [self.bevilgning.utgifter, self.bevilgning.inntekter, self.bevilgning.kapitalkontoer,
                             self.bevilgning.beholdninger, self.bevilgning.note_a]
        for part in (self.note_b, self.note_c):
            if part is not None:
                out.extend(tabeller_i(part))
        out.extend(self.artskonto.tabeller())
        for part in (self.virksomhetsregnskap, self.note_5_leieavtaler, self.note_7a, self.note_7b):
            if part is not None:
                out.extend(tabeller_i(part))
        return out


def _tilpass(t: Tabell, oppsett: Oppsett) -> Tabell:
    """A table with the title and extra footnotes the set-up gives for its id."""
    tittel = oppsett.titler.get(t.id, t.tittel)
    fot = oppsett.fotnoter.get(t.id, ())
    if tittel == t.tittel and not fot:
        return t
    return dataclasses.replace(t, tittel=tittel, fotnoter=tuple(t.fotnoter) + tuple(fot))


def srs_kontoplan(oppsett: Oppsett) -> SrsKontoplan:
    """The SRS chart and note layout with the set-up's overrides (``kontoplan_srs``).  An error
    in an inline row names its line in ``oppsett.yaml``."""
    navn = oppsett.fil or "oppsett"
    linjer, noter = oppsett.kontoplan_srs_linjer, oppsett.kontoplan_srs_noter
    if isinstance(linjer, pd.DataFrame):
        linjer = _med_navn(linjer, f"{navn}: kontoplan_srs.linjer")
    if isinstance(noter, pd.DataFrame):
        noter = _med_navn(noter, f"{navn}: kontoplan_srs.noter")
    try:
        return load_kontoplan(linjer, noter)
    except InputError as e:
        flyttet = rad_i_fil(rad_i_fil(e, oppsett.kontoplan_srs_linjer), oppsett.kontoplan_srs_noter)
        if flyttet is e:
            raise
        raise flyttet from None


def _med_navn(frame: pd.DataFrame, navn: str) -> pd.DataFrame:
    out = frame.copy()
    out.attrs["navn"] = navn
    return out


def note7b_oppsett(oppsett: Oppsett) -> Note7BOppsett:
    """The Note 7B layout the set-up names: ``srs1`` (default), ``imdi`` or a custom one."""
    valg = oppsett.note_7b
    if isinstance(valg, Note7BTilpasset):
        return Note7BOppsett(grupper=valg.grupper or NOTE7B_GRUPPER, srs_linje=dict(valg.srs_linje),
                             bokfort_ks=dict(valg.bokfort_ks), rapportert_artskonto=dict(valg.rapportert_artskonto),
                             linjetekst=dict(valg.linjetekst))
    return NOTE7B_IMDI if valg == "imdi" else NOTE7B_SRS1


def mellomvaerende_ib(grunnlag: Grunnlag) -> pd.DataFrame | None:
    """Mellomværende at 1 January of the year: the given opening balance rolled forward through
    the prior year's S-rapport when that is given."""
    if grunnlag.srapport_fjor is None:
        return grunnlag.mellomvaerende_ib_fjor
    return ub_som_ib(mellomvaerende_saldo(grunnlag.mellomvaerende_ib_fjor, grunnlag.srapport_fjor))


def _netto_finding(bev: Bevilgningsrapportering, art: Artskontorapportering) -> list[Finding]:
    if bev.netto_rapportert_ore == art.netto_rapportert_ore:
        return []
    return [Finding(
        rule="X-BEV-ART-NETTO", severity=Severity.ERROR,
        message="Netto rapportert til bevilgningsregnskapet er ikke lik i de to oppstillingene",
        statement="artskontorapportering", line="netto_rapportert", expected_ore=bev.netto_rapportert_ore,
        actual_ore=art.netto_rapportert_ore, reference="R-115 prinsippnote")]


def _med_tildelingsrader(poster: pd.DataFrame, tildeling: Tildeling) -> pd.DataFrame:
    """The posts with the tildeling's file and row of each post (``_file``/``_row``), so that a
    Note B finding on a post names the input row its samlet tildeling comes from."""
    kilde = tildeling.poster[["kapittel", "post", "_file", "_row"]] \
        if {"_file", "_row"} <= set(tildeling.poster.columns) else None
    if kilde is None:
        return poster
    return poster.merge(kilde, on=["kapittel", "post"], how="left")


def beregn(grunnlag: Grunnlag) -> Aarsregnskap:
    """Compute the cash statements (and, through :mod:`imdi_ledger.rapport`, the rest)."""
    kp = grunnlag.kontoplan or standard_kontoplan()
    ib = mellomvaerende_ib(grunnlag)
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
    nb = nc = None
    if grunnlag.tildeling is not None:
        spec = grunnlag.note_b_spec or grunnlag.oppsett.note_b_spec()
        if spec.poster_i_fjor is None and bev_fjor is not None:
            spec = dataclasses.replace(spec, poster_i_fjor=bev_fjor.poster)
        nb = note_b(_med_tildelingsrader(bev.poster, grunnlag.tildeling), grunnlag.fullmakter,
                    spec=dataclasses.replace(spec, file=grunnlag.tildeling.kilde or spec.file))
        findings.extend(nb.findings)
    if grunnlag.note_c is not None:
        nc = note_c(grunnlag.note_c)
        findings.extend(nc.findings)
    srs = n7a = n7b = n5l = None
    if grunnlag.hovedbok is not None:
        srs, n7a, n7b = _srs_og_note7(grunnlag, bev, ib, kp, findings)
        if grunnlag.note_c is not None:
            n5l = _note_5_leieavtaler(grunnlag, srs)
    a = Aarsregnskap(grunnlag, bev, art, bev_fjor, note_b=nb, note_c=nc, virksomhetsregnskap=srs,
                     note_7a=n7a, note_7b=n7b, note_5_leieavtaler=n5l)
    findings.extend(kontroller_summer(a._tabeller()))     # every table, printed or not
    return dataclasses.replace(a, findings=tuple(findings))


def _note_5_leieavtaler(grunnlag: Grunnlag, srs: Virksomhetsregnskap) -> Tabell:
    """SRS note 5 «Tilleggsinformasjon om operasjonelle leieavtaler» from the Note C input (the
    register's agreements or the typed-in rows), so note 5 and Note C cannot disagree; the
    expensed rent of the period for buildings is the ledger's husleie (note 5)."""
    note_5 = next((t for t in tabeller_i(srs) if t.id == "note_5"), None)
    husleie = note_5.verdi("husleie", "belop") if note_5 is not None and note_5.har_linje("husleie") else None
    return note_5_leieavtaler(grunnlag.note_c, kostnadsfort_ore=(husleie, None) if husleie is not None else None)


def _srs_og_note7(grunnlag: Grunnlag, bev: Bevilgningsrapportering, ib: pd.DataFrame | None,
                  kp: Kontoplan, findings: list[Finding]) -> tuple[Virksomhetsregnskap, Note7A, Note7B]:
    """The SRS virksomhetsregnskap and Note 7A/7B (SRS 1, SRS 10; R-115 note on avregnet vs
    mellomværende) when the inputs include the ledger, with the set-up's SRS chart and Note 7B
    layout."""
    names = {(r.kapittel, r.post): r.posttekst for r in bev.poster.itertuples() if isinstance(r.posttekst, str)}
    ksrs = srs_kontoplan(grunnlag.oppsett)
    srs = virksomhetsregnskap(grunnlag.hovedbok, grunnlag.ar, register=grunnlag.anleggsregister, posttekster=names,
                              kontoplan=ksrs)
    n7a = note_7a(grunnlag.srapport, grunnlag.hovedbok, kontoplan=ksrs, kontantplan=kp)
    n7b = note_7b(grunnlag.srapport, grunnlag.hovedbok, mellomvaerende_ib=ib, kontoplan=ksrs,
                  oppsett=note7b_oppsett(grunnlag.oppsett))
    findings.extend(srs.findings)
    findings.extend(n7a.findings)
    findings.extend(n7b.findings)
    return srs, n7a, n7b
