"""Rules and constants of the regulations, each declared once (R-2, R-115, R-102, SRS 1).

Every computation, every catalogue rule (:mod:`imdi_ledger.avstemming.regler`) and the workbook's
``Kontroller`` sheet that applies one of these rules imports it from here:

* :func:`fem_prosent_ore` and :func:`er_femprosentpost` — the cap on transfer of unused
  driftsbevilgning (R-2; R-115 Note B, footnote *);
* :data:`FELLESKAPITLER` — the felleskapitler every bruttobudsjettert virksomhet reports on
  (kap. 1633/5309/5700 ↔ underkonto 1987/1985/1986 of the artskontorapportering, R-102, R-115),
  and :data:`FELLESKAP_ARTSKONTO`, the KS code the S-rapport may carry there instead;
* :data:`NOTEBINDINGER` — the SRS notes whose sum restates a line of the resultatregnskap, the
  balanse or another note (SRS 1), in the names of the computed tables and of the published form;
* :data:`KRYSSIDENTITETER`, :data:`IDENTITETER_PER_POST` and :data:`FEM_PROSENT_PER_POST` — the
  identities across computed statements written to the workbook's ``Kontroller`` sheet, each
  naming the rule of the catalogue that checks the same identity on a published årsregnskap.

Rounding of øre to kroner and of ``x × p / q`` to øre is :mod:`imdi_ledger.money`.
This module is data and pure functions only (bottom layer; it imports nothing of the package).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FEM_PROSENT",
    "REF_FEM_PROSENT",
    "fem_prosent_ore",
    "er_femprosentpost",
    "Felleskapittel",
    "FELLESKAPITLER",
    "felleskapittel",
    "FELLESKAPITTEL_NUMRE",
    "FELLESKAP_ARTSKONTO",
    "GRUPPELIV",
    "ARBEIDSGIVERAVGIFT",
    "MVA_NETTOORDNING",
    "Celle",
    "Notebinding",
    "NOTEBINDINGER",
    "Identitet",
    "KRYSSIDENTITETER",
    "IDENTITETER_PER_POST",
    "FEM_PROSENT_PER_POST",
    "per_post",
]

# --------------------------------------------------------------------------- 5 % cap

#: The share of the year's bevilgning on driftsposter 01–29 (except 24) that can be transferred
#: to next year without «kan overføres», as (numerator, denominator) (R-2 «inntil 5 prosent»).
FEM_PROSENT: tuple[int, int] = (5, 100)

#: Source of the 5 % cap, as cited in findings and in Note B's explanation of each row.
REF_FEM_PROSENT = "R-115 Note B fotnote *; R-2 (inntil 5 % av ubrukt driftsbevilgning, poster 01-29 unntatt 24)"


def fem_prosent_ore(grunnlag_ore: int) -> int:
    """The 5 % cap of R-2 on a base in øre: the largest whole øre amount that is not above 5 %
    of the base, ``⌊grunnlag × 5 / 100⌋`` (``402 395 000,30 kr`` → ``20 119 750,01 kr``).

    Rounding is **down** (towards −∞) because the regulation sets a ceiling: R-2 allows transfer
    of «inntil 5 prosent» of the bevilgning, and R-115 Note B prints «Maks. overførbart beløp».
    Rounding half away from zero would put the cap above 5 % (by up to half an øre) whenever 5 %
    of the base ends in half an øre or more, i.e. when the base modulo 20 øre is 10 øre or more;
    rounding down never exceeds 5 % and is never more than 0,95 øre below it.  The computed Note B (:mod:`imdi_ledger.bevilgning.note_b`) and
    the catalogue rule ``NOTEB-MAKS`` both call this function.
    """
    teller, nevner = FEM_PROSENT
    return (int(grunnlag_ore) * teller) // nevner


def er_femprosentpost(post: str | int) -> bool:
    """True for a driftspost under the 5 % rule: post 01–29 except 24 (R-2; R-115 Note B
    footnote *: «5 % av årets bevilgning på driftspostene 01-29, unntatt post 24»)."""
    s = str(post).strip()
    if not (s.isascii() and s.isdigit()):
        return False
    p = int(s)
    return 1 <= p <= 29 and p != 24


# --------------------------------------------------------------------------- felleskapitler


@dataclass(frozen=True, slots=True)
class Felleskapittel:
    """One felleskapittel/post and the underkonto the artskontorapportering reports it on.

    ``fortegn`` is the sign of the line in «Netto rapporterte utgifter på felleskapitler»
    (utgift +1, inntekt −1, R-115).  ``hele_posten`` is False when the kapittel/post carries
    other amounts besides the underkonto (kap. 5309/29 tilfeldige inntekter: gruppeliv 1985 is
    only part of it), so the artskonto line can be at most the post's regnskap."""

    underkonto: str
    kapittel: str
    post: str
    linje: str
    fortegn: int
    kapittelnavn: str
    posttekst: str
    linjetekst: str
    kilde: str
    hele_posten: bool = True

    @property
    def kapittel_post(self) -> tuple[str, str]:
        return (self.kapittel, self.post)

    @property
    def er_utgift(self) -> bool:
        """Utgiftskapittel (0001–2999, R-101)."""
        return int(self.kapittel) < 3000


