"""Checks of the cash statements (kontantprinsipp, R-115): bevilgningsrapportering, Note A,
Note B (R-2 overføring, bevilgningsreglementet §5), Note C, artskontorapportering, the ties
between them, and the hovedtall that restate them.

Each function has the signature of :attr:`Regel.funksjon`: it yields findings only for
failures and observations and yields nothing for a section the årsregnskap does not have.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from ..bevilgning.note_b import GRUNNLAG_ARETS, GRUNNLAG_SAMLET, GRUNNLAG_TO_AR
from ..findings import Finding, Severity
from ..regelverk import FELLESKAPITLER, er_femprosentpost, fem_prosent_ore
from .aarsregnskap import Figurer, Tall, er_tabell, felt, rader, tekst
from .kontroll import Ledd, Regel, identitet, kr, observasjon, toleranse_ore

__all__ = [
    "kapittel_post",
    "bev_linje_merutgift",
    "bev_linje_merinntekt",
    "bev_sum_utgift",
    "bev_sum_inntekt",
    "bev_netto",
    "bev_kapital_sum",
    "bev_sum_rapportert_null",
    "bev_s_rapport_balanse",
    "bev_kapital_mellomvaerende",
    "bev_mellomvaerende_endring",
    "bev_merutgift_uten_fullmakt",
    "notea_linje",
    "notea_bevilgning",
    "noteb_e",
    "noteb_i",
    "noteb_k",
    "noteb_bevilgning",
    "noteb_maks",
    "noteb_overforbar",
    "notec_samlet",
    "notec_totalt",
    "notec_korttid",
    "art_sum",
    "art_netto",
    "art_mellomvaerende_sum",
    "bev_art_netto",
    "bev_art_utgift",
    "bev_art_inntekt",
    "bev_art_felleskap",
    "bev_art_mellomvaerende",
    "bev_art_postgruppe",
    "hovedtall_bevilgning",
    "ART_NETTO_FORMLER",
    "FELLESKAP",
]

BEV = "bevilgningsrapportering"
ART = "artskontorapportering"
_AR = (("belop", "i år"), ("belop_fjor", "i fjor"))


def kapittel_post(rad: Mapping[str, Any]) -> tuple[str, str] | None:
    """(kapittel, post) as ``("0670", "01")`` from ``kapittel``+``post`` or ``kapittel_post``."""
    kp = tekst(rad, "kapittel_post")
    if kp is not None:
        deler = re.findall(r"\d+", kp)
        if len(deler) == 2:
            return deler[0].zfill(4), deler[1].zfill(2)
        if len(deler) == 1 and len(deler[0]) == 6:
            return deler[0][:4], deler[0][4:]
        return None
    k, p = tekst(rad, "kapittel"), tekst(rad, "post")
    if k is None or p is None or not k.strip().isdigit() or not p.strip().isdigit():
        return None
    return k.strip().zfill(4), p.strip().zfill(2)


def _kp_navn(rad: Mapping[str, Any]) -> str:
    kp = kapittel_post(rad)
    navn = tekst(rad, "posttekst")
    base = f"{kp[0]}/{kp[1]}" if kp else "(ukjent kapittel/post)"
    return f"{base} {navn}" if navn else base


def _utgifter(a: Figurer) -> tuple[Mapping[str, Any], ...]:
    return rader(a, BEV, "utgifter")


def _inntekter(a: Figurer) -> tuple[Mapping[str, Any], ...]:
    return rader(a, BEV, "inntekter")


def _per_kp(rows: tuple[Mapping[str, Any], ...]) -> dict[tuple[str, str], Mapping[str, Any]]:
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    for r in rows:
        kp = kapittel_post(r)
        if kp is not None and kp not in out:
            out[kp] = r
    return out


def _stikkord(rad: Mapping[str, Any] | None) -> str:
    return (tekst(rad, "stikkord") or "").strip().lower()


# --- Bevilgningsrapportering ------------------------------------------------------------------


def bev_linje_merutgift(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in _utgifter(a):
        f = identitet(
            r, a, linje=_kp_navn(rad), faktisk=felt(rad, "merutgift_mindreutgift"),
            ledd=[(1, felt(rad, "samlet_tildeling")), (-1, felt(rad, "regnskap"))],
            beskrivelse="merutgift(-)/mindreutgift = samlet tildeling − regnskap", krev_ledd=False,
        )
        if f:
            yield f


def bev_linje_merinntekt(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in _inntekter(a):
        f = identitet(
            r, a, linje=_kp_navn(rad), faktisk=felt(rad, "merinntekt_mindreinntekt"),
            ledd=[(1, felt(rad, "regnskap")), (-1, felt(rad, "samlet_tildeling"))],
            beskrivelse="merinntekt/mindreinntekt(-) = regnskap − samlet tildeling", krev_ledd=False,
        )
        if f:
            yield f


def _sum_rader(a: Figurer, r: Regel, rows: tuple[Mapping[str, Any], ...], sumrad: Any,
               kolonner: tuple[str, ...], navn: str) -> Iterator[Finding]:
    if not er_tabell(sumrad):
        return
    for k in kolonner:
        f = identitet(
            r, a, linje=f"{navn}, {k}", faktisk=felt(sumrad, k),
            ledd=[(1, felt(x, k)) for x in rows], beskrivelse=f"summen av linjene i kolonnen {k}",
        )
        if f:
            yield f


def bev_sum_utgift(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _sum_rader(a, r, _utgifter(a), a.get(BEV, "sum_utgiftsfort"),
                          ("samlet_tildeling", "regnskap", "merutgift_mindreutgift"), "Sum utgiftsført")


def bev_sum_inntekt(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _sum_rader(a, r, _inntekter(a), a.get(BEV, "sum_inntektsfort"),
                          ("samlet_tildeling", "regnskap", "merinntekt_mindreinntekt"), "Sum inntektsført")


def _bev_netto(a: Figurer) -> Tall | None:
    v = a.get(BEV, "netto_rapportert")
    return v if isinstance(v, Tall) else None


def bev_netto(a: Figurer, r: Regel) -> Iterator[Finding]:
    f = identitet(
        r, a, linje="Netto rapportert til bevilgningsregnskapet", faktisk=_bev_netto(a),
        ledd=[(1, felt(a.get(BEV, "sum_utgiftsfort"), "regnskap")),
              (-1, felt(a.get(BEV, "sum_inntektsfort"), "regnskap"))],
        beskrivelse="netto rapportert = sum utgiftsført − sum inntektsført",
    )
    if f:
        yield f


def _kapitalkontoer(a: Figurer, prefiks: tuple[str, ...], suffiks: str = "") -> list[Mapping[str, Any]]:
    out = []
    for rad in rader(a, BEV, "kapitalkontoer"):
        konto = (tekst(rad, "konto") or "").strip()
        if konto.startswith(prefiks) and konto.endswith(suffiks):
            out.append(rad)
    return out


def _sum_rapportert(a: Figurer) -> Tall | None:
    v = a.get(BEV, "sum_rapportert")
    return v if isinstance(v, Tall) else None


def bev_kapital_sum(a: Figurer, r: Regel) -> Iterator[Finding]:
    ledd: list[Ledd] = [(1, _bev_netto(a))]
    ledd += [(1, felt(x, "belop")) for x in rader(a, BEV, "kapitalkontoer")]
    f = identitet(r, a, linje="Sum rapportert", faktisk=_sum_rapportert(a), ledd=ledd,
                  beskrivelse="sum rapportert = netto rapportert + kapitalkontoene")
    if f:
        yield f


def bev_sum_rapportert_null(a: Figurer, r: Regel) -> Iterator[Finding]:
    f = identitet(r, a, linje="Sum rapportert", faktisk=_sum_rapportert(a), ledd=[],
                  beskrivelse="S-rapporten går i null: sum rapportert skal være 0", krev_ledd=False)
    if f:
        yield f


def bev_s_rapport_balanse(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Netto rapportert + KK inn + KK ut + endring i mellomværende (beholdning) = 0."""
    netto = _bev_netto(a)
    endring = felt(a.get(BEV, "mellomvaerende"), "endring")
    kk = [(1, felt(x, "belop")) for x in _kapitalkontoer(a, ("60",))]
    if netto is None or endring is None or not kk:
        return
    f = identitet(r, a, linje="Netto rapportert", faktisk=netto, ledd=[(-1, t) for _, t in kk] + [(-1, endring)],
                  beskrivelse="netto rapportert + konsernkontoene + endring i mellomværende = 0")
    if f:
        yield f


