"""The catalogue of reconciliation rules for an årsregnskap (R-115, R-2, SRS 1, SRS 10, SRS 17,
bevilgningsreglementet §5).

The catalogue is data: one tuple of :class:`~imdi_ledger.avstemming.kontroll.Regel` records, in
the order of the R-115 årsregnskap.  Every rule runs; each returns only failures and
observations.  ``docs/checks.md`` is generated from this tuple (``tools/gen_checks_doc.py``).
"""

from __future__ import annotations

from ..findings import Severity
from ..regelverk import ARBEIDSGIVERAVGIFT as _AGA
from ..regelverk import GRUPPELIV as _GL
from ..regelverk import MVA_NETTOORDNING as _MVA
from . import sjekk_kontant as k
from . import sjekk_srs as s
from . import tverrgaende as t
from .kontroll import Regel, Toleranse

__all__ = ["REGLER", "TVERRGAENDE_REGLER", "regel", "Regel", "Toleranse"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
AV, OB = Toleranse.AVRUNDING, Toleranse.OBSERVASJON
BEV, ART, RES, BAL = "Bevilgningsrapportering", "Artskontorapportering", "Resultatregnskap", "Balanse"

REGLER: tuple[Regel, ...] = (
    # Bevilgningsrapportering
    Regel("BEV-LINJE-MERUTGIFT", "Merutgift/mindreutgift = samlet tildeling − regnskap per post", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_linje_merutgift),
    Regel("BEV-LINJE-MERINNTEKT", "Merinntekt/mindreinntekt = regnskap − samlet tildeling per post", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_linje_merinntekt),
    Regel("BEV-SUM-UTGIFT", "Sum utgiftsført = summen av utgiftspostene (tildeling, regnskap, mer/mindre)", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_sum_utgift),
    Regel("BEV-SUM-INNTEKT", "Sum inntektsført = summen av inntektspostene", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_sum_inntekt),
    Regel("BEV-NETTO", "Netto rapportert = sum utgiftsført − sum inntektsført", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_netto),
    Regel("BEV-KAPITAL-SUM", "Sum rapportert = netto rapportert + kapitalkontoene", E,
          "R-115 bevilgningsrapportering (kapitalkontoer)", AV, BEV, k.bev_kapital_sum),
    Regel("BEV-SUM-RAPPORTERT-NULL", "Sum rapportert = 0 (S-rapporten balanserer)", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_sum_rapportert_null),
    Regel("BEV-S-RAPPORT-BALANSE", "Netto rapportert + konsernkontoer + endring i mellomværende = 0", E,
          "R-115", AV, BEV, k.bev_s_rapport_balanse),
    Regel("BEV-KAPITAL-MV", "Kapitalkonto 70xxxx = endringen i beholdningen mellomværende", E,
          "R-115 bevilgningsrapportering", AV, BEV, k.bev_kapital_mellomvaerende),
    Regel("BEV-MV-ENDRING", "Endring i mellomværende = 31.12 i år − 31.12 i fjor", E,
          "R-115 beholdninger rapportert til kapitalregnskapet", AV, BEV, k.bev_mellomvaerende_endring),
    Regel("BEV-MERUTGIFT-UTEN-FULLMAKT", "Merutgift uten stikkord eller fullmakt", W,
          "Bevilgningsreglementet §5; R-115 Note B", OB, BEV, k.bev_merutgift_uten_fullmakt,
          samme_forhold=("NOTEB-MERUTGIFT-UTEN-FULLMAKT",)),
    # Note A
    Regel("NOTEA-LINJE", "Note A: samlet tildeling = overført fra i fjor + årets tildelinger", E,
          "R-115 Note A", AV, "Note A", k.notea_linje),
    Regel("X-NOTEA-BEV", "Note A ↔ bevilgningsrapporteringen: samme samlet tildeling per post", E,
          "R-115 Note A", AV, "Note A", k.notea_bevilgning),
    # Note B
    Regel("NOTEB-E", "Note B: e = c + d", E, "R-115 Note B", AV, "Note B", k.noteb_e),
    Regel("NOTEB-I", "Note B: i = e + f + g + h", E, "R-115 Note B", AV, "Note B", k.noteb_i),
    Regel("NOTEB-K", "Note B: k = min(max(i, 0), j)", E, "R-115 Note B; R-2", AV, "Note B", k.noteb_k),
    Regel("X-NOTEB-BEV", "Note B kolonne c = merutgift/mindreutgift i bevilgningsrapporteringen", E,
          "R-115 Note B", AV, "Note B", k.noteb_bevilgning),
    Regel("NOTEB-MAKS", "Note B: maks overførbart etter R-2 (5 % av årets bevilgning; «kan overføres»: årets + fjorårets)", W,
          "R-2; R-115 Note B fotnote; bevilgningsreglementet §5", AV, "Note B", k.noteb_maks),
    Regel("NOTEB-OVERFORBAR", "Note B: poster 30–89 bare med «kan overføres»; overslagsbevilgning overføres ikke", E,
          "Bevilgningsreglementet §5; R-2", OB, "Note B", k.noteb_overforbar),
    # Note C
    Regel("NOTEC-SAMLET", "Note C: samlet binding = neste års + senere års bevilgning", E,
          "R-115 Note C", AV, "Note C", k.notec_samlet),
    Regel("NOTEC-TOTALT", "Note C: Totalt = summen av radene", E, "R-115 Note C", AV, "Note C", k.notec_totalt),
    Regel("NOTEC-KORTTID", "Note C: varighet inntil 1 år binder ikke senere års bevilgning", W,
          "R-115 Note C", OB, "Note C", k.notec_korttid),
    # Artskontorapportering
    Regel("ART-SUM", "Artskontorapportering: sumlinjer = summen av linjene", E,
          "R-115 artskontorapportering", AV, ART, k.art_sum),
    Regel("ART-NETTO", "Artskontorapportering: nettolinjer (drift, investering, felleskapitler, netto rapportert)", E,
          "R-115 artskontorapportering", AV, ART, k.art_netto),
    Regel("ART-MV-SUM", "Sum mellomværende med statskassen = eiendeler og gjeld", E,
          "R-115 artskontorapportering", AV, ART, k.art_mellomvaerende_sum),
    Regel("X-BEV-ART-NETTO", "Netto rapportert er lik i bevilgnings- og artskontorapporteringen", E,
          "R-115 prinsippnote", AV, BEV, k.bev_art_netto),
    Regel("X-BEV-ART-UTGIFT", f"Sum utgiftsført = utbetalinger drift + investering/finans + tilskudd + {_MVA.underkonto}", E,
          "R-115", AV, BEV, k.bev_art_utgift),
    Regel("X-BEV-ART-INNTEKT", f"Sum inntektsført = innbetalinger drift + inv./finans + innkreving + {_GL.underkonto} + {_AGA.underkonto}", E,
          "R-115", AV, BEV, k.bev_art_inntekt),
    Regel("X-BEV-ART-FELLESKAP", (f"Felleskapitler: {_MVA.underkonto} ↔ kap. {_MVA.kapittel}, {_AGA.underkonto} ↔ kap. {_AGA.kapittel}, "
          f"{_GL.underkonto} inngår i kap. {_GL.kapittel}"), E,
          "R-115 artskontorapportering", AV, ART, k.bev_art_felleskap),
    Regel("X-BEV-ART-MV", "Mellomværende i artskontorapporteringen = beholdningen på 70xxxx", E,
          "R-115", AV, ART, k.bev_art_mellomvaerende),
    Regel("X-BEV-ART-POSTGRUPPE", "Poster 01–49 = drift + investering; poster 50–89 = tilskudd (heuristikk)", W,
          "Heuristikk over postnummer, ikke regelverk (R-115 oppstillingene)", AV, ART, k.bev_art_postgruppe),
    Regel("X-HOVEDTALL-BEV", "Hovedtall (samlet tildeling, driftsutgifter post 01) = bevilgningsrapporteringen", E,
          "Årsrapport del II hovedtall", AV, "Hovedtall", k.hovedtall_bevilgning),
    # SRS resultatregnskap og balanse
    Regel("SRS-RES-SUM", "Resultatregnskap: sum- og resultatlinjer", E, "SRS 1", AV, RES, s.srs_resultat_summer),
    Regel("SRS-RESULTAT-NULL", "Resultat av periodens aktiviteter = 0 (bruttobudsjettert)", E,
          "SRS 10 pkt. 4", AV, RES, s.srs_resultat_null),
    Regel("SRS-INNTEKT-BEVILGNING", "Inntekt fra bevilgninger = kostnader − transaksjonsbaserte inntekter", E,
          "SRS 10 pkt. 4", AV, RES, s.srs_inntekt_bevilgning),
    Regel("SRS-GJENNOMSTROMNING", "Innkreving og tilskudd: avregningslinjen = bruttolinjen (blokken går i 0)", E,
          "SRS 1", AV, RES, s.srs_gjennomstromning),
    Regel("SRS-BAL-SUM", "Balanse: sumlinjer", E, "SRS 1", AV, BAL, s.srs_balanse_summer),
    Regel("SRS-BALANSE", "Sum eiendeler = sum statens kapital og gjeld", E,
          "SRS 1", AV, BAL, s.srs_balanse_balanserer),
    Regel("X-SRS-ART-GJENNOMSTROMNING", "Innkreving og tilskudd i resultatregnskapet = artskontorapporteringen", E,
          "SRS 1 prinsippnote (kontantprinsipp for gjennomstrømningsposter)", AV, RES,
          s.srs_art_gjennomstromning, samme_forhold=("NOTE7A-TILSKUDD", "NOTE7A-INNKREVING")),
    # SRS-noter
    Regel("NOTE-SUM", "Noter: sumlinjer = summen av linjene", E, "SRS 1 noter", AV, "Noter", s.note_summer),
    Regel("NOTE-RAD", "Noter: radidentiteter (sum av kolonner, pågående = IB + anskaffelse − aktivert, endring)", E,
          "SRS 1 noter", AV, "Noter", s.note_rader),
    Regel("NOTE-ANLEGG", "Anleggsnoter: anskaffelseskost og balanseført verdi", E,
          "SRS 17", AV, "Noter", s.note_anlegg),
    Regel("X-NOTE-OPPSTILLING", "Notenes summer = linjene i resultatregnskap/balanse (noter 1, 2, 5, 6, 8–13)", E,
          "SRS 1", AV, "Noter", s.note_oppstilling),
    Regel("X-ANLEGG-BALANSE", "Anleggsnoter ↔ balansen (31.12 i år og 01.01)", E,
          "SRS 17", AV, BAL, s.note_anlegg_balanse),
    Regel("X-ANLEGG-AVSKRIVNING", "Avskrivninger/nedskrivninger i resultatregnskapet = anleggsnotene", E,
          "SRS 17", AV, RES, s.note_avskrivninger),
    Regel("X-NOTE3-PAGAENDE", "Pågående anlegg-tabellen = under utførelse i note 3", E,
          "SRS 17", AV, "Noter", s.note3_pagaende),
    Regel("X-NOTE4-PAGAENDE", "Pågående anlegg-tabellen = anlegg under utførelse i note 4", E,
          "SRS 17", AV, "Noter", s.note4_pagaende),
    Regel("X-NOTE5-NOTEC", "Note 5 operasjonelle leieavtaler (bygninger) = Note C kontorleie per varighet", E,
          "SRS 1 note 5; R-115 Note C", AV, "Noter", s.note5_notec),
    Regel("X-NOTE9-BEV", "Note 9 tilskudd = regnskap på tilskuddspostene (50–89)", E,
          "SRS 1 prinsippnote; R-115", AV, "Noter", s.note9_bevilgning),
    Regel("X-TABELL42-NOTE5", "Tabell 4.2 konsulenttjenester = note 5 linje for linje", E,
          "Årsrapport del IV; SRS 1 note 5", AV, "Noter", s.tabell42_note5),
    # Note 7
    Regel("N7A-ENDRING", "Note 7A: endring i avregnet = 31.12 i år − 31.12 i fjor", E,
          "R-115 note om avregnet og mellomværende", AV, "Note 7A", s.n7a_endring),
    Regel("X-7A-BALANSE", "Note 7A: avregnet med statskassen = balansen", E,
          "R-115; SRS 1", AV, "Note 7A", s.n7a_balanse),
    Regel("N7A-NETTO-TREKK", "Note 7A: netto trekk = konsernkonto utbetaling + innbetaling", E,
          "R-115", AV, "Note 7A", s.n7a_netto_trekk),
    Regel("X-7A-KK-BEV", "Konsernkontoene i bevilgningsrapporteringen = note 7A", E,
          "R-115", AV, BEV, s.n7a_kk_bevilgning),
    Regel("X-7A-NETTO-TREKK-S", "Note 7A: netto trekk = −(netto rapportert + endring i mellomværende)", E,
          "R-115", AV, "Note 7A", s.n7a_netto_trekk_s_rapport),
    Regel("N7A-FORSKJELL", "Note 7A: forskjell mellom resultatført og netto trekk = summen av linjene", E,
          "R-115", AV, "Note 7A", s.n7a_forskjell),
    Regel("N7A-SUM", "Note 7A: sum endring = forskjell + resultat før avregning", E,
          "R-115", AV, "Note 7A", s.n7a_sum),
    Regel("N7A-KONGRUENS", "Note 7A: sum endring = −endring i avregnet med statskassen", E,
          "R-115", AV, "Note 7A", s.n7a_kongruens),
    Regel("X-7A-RESULTAT", "Note 7A ↔ resultatregnskapet (resultat, 1991, innkreving, tilskudd)", E,
          "R-115; SRS 10", AV, "Note 7A", s.n7a_resultat),
    Regel("X-7A-FELLESKAP", f"Note 7A {_GL.underkonto}/{_AGA.underkonto} og {_MVA.underkonto} = artskontorapporteringen (periodiseringsforskjell; "
          "feil når note 7A ikke går opp)", W,
          "R-115", AV, "Note 7A", s.n7a_felleskap,
          samme_forhold=tuple(f"NOTE7A-{u.underkonto}" for u in (_GL, _AGA, _MVA))),
    Regel("X-7A-KONTANT", "Endring i avregnet forklart med S-rapportens tall", W,
          "R-115 note 7A; S-rapportens kontanttall", AV, "Note 7A", s.n7a_kontant),
    Regel("N7B-FORSKJELL", "Note 7B: forskjell = bokført avregning − rapportert mellomværende", E,
          "R-115", AV, "Note 7B", s.n7b_forskjell),
    Regel("N7B-SUM", "Note 7B: gruppesummer", E, "R-115", AV, "Note 7B", s.n7b_sum),
    Regel("N7B-TOTAL", "Note 7B: totalt = summen av gruppene", E, "R-115", AV, "Note 7B", s.n7b_total),
    Regel("X-7B-BALANSE", "Note 7B bokført avregning = balansen (grupper og totalt)", E,
          "R-115; SRS 1", AV, "Note 7B", s.n7b_balanse),
    Regel("X-7B-MV", "Note 7B rapportert mellomværende = mellomværende med statskassen", E,
          "R-115", AV, "Note 7B", s.n7b_mellomvaerende),
    Regel("X-7B-ART-MV", "Note 7B rapportert mellomværende = artskontorapporteringen: summen eksakt, linjene "
          "etter korrespondansetabellen (flytting mellom linjer: advarsel)", E,
          "R-115", AV, "Note 7B", s.n7b_art_linjer),
)


#: The cross-agency rules, run on the agencies of one batch run together
#: (:func:`imdi_ledger.avstemming.tverrgaende.kontroller_konsern`; ``imdi-ledger batch``).  Each is
#: called with a :class:`~imdi_ledger.avstemming.tverrgaende.Konsern` in place of one agency's
#: figures, and every finding names both agencies.
TVERRGAENDE_REGLER: tuple[Regel, ...] = (
    Regel("KONSERN-BELASTNING", "Avgitt belastningsfullmakt: utgiftsført av andre = det mottakeren rapporterer på posten", E,
          "R-110 belastningsfullmakter; R-115 Note B kolonne d", AV, t.STATEMENT, t.belastning_avstemt),  # type: ignore[arg-type]
    Regel("KONSERN-MOTTATT", "Mottatt belastningsfullmakt har en avgitt belastningsfullmakt hos giveren", W,
          "R-110 belastningsfullmakter; R-115 Note B", OB, t.STATEMENT, t.mottatt_uten_avgitt),  # type: ignore[arg-type]
    Regel("KONSERN-POST-DOBBEL", "En kapittel/post rapporteres av én virksomhet, andre bare etter belastningsfullmakt "
          "(felleskapitlene unntatt)", E, "R-110 belastningsfullmakter; R-115", OB, t.STATEMENT,
          t.post_uten_fullmakt),  # type: ignore[arg-type]
    Regel("KONSERN-AR", "Virksomhetene i én kjøring rapporterer samme regnskapsår", W,
          "R-115 (statsregnskapet per år)", OB, t.STATEMENT, t.ulike_ar),  # type: ignore[arg-type]
)


def regel(id: str) -> Regel:
    """The rule with this id, of the catalogue or the cross-agency rules (``KeyError`` when
    there is none)."""
    for r in REGLER + TVERRGAENDE_REGLER:
        if r.id == id:
            return r
    raise KeyError(id)