#: Gruppelivsforsikring, underkonto 1985, part of kap. 5309 post 29 (tilfeldige inntekter).
GRUPPELIV = Felleskapittel(
    "1985", "5309", "29", "gruppeliv_1985", -1, "Tilfeldige inntekter", "Tilfeldige inntekter, ymse",
    "Gruppelivsforsikring konto 1985 (ref. kap. 5309, inntekt)", "R-102 underkonto 1985, kap. 5309",
    hele_posten=False)
#: Arbeidsgiveravgift, underkonto 1986, kap. 5700 post 72 (folketrygdens inntekter).
ARBEIDSGIVERAVGIFT = Felleskapittel(
    "1986", "5700", "72", "arbeidsgiveravgift_1986", -1, "Folketrygdens inntekter", "Arbeidsgiveravgift",
    "Arbeidsgiveravgift konto 1986 (ref. kap. 5700, inntekt)", "R-102 underkonto 1986, kap. 5700")
#: Nettoordning for merverdiavgift, underkonto 1987, kap. 1633 post 01: a merinntektsfullmakt's
#: overskridelse draws mva here (Stortingets merinntektsfullmakt).
MVA_NETTOORDNING = Felleskapittel(
    "1987", "1633", "01", "mva_1987", 1, "Nettoordning, statlig betalt merverdiavgift", "Driftsutgifter",
    "Nettoføringsordning for merverdiavgift konto 1987 (ref. kap. 1633, utgift)", "R-102 underkonto 1987, kap. 1633")

#: The felleskapitler (R-102 underkontoer 1985–1987; R-115 artskontorapportering, «Inntekter og
#: utgifter rapportert på felleskapitler»), in print order.
FELLESKAPITLER: tuple[Felleskapittel, ...] = (GRUPPELIV, ARBEIDSGIVERAVGIFT, MVA_NETTOORDNING)

#: The kapittel numbers of the felleskapitler (no mer/mindreutgift is computed for them, R-115).
FELLESKAPITTEL_NUMRE: frozenset[str] = frozenset(f.kapittel for f in FELLESKAPITLER)

#: The KS code the state's reporting (S-rapport) may carry on a felleskapittel's statskonto
#: (163301, 530929, 570072) instead of the underkonto: 198 «Avregning rapporterte transaksjoner
#: til statsregnskapet – kontantrelatert» (R-102).  The S-rapport loader reads such a row as the
#: felleskapittel's underkonto (1987, 1985, 1986).
FELLESKAP_ARTSKONTO = "198"


def felleskapittel(underkonto: str) -> Felleskapittel:
    """The felleskapittel of an underkonto (``KeyError`` when there is none)."""
    for f in FELLESKAPITLER:
        if f.underkonto == underkonto:
            return f
    raise KeyError(underkonto)


# --------------------------------------------------------------------------- identities


@dataclass(frozen=True, slots=True)
class Celle:
    """A signed reference to cells of a computed table: ``linje`` is a line id or a glob pattern
    (``mv-*``) matching line rows of the table."""

    tabell: str
    linje: str
    kolonne: str = "belop"
    faktor: int = 1