def bev_kapital_mellomvaerende(a: Figurer, r: Regel) -> Iterator[Finding]:
    mv = a.get(BEV, "mellomvaerende")
    rows = _kapitalkontoer(a, ("70", "71"))
    for rad in rows:
        f = identitet(
            r, a, linje=f"Kapitalkonto {tekst(rad, 'konto')} {tekst(rad, 'tekst') or ''}".rstrip(),
            faktisk=felt(rad, "belop"), ledd=[(1, felt(mv, "endring"))],
            beskrivelse="endring i mellomværende (kapitalkonto) = endringen i beholdningen mellomværende",
        )
        if f:
            yield f


def bev_mellomvaerende_endring(a: Figurer, r: Regel) -> Iterator[Finding]:
    mv = a.get(BEV, "mellomvaerende")
    f = identitet(r, a, linje="Mellomværende med statskassen, endring", faktisk=felt(mv, "endring"),
                  ledd=[(1, felt(mv, "ub")), (-1, felt(mv, "ib"))],
                  beskrivelse="endring = 31.12 i år − 31.12 i fjor")
    if f:
        yield f


def bev_merutgift_uten_fullmakt(a: Figurer, r: Regel) -> Iterator[Finding]:
    noteb = _per_kp(rader(a, "note_b"))
    for rad in _utgifter(a):
        mer = felt(rad, "merutgift_mindreutgift")
        kp = kapittel_post(rad)
        if mer is None or mer.ore >= 0 or kp is None:
            continue
        b = noteb.get(kp)
        fullmakt = any(felt(b, k) is not None and felt(b, k).ore != 0  # type: ignore[union-attr]
                       for k in ("merinntekter_merinntektsfullmakt", "omdisponering", "innsparinger"))
        if _stikkord(rad) or _stikkord(b) or fullmakt:
            continue
        yield observasjon(
            r, a, linje=_kp_navn(rad), faktisk=mer, forventet_ore=0,
            melding=(f"merutgift {kr(-mer.ore)} uten stikkord eller fullmakt i Note B "
                     "(overskridelse av bevilgningen som ikke er forklart)"),
        )


