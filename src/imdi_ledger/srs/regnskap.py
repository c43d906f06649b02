"""The whole SRS virksomhetsregnskap of one year with prior year: resultatregnskap, balanse,
notes 1–13 and the checks that tie them (SRS 1, SRS 10, SRS 17; R-115 «oppstilling av
virksomhetsregnskapet»).  Every check returns findings; none raises for data problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..findings import Finding, Severity
from ..load.anleggsregister import Anleggsregister
from ..load.hovedbok import Hovedbok
from ..regelverk import NOTEBINDINGER
from ..tabell import Tabell
from .anleggsmidler import Anleggsgrupper, Anleggsnoter, anleggsnoter, load_anleggsgrupper
from .balanse import balanse, kontroller_balanse
from .grunnlag import Grunnlag, grunnlag_fra_hovedbok
from .kontoplan_srs import SrsKontoplan, load_kontoplan
from .noter import note_9, note_tabell
from .oppstilling import presentert
from .resultatregnskap import kontroller_resultat, resultatregnskap

__all__ = ["Virksomhetsregnskap", "virksomhetsregnskap", "virksomhetsregnskap_fra_grunnlag"]


@dataclass(frozen=True, eq=False)
class Virksomhetsregnskap:
    ar: int
    resultat: Tabell
    balanse: Tabell
    noter: Mapping[str, Tabell] = field(repr=False)
    grunnlag: Grunnlag = field(repr=False)
    grunnlag_fjor: Grunnlag | None = field(repr=False, default=None)
    anlegg: Anleggsnoter | None = field(repr=False, default=None)
    anlegg_fjor: Anleggsnoter | None = field(repr=False, default=None)
    findings: tuple[Finding, ...] = ()

    @property
    def tabeller(self) -> list[Tabell]:
        return [self.resultat, self.balanse, *self.noter.values()]


def _note_findings(kp: SrsKontoplan, noter: Mapping[str, Tabell], g: Grunnlag) -> list[Finding]:
    stm = {"resultat": presentert(kp, "resultat", g.linjesum("resultat")),
           "balanse": presentert(kp, "balanse", g.linjesum("balanse"))}
    out = []
    for n in NOTEBINDINGER:
        t = noter.get(n.note)
        if t is None:
            continue
        actual = t.verdi(n.linje, "belop") if t.har_linje(n.linje) else 0
        if n.oppstilling in stm:
            mot = stm[n.oppstilling].get(n.oppstilling_linje, 0)
        else:
            tm = noter.get(n.oppstilling)
            mot = (tm.verdi(n.oppstilling_linje, "belop") or 0) \
                if tm is not None and tm.har_linje(n.oppstilling_linje) else 0
        expected = n.fortegn * mot
        if actual != expected:
            out.append(Finding(rule="SRS-NOTE-01", severity=Severity.ERROR,
                               message=f"{n.note} {n.linje} ≠ {n.oppstilling} {n.oppstilling_linje} ({g.ar})",
                               statement=n.note, line=n.linje, expected_ore=expected, actual_ore=actual,
                               reference=f"{n.kilde}: notene skal stemme med oppstillingene"))
    return out


def _anlegg_findings(kp: SrsKontoplan, an: Anleggsnoter, g: Grunnlag) -> list[Finding]:
    """Register against ledger: balanseført verdi per balance line, avskrivninger, nedskrivninger."""
    bal = presentert(kp, "balanse", g.linjesum("balanse"))
    res = presentert(kp, "resultat", g.linjesum("resultat"))
    out = []
    pairs = [(f"balanse:{k}", bal.get(k, 0), v) for k, v in an.balanseverdi().items()]
    pairs += [("resultat:avskrivninger", res.get("avskrivninger", 0), an.avskrivninger()),
              ("resultat:nedskrivninger", res.get("nedskrivninger", 0), an.nedskrivninger())]
    for where, ledger, register in pairs:
        if ledger != register:
            stm, line = where.split(":")
            out.append(Finding(rule="SRS-ANL-02", severity=Severity.ERROR,
                               message=f"anleggsregisteret og hovedboken er ulike på {line} ({g.ar})",
                               statement=stm, line=line, expected_ore=register, actual_ore=ledger,
                               reference="SRS 17; avstemming anleggsregister–hovedbok"))
    return out


def virksomhetsregnskap_fra_grunnlag(
    g: Grunnlag, fjor: Grunnlag | None = None, *, register: Anleggsregister | None = None,
    kontoplan: SrsKontoplan | None = None, grupper: Anleggsgrupper | None = None,
    posttekster: Mapping[tuple[str, str], str] | None = None,
) -> Virksomhetsregnskap:
    kp = kontoplan or load_kontoplan()
    findings: list[Finding] = list(g.findings) + (list(fjor.findings) if fjor else [])
    noter: dict[str, Tabell] = {}
    for n in kp.note_ids():
        noter[n] = note_tabell(kp, n, g, fjor)
    noter["note_9"] = note_9(g, fjor, posttekster)
    an = an_f = None
    if register is not None:
        gr = grupper or load_anleggsgrupper()
        an = anleggsnoter(register, gr, g.ar)
        an_f = anleggsnoter(register, gr, g.ar - 1, rapportar=g.ar)
        noter["note_3"] = an.tabell("3", "Note 3 Immaterielle eiendeler")
        noter["note_3_pagaende"] = an.pagaende_tabell()
        noter["note_4"] = an.tabell("4", "Note 4 Varige driftsmidler")
        if len(an.pagaende_note4):
            noter["note_4_pagaende"] = an.pagaende_tabell("4")
        findings += list(an.findings) + _anlegg_findings(kp, an, g)
        if fjor is not None:
            findings += _anlegg_findings(kp, an_f, fjor)
    order = ["note_1", "note_2", "note_3", "note_3_pagaende", "note_4", "note_4_pagaende", "note_5", "note_5_leie",
             "note_5_konsulent", "note_5_fremmede", "note_5_ovrige", "note_6", "note_8", "note_9",
             "note_10", "note_11", "note_12", "note_13"]
    noter = {k: noter[k] for k in order if k in noter} | {k: v for k, v in noter.items() if k not in order}
    findings += kontroller_resultat(kp, g) + kontroller_balanse(kp, g, fjor) + _note_findings(kp, noter, g)
    return Virksomhetsregnskap(ar=g.ar, resultat=resultatregnskap(kp, g, fjor), balanse=balanse(kp, g, fjor),
                               noter=noter, grunnlag=g, grunnlag_fjor=fjor, anlegg=an, anlegg_fjor=an_f,
                               findings=tuple(findings))


def virksomhetsregnskap(hovedbok: Hovedbok, ar: int, *, register: Anleggsregister | None = None,
                        kontoplan: SrsKontoplan | None = None,
                        posttekster: Mapping[tuple[str, str], str] | None = None) -> Virksomhetsregnskap:
    """Statements of ``ar`` with prior year (when the ledger holds it) from a hovedbok."""
    kp = kontoplan or load_kontoplan()
    g = grunnlag_fra_hovedbok(hovedbok, ar, kp)
    fjor = grunnlag_fra_hovedbok(hovedbok, ar - 1, kp) if (ar - 1) in hovedbok.ar else None
    r = virksomhetsregnskap_fra_grunnlag(g, fjor, register=register, kontoplan=kp, posttekster=posttekster)
    return Virksomhetsregnskap(**{**r.__dict__, "findings": tuple(hovedbok.findings) + r.findings})