@dataclass(frozen=True, slots=True)
class Notebinding:
    """An SRS note whose sum row restates a line of a statement or of another note (SRS 1:
    the notes specify the lines of the oppstillinger).

    ``id`` names the tie on the workbook's ``Kontroller`` sheet.  Computed tables:
    ``note``/``linje`` (note table id, line id) = ``fortegn`` × ``oppstilling``/``oppstilling_linje``.  Published form: under ``andre_noter`` the key
    ``publisert_note``, its sum row ``publisert_sumrad`` (row text; None for the last sum row) =
    the row ``publisert_linje`` of the statement at ``publisert_sti``."""

    id: str
    note: str
    linje: str
    oppstilling: str
    oppstilling_linje: str
    publisert_note: str
    publisert_sumrad: str | None
    publisert_sti: tuple[str, ...]
    publisert_linje: str
    tekst: str
    kilde: str
    fortegn: int = 1
    regel: str = "X-NOTE-OPPSTILLING"


_RES, _BAL_E, _BAL_K = ("resultatregnskap",), ("balanse", "eiendeler"), ("balanse", "kapital_og_gjeld")
_N5 = ("andre_noter", "note_5_andre_driftskostnader")

#: Note ↔ statement ties (SRS 1 notes 1, 2, 5, 6, 8–13).  Used by the computation's own check
#: (``srs.regnskap``, finding ``SRS-NOTE-01``), the catalogue rule ``X-NOTE-OPPSTILLING`` and the
#: workbook's ``Kontroller`` sheet.
NOTEBINDINGER: tuple[Notebinding, ...] = (
    Notebinding("NOTE1", "note_1", "sum_bevilgninger", "resultat", "inntekt_bevilgninger", "note_1_driftsinntekter",
                "Sum inntekt fra bevilgninger", _RES, "Inntekt fra bevilgninger",
                "Note 1 = inntekt fra bevilgninger", "SRS 1 note 1"),
    *(Notebinding(f"NOTE1-{kort}", "note_1", sumlinje, "resultat", linje, "note_1_driftsinntekter", sumtekst, _RES,
                  tekst, f"Note 1 = {tekst[0].lower()}{tekst[1:]}", "SRS 1 note 1")
      for kort, sumlinje, linje, sumtekst, tekst in (
          ("TILSKUDD", "sum_tilskudd", "inntekt_tilskudd", "Sum inntekt fra tilskudd og overføringer",
           "Inntekt fra tilskudd og overføringer"),
          ("GEBYRER", "sum_gebyrer", "inntekt_gebyrer", "Sum inntekt fra gebyrer", "Inntekt fra gebyrer"),
          ("SALG", "sum_salg", "salgs_leieinntekter", "Sum salgs- og leieinntekter", "Salgs- og leieinntekter"),
          ("ANDRE", "sum_andre", "andre_driftsinntekter", "Sum andre driftsinntekter", "Andre driftsinntekter"))),
    Notebinding("NOTE2", "note_2", "sum", "resultat", "lonnskostnader", "note_2_lonnskostnader", None, _RES,
                "Lønnskostnader", "Note 2 = lønnskostnader", "SRS 1 note 2"),
    Notebinding("NOTE5", "note_5", "sum", "resultat", "andre_driftskostnader", "note_5_andre_driftskostnader", None, _RES,
                "Andre driftskostnader", "Note 5 = andre driftskostnader", "SRS 1 note 5"),
    Notebinding("NOTE5-LEIE", "note_5_leie", "sum", "note_5", "leie_maskiner", "note_5_leie_maskiner", None, _N5,
                "Leie maskiner, inventar og lignende", "Spesifikasjon leie = note 5 leie maskiner", "SRS 1 note 5"),
    Notebinding("NOTE5-KONSULENT", "note_5_konsulent", "sum", "note_5", "konsulenttjenester", "note_5_konsulenttjenester", None, _N5,
                "Kjøp av konsulenttjenester", "Spesifikasjon konsulenttjenester = note 5", "SRS 1 note 5"),
    Notebinding("NOTE5-FREMMEDE", "note_5_fremmede", "sum", "note_5", "fremmede_tjenester", "note_5_fremmede_tjenester", None, _N5,
                "Kjøp av andre fremmede tjenester", "Spesifikasjon fremmede tjenester = note 5", "SRS 1 note 5"),
    Notebinding("NOTE5-OVRIGE", "note_5_ovrige", "sum", "note_5", "ovrige", "note_5_ovrige_driftskostnader", None, _N5,
                "Øvrige driftskostnader", "Spesifikasjon øvrige driftskostnader = note 5", "SRS 1 note 5"),
    Notebinding("NOTE6", "note_6", "sum_finanskostnader", "resultat", "finanskostnader", "note_6_finans",
                "Sum finanskostnader", _RES, "Finanskostnader", "Note 6 finanskostnader = resultatregnskapet",
                "SRS 1 note 6"),
    Notebinding("NOTE6-INNTEKTER", "note_6", "sum_finansinntekter", "resultat", "finansinntekter", "note_6_finans",
                "Sum finansinntekter", _RES, "Finansinntekter", "Note 6 finansinntekter = resultatregnskapet",
                "SRS 1 note 6"),
    Notebinding("NOTE8", "note_8", "sum", "resultat", "avgifter_direkte", "note_8_innkreving", None, _RES,
                "Avgifter og gebyrer direkte til statskassen",
                "Note 8 = avgifter og gebyrer direkte til statskassen", "SRS 1 note 8"),
    Notebinding("NOTE9", "note_9", "sum", "resultat", "tilskudd_andre", "note_9_tilskudd_til_andre", None, _RES,
                "Tilskudd til andre", "Note 9 = tilskudd til andre", "SRS 1 note 9"),
    Notebinding("NOTE10", "note_10", "sum", "balanse", "kundefordringer", "note_10_kundefordringer", None, _BAL_E,
                "Kundefordringer", "Note 10 = kundefordringer", "SRS 1 note 10"),
    Notebinding("NOTE11", "note_11", "sum", "balanse", "andre_fordringer", "note_11_andre_kortsiktige_fordringer", None,
                _BAL_E, "Andre fordringer", "Note 11 = andre fordringer", "SRS 1 note 11"),
    Notebinding("NOTE12", "note_12", "sum", "balanse", "annen_kortsiktig_gjeld", "note_12_annen_kortsiktig_gjeld", None,
                _BAL_K, "Annen kortsiktig gjeld", "Note 12 = annen kortsiktig gjeld", "SRS 1 note 12"),
    Notebinding("NOTE13", "note_13", "sum", "balanse", "bank", "note_13_bank", None, _BAL_E,
                "Sum bankinnskudd, kontanter og lignende", "Note 13 = bankinnskudd, kontanter og lignende",
                "SRS 1 note 13"),
)