# --- Note A -----------------------------------------------------------------------------------


def notea_linje(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in rader(a, "note_a"):
        f = identitet(r, a, linje=f"Note A {tekst(rad, 'kapittel_post')}", faktisk=felt(rad, "samlet_tildeling"),
                      ledd=[(1, felt(rad, "overfort_fra_i_fjor")), (1, felt(rad, "arets_tildelinger"))],
                      beskrivelse="samlet tildeling = overført fra i fjor + årets tildelinger",
                      oppstilling="Note A", krev_ledd=False)
        if f:
            yield f


def notea_bevilgning(a: Figurer, r: Regel) -> Iterator[Finding]:
    if not a.har("note_a") or not a.har(BEV):
        return
    bev = _per_kp(_utgifter(a))
    nota = _per_kp(rader(a, "note_a"))
    for kp, rad in nota.items():
        b = bev.get(kp)
        linje = f"Note A {kp[0]} {kp[1]}"
        if b is None:
            yield observasjon(r, a, linje=linje, faktisk=felt(rad, "samlet_tildeling"), oppstilling="Note A",
                              melding="kapittel/post finnes ikke blant utgiftene i bevilgningsrapporteringen")
            continue
        f = identitet(r, a, linje=linje, faktisk=felt(rad, "samlet_tildeling"),
                      ledd=[(1, felt(b, "samlet_tildeling"))], oppstilling="Note A",
                      beskrivelse="samlet tildeling i Note A = samlet tildeling i bevilgningsrapporteringen")
        if f:
            yield f
    for kp, b in bev.items():
        st = felt(b, "samlet_tildeling")
        if kp not in nota and st is not None and st.ore != 0:
            yield observasjon(r, a, linje=_kp_navn(b), faktisk=st,
                              melding="samlet tildeling er ikke forklart i Note A")


# --- Note B -----------------------------------------------------------------------------------


def _noteb_linje(rad: Mapping[str, Any]) -> str:
    return f"Note B {tekst(rad, 'kapittel_post')}"


def noteb_e(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in rader(a, "note_b"):
        f = identitet(r, a, linje=_noteb_linje(rad), faktisk=felt(rad, "etter_avgitte_belastningsfullmakter"),
                      ledd=[(1, felt(rad, "merutgift_mindreutgift")),
                            (1, felt(rad, "utgiftsfort_av_andre_avgitte_belastningsfullmakter"))],
                      beskrivelse="e = c + d (etter avgitte belastningsfullmakter)", krev_ledd=False)
        if f:
            yield f


def noteb_i(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in rader(a, "note_b"):
        f = identitet(r, a, linje=_noteb_linje(rad), faktisk=felt(rad, "sum_grunnlag_for_overforing"),
                      ledd=[(1, felt(rad, k)) for k in ("etter_avgitte_belastningsfullmakter",
                                                         "merinntekter_merinntektsfullmakt",
                                                         "omdisponering", "innsparinger")],
                      beskrivelse="i = e + f + g + h (sum grunnlag for overføring)", krev_ledd=False)
        if f:
            yield f


def noteb_k(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in rader(a, "note_b"):
        i, j, k = (felt(rad, x) for x in ("sum_grunnlag_for_overforing", "maks_overforbart", "mulig_overforbart"))
        if i is None or k is None:
            continue
        valgt: list[Ledd]
        if i.ore <= 0:
            valgt = []
        elif j is not None and j.ore < i.ore:
            valgt = [(1, j)]
        else:
            valgt = [(1, i)]
        f = identitet(r, a, linje=_noteb_linje(rad), faktisk=k, ledd=valgt, krev_ledd=False,
                      beskrivelse="k = min(max(i, 0), j) (mulig overførbart beløp)")
        if f:
            yield f


def noteb_bevilgning(a: Figurer, r: Regel) -> Iterator[Finding]:
    if not a.har(BEV):
        return
    bev = _per_kp(_utgifter(a))
    for rad in rader(a, "note_b"):
        kp = kapittel_post(rad)
        b = bev.get(kp) if kp else None
        if b is None:
            yield observasjon(r, a, linje=_noteb_linje(rad), faktisk=felt(rad, "merutgift_mindreutgift"),
                              oppstilling="Note B",
                              melding="kapittel/post finnes ikke blant utgiftene i bevilgningsrapporteringen")
            continue
        f = identitet(r, a, linje=_noteb_linje(rad), faktisk=felt(rad, "merutgift_mindreutgift"),
                      ledd=[(1, felt(b, "merutgift_mindreutgift"))], oppstilling="Note B",
                      beskrivelse="kolonne c = merutgift/mindreutgift i bevilgningsrapporteringen")
        if f:
            yield f


def _mot_note_a(r: Regel, a: Figurer, linje: str, verdi: Tall | None, mot: Tall | None, hva: str,
                alvorlighet: Severity) -> Iterator[Finding]:
    """A figure of Note B's cap base = its Note A figure (a negative Note A figure is left out:
    Note B computes the cap of 0, ``NOTEB-NEGATIV-TILDELING``)."""
    if mot is None or mot.ore < 0:
        return
    f = identitet(r, a, linje=f"{linje}, {hva}", faktisk=verdi, ledd=[(1, mot)], alvorlighet=alvorlighet,
                  beskrivelse=f"{hva} i grunnlaget Note B brukte = Note A")
    if f:
        yield f


def _noteb_maks_grunnlag(a: Figurer, r: Regel, rad: Mapping[str, Any], j: Tall, na: Mapping[str, Any] | None,
                         samlet: Tall | None, linje: str) -> Iterator[Finding]:
    """Cap j against the base Note B says it used (``grunnlag_maks_av``, exported with a
    computed Note B), and that base against Note A."""
    av = tekst(rad, "grunnlag_maks_av")
    if av == GRUNNLAG_TO_AR:
        arets, fjor = felt(rad, "arets_bevilgning"), felt(rad, "fjorarets_bevilgning")
        f = identitet(r, a, linje=linje, faktisk=j, ledd=[(1, arets), (1, fjor)], alvorlighet=Severity.ERROR,
                      beskrivelse="«kan overføres»: maks = årets + fjorårets bevilgning, slik Note B brukte dem")
        if f:
            yield f
        yield from _mot_note_a(r, a, linje, arets, felt(na, "arets_tildelinger"), "årets bevilgning", Severity.ERROR)
        if fjor is None:
            yield observasjon(
                r, a, linje=linje, faktisk=j, alvorlighet=Severity.INFO,
                melding=("«kan overføres»: Note B hadde ikke fjorårets bevilgning (bevilgning_i_fjor i fullmaktene "
                         "eller fjorårets poster); maks overførbart er årets bevilgning alene"))
        else:
            yield from _mot_note_a(r, a, linje, fjor, felt(na, "arets_tildelinger_fjor"), "fjorårets bevilgning",
                                   Severity.WARNING)
        return
    base = felt(rad, "grunnlag_maks")
    if base is None:
        return
    forventet = fem_prosent_ore(base.ore)
    tol = toleranse_ore([j, base])
    if abs(j.ore - forventet) > tol:
        yield observasjon(r, a, linje=linje, faktisk=j, forventet_ore=forventet, alvorlighet=Severity.ERROR,
                          toleranse=tol, melding=f"maks overførbart skal være {av} ({kr(base.ore)}) = {kr(forventet)}")
    if av == GRUNNLAG_SAMLET:
        yield from _mot_note_a(r, a, linje, base, samlet, "samlet tildeling", Severity.ERROR)
        arets = felt(na, "arets_tildelinger")
        yield observasjon(
            r, a, linje=linje, faktisk=j, alvorlighet=Severity.WARNING, toleranse=tol,
            forventet_ore=fem_prosent_ore(arets.ore) if arets is not None else None,
            melding=(f"maks overførbart {kr(j.ore)} er 5 % av samlet tildeling ({kr(base.ore)}), valgt i oppsettet; "
                     "R-115-fotnoten sier 5 % av årets bevilgning"
                     + (f" ({kr(arets.ore)}) = {kr(fem_prosent_ore(arets.ore))}" if arets is not None else "")))
    elif av == GRUNNLAG_ARETS:
        yield from _mot_note_a(r, a, linje, base, felt(na, "arets_tildelinger"), "årets tildeling", Severity.ERROR)


def noteb_maks(a: Figurer, r: Regel) -> Iterator[Finding]:
    """R-2 cap: 5 % of årets bevilgning for posts 01–29 except 24; the sum of this and last
    year's bevilgning for «kan overføres».  A Note B row that carries the base of its cap
    (``grunnlag_maks_av``: a computed Note B) is checked against that base, and the base
    against Note A; a published row without it against Note A."""
    nota = _per_kp(rader(a, "note_a"))
    bev = _per_kp(_utgifter(a))
    for rad in rader(a, "note_b"):
        kp = kapittel_post(rad)
        j = felt(rad, "maks_overforbart")
        if kp is None or j is None:
            continue
        if tekst(rad, "grunnlag_maks_av") in (GRUNNLAG_ARETS, GRUNNLAG_SAMLET, GRUNNLAG_TO_AR):
            na = nota.get(kp)
            yield from _noteb_maks_grunnlag(a, r, rad, j, na,
                                            felt(na, "samlet_tildeling") or felt(bev.get(kp), "samlet_tildeling"),
                                            _noteb_linje(rad))
            continue
        post = int(kp[1])
        st = _stikkord(rad)
        na = nota.get(kp)
        arets = felt(na, "arets_tildelinger")
        samlet = felt(na, "samlet_tildeling") or felt(bev.get(kp), "samlet_tildeling")
        linje = _noteb_linje(rad)
        if "overslag" in st:
            continue  # not transferable at all: noteb_overforbar
        if "kan overf" in st:
            if arets is None:
                continue
            fjor = felt(na, "arets_tildelinger_fjor")
            if fjor is not None:
                f = identitet(r, a, linje=linje, faktisk=j, ledd=[(1, arets), (1, fjor)],
                              beskrivelse="«kan overføres»: maks = årets + fjorårets bevilgning")
                if f:
                    yield f
            elif j.ore < arets.ore:
                yield observasjon(
                    r, a, linje=linje, faktisk=j, forventet_ore=arets.ore, alvorlighet=Severity.WARNING,
                    melding=(f"«kan overføres»: maks overførbart {kr(j.ore)} er lavere enn årets bevilgning "
                             f"alene ({kr(arets.ore)}); taket er summen av årets og fjorårets bevilgning"
                             + (" (beløpet er 5 % av årets bevilgning)" if j.ore == fem_prosent_ore(arets.ore) else "")),
                )
            else:
                hva = ("lik samlet tildeling (inkl. overført fra i fjor)" if samlet is not None and j.ore == samlet.ore
                       else "lik årets bevilgning alene" if j.ore == arets.ore else f"{kr(j.ore)}")
                yield observasjon(
                    r, a, linje=linje, faktisk=j, alvorlighet=Severity.INFO,
                    melding=(f"«kan overføres»: maks overførbart er {hva}; taket etter R-2 er summen av årets "
                             "og fjorårets bevilgning, som ikke er oppgitt (arets_tildelinger_fjor i Note A)"),
                )
            continue
        if er_femprosentpost(post):
            base = arets
            if base is None:
                continue
            forventet = fem_prosent_ore(base.ore)
            tol = toleranse_ore([j, base])
            if abs(j.ore - forventet) <= tol:
                continue
            if samlet is not None and abs(j.ore - fem_prosent_ore(samlet.ore)) <= tol:
                yield observasjon(
                    r, a, linje=linje, faktisk=j, forventet_ore=forventet, alvorlighet=Severity.WARNING, toleranse=tol,
                    melding=(f"maks overførbart {kr(j.ore)} er 5 % av samlet tildeling ({kr(samlet.ore)}); "
                             f"R-115-fotnoten sier 5 % av årets bevilgning ({kr(base.ore)}) = {kr(forventet)}"),
                )
            else:
                yield observasjon(
                    r, a, linje=linje, faktisk=j, forventet_ore=forventet, alvorlighet=Severity.ERROR, toleranse=tol,
                    melding=f"maks overførbart skal være 5 % av årets bevilgning ({kr(base.ore)}) = {kr(forventet)}",
                )


def noteb_overforbar(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Posts 30–89 only with «kan overføres»; an overslagsbevilgning is not transferable."""
    for rad in rader(a, "note_b"):
        kp = kapittel_post(rad)
        k = felt(rad, "mulig_overforbart")
        if kp is None or k is None or k.ore == 0:
            continue
        post = int(kp[1])
        st = _stikkord(rad)
        grunn = None
        if "overslag" in st:
            grunn = "en overslagsbevilgning kan ikke overføres"
        elif 30 <= post <= 89 and "kan overf" not in st:
            grunn = "poster 30–89 kan bare overføres med stikkordet «kan overføres»"
        elif post >= 90 and "kan overf" not in st:
            grunn = "poster 90–99 kan bare overføres med stikkordet «kan overføres»"
        if grunn:
            yield observasjon(r, a, linje=_noteb_linje(rad), faktisk=k, forventet_ore=0, oppstilling="Note B",
                              melding=f"mulig overførbart {kr(k.ore)}, men {grunn}")


# --- Note C -----------------------------------------------------------------------------------


def _notec_blokker(a: Figurer) -> Iterator[tuple[str, tuple[Mapping[str, Any], ...]]]:
    blokker = a.get("note_c")
    if not er_tabell(blokker):
        return
    for navn in blokker:
        yield str(navn), rader(a, "note_c", navn)


def _er_totalt(rad: Mapping[str, Any]) -> bool:
    return rad.get("sum") is True or (tekst(rad, "varighet") or "").strip().lower().startswith("total")


def notec_samlet(a: Figurer, r: Regel) -> Iterator[Finding]:
    for navn, rows in _notec_blokker(a):
        for rad in rows:
            f = identitet(r, a, linje=f"Note C {navn}, {tekst(rad, 'varighet')}", faktisk=felt(rad, "samlet"),
                          ledd=[(1, felt(rad, "neste_ar")), (1, felt(rad, "senere_ar"))],
                          beskrivelse="samlet binding = av neste års + av senere års bevilgning")
            if f:
                yield f


def notec_totalt(a: Figurer, r: Regel) -> Iterator[Finding]:
    for navn, rows in _notec_blokker(a):
        linjer = [x for x in rows if not _er_totalt(x)]
        for tot in (x for x in rows if _er_totalt(x)):
            for k in ("arlig", "neste_ar", "senere_ar", "samlet"):
                f = identitet(r, a, linje=f"Note C {navn}, Totalt, {k}", faktisk=felt(tot, k),
                              ledd=[(1, felt(x, k)) for x in linjer], beskrivelse="Totalt = summen av radene")
                if f:
                    yield f


def notec_korttid(a: Figurer, r: Regel) -> Iterator[Finding]:
    for navn, rows in _notec_blokker(a):
        for rad in rows:
            v = (tekst(rad, "varighet") or "").lower()
            senere = felt(rad, "senere_ar")
            if "inntil 1" in v and senere is not None and senere.ore != 0:
                yield observasjon(r, a, linje=f"Note C {navn}, {tekst(rad, 'varighet')}", faktisk=senere,
                                  forventet_ore=0,
                                  melding="avtaler med varighet inntil 1 år binder bevilgning senere enn neste år")


# --- Artskontorapportering --------------------------------------------------------------------


def _art_linjer(a: Figurer) -> tuple[Mapping[str, Any], ...]:
    return rader(a, ART, "lines")


def _seksjon(a: Figurer, seksjon: str) -> list[Mapping[str, Any]]:
    return [x for x in _art_linjer(a) if tekst(x, "seksjon") == seksjon]


def _seksjonsverdi(a: Figurer, seksjon: str) -> Mapping[str, Any] | None:
    """The row that carries a section's amount: its netto row, else its sum row."""
    rows = _seksjon(a, seksjon)
    for kind in ("netto", "sum"):
        for x in rows:
            if tekst(x, "kind") == kind:
                return x
    return None


#: Netto rows of the artskontorapportering (R-115 layout): seksjon -> terms.
ART_NETTO_FORMLER: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = (
    ("drift", ((1, "drift_ut"), (-1, "drift_inn"))),
    ("invest", ((1, "invest_ut"), (-1, "invest_inn"))),
    ("total", ((1, "drift"), (1, "invest"), (-1, "innkreving"), (1, "tilskudd"), (1, "felles"))),
)

#: Felleskapitler: underkonto -> (sign in the netto, kapittel/post in the bevilgningsrapportering),
#: from :data:`imdi_ledger.regelverk.FELLESKAPITLER`.
FELLESKAP: dict[str, tuple[int, tuple[str, str]]] = {f.underkonto: (f.fortegn, f.kapittel_post) for f in FELLESKAPITLER}


#: Utgiftskapitler for felleskapitler, not the agency's own posts.
FELLES_UTGIFTSKAPITLER = frozenset(f.kapittel for f in FELLESKAPITLER if f.er_utgift)

#: «Netto rapporterte utgifter på felleskapitler» in words: utgifter − inntekter (R-115).
_FELLES_NETTO = " − ".join([" + ".join(f.underkonto for f in FELLESKAPITLER if f.er_utgift)]
                           + [f.underkonto for f in FELLESKAPITLER if not f.er_utgift])


def _felles_fortegn(rad: Mapping[str, Any]) -> int:
    s = rad.get("sign")
    if isinstance(s, int) and not isinstance(s, bool) and s in (1, -1):
        return s
    t = tekst(rad, "tekst") or ""
    for konto, (fortegn, _) in FELLESKAP.items():
        if konto in t:
            return fortegn
    return 1


def _felles_linje(a: Figurer, konto: str) -> Mapping[str, Any] | None:
    for x in _seksjon(a, "felles"):
        if tekst(x, "kind") == "line" and konto in (tekst(x, "tekst") or ""):
            return x
    return None


def art_sum(a: Figurer, r: Regel) -> Iterator[Finding]:
    seksjoner = []
    for x in _art_linjer(a):
        s = tekst(x, "seksjon")
        if s is not None and s not in seksjoner:
            seksjoner.append(s)
    for s in seksjoner:
        rows = _seksjon(a, s)
        linjer = [x for x in rows if tekst(x, "kind") == "line"]
        for sumrad in (x for x in rows if tekst(x, "kind") == "sum"):
            for k, ar in _AR:
                f = identitet(r, a, linje=f"{tekst(sumrad, 'tekst')} ({ar})", faktisk=felt(sumrad, k),
                              ledd=[(1, felt(x, k)) for x in linjer], beskrivelse="sum = summen av linjene")
                if f:
                    yield f


def art_netto(a: Figurer, r: Regel) -> Iterator[Finding]:
    for seksjon, formel in ART_NETTO_FORMLER:
        netto = _seksjonsverdi(a, seksjon)
        if netto is None or tekst(netto, "kind") != "netto":
            continue
        for k, ar in _AR:
            ledd = [(s, felt(_seksjonsverdi(a, del_), k)) for s, del_ in formel]
            f = identitet(r, a, linje=f"{tekst(netto, 'tekst')} ({ar})", faktisk=felt(netto, k), ledd=ledd,
                          beskrivelse="netto = " + " ".join(("+ " if s > 0 else "− ") + d for s, d in formel))
            if f:
                yield f
    felles = [x for x in _seksjon(a, "felles") if tekst(x, "kind") == "netto"]
    linjer = [x for x in _seksjon(a, "felles") if tekst(x, "kind") == "line"]
    for netto in felles:
        for k, ar in _AR:
            f = identitet(r, a, linje=f"{tekst(netto, 'tekst')} ({ar})", faktisk=felt(netto, k),
                          ledd=[(_felles_fortegn(x), felt(x, k)) for x in linjer],
                          beskrivelse="netto felleskapitler = " + _FELLES_NETTO)
            if f:
                yield f


def _art_mv(a: Figurer) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    rows = rader(a, ART, "mellomvaerende")
    return ([x for x in rows if tekst(x, "kind") != "sum"], [x for x in rows if tekst(x, "kind") == "sum"])


def art_mellomvaerende_sum(a: Figurer, r: Regel) -> Iterator[Finding]:
    linjer, summer = _art_mv(a)
    for s in summer:
        for k, ar in _AR:
            f = identitet(r, a, linje=f"{tekst(s, 'tekst')} ({ar})", faktisk=felt(s, k),
                          ledd=[(1, felt(x, k)) for x in linjer], beskrivelse="sum = summen av eiendeler og gjeld")
            if f:
                yield f


# --- Bevilgning <-> artskonto -----------------------------------------------------------------


def _art_total(a: Figurer) -> Tall | None:
    return felt(_seksjonsverdi(a, "total"), "belop")


def bev_art_netto(a: Figurer, r: Regel) -> Iterator[Finding]:
    f = identitet(r, a, linje="Netto rapportert til bevilgningsregnskapet", faktisk=_bev_netto(a),
                  ledd=[(1, _art_total(a))],
                  beskrivelse="netto rapportert er lik i bevilgnings- og artskontorapporteringen")
    if f:
        yield f


def bev_art_utgift(a: Figurer, r: Regel) -> Iterator[Finding]:
    if not _art_linjer(a):
        return
    ledd = [(1, felt(_seksjonsverdi(a, s), "belop")) for s in ("drift_ut", "invest_ut", "tilskudd")]
    utgift = [f.underkonto for f in FELLESKAPITLER if f.er_utgift]
    ledd += [(1, felt(_felles_linje(a, k), "belop")) for k in utgift]
    f = identitet(r, a, linje="Sum utgiftsført, regnskap", faktisk=felt(a.get(BEV, "sum_utgiftsfort"), "regnskap"),
                  ledd=ledd, beskrivelse="sum utgiftsført = utbetalinger til drift + investering/finans + tilskudd + "
                  + " + ".join(utgift))
    if f:
        yield f


def bev_art_inntekt(a: Figurer, r: Regel) -> Iterator[Finding]:
    if not _art_linjer(a):
        return
    ledd = [(1, felt(_seksjonsverdi(a, s), "belop")) for s in ("drift_inn", "invest_inn", "innkreving")]
    inntekt = [f.underkonto for f in FELLESKAPITLER if not f.er_utgift]
    ledd += [(1, felt(_felles_linje(a, k), "belop")) for k in inntekt]
    f = identitet(r, a, linje="Sum inntektsført, regnskap", faktisk=felt(a.get(BEV, "sum_inntektsfort"), "regnskap"),
                  ledd=ledd, beskrivelse="sum inntektsført = innbetalinger fra drift + inv./finans + innkreving + "
                  + " + ".join(inntekt))
    if f:
        yield f


def bev_art_felleskap(a: Figurer, r: Regel) -> Iterator[Finding]:
    if not a.har(BEV):
        return
    alle = {**_per_kp(_utgifter(a)), **_per_kp(_inntekter(a))}
    for fk in FELLESKAPITLER:
        konto, kp = fk.underkonto, fk.kapittel_post
        linje = _felles_linje(a, konto)
        art = felt(linje, "belop")
        bev = felt(alle.get(kp), "regnskap")
        if art is None or bev is None:
            continue
        navn = f"Felleskapitler, konto {konto} ↔ kap. {kp[0]}/{kp[1]}"
        if not fk.hele_posten:
            # The kapittel/post also carries other amounts (kap. 5309/29 tilfeldige inntekter: gruppeliv
            # 1985 is part of it), so the artskonto line is at most the post's regnskap.
            if art.ore > bev.ore:
                yield observasjon(r, a, linje=navn, faktisk=art, forventet_ore=bev.ore,
                                  melding=f"konto {konto} {kr(art.ore)} er større enn regnskapet på "
                                          f"kap. {kp[0]}/{kp[1]} ({kr(bev.ore)})")
            continue
        f = identitet(r, a, linje=navn, faktisk=art, ledd=[(1, bev)],
                      beskrivelse=f"konto {konto} i artskontorapporteringen = regnskap kap. {kp[0]}/{kp[1]}")
        if f:
            yield f


def bev_art_mellomvaerende(a: Figurer, r: Regel) -> Iterator[Finding]:
    mv = a.get(BEV, "mellomvaerende")
    _, summer = _art_mv(a)
    for s in summer:
        for k, bk, ar in (("belop", "ub", "31.12 i år"), ("belop_fjor", "ib", "31.12 i fjor")):
            f = identitet(r, a, linje=f"{tekst(s, 'tekst')} ({ar})", faktisk=felt(s, k), ledd=[(1, felt(mv, bk))],
                          beskrivelse="sum mellomværende i artskontorapporteringen = beholdningen på 70xxxx")
            if f:
                yield f


def bev_art_postgruppe(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Heuristic: posts 01–49 = drift + investering; 60–89 = tilskudd."""
    if not _art_linjer(a):
        return
    egne = [x for x in _utgifter(a) if (kp := kapittel_post(x)) and kp[0] not in FELLES_UTGIFTSKAPITLER]
    grupper = (
        ("Utgiftsposter 01–49", lambda p: 1 <= p <= 49, ("drift_ut", "invest_ut")),
        ("Utgiftsposter 50–89", lambda p: 50 <= p <= 89, ("tilskudd",)),
    )
    for navn, velg, seksjoner in grupper:
        valgte = [x for x in egne if velg(int(kapittel_post(x)[1]))]  # type: ignore[index]
        art = [felt(_seksjonsverdi(a, s), "belop") for s in seksjoner]
        if not valgte or all(t is None for t in art):
            continue
        sumart = [t for t in art if t is not None]
        # Checked figure: the artskonto line(s); the bevilgning posts are the terms.
        faktisk = sumart[0]
        ledd: list[Ledd] = [(1, felt(x, "regnskap")) for x in valgte] + [(-1, t) for t in sumart[1:]]
        f = identitet(r, a, linje=f"{navn} ↔ " + " + ".join(seksjoner), faktisk=faktisk, ledd=ledd,
                      beskrivelse="regnskap på postgruppen = tilsvarende linjer i artskontorapporteringen")
        if f:
            yield f


def hovedtall_bevilgning(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rad in rader(a, "hovedtall"):
        t = (tekst(rad, "tekst") or "").lower()
        b = felt(rad, "belop")
        if b is None:
            continue
        if "samlet tildeling" in t:
            ledd: list[Ledd] = [(1, felt(a.get(BEV, "sum_utgiftsfort"), "samlet_tildeling"))]
        elif "driftsutgifter post 01" in t:
            ledd = [(1, felt(x, "regnskap")) for x in _utgifter(a)
                    if (kp := kapittel_post(x)) and kp[1] == "01" and kp[0] not in FELLES_UTGIFTSKAPITLER]
        else:
            continue
        f = identitet(r, a, linje=f"Hovedtall: {tekst(rad, 'tekst')}", faktisk=b, ledd=ledd,
                      beskrivelse="hovedtallet = bevilgningsrapporteringen")
        if f:
            yield f