@dataclass(frozen=True, slots=True)
class Identitet:
    """An identity ``Σ venstre = Σ hoyre`` (or ``≤`` when ``ulikhet``) across computed tables,
    written to the workbook's ``Kontroller`` sheet.  ``regel`` is the id of the catalogue rule
    (:data:`imdi_ledger.avstemming.regler.REGLER`) that checks the same identity on the
    published form."""

    id: str
    regel: str
    tekst: str
    kilde: str
    venstre: tuple[Celle, ...]
    hoyre: tuple[Celle, ...] = ()
    ulikhet: bool = False
    fem_prosent: bool = False
    """The right side is the R-2 cap on ``Σ hoyre`` (:func:`fem_prosent_ore` of the base, a
    negative base counting as 0), not the sum itself."""


def _begge(id: str, regel: str, tekst: str, kilde: str, a: tuple[str, str],
           b: tuple[str, str] | None, fortegn: int = 1) -> tuple[Identitet, ...]:
    """The identity for this year (``belop``) and last year (``belop_fjor``, id suffix ``-FJOR``)."""
    out = []
    for col, suffix, label in (("belop", "", "i år"), ("belop_fjor", "-FJOR", "i fjor")):
        hoyre = (Celle(b[0], b[1], col, fortegn),) if b is not None else ()
        out.append(Identitet(id + suffix, regel, f"{tekst} ({label})", kilde, (Celle(a[0], a[1], col),), hoyre))
    return tuple(out)


def _notebinding(n: Notebinding) -> tuple[Identitet, ...]:
    return _begge(n.id, n.regel, n.tekst, n.kilde, (n.note, n.linje), (n.oppstilling, n.oppstilling_linje),
                  n.fortegn)


#: Identities across the computed statements (R-115, SRS 1, SRS 17, Note 7A/7B) for the
#: workbook's ``Kontroller`` sheet; the note ties are :data:`NOTEBINDINGER`.
KRYSSIDENTITETER: tuple[Identitet, ...] = (
    Identitet("BEV-ART-NETTO", "X-BEV-ART-NETTO",
              "Netto rapportert til bevilgningsregnskapet: bevilgningsrapportering = artskontorapportering",
              "R-115 prinsippnote", (Celle("bevilgning_inntekter", "netto_rapportert", "regnskap"),),
              (Celle("artskontorapportering", "netto_rapportert"),)),
    Identitet("KAP-SUM-RAPPORTERT", "BEV-SUM-RAPPORTERT-NULL",
              "Sum rapportert (netto rapportert + kapitalkontoer + endring i mellomværende) = 0",
              "R-115 oppstilling av bevilgningsrapportering", (Celle("kapitalkontoer", "sum_rapportert"),)),
    Identitet("KAP-NETTO", "BEV-KAPITAL-SUM",
              "Netto rapportert i kapitalkontoer = netto rapportert i bevilgningsrapporteringen",
              "R-115 oppstilling av bevilgningsrapportering", (Celle("kapitalkontoer", "kap_netto_rapportert"),),
              (Celle("bevilgning_inntekter", "netto_rapportert", "regnskap"),)),
    Identitet("KAP-MV-ENDRING", "BEV-KAPITAL-MV", "Endring i mellomværende (kapitalkontoer) = endring i beholdninger",
              "R-115 oppstilling av bevilgningsrapportering", (Celle("kapitalkontoer", "mv-endring-*"),),
              (Celle("beholdninger", "mv-*", "endring"),)),
    Identitet("MV-BEHOLDNING", "X-BEV-ART-MV", "Sum mellomværende (artskontorapportering) = beholdninger 31.12",
              "R-115 oppstilling av artskontorapportering", (Celle("mellomvaerende", "sum_mellomvaerende"),),
              (Celle("beholdninger", "mv-*", "ub"),)),
    Identitet("MV-BEHOLDNING-FJOR", "X-BEV-ART-MV", "Sum mellomværende i fjor = beholdninger 31.12 i fjor",
              "R-115 oppstilling av artskontorapportering",
              (Celle("mellomvaerende", "sum_mellomvaerende", "belop_fjor"),), (Celle("beholdninger", "mv-*", "ib"),)),
    *_begge("RES-NULL", "SRS-RESULTAT-NULL",
            "Resultat av periodens aktiviteter = 0 (inntekt fra bevilgninger er balansepost)",
            "SRS 1; SRS 10", ("resultat", "resultat_aktiviteter"), None),
    *_begge("BAL-BALANSE", "SRS-BALANSE", "Sum eiendeler = sum statens kapital og gjeld", "SRS 1",
            ("balanse", "sum_eiendeler"), ("balanse", "sum_kapital_gjeld")),
    Identitet("NOTE7A-AVREGNET", "X-7A-BALANSE", "Note 7A avregnet med statskassen = balansen", "R-115 note 7A",
              (Celle("note_7a", "avregnet_i_balansen"),), (Celle("balanse", "avregnet_statskassen"),)),
    Identitet("NOTE7A-ENDRING", "N7A-KONGRUENS", "Note 7A sum endring = −(endring i avregnet med statskassen)",
              "R-115 note 7A", (Celle("note_7a", "sum_endring"), Celle("note_7a", "avregnet_i_balansen", "endring"))),
    Identitet("NOTE7B-AVREGNET", "X-7B-BALANSE", "Note 7B bokført avregning = avregnet med statskassen i balansen",
              "R-115 note 7B", (Celle("note_7b", "total", "bokfort"),), (Celle("balanse", "avregnet_statskassen"),)),
    Identitet("NOTE7B-MELLOMVAERENDE", "X-7B-MV",
              "Note 7B rapportert mellomværende = sum mellomværende med statskassen", "R-115 note 7B",
              (Celle("note_7b", "total", "rapportert"),), (Celle("mellomvaerende", "sum_mellomvaerende"),)),
    Identitet("NOTE3-BALANSE", "X-ANLEGG-BALANSE", "Note 3 balanseført verdi = sum immaterielle eiendeler",
              "SRS 17 note 3", (Celle("note_3", "bv_ub", "sum"),), (Celle("balanse", "sum_immaterielle"),)),
    Identitet("NOTE3-PAGAENDE", "X-NOTE3-PAGAENDE", "Pågående anlegg 31.12 = immaterielle eiendeler under utførelse",
              "SRS 17 note 3", (Celle("note_3_pagaende", "sum", "pagaende"),),
              (Celle("note_3", "bv_ub", "under_utforelse"),)),
    Identitet("NOTE4-BALANSE", "X-ANLEGG-BALANSE", "Note 4 balanseført verdi = sum varige driftsmidler",
              "SRS 17 note 4", (Celle("note_4", "bv_ub", "sum"),), (Celle("balanse", "sum_varige"),)),
    Identitet("NOTE3-4-AVSKRIVNINGER", "X-ANLEGG-AVSKRIVNING",
              "Avskrivninger i note 3 og 4 = avskrivninger i resultatregnskapet", "SRS 17 note 3 og 4",
              (Celle("note_3", "avskr_aret", "sum"), Celle("note_4", "avskr_aret", "sum")),
              (Celle("resultat", "avskrivninger"),)),
    *(i for n in NOTEBINDINGER for i in _notebinding(n)),
)

#: Identities checked once per kapittel/post of the bevilgningsrapportering: ``{kapittel}`` and
#: ``{post}`` in a cell's line id are filled in by :func:`per_post`; a post whose cells are not
#: all in the tables (not in Note A, not printed in Note B) has no row.
IDENTITETER_PER_POST: tuple[Identitet, ...] = (
    Identitet("NOTEA-BEV", "X-NOTEA-BEV", "Note A samlet tildeling = samlet tildeling i bevilgningsrapporteringen",
              "R-115 Note A", (Celle("note_a", "A-{kapittel}-{post}", "samlet_tildeling"),),
              (Celle("bevilgning_utgifter", "U-{kapittel}-{post}", "samlet_tildeling"),)),
    Identitet("NOTEB-K-LE-J", "NOTEB-K", "Note B: mulig overførbart ≤ maks. overførbart", "R-2; R-115 Note B",
              (Celle("note_b", "{kapittel} {post}", "mulig_overforbart_ore"),),
              (Celle("note_b", "{kapittel} {post}", "maks_overforbart_ore"),), ulikhet=True),
)

#: The R-2 cap per driftspost under the 5 % rule (:func:`er_femprosentpost`, no «kan overføres»):
#: Note B's maks. overførbart = :func:`fem_prosent_ore` of the Note A tildeling (årets tildelinger
#: by default; the workbook uses samlet tildeling when Note B was computed on it).
FEM_PROSENT_PER_POST = Identitet(
    "NOTEB-MAKS", "NOTEB-MAKS", "Note B: maks. overførbart = 5 % av tildelingen i Note A, avrundet ned til hele øre",
    REF_FEM_PROSENT, (Celle("note_b", "{kapittel} {post}", "maks_overforbart_ore"),),
    (Celle("note_a", "A-{kapittel}-{post}", "arets_tildelinger"),), fem_prosent=True)


def per_post(identitet: Identitet, kapittel: str, post: str) -> Identitet:
    """A per-post identity (:data:`IDENTITETER_PER_POST`) for one kapittel/post: line ids filled
    in, the post appended to the id (``NOTEB-K-LE-J 0670 01``) and to the text."""

    def fyll(celler: tuple[Celle, ...]) -> tuple[Celle, ...]:
        return tuple(Celle(c.tabell, c.linje.format(kapittel=kapittel, post=post), c.kolonne, c.faktor)
                     for c in celler)

    return Identitet(f"{identitet.id} {kapittel} {post}", identitet.regel,
                     f"{identitet.tekst} ({kapittel} {post})", identitet.kilde, fyll(identitet.venstre),
                     fyll(identitet.hoyre), identitet.ulikhet, identitet.fem_prosent)
