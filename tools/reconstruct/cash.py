"""Reconstructed cash data for IMDi 2024–2025: S-rapport, mellomværende IB and tildeling.

Writes ``examples/imdi-2025/`` input files from which the bevilgningsrapportering, Note A and
the artskontorapportering (R-115; kontantprinsippet, bestemmelsene pkt 3.4.2 and 3.5) of IMDi's
årsrapport 2025, kapittel 6, are computed.  Every printed figure comes out to the krone when it is
computed from the files in øre and rounded half away from zero
(:func:`imdi_ledger.money.ore_to_kroner`).

The data are *transactions*, not one row per published figure: monthly lønn per avdeling with
forskuddstrekk, pensjonstrekk and SPK premium through mellomværende (statskonto 705005), AGA on
kap. 5700/72 (underkonto 1986), gruppeliv on kap. 5309/29 (1985), supplier invoices paid in
payment runs with the mva part on kap. 1633/01 (1987), tilskudd to kommuner and organisations in
payment runs, tilbakebetalte tilskudd (innkreving, artskonto 848) and refusjoner from NAV through
the konsernkonto for innbetalinger.  Each transaction group balances against the konsernkonto
(60088701 inn / 60088702 ut) or mellomværende, so every period sums to 0 øre.

How the published figures are hit: the annual amount of every (statskonto, artskonto group) cell
is fixed in øre in ``CELLS_2024`` / ``CELLS_2025`` (published kroner plus an explicit øre part,
chosen so that lines *and* printed totals round to the printed figures; see ``OFFSETS_NOTE``).
Each cell is spread over months and transactions with a seeded generator, and the last share of
every spread takes the rounding remainder, so the annual sums are exact.  Amounts that follow from
others (KK utbetalinger, refusjoner, lønn midlertidig ansatte) are computed, never typed in.  A
final self-check reads the written CSV files back and recomputes every target; it raises
``SystemExit`` naming each figure that is off.

Run from the repository root::

    python tools/reconstruct/cash.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from imdi_ledger.money import ore_to_kroner, parse_ore_series

__all__ = ["main", "build_year", "write_all", "self_check"]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "examples" / "imdi-2025"
SEED = 2025_0313

KK_INN = "60088701"
KK_UT = "60088702"
MV = "705005"


def K(kroner: int, ore: int = 0) -> int:
    """Kroner and øre (same sign as kroner; ``ore`` is the magnitude) to øre."""
    return kroner * 100 + (ore if kroner >= 0 else -ore)


# ---------------------------------------------------------------------------------------------
# Published figures (IMDi årsrapport 2025, kap. 6, examples/imdi-2025/publisert/aarsregnskap_2025.yaml),
# whole kroner, as printed.  The self-check compares the data with these.
# ---------------------------------------------------------------------------------------------
PUBLISHED: dict = {
    "regnskap_2025": {
        "060121": 400000, "067001": 400290578, "067021": 29995430, "067145": 49606088,
        "067160": 19402774229, "067161": 1891929304, "067162": 307787226, "067170": 2746000,
        "067171": 237438000, "067172": 22330000, "067173": 12009000, "067260": 1693901052,
        "067261": 320478, "163301": 43184532,
    },
    "inntekt_2025": {"367001": 0, "530929": 9725101, "570072": 29909759},
    "sum_utgiftsfort_2025": 24094711918,
    "sum_inntektsfort_2025": 39634860,
    "sum_mer_mindre_2025": 18177614,
    "kk_inn_2025": 28517556,
    "kk_ut_2025": -24084617420,
    "endring_mv_2025": 1022805,
    "mv_ub_2025": -14625795,
    "mv_ib_2025": -15648600,
    "netto_trekk_kk_2025": -24056099864,  # note 7A «Netto trekk konsernkonto»
    "artskonto": {  # line -> (2025, 2024), presented signs as printed
        "lonn": (257807262, 242252298),
        "andre_drift": (173704394, 175153638),
        "sum_drift": (431511656, 417405936),
        "investering": (48780440, 51951087),
        "finansutgifter": (0, 11803),
        "sum_invest": (48780440, 51962890),
        "innkreving": (9235211, 17468832),
        "tilskudd": (23571235290, 25743208532),
        "gruppeliv_1985": (489890, 473125),
        "aga_1986": (29909759, 28456151),
        "mva_1987": (43184532, 43854693),
        "netto_felles": (12784884, 14925417),
        "netto_rapportert": (24055077059, 26210033943),
    },
    "mellomvaerende": {  # line -> (2025, 2024)
        "fordringer_ansatte": (13450, 122687),
        "skattetrekk": (-9262981, -8221106),
        "offentlige_avgifter": (-61145, -380165),
        "pensjon": (-5313332, -7143013),
        "lonn": (900, -19315),
        "differanser_bank": (-2687, -7687),
        "sum": (-14625795, -15648600),
    },
    "tildeling_2025_sum": 24069705000,
    "tildeling_2024_sum": 26897718000,  # hovedtall: 26 897 718 (1000 kr)
    "post01_2024_tusen": 388810,  # hovedtall: driftsutgifter post 01 2024 (1000 kr)
}

OFFSETS_NOTE = """\
Øre parts chosen for 2025 (published lines add to figures 1-2 kr off the printed totals, §7 I13):
  0670/01 +0,25  0671/45 +0,15  0671/60 +0,35  0672/60 +0,40  1633/01 +0,30
  5309/29 -0,05 (848 +0,45, 1985 -0,50)  5700/72 -0,40
  => Σ utgift 24 094 711 918,45 (918), Σ inntekt 39 634 859,55 (860),
     netto 24 055 077 058,90 (059), Σ mer/mindre 18 177 613,85 (614), felles 12 784 884,20 (884),
     tilskudd 23 571 235 289,75 (290); 1985 + 1986 = 30 399 648,10 (Note 7A prints 30 399 648)
  mellomværende 31.12.2024: skattetrekk -0,30, pensjon -0,25 => -15 648 599,55 (-15 648 600)
  mellomværende 31.12.2025: pensjon +0,49 => -14 625 794,51; endring 1 022 805,04 (805)
  KK inn 28 517 556,35 => KK ut -24 084 617 420,29 (-420), netto trekk -24 056 099 863,94 (-864)
  (the endring and KK øre leave room for Note 7A's sum endring -28 938 174 with the SRS ledger's
  konsernkonto equal to these rows to the øre: tools/reconstruct/srs.py)
"""

# Cells: (statskonto, artskontogruppe) -> øre.  Groups are allocated to artskontoer below.
CELLS_2025: dict[tuple[str, str], int] = {
    ("067001", "lonn"): K(257807262, 15),
    ("067001", "drift"): K(142483316, 10),
    ("067021", "drift"): K(29995430),
    ("060121", "drift"): K(400000),
    ("067145", "drift"): K(825648),
    ("067145", "investering"): K(48780440, 15),
    ("067160", "tilskudd"): K(19402774229, 35),
    ("067161", "tilskudd"): K(1891929304),
    ("067162", "tilskudd"): K(307787226),
    ("067170", "tilskudd"): K(2746000),
    ("067171", "tilskudd"): K(237438000),
    ("067172", "tilskudd"): K(22330000),
    ("067173", "tilskudd"): K(12009000),
    ("067260", "tilskudd"): K(1693901052, 40),
    ("067261", "tilskudd"): K(320478),
    ("163301", "mva"): K(43184532, 30),
    ("530929", "innkreving"): -K(9235211, 45),
    ("530929", "gruppeliv"): -K(489889, 50),
    ("570072", "aga"): -K(29909758, 60),
}

# 2024: artskonto lines as printed; per post from note 9 (2024 column), except 0672/60, which is
# note 9's 2 122 847 102 less 92 950 so that the tilskudd line is the artskonto figure
# 25 743 208 532 (README: the 92 950 is the amount accrued in 2024 and paid in January 2025).
CELLS_2024: dict[tuple[str, str], int] = {
    ("067001", "lonn"): K(242252298, 12),
    ("067001", "drift"): K(146545772, 20),
    ("067001", "finans"): K(11803),
    ("060121", "fou"): K(28499611, 85),  # FoU 2024 on AID's kap. 601/21 (mottatt belastningsfullmakt)
    ("067145", "drift"): K(108254),
    ("067145", "investering"): K(51951086, 90),
    ("067160", "tilskudd"): K(21504528524, 30),
    ("067161", "tilskudd"): K(1622179404),
    ("067162", "tilskudd"): K(246132879),
    ("067170", "tilskudd"): K(2645000),
    ("067171", "tilskudd"): K(215218595),
    ("067172", "tilskudd"): K(17000000),
    ("067173", "tilskudd"): K(12018265),
    ("067260", "tilskudd"): K(2122754151, 55),  # note 9: 2 122 847 102, less 92 950
    ("067261", "tilskudd"): K(731713),
    ("163301", "mva"): K(43854693, 10),
    ("530929", "innkreving"): -K(17468831, 80),
    ("530929", "gruppeliv"): -K(473125),
    ("570072", "aga"): -K(28456150, 80),
}

# Mellomværende med statskassen (705005) per artskonto, 31.12.  2023 is not published: a
# plausible opening balance (written to mellomvaerende_ib.csv).  263/281/282 are set per line
# (pension block) because 263 follows from lønn; see _pensjon_targets.
MV_2023: dict[str, int] = {
    "154": K(87412), "260": -K(7512904), "261": -K(41300), "264": -K(101220), "265": -K(187965),
    "270": -K(212470), "263": -K(301118, 40), "281": -K(4912660), "282": 0, "293": -K(4120),
    "280": -K(12687),
}
MV_UB: dict[int, dict[str, int]] = {
    2024: {"154": K(122687), "260": -K(7868342, 30), "261": -K(47210), "264": -K(107150),
           "265": -K(198404), "270": -K(380165), "293": -K(19315), "280": -K(7687),
           "pensjon": -K(7143013, 25), "282": -K(1850000)},
    2025: {"154": K(13450), "260": -K(8871533), "261": -K(52318), "264": -K(127510),
           "265": -K(211620), "270": -K(61145), "293": K(900), "280": -K(2687),
           "pensjon": -K(5313331, 51), "282": 0, "263": -K(749566)},
}
# NAV refusjoner 2024 (not published; 2025 follows from KK innbetalinger).
REFUSJON_2024 = K(18934512, 40)
KK_INN_2025 = K(28517556, 35)

MONTH_WEIGHTS_DRIFT = np.array([0.7, 0.95, 1.0, 1.0, 1.05, 1.1, 0.45, 0.8, 1.05, 1.1, 1.2, 1.6])  # float ok

AVDELINGER = [
    ("Hovedkontor – avdeling bosetting", 0.19), ("Hovedkontor – avdeling kvalifisering", 0.15),
    ("Hovedkontor – avdeling tilskudd", 0.13), ("Hovedkontor – stab og fellestjenester", 0.17),
    ("Regionkontor Øst", 0.10), ("Regionkontor Vest", 0.08), ("Regionkontor Midt-Norge", 0.07),
    ("Regionkontor Nord", 0.06), ("Regionkontor Sør", 0.05),
]

KOMMUNER = """Oslo Bergen Trondheim Stavanger Kristiansand Drammen Fredrikstad Sandnes Tromsø Sarpsborg
Skien Ålesund Sandefjord Bodø Larvik Arendal Tønsberg Porsgrunn Haugesund Moss Halden Lillehammer
Gjøvik Hamar Kongsberg Molde Harstad Horten Ringsaker Asker Bærum Lillestrøm Lørenskog Nordre-Follo
Ullensaker Eidsvoll Nittedal Ås Vestby Frogn Indre-Østfold Råde Hvaler Elverum Kongsvinger Stange
Løten Åmot Trysil Nord-Odal Sør-Odal Østre-Toten Vestre-Toten Gran Lunner Jevnaker Ringerike Hole
Modum Øvre-Eiker Lier Holmestrand Færder Notodden Midt-Telemark Kragerø Bamble Vinje Grimstad Lillesand
Risør Tvedestrand Froland Vennesla Lindesnes Farsund Flekkefjord Lyngdal Eigersund Hå Klepp Time
Gjesdal Sola Randaberg Strand Hjelmeland Karmøy Tysvær Sveio Stord Bømlo Kvinnherad Voss Askøy Øygarden
Alver Bjørnafjorden Sogndal Sunnfjord Kinn Stad Volda Ørsta Sykkylven Hareid Giske Sula Aukra Kristiansund
Sunndal Surnadal Orkland Melhus Malvik Stjørdal Levanger Verdal Steinkjer Namsos Grong Mosjøen Vefsn
Rana Alstahaug Brønnøy Fauske Narvik Vågan Vestvågøy Hadsel Sortland Andøy Senja Balsfjord Lyngen
Nordreisa Alta Hammerfest Vadsø Sør-Varanger Porsanger Karasjok Kautokeino Tana Berlevåg""".split()

ORGANISASJONER = [
    "Norsk Folkehjelp", "Røde Kors Oslo", "Caritas Norge", "Kirkens Bymisjon", "Antirasistisk Senter",
    "Norsk organisasjon for asylsøkere", "Frivillighet Norge", "Leser søker bok", "Norges Fotballforbund",
    "Redd Barna", "Foreningen Verdensmat", "Multikulturelt Initiativ- og Ressursnettverk",
    "Primærmedisinsk verksted", "Flyktninghjelpen", "Noorah", "JURK", "Selvhjelp for innvandrere og flyktninger",
    "Minotenk", "Islamsk Råd Norge", "Norges Kristne Råd", "Human Rights Service", "Kvinner i dialog",
    "Somalisk kvinneforening", "Ukrainsk forening i Norge", "Eritreisk forening Bergen", "Nabolagshager",
    "Kulturkontakt Nord", "Norsk Bridgeforbund", "Frelsesarmeen", "Ungdom mot vold", "Sisterhood Oslo",
    "Likestillingssenteret", "Trøndelag innvandrerråd", "Internasjonalt kultursenter og museum",
    "Frivilligsentralen Drammen", "Stiftelsen Fargespill", "Norsk Tamilsk forening", "Polsk Råd",
    "Syriske kvinner i Norge", "Afghansk kulturforening",
]

LEVERANDORER = {
    "konsulent": ["Fjordlys Rådgivning AS", "Nordkapp Analyse AS", "Bjørkeli Consulting AS", "Vestvind Innsikt AS",
                  "Sagaen Strategi AS", "Polarlys Digital AS", "Kvartsmark Partners AS"],
    "ikt": ["Skyfjell IT AS", "Datastrøm Norge AS", "Fjellnett Drift AS", "Byteborg AS", "Nordsjø Systemer AS"],
    "lisens_utland": ["Cloudara Ltd (IE)", "SoftLane BV (NL)", "Datavault GmbH (DE)"],
    "lokaler": ["Renholdsgruppen Øst AS", "Vakt og Sikring AS", "Eiendomsdrift Nord AS", "Energihuset AS"],
    "utleier": ["Storgata Eiendom AS", "Bryggen Næringsbygg AS", "Sentrum Kontorpark AS",
                "Nordlys Eiendom AS", "Sørlandsparken Eiendom AS"],
    "kurs": ["Konferansehotellet Holmen AS", "Fjordhotell Bergen AS", "Møteplassen Trondheim AS",
             "Kurs og Konferanse Nord AS"],
    "trykk": ["Trykkeriet Grafisk AS", "Annonsepartner AS", "Kunngjøringsbyrået AS"],
    "rekvisita": ["Kontorsenteret AS", "Datautstyr Norge AS", "Møbelhuset Kontor AS"],
    "tele": ["Telenett Bedrift AS", "Mobilnett Norge AS"],
    "vikar": ["Bemanningshuset AS", "Kontorhjelp Vikar AS"],
    "reise": ["Reisebyrået Statsreiser AS", "Flyselskapet Nord", "Taxi Sentralen Oslo", "Jernbanereiser AS"],
    "statlig": ["Departementenes sikkerhets- og serviceorganisasjon (DSS)", "DFØ – lønns- og regnskapstjenester",
                "Digitaliseringsdirektoratet", "Statens pensjonskasse"],
    "forskning": ["Institutt for samfunnsforskning", "NOVA/OsloMet", "Fafo"],
}

HUSLEIE_KONTOR = ["Hovedkontor Oslo", "Regionkontor Øst (Oslo)", "Regionkontor Vest (Bergen)",
                  "Regionkontor Midt-Norge (Trondheim)", "Regionkontor Nord (Narvik)", "Regionkontor Sør (Kristiansand)"]


# ---------------------------------------------------------------------------------------------
# Allocation helpers
# ---------------------------------------------------------------------------------------------
def spread(total: int, weights: np.ndarray, unit: int = 1) -> np.ndarray:
    """Split ``total`` øre over ``weights`` into int64 amounts summing exactly to ``total``.

    Every share is a multiple of ``unit`` (100 = whole kroner) except that any remainder below one
    unit goes to the largest share.  Largest-remainder rounding keeps the shares proportional.
    """
    w = np.asarray(weights, dtype=float)  # float ok: allocation weights, not money
    if len(w) == 0 or w.sum() <= 0:
        raise ValueError("spread needs positive weights")
    sign = -1 if total < 0 else 1
    t = abs(int(total))
    units, rest = divmod(t, unit)
    raw = units * (w / w.sum())  # float ok: exact for totals below 2**53 øre
    base = np.floor(raw).astype(np.int64)
    short = int(units - base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:short]] += 1
    out = base * unit
    out[int(np.argmax(w))] += rest
    if int(out.sum()) != t:
        raise RuntimeError("spread lost øre")
    return sign * out


def mva_of(net: int) -> int:
    """25 % merverdiavgift of a net amount, rounded half away from zero to whole øre."""
    q = (abs(net) * 25 + 50) // 100
    return q if net >= 0 else -q


@dataclass
class Ledger:
    """Rows of one year's S-rapport, written one balanced transaction group at a time."""

    year: int
    rows: list[tuple[int, int, str, str, int, str]] = field(default_factory=list)
    n_groups: int = 0

    def group(self, month: int, lines: list[tuple[str, str, int, str]]) -> None:
        total = sum(int(b) for _, _, b, _ in lines)
        if total != 0:
            raise RuntimeError(f"{self.year}-{month:02d}: transaction group does not balance ({total} øre): {lines[:3]}")
        self.n_groups += 1
        for statskonto, artskonto, belop, tekst in lines:
            if int(belop) != 0:
                self.rows.append((month, self.n_groups, statskonto, artskonto, int(belop), tekst))

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=["m", "g", "statskonto", "artskonto", "belop_ore", "tekst"])
        df = df.sort_values(["m", "g"], kind="stable").reset_index(drop=True)
        df.insert(0, "periode", [f"{self.year}-{m:02d}" for m in df["m"]])
        return df.drop(columns=["m", "g"])


@dataclass
class Invoice:
    month: int
    statskonto: str
    artskonto: str
    net: int
    tekst: str
    mva: str  # "dom" (1987, paid to supplier), "utland" (1987 against 705005/270), "none"
    vat: int = 0


# ---------------------------------------------------------------------------------------------
# Drift and investering: invoices
# ---------------------------------------------------------------------------------------------
# (artskonto, weight, n per year, supplier group, text).  Weights follow note 5's split of andre
# driftskostnader; the mva part of post 01 is spread by these weights.
DRIFT01_MVA = [
    ("632", 1.2, 24, "lokaler", "Renovasjon og avløp"), ("634", 1.6, 24, "lokaler", "Strøm og oppvarming"),
    ("636", 1.8, 36, "lokaler", "Renhold og vakthold"), ("639", 0.4, 12, "lokaler", "Felleskostnader lokaler"),
    ("663", 0.9, 8, "lokaler", "Ombygging leide lokaler"), ("660", 0.2, 3, "lokaler", "Vedlikehold"),
    ("641", 0.13, 6, "rekvisita", "Leie inventar"), ("642", 22.0, 40, "ikt", "Lisenser fagsystemer"),
    ("643", 0.25, 12, "ikt", "Leie PC og skrivere"), ("644", 0.18, 8, "rekvisita", "Leie kopimaskiner"),
    ("654", 0.3, 10, "rekvisita", "Inventar"), ("655", 0.6, 18, "rekvisita", "PC-er og mobiltelefoner"),
    ("658", 0.15, 10, "rekvisita", "Driftsmateriell"),
    ("670", 0.9, 6, "konsulent", "Juridisk bistand"), ("671", 6.0, 22, "konsulent", "IKT-konsulenter"),
    ("672", 0.5, 4, "konsulent", "Organisasjonsutvikling"), ("673", 12.0, 30, "konsulent", "Rådgivning"),
    ("674", 2.0, 14, "vikar", "Innleie vikarer"), ("675", 2.8, 24, "ikt", "IKT-driftstjenester"),
    ("678", 9.0, 40, "konsulent", "Fremmede tjenester"),
    ("680", 0.48, 24, "rekvisita", "Kontorrekvisita"), ("682", 0.17, 6, "trykk", "Trykksaker"),
    ("683", 0.5, 10, "trykk", "Annonser og kunngjøringer"), ("684", 0.19, 8, "trykk", "Aviser og abonnement"),
    ("686", 1.0, 30, "kurs", "Møter"), ("688", 4.0, 30, "kurs", "Konferanse for kommuner"),
    ("690", 2.2, 24, "tele", "Telefoni og datakommunikasjon"), ("741", 0.04, 4, "rekvisita", "Gaver foredragsholdere"),
]
DRIFT21_MVA = [
    ("673", 40.0, 40, "konsulent", "Utredning og evaluering"), ("688", 20.0, 30, "kurs", "Kurs for eksterne deltakere"),
    ("678", 25.0, 30, "konsulent", "Kompetansetiltak, kjøp av tjenester"), ("683", 5.0, 12, "trykk", "Informasjonskampanje"),
    ("686", 10.0, 20, "kurs", "Nettverkssamlinger"),
]
DRIFT45_MVA = [("669", 0.5, 3, "ikt", "Vedlikehold fagsystem"), ("652", 0.5, 3, "ikt", "Programvare anskaffelse")]
INVEST45 = [
    ("107", 80.0, 60, "konsulent", "Utvikling fagsystem (under utførelse)"),
    ("104", 12.0, 8, "ikt", "Programvarelisens aktivert"), ("128", 8.0, 10, "rekvisita", "IKT-utstyr"),
]
# Explicit amounts without mva on post 01 (kroner, note 5 figures of the year).
NONMVA_01 = {
    2025: {"630": 21238439, "713": 3510514, "715": 1150000, "710": 350000, "687": 5966151,
           "694": 366894, "777": 25025, "740": 18721},
    2024: {"630": 20699015, "713": 5019811, "715": 1600000, "710": 600000, "687": 6958049,
           "694": 325786, "777": 49822, "740": 12597},
}
NONMVA_TEXT = {
    "630": "Husleie", "713": "Reisekostnader", "715": "Diett", "710": "Bilgodtgjørelse",
    "687": "Kurs for egne ansatte", "694": "Porto", "777": "Bank- og kortgebyr", "740": "Kontingent",
    "675": "IKT-drift fra statlig leverandør (uten mva)",
}
# Foreign services (omvendt avgiftsplikt): mva accrued on 705005/270, paid per termin.
UTLAND_PERMILLE = 80  # share of artskonto 642 bought abroad (‰)


def _invoices(rng: np.random.Generator, year: int, statskonto: str, total: int,
              spec: list[tuple[str, float, int, str, str]], mva: str) -> list[Invoice]:
    """Spread ``total`` over artskontoer by weight, then over invoices and months."""
    weights = np.array([s[1] for s in spec])  # float ok
    per_art = spread(total, weights)
    out: list[Invoice] = []
    for (art, _, n, grp, text), amount in zip(spec, per_art):
        n = max(1, int(n * rng.uniform(0.8, 1.25)))
        amounts = spread(int(amount), rng.lognormal(0.0, 0.9, n))
        months = rng.choice(np.arange(1, 13), size=n, p=MONTH_WEIGHTS_DRIFT / MONTH_WEIGHTS_DRIFT.sum())
        names = LEVERANDORER[grp]
        for a, m in zip(amounts, months):
            out.append(Invoice(int(m), statskonto, art, int(a), f"{rng.choice(names)} – {text}", mva))
    return out


def _credit_notes(rng: np.random.Generator, invoices: list[Invoice], share: float) -> None:
    """Turn part of some invoices into kreditnotaer (negative invoices) without changing sums."""
    cand = [i for i, inv in enumerate(invoices) if inv.mva == "dom" and inv.net > 2_000_00]
    k = max(1, int(len(cand) * share))
    for idx in rng.choice(cand, size=k, replace=False):
        inv = invoices[int(idx)]
        credit = inv.net * int(rng.integers(5, 30)) // 10_000 * 100 + int(rng.integers(0, 100))
        inv.net += credit
        m = int(min(12, inv.month + rng.integers(0, 2)))
        invoices.append(Invoice(m, inv.statskonto, inv.artskonto, -credit,
                                inv.tekst.split(" – ")[0] + " – Kreditnota", "dom"))


def drift_invoices(rng: np.random.Generator, year: int, cells: dict, mv_ub_270: int) -> list[Invoice]:
    """All invoices on drift/investering cells with mva set so Σ mva = the 1987 cell exactly."""
    mva_total = cells[("163301", "mva")]
    base = 4 * mva_total  # net amount that carries 25 % mva
    inv: list[Invoice] = []
    mva_other = 0
    for key, spec in ((("060121", "fou"), DRIFT21_MVA), (("067021", "drift"), DRIFT21_MVA), (("067145", "drift"), DRIFT45_MVA),
                      (("067145", "investering"), INVEST45)):
        if cells.get(key, 0):
            inv += _invoices(rng, year, key[0], cells[key], spec, "dom")
            mva_other += cells[key]
    if ("060121", "drift") in cells:
        amounts = spread(cells[("060121", "drift")], np.array([0.6, 0.4]))  # float ok
        for a, m in zip(amounts, (5, 11)):
            inv.append(Invoice(m, "060121", "673", int(a), f"{LEVERANDORER['forskning'][0]} – Utredning "
                               "(belastningsfullmakt AID kap. 601 post 21)", "none"))
    nonmva = {k: K(v) for k, v in NONMVA_01[year].items()}
    mva01 = base - mva_other
    plug = cells[("067001", "drift")] - mva01 - sum(nonmva.values())
    if plug <= 0 or mva01 <= 0:
        raise RuntimeError(f"{year}: mva base does not fit post 01 (plug {plug})")
    nonmva["675"] = plug
    nonmva["713"] -= K(20000)  # settled against reiseforskudd (705005/154) in January, see lonn()
    # post 01, mva part; split 642 into domestic and foreign
    inv01 = _invoices(rng, year, "067001", mva01, DRIFT01_MVA, "dom")
    lic = [i for i in inv01 if i.artskonto == "642"]
    lic_total = sum(i.net for i in lic)
    inv01 = [i for i in inv01 if i.artskonto != "642"]
    utland_total = lic_total * UTLAND_PERMILLE // 1000 // 4 * 4
    # foreign licences: one per month per vendor; Nov-Dec mva = UB 270 exactly
    months = np.arange(1, 13)
    last = spread(-mv_ub_270, np.array([1.0, 1.3]))  # float ok: vat of Nov, Dec
    early = (utland_total - 4 * int(last.sum()))
    if early <= 0:
        raise RuntimeError(f"{year}: foreign licence volume too small for UB 270")
    early_vat = spread(early // 4, rng.lognormal(0, 0.3, 10))
    vats = list(early_vat) + list(last)
    for m, vat in zip(months, vats):
        vendor = LEVERANDORER["lisens_utland"][int(m) % 3]
        inv01.append(Invoice(int(m), "067001", "642", 4 * int(vat), f"{vendor} – Skytjeneste, kjøp fra utlandet",
                             "utland", int(vat)))
    dom_lic = spread(lic_total - 4 * int(np.sum(vats)), rng.lognormal(0, 0.8, len(lic)))
    for i, a in zip(lic, dom_lic):
        i.net = int(a)
        inv01.append(i)
    inv += inv01
    _credit_notes(rng, inv, 0.03)
    # post 01 without mva
    for art, amount in nonmva.items():
        if art == "630":
            # husleie quarterly in advance, per office
            shares = spread(amount, np.array([0.62, 0.08, 0.09, 0.08, 0.06, 0.07]) * 1.0)  # float ok
            for office, s in zip(HUSLEIE_KONTOR, shares):
                q = spread(int(s), np.array([1.0, 1.0, 1.02, 1.02]))  # float ok: KPI-justering fra Q3
                for m, a in zip((1, 4, 7, 10), q):
                    inv.append(Invoice(m, "067001", "630", int(a),
                                       f"{LEVERANDORER['utleier'][HUSLEIE_KONTOR.index(office) % 5]} – Husleie {office}, kvartal {(m + 2) // 3}",
                                       "none"))
            continue
        if art == "675":
            for m, a in zip(range(1, 13), spread(amount, rng.uniform(0.9, 1.1, 12))):
                inv.append(Invoice(m, "067001", "675", int(a), f"{LEVERANDORER['statlig'][0]} – IKT-drift, månedsfaktura", "none"))
            continue
        n = {"713": 220, "715": 120, "710": 60, "687": 40, "694": 12, "777": 12, "740": 4}[art]
        grp = "reise" if art in ("713", "715", "710") else ("kurs" if art == "687" else "statlig")
        for a, m in zip(spread(amount, rng.lognormal(0, 0.8, n)),
                        rng.choice(months, size=n, p=MONTH_WEIGHTS_DRIFT / MONTH_WEIGHTS_DRIFT.sum())):
            name = "Posten Norge AS" if art == "694" else (
                "Norges Bank / bankforbindelse" if art == "777" else rng.choice(LEVERANDORER[grp]))
            inv.append(Invoice(int(m), "067001", art, int(a), f"{name} – {NONMVA_TEXT[art]}", "none"))
    # mva per invoice; the rounding residual goes one øre at a time on the largest domestic invoices
    for i in inv:
        if i.mva == "dom":
            i.vat = mva_of(i.net)
    residual = mva_total - sum(i.vat for i in inv)
    dom = sorted((i for i in inv if i.mva == "dom" and i.net > 0), key=lambda i: -i.net)
    if abs(residual) > len(dom):
        raise RuntimeError(f"{year}: mva residual {residual} øre too large")
    for i in dom[: abs(residual)]:
        i.vat += 1 if residual > 0 else -1
    return inv


def post_invoices(ledger: Ledger, rng: np.random.Generator, invoices: list[Invoice]) -> int:
    """Book invoices in weekly payment runs (KK utbetalinger); kreditnotaer come in on KK inn.

    Returns the øre received on KK innbetalinger.
    """
    kk_inn = 0
    runs: dict[tuple[int, int], list[Invoice]] = {}
    for i in invoices:
        if i.net < 0:
            gross = -(i.net + i.vat)
            kk_inn += gross
            ledger.group(i.month, [
                (i.statskonto, i.artskonto, i.net, i.tekst),
                ("163301", "1987", i.vat, "Mva nettoordning, kreditnota"),
                (KK_INN, "195", gross, "Innbetaling kreditnota"),
            ])
            continue
        runs.setdefault((i.month, int(rng.integers(0, 4))), []).append(i)
    for (m, r), items in sorted(runs.items()):
        lines: list[tuple[str, str, int, str]] = []
        paid = 0
        for n, i in enumerate(items):
            lines.append((i.statskonto, i.artskonto, i.net, i.tekst))
            if i.mva == "dom":
                lines.append(("163301", "1987", i.vat, "Mva nettoordning – " + i.tekst.split(" – ")[0]))
                paid += i.net + i.vat
            elif i.mva == "utland":
                lines.append(("163301", "1987", i.vat, "Mva nettoordning, tjenester fra utlandet"))
                lines.append((MV, "270", -i.vat, "Beregnet mva, tjenester fra utlandet"))
                paid += i.net
            else:
                paid += i.net
        lines.append((KK_UT, "195", -paid, f"Utbetalingsrunde leverandører {ledger.year}-{m:02d} uke {r + 1}"))
        ledger.group(m, lines)
    return kk_inn


def mva_terminer(ledger: Ledger, invoices: list[Invoice], ib_270: int) -> None:
    """Pay beregnet mva on foreign services per two-month termin (paid the month after)."""
    acc = {m: 0 for m in range(1, 13)}
    for i in invoices:
        if i.mva == "utland":
            acc[i.month] += i.vat
    if ib_270:
        ledger.group(2, [(MV, "270", -ib_270, "Betalt mva termin 6 fjoråret, tjenester fra utlandet"),
                         (KK_UT, "195", ib_270, "Skatteetaten mva termin 6")])
    for t, (a, b) in enumerate(((1, 2), (3, 4), (5, 6), (7, 8), (9, 10)), start=1):
        amount = acc[a] + acc[b]
        ledger.group(b + 1, [(MV, "270", amount, f"Betalt mva termin {t}, tjenester fra utlandet"),
                             (KK_UT, "195", -amount, f"Skatteetaten mva termin {t}")])


# ---------------------------------------------------------------------------------------------
# Tilskudd and innkreving
# ---------------------------------------------------------------------------------------------
TILSKUDD = {
    # statskonto: (artskonto, recipients, run months, components, text, unit)
    "067160": ("870", "kommune", (3, 6, 9, 12), ["år 1", "år 2–5", "eldre og barnehage"], "Integreringstilskudd", 100),
    "067161": ("870", "kommune", tuple(range(1, 13)), ["EM-tilskudd"], "Særskilt tilskudd enslige mindreårige", 1),
    "067162": ("870", "kommune", (2, 5, 9), ["tiltak"], "Kommunale integreringstiltak", 100),
    "067170": ("876", "ks", (1, 7), ["bosettingsordningen"], "Bosettingsordningen, oppfølging", 100),
    "067171": ("876", "org", (2, 3, 8), ["driftstilskudd", "aktivitetstilskudd"], "Tilskudd frivillige organisasjoner", 100),
    "067172": ("877", "tolk", (2, 6, 10), ["tolkeutdanning"], "Kvalifisering av tolker", 100),
    "067173": ("876", "org3", (4, 10), ["tilskudd"], "Tilskudd", 100),
    "067260": ("870", "kommune", (3, 6, 9, 12), ["persontilskudd", "grunntilskudd"], "Norsktilskudd", 1),
    "067261": ("870", "kommune10", (5, 11), ["kompetansekartlegging"], "Kompetansekartlegging i mottak", 1),
}


RECIPIENTS = {"067160": 130, "067161": 45, "067162": 70, "067260": 120, "067261": 12}


def tilskudd(ledger: Ledger, rng: np.random.Generator, cells: dict, kommune_size: np.ndarray) -> None:
    """Payment runs per post: one row per recipient and component, one KK utbetaling per run."""
    for statskonto, (art, who, months, comps, text, unit) in TILSKUDD.items():
        total = cells[(statskonto, "tilskudd")]
        run_w = rng.uniform(0.85, 1.15, len(months))
        if statskonto == "067160":
            run_w[-1] *= 1.1  # flere bosatt enn forutsatt utover året
        per_run = spread(total, run_w, unit)
        for m, run_total in zip(months, per_run):
            if who.startswith("kommune"):
                k = RECIPIENTS[statskonto]
                idx = np.sort(rng.choice(len(KOMMUNER), size=min(k, len(KOMMUNER)), replace=False,
                                         p=kommune_size / kommune_size.sum()))
                names = [f"{KOMMUNER[i].replace('-', ' ')} kommune" for i in idx]
                size = kommune_size[idx]
            elif who == "ks":
                names, size = ["KS – Kommunesektorens organisasjon"], np.array([1.0])  # float ok
            elif who == "tolk":
                names, size = ["OsloMet – storbyuniversitetet", "Direktoratet for høyere utdanning og kompetanse"], np.array([3.0, 1.0])  # float ok
            else:
                k = 10 if who == "org3" else len(ORGANISASJONER)
                names = list(rng.choice(ORGANISASJONER, size=k, replace=False))
                size = rng.lognormal(0, 1.0, k)
            keys = [(n, c) for n in names for c in comps]
            w = np.array([s * rng.lognormal(0, 0.25) * (1.6 if c == "år 1" else 1.0)
                          for s in size for c in comps])  # float ok
            amounts = spread(int(run_total), w, unit)
            lines = [(statskonto, art, int(a), f"{text} {c} – {n}") for (n, c), a in zip(keys, amounts)]
            lines.append((KK_UT, "195", -int(run_total), f"Utbetalingsrunde {text.lower()} {ledger.year}-{m:02d}"))
            ledger.group(m, lines)


def innkreving(ledger: Ledger, rng: np.random.Generator, total: int, identified_280: int) -> int:
    """Tilbakebetalte tilskudd (artskonto 848 on kap. 5309/29); returns the øre paid in on KK inn."""
    cash = total + identified_280  # total is negative (inntekt); identified part came in last year
    n = 140 if ledger.year == 2024 else 110
    amounts = spread(cash, rng.lognormal(0, 1.3, n))
    months = rng.choice(np.arange(1, 13), size=n)
    kinds = ["integreringstilskudd", "norsktilskudd", "tilskudd frivillige organisasjoner", "EM-tilskudd",
             "tilskudd kommunale integreringstiltak"]
    for a, m in zip(amounts, months):
        who = rng.choice(ORGANISASJONER) if rng.random() < 0.2 else f"{rng.choice(KOMMUNER).replace('-', ' ')} kommune"
        ledger.group(int(m), [("530929", "848", int(a), f"Tilbakebetalt {rng.choice(kinds)} – {who}"),
                              (KK_INN, "195", -int(a), "Innbetaling tilbakebetalt tilskudd")])
    if identified_280:
        ledger.group(4 if ledger.year == 2024 else 2, [
            (MV, "280", identified_280, "Uidentifisert innbetaling identifisert"),
            ("530929", "848", -identified_280, "Tilbakebetalt tilskudd, tidligere uidentifisert innbetaling"),
        ])
    return -cash


# ---------------------------------------------------------------------------------------------
# Lønn
# ---------------------------------------------------------------------------------------------
def lonn(ledger: Ledger, rng: np.random.Generator, year: int, cells: dict, refusjon: int,
         ib: dict[str, int], ub: dict[str, int]) -> dict[str, int]:
    """Monthly lønn per avdeling, trekk through 705005, AGA (1986), gruppeliv (1985), SPK, refusjoner.

    Returns the UB per mellomværende artskonto it manages.
    """
    L = cells[("067001", "lonn")]
    aga = -cells[("570072", "aga")]
    gruppeliv = -cells[("530929", "gruppeliv")]
    X = L + refusjon - aga - gruppeliv  # Σ 500, 505, 508, 510, 533, 550, 599, 542
    avd_w = np.array([a[1] for a in AVDELINGER])  # float ok
    growth = np.array([1.0] * 4 + [1.0, 1.04] + [1.045] * 6)  # float ok: lønnsoppgjør med etterbetaling i juni
    fast = spread(X * 735 // 100_000 * 100, growth * rng.uniform(0.985, 1.015, 12))
    fast_avd = [spread(int(f), avd_w * rng.uniform(0.95, 1.05, len(avd_w))) for f in fast]
    ferie = spread(int(fast.sum()) * 102 // 100_000 * 100, np.array([0.02] * 5 + [0.9] + [0.01] * 6))  # float ok
    overtid = spread(X * 9 // 1000, rng.uniform(0.5, 1.5, 12))
    honorar = spread(X * 25 // 10_000, rng.uniform(0.2, 1.8, 12))
    godtgj = spread(X * 8 // 1000, MONTH_WEIGHTS_DRIFT)
    personal = X * 17 // 1000
    # pension: 2 % pensjonstrekk of fast lønn; SPK premium 8.5 % Jan-Sep, Q4 set by the UB line
    trekk263 = np.array([(int(f) * 2 + 50) // 100 for f in fast], dtype=np.int64)
    # UB 263: the trekk of 4th quarter, less what was paid to SPK in December with the premium
    # invoice (a UB target «263» in MV_UB gives that part; Note 7B 2025 shows 749 566 kr)
    ub263 = ub.get("263", -int(trekk263[9:].sum()))
    betalt263_desember = -int(trekk263[9:].sum()) - ub263
    ub282 = ub["282"]
    ub281 = ub["pensjon"] - ub263 - ub282
    spk = np.zeros(12, dtype=np.int64)
    spk[:9] = [(int(f) * 85 + 500) // 1000 for f in fast[:9]]
    spk[9:] = spread(-ub281, np.array([1.0, 1.0, 1.0]))  # float ok
    spk_total = int(spk.sum()) - ub282  # 282: reguleringspremie invoiced in December
    # an overpayment found in December (705005/293 > 0) is credited to 500; the plug carries it
    corr = max(ub["293"], 0)
    midl = corr + X - int(fast.sum()) - int(ferie.sum()) - int(overtid.sum()) - int(honorar.sum()) - int(godtgj.sum()) - personal - spk_total
    if not X * 4 // 100 < midl < X * 15 // 100:
        raise RuntimeError(f"{year}: lønn midlertidig ansatte {midl} outside a plausible range")
    midl_m = spread(midl, rng.uniform(0.8, 1.2, 12) * np.array([1] * 5 + [1.3, 1.5, 1.2] + [1] * 4))
    gross_m = fast + ferie + overtid + honorar + midl_m
    aga_m = spread(aga, gross_m + spk)
    gl_m = spread(gruppeliv, np.ones(12))
    # forskuddstrekk: 26 % of gross; Nov-Dec (unpaid at 31.12) = UB 260
    t260 = np.array([(int(g) * 26 + 50) // 100 for g in gross_m])
    t260[10:] = spread(-ub["260"], gross_m[10:])
    other = {a: np.zeros(12, dtype=np.int64) for a in ("261", "264", "265")}
    for a in other:
        base = -ub[a]
        other[a][:11] = [base * int(p) // 1000 for p in rng.integers(900, 1050, 11)]
        other[a][11] = base
    # fordring på ansatte: reiseforskudd 20 000 settled in January, personallån repaid via lønn
    lan_ib = ib["154"] - K(20000)
    new_forskudd = K(20000) if year == 2024 else 0
    new_lan = K(60000) if year == 2024 else 0
    lan_ub = ub["154"] - new_forskudd
    avdrag_total = lan_ib + new_lan - lan_ub
    avdrag = spread(avdrag_total, np.array([1] * 12) + (np.arange(12) == 5) * (20 if year == 2025 else 0))
    ledger.group(1, [(MV, "154", -K(20000), "Oppgjør reiseforskudd"), ("067001", "713", K(20000), "Reiseregning mot forskudd")])
    if new_lan:
        ledger.group(3, [(MV, "154", new_lan, "Personallån utbetalt"), (KK_UT, "195", -new_lan, "Utbetaling personallån")])
    if new_forskudd:
        ledger.group(11, [(MV, "154", new_forskudd, "Reiseforskudd utbetalt"), (KK_UT, "195", -new_forskudd, "Utbetaling reiseforskudd")])
    # 293: skyldig/for mye utbetalt lønn
    if ib["293"]:
        ledger.group(1, [(MV, "293", -ib["293"], "Utbetalt tilbakeholdt nettolønn fra fjoråret"),
                         (KK_UT, "195", ib["293"], "Utbetaling nettolønn")])
    mnd = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"]
    for m in range(12):
        name = mnd[m]
        lines: list[tuple[str, str, int, str]] = []
        for (avd, _), a in zip(AVDELINGER, fast_avd[m]):
            lines.append(("067001", "500", int(a), f"Lønn fast ansatte {name} – {avd}"))
        for a, s in zip(spread(int(midl_m[m]), avd_w * rng.uniform(0.7, 1.3, len(avd_w))), AVDELINGER):
            lines.append(("067001", "510", int(a), f"Lønn midlertidig ansatte {name} – {s[0]}"))
        if ferie[m]:
            lines.append(("067001", "508", int(ferie[m]), f"Feriepenger {name}"))
        lines.append(("067001", "505", int(overtid[m]), f"Overtid {name}"))
        lines.append(("067001", "533", int(honorar[m]), f"Honorarer {name}"))
        lines.append(("067001", "550", int(godtgj[m]), f"Kostnadsgodtgjørelser {name}"))
        withheld = int(t260[m]) + int(trekk263[m]) + sum(int(o[m]) for o in other.values()) + int(avdrag[m])
        lines += [(MV, "260", -int(t260[m]), f"Forskuddstrekk {name}"),
                  (MV, "263", -int(trekk263[m]), f"Pensjonstrekk 2 % {name}"),
                  (MV, "261", -int(other["261"][m]), f"Påleggstrekk {name}"),
                  (MV, "264", -int(other["264"][m]), f"Forsikringstrekk {name}"),
                  (MV, "265", -int(other["265"][m]), f"Fagforeningskontingent {name}"),
                  (MV, "154", -int(avdrag[m]), f"Avdrag personallån {name}")]
        adj = 0
        if m == 11 and ub["293"]:
            adj = ub["293"]
            lines.append((MV, "293", adj, "For mye utbetalt lønn, krav mot ansatt" if adj > 0 else "Tilbakeholdt nettolønn"))
            lines.append(("067001", "500", -adj if adj > 0 else 0, "Korrigering for mye utbetalt lønn"))
        net = int(gross_m[m]) + int(godtgj[m]) - withheld
        if adj < 0:
            net += adj  # nettolønn held back (skyldig lønn)
        lines.append((KK_UT, "195", -net, f"Lønnsutbetaling {name}, netto"))
        ledger.group(m + 1, lines)
        # AGA per avdeling (statens arbeidsgiveravgift mot kap. 5700/72)
        aga_lines = [("067001", "540", int(a), f"Arbeidsgiveravgift {name} – {avd[0]}")
                     for a, avd in zip(spread(int(aga_m[m]), avd_w), AVDELINGER)]
        aga_lines.append(("570072", "1986", -int(aga_m[m]), f"Arbeidsgiveravgift {name}, kap. 5700 post 72"))
        ledger.group(m + 1, aga_lines)
        ledger.group(m + 1, [("067001", "542", int(spk[m]), f"Pensjonspremie SPK {name}"),
                             (MV, "281", -int(spk[m]), f"Avsatt pensjonspremie SPK {name}")])
        ledger.group(m + 1, [("067001", "592", int(gl_m[m]), f"Gruppelivsforsikring {name}"),
                             ("530929", "1985", -int(gl_m[m]), f"Gruppeliv {name}, kap. 5309 post 29")])
    if ub282:
        ledger.group(12, [("067001", "542", -ub282, "Reguleringspremie SPK"),
                          (MV, "282", ub282, "Fakturert reguleringspremie SPK")])
    # personalkostnader by invoice (velferd, bedriftshelsetjeneste, kantine)
    for m, a in zip(range(1, 13), spread(personal, rng.uniform(0.5, 1.5, 12))):
        parts = spread(int(a), np.array([0.5, 0.3, 0.2]))  # float ok
        ledger.group(m, [("067001", "599", int(parts[0]), "Bedriftshelsetjeneste"),
                         ("067001", "596", int(parts[1]), "Velferdstiltak"),
                         ("067001", "591", int(parts[2]), "Kantinetilskudd"),
                         (KK_UT, "195", -int(a), f"Utbetalingsrunde personalkostnader {year}-{m:02d}")])
    # refusjoner fra NAV (sykepenger, foreldrepenger) on KK innbetalinger
    n_ref = 380 if year == 2025 else 410
    amounts = spread(refusjon, rng.lognormal(0, 0.9, n_ref))
    months = rng.choice(np.arange(1, 13), size=n_ref)
    arts = rng.choice(["580", "581", "589"], size=n_ref, p=[0.68, 0.27, 0.05])
    txt = {"580": "Refusjon sykepenger NAV", "581": "Refusjon foreldrepenger NAV", "589": "Annen refusjon arbeidskraft"}
    for a, m, art in zip(amounts, months, arts):
        ledger.group(int(m), [("067001", str(art), -int(a), txt[str(art)]),
                              (KK_INN, "195", int(a), "Innbetaling " + txt[str(art)].lower())])
    # payments of trekk: 260 bimonthly (termin paid the month after), 261/264/265 the next month
    ledger.group(1, [(MV, "260", -ib["260"], "Forskuddstrekk termin 6 fjoråret"), (KK_UT, "195", ib["260"], "Skatteetaten forskuddstrekk")])
    for t, (a, b) in enumerate(((0, 1), (2, 3), (4, 5), (6, 7), (8, 9)), start=1):
        s = int(t260[a] + t260[b])
        ledger.group(b + 2, [(MV, "260", s, f"Forskuddstrekk termin {t}"), (KK_UT, "195", -s, "Skatteetaten forskuddstrekk")])
    for art, label in (("261", "Påleggstrekk"), ("264", "Forsikringstrekk"), ("265", "Fagforeningskontingent")):
        ledger.group(1, [(MV, art, -ib[art], f"{label} desember fjoråret"), (KK_UT, "195", ib[art], f"Overført {label.lower()}")])
        for m in range(11):
            ledger.group(m + 2, [(MV, art, int(other[art][m]), f"{label} {mnd[m]}"),
                                 (KK_UT, "195", -int(other[art][m]), f"Overført {label.lower()}")])
    # SPK: previous quarter (263 + 281) paid in the first month of the next quarter; IB in January
    ib_pens = ib["263"] + ib["281"] + ib["282"]
    ledger.group(1, [(MV, "263", -ib["263"], "Pensjonstrekk 4. kvartal fjoråret"),
                     (MV, "281", -ib["281"], "Pensjonspremie 4. kvartal fjoråret"),
                     (MV, "282", -ib["282"], "Reguleringspremie fjoråret"),
                     (KK_UT, "195", ib_pens, "Statens pensjonskasse, premie")])
    for q in range(3):
        s263 = int(trekk263[3 * q: 3 * q + 3].sum())
        s281 = int(spk[3 * q: 3 * q + 3].sum())
        ledger.group(3 * q + 4, [(MV, "263", s263, f"Pensjonstrekk {q + 1}. kvartal"),
                                 (MV, "281", s281, f"Pensjonspremie {q + 1}. kvartal"),
                                 (KK_UT, "195", -(s263 + s281), "Statens pensjonskasse, premie")])
    if betalt263_desember:
        ledger.group(12, [(MV, "263", -betalt263_desember, "Pensjonstrekk 4. kvartal, delbetaling"),
                          (KK_UT, "195", betalt263_desember, "Statens pensjonskasse, pensjonstrekk")])
    return {"260": ub["260"], "261": ub["261"], "264": ub["264"], "265": ub["265"], "263": ub263,
            "281": ub281, "282": ub282, "154": ub["154"], "293": ub["293"]}


# ---------------------------------------------------------------------------------------------
# A year
# ---------------------------------------------------------------------------------------------
def build_year(year: int, rng: np.random.Generator, kommune_size: np.ndarray,
               ib: dict[str, int]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Generate one year's S-rapport; returns the frame (øre) and UB per mellomværende artskonto."""
    cells = CELLS_2025 if year == 2025 else CELLS_2024
    ub_target = MV_UB[year]
    ledger = Ledger(year)
    invoices = drift_invoices(rng, year, cells, ub_target["270"])
    kk_inn = post_invoices(ledger, rng, invoices)
    mva_terminer(ledger, invoices, ib["270"])
    if ("067001", "finans") in cells:
        for m, a in zip((3, 8, 11), spread(cells[("067001", "finans")], np.array([0.5, 0.3, 0.2]))):  # float ok
            ledger.group(m, [("067001", "815", int(a), "Forsinkelsesrente leverandørfaktura"),
                             (KK_UT, "195", -int(a), "Utbetaling forsinkelsesrente")])
    tilskudd(ledger, rng, cells, kommune_size)
    identified = ib["280"] - ub_target["280"]  # uidentifiserte innbetalinger from last year, identified now
    kk_inn += innkreving(ledger, rng, cells[("530929", "innkreving")], -identified)
    if year == 2025:
        ledger.group(9, [(KK_INN, "195", K(3400), "Uidentifisert innbetaling"), (MV, "280", -K(3400), "Uidentifisert innbetaling")])
        ledger.group(10, [(MV, "280", K(3400), "Uidentifisert innbetaling tilbakeført"), (KK_UT, "195", -K(3400), "Tilbakebetalt til innbetaler")])
        kk_inn += K(3400)
        refusjon = KK_INN_2025 - kk_inn
    else:
        refusjon = REFUSJON_2024
    ub = lonn(ledger, rng, year, cells, refusjon, ib, ub_target)
    ub.update({"270": ub_target["270"], "280": ub_target["280"]})
    return ledger.frame(), ub


def _fmt(ore: int) -> str:
    whole, frac = divmod(abs(int(ore)), 100)
    return f"{'-' if ore < 0 else ''}{whole},{frac:02d}"


def _tildeling(year: int) -> dict:
    ut = [
        ("0601", "Utredningsvirksomhet, forskning mv.", "21", "Spesielle driftsutgifter"),
        ("0670", "Integrering- og mangfoldsdirektoratet", "01", "Driftsutgifter"),
        ("0670", "Integrering- og mangfoldsdirektoratet", "21", "Spesielle driftsutgifter"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "45", "Større utstyrsanskaffelser og vedlikehold"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "60", "Integreringstilskudd"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "61", "Særskilt tilskudd ved bosetting av enslige mindreårige"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "62", "Kommunale integreringstilltak"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "70", "Bosettingsordningen og integreringstilskudd, oppfølging"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "71", "Tilskudd til integreringsarbeid i regi av sivilsamfunn og frivillige organisasjoner"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "72", "Kvalifiseringsordninger for tolker"),
        ("0671", "Bosetting av flyktninger og tiltak for innvandrere", "73", "Tilskudd"),
        ("0672", "Opplæring i norsk og samfunnskunnskap for voksne innvandrere", "60", "Tilskudd til opplæring i norsk og samfunnskunnskap for voksne innvandrere"),
        ("0672", "Opplæring i norsk og samfunnskunnskap for voksne innvandrere", "61", "Kompetansekartlegging i mottak før bosetting"),
    ]
    inn = [
        ("3670", "Integrering- og mangfoldsdirektoratet", "01", "Driftsinntekter"),
        ("1633", "Nettoordning, statlig betalt merverdiavgift", "01", "Driftsutgifter"),
        ("5309", "Tilfeldige inntekter", "29", "Tilfeldige inntekter, ymse"),
        ("5700", "Folketrygdens inntekter", "72", "Arbeidsgiveravgift"),
    ]
    # (overført fra i fjor, årets tildeling, stikkord); 2025 = Note A and Note B as printed.
    amounts = TILDELING[year]
    poster = []
    for kap, kn, post, pt in ut:
        if kap + post not in amounts:
            continue
        o, a, s = amounts[kap + post]
        poster.append({"kapittel": kap, "post": post, "kapittelnavn": kn, "posttekst": pt,
                       "overfort_fra_i_fjor": o, "arets_tildeling": a, "stikkord": s})
    for kap, kn, post, pt in inn:
        poster.append({"kapittel": kap, "post": post, "kapittelnavn": kn, "posttekst": pt,
                       "overfort_fra_i_fjor": 0, "arets_tildeling": 0, "stikkord": None})
    return {"ar": year, "virksomhet": "Integrerings- og mangfoldsdirektoratet (IMDi)", "poster": poster}


KO, OS = "kan overføres", "overslagsbevilgning"
TILDELING: dict[int, dict[str, tuple[int, int, str | None]]] = {
    2025: {  # Note A (overført fra i fjor, årets tildelinger), Note B stikkord
        "060121": (0, 400000, None), "067001": (11838000, 402395000, None), "067021": (0, 30000000, KO),
        "067145": (9479000, 51140000, KO), "067160": (0, 19232071000, KO), "067161": (0, 1995555000, OS),
        "067162": (0, 306682000, None), "067170": (0, 2746000, None), "067171": (0, 238324000, None),
        "067172": (0, 22330000, None), "067173": (0, 12700000, None), "067260": (0, 1753368000, None),
        "067261": (0, 677000, None),
    },
    2024: {  # reconstructed; Σ = hovedtall 26 897 718 (1000 kr); see README
        "060121": (0, 28500000, None), "067001": (9912000, 390736000, None), "067145": (5239000, 56300000, KO),
        "067160": (0, 21505000000, KO), "067161": (0, 1990000000, OS), "067162": (0, 247400000, None),
        "067170": (0, 2645000, None), "067171": (0, 215300000, None), "067172": (0, 17000000, None),
        "067173": (0, 12100000, None), "067260": (0, 2416586000, None), "067261": (0, 1000000, None),
    },
}


def write_all(out: Path = OUT) -> dict[int, pd.DataFrame]:
    """Generate both years and write every file; returns the frames (øre)."""
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    # the list runs roughly from the largest kommuner down; bosetting follows size, with spread
    kommune_size = rng.lognormal(0, 0.5, len(KOMMUNER)) * (np.arange(len(KOMMUNER)) + 3.0) ** -0.9  # float ok
    ib = dict(MV_2023)
    frames: dict[int, pd.DataFrame] = {}
    ib_rows = [("2023-12-31", MV, art, _fmt(v)) for art, v in sorted(MV_2023.items())]
    pd.DataFrame(ib_rows, columns=["dato", "statskonto", "artskonto", "belop"]).to_csv(
        out / "mellomvaerende_ib.csv", sep=";", index=False)
    for year in (2024, 2025):
        df, ub = build_year(year, rng, kommune_size, ib)
        frames[year] = df
        text = df.assign(belop=df["belop_ore"].map(_fmt))[["periode", "statskonto", "artskonto", "belop", "tekst"]]
        text.to_csv(out / f"srapport_{year}.csv", sep=";", index=False, lineterminator="\n")
        ib = ub
    for year in (2024, 2025):
        with open(out / f"tildeling_{year}.yaml", "w", encoding="utf-8") as fh:
            fh.write(f"# Tildeling {year} for IMDi, whole kroner. "
                     + ("Note A og note B i årsregnskapet 2025.\n" if year == 2025 else
                        "Rekonstruert; se README.md.\n"))
            fh.write("# 0601/21 er en mottatt belastningsfullmakt fra Arbeids- og inkluderingsdepartementet"
                     + (" (FoU-midlene; fra 2025 på kap. 670 post 21).\n" if year == 2024 else ".\n"))
            yaml.safe_dump(_tildeling(year), fh, allow_unicode=True, sort_keys=False, width=200)
    return frames


# ---------------------------------------------------------------------------------------------
# Self-check: read the written files back and recompute every target
# ---------------------------------------------------------------------------------------------
def _line(art: str) -> str | None:
    """Artskonto (on a kapittel/post row) -> artskontorapportering line."""
    if art in ("1985", "1986", "1987"):
        return {"1985": "gruppeliv_1985", "1986": "aga_1986", "1987": "mva_1987"}[art]
    a = int(art)
    if 100 <= a <= 129 or 470 <= a <= 499:
        return "investering"
    if 500 <= a <= 599:
        return "lonn"
    if 400 <= a <= 469 or 610 <= a <= 799:
        return "andre_drift"
    if 810 <= a <= 819:
        return "finansutgifter"
    if 820 <= a <= 849:
        return "innkreving"
    if 850 <= a <= 879:
        return "tilskudd"
    return None


def _mv_line(art: str) -> str:
    a = int(art)
    if a == 154:
        return "fordringer_ansatte"
    if 260 <= a <= 269 and a != 263:
        return "skattetrekk"
    if a in (263, 281, 282):
        return "pensjon"
    if 270 <= a <= 279:
        return "offentlige_avgifter"
    if a == 280:
        return "differanser_bank"
    if a == 293:
        return "lonn"
    return "annet"


def read_srapport(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    df["belop_ore"], _ = parse_ore_series(df["belop"], decimal=",")
    return df


def statements(df: pd.DataFrame, ib: dict[str, int]) -> dict:
    """Recompute the figures of the published statements from one year's S-rapport (øre)."""
    bev = df[(df["statskonto"].str.len() == 6) & (df["statskonto"] != MV)]
    per_post = bev.groupby("statskonto")["belop_ore"].sum()
    lines = bev.assign(line=bev["artskonto"].map(_line)).groupby("line")["belop_ore"].sum()
    mv = df[df["statskonto"] == MV].groupby("artskonto")["belop_ore"].sum()
    ub_art = {a: ib.get(a, 0) + int(mv.get(a, 0)) for a in set(ib) | set(mv.index)}
    mv_lines: dict[str, int] = {}
    for a, v in ub_art.items():
        mv_lines[_mv_line(a)] = mv_lines.get(_mv_line(a), 0) + v
    g = lines.to_dict()
    r = {k: int(g.get(k, 0)) for k in ("lonn", "andre_drift", "investering", "finansutgifter", "innkreving",
                                       "tilskudd", "gruppeliv_1985", "aga_1986", "mva_1987")}
    out = {
        "per_post": {k: int(v) for k, v in per_post.items()},
        "lonn": r["lonn"], "andre_drift": r["andre_drift"], "sum_drift": r["lonn"] + r["andre_drift"],
        "investering": r["investering"], "finansutgifter": r["finansutgifter"],
        "sum_invest": r["investering"] + r["finansutgifter"], "innkreving": -r["innkreving"],
        "tilskudd": r["tilskudd"], "gruppeliv_1985": -r["gruppeliv_1985"], "aga_1986": -r["aga_1986"],
        "mva_1987": r["mva_1987"],
        "netto_felles": r["mva_1987"] + r["gruppeliv_1985"] + r["aga_1986"],
        "netto_rapportert": int(bev["belop_ore"].sum()),
        "kk_inn": int(df.loc[df["statskonto"] == KK_INN, "belop_ore"].sum()),
        "kk_ut": int(df.loc[df["statskonto"] == KK_UT, "belop_ore"].sum()),
        "mv_ub": sum(ub_art.values()), "mv_ib": sum(ib.values()), "mv_lines": mv_lines, "ub_art": ub_art,
    }
    return out


def self_check(out: Path = OUT) -> list[str]:
    """Every target recomputed from the written files; returns the list of misses (empty = all hit)."""
    errs: list[str] = []

    def eq(name: str, ore: int, kroner: int) -> None:
        if ore_to_kroner(ore) != kroner:
            errs.append(f"{name}: data {ore} øre -> {ore_to_kroner(ore)} kr, published {kroner}")

    ib_df = pd.read_csv(out / "mellomvaerende_ib.csv", sep=";", dtype=str)
    ib_ore, _ = parse_ore_series(ib_df["belop"], decimal=",")
    ib = dict(zip(ib_df["artskonto"], (int(v) for v in ib_ore)))
    res = {}
    for year in (2024, 2025):
        df = read_srapport(out / f"srapport_{year}.csv")
        per = df.groupby("periode")["belop_ore"].sum()
        for p, v in per.items():
            if v != 0:
                errs.append(f"{p}: period sums to {v} øre")
        if len(per) != 12:
            errs.append(f"{year}: {len(per)} periods")
        if not 3000 <= len(df) <= 20000:
            errs.append(f"{year}: {len(df)} rows")
        res[year] = statements(df, ib)
        ib = res[year]["ub_art"]
    s25, s24 = res[2025], res[2024]
    P = PUBLISHED
    for post, kr in P["regnskap_2025"].items():
        eq(f"regnskap 2025 {post}", s25["per_post"].get(post, 0), kr)
    for post, kr in P["inntekt_2025"].items():
        eq(f"inntekt 2025 {post}", -s25["per_post"].get(post, 0), kr)
    utg = sum(v for k, v in s25["per_post"].items() if k[:2] in ("06", "16"))
    inn = -sum(v for k, v in s25["per_post"].items() if k[:2] in ("36", "53", "57"))
    eq("sum utgiftsført 2025", utg, P["sum_utgiftsfort_2025"])
    eq("sum inntektsført 2025", inn, P["sum_inntektsfort_2025"])
    tild = {k: o + a for k, (o, a, _) in TILDELING[2025].items()}
    eq("Σ tildeling 2025", 100 * sum(tild.values()), P["tildeling_2025_sum"])
    eq("Σ mer/mindreutgift 2025", sum(100 * t - s25["per_post"].get(k, 0) for k, t in tild.items()),
       P["sum_mer_mindre_2025"])
    for k, t in tild.items():
        regn = P["regnskap_2025"][k]
        eq(f"mer/mindre 2025 {k}", 100 * t - s25["per_post"].get(k, 0), t - regn)
    eq("KK inn 2025", s25["kk_inn"], P["kk_inn_2025"])
    eq("KK ut 2025", s25["kk_ut"], P["kk_ut_2025"])
    eq("netto trekk KK 2025", s25["kk_inn"] + s25["kk_ut"], P["netto_trekk_kk_2025"])
    eq("endring mellomværende 2025", s25["mv_ub"] - s25["mv_ib"], P["endring_mv_2025"])
    eq("mellomværende UB 2025", s25["mv_ub"], P["mv_ub_2025"])
    eq("mellomværende IB 2025", s25["mv_ib"], P["mv_ib_2025"])
    if s25["netto_rapportert"] + s25["kk_inn"] + s25["kk_ut"] + s25["mv_ub"] - s25["mv_ib"] != 0:
        errs.append("2025: netto + KK + Δmellomværende != 0")
    for line, (v25, v24) in P["artskonto"].items():
        eq(f"artskonto 2025 {line}", s25[line], v25)
        eq(f"artskonto 2024 {line}", s24[line], v24)
    for line, (v25, v24) in P["mellomvaerende"].items():
        if line == "sum":
            eq("mellomværende sum 2025", s25["mv_ub"], v25)
            eq("mellomværende sum 2024", s24["mv_ub"], v24)
        else:
            eq(f"mellomværende 2025 {line}", s25["mv_lines"].get(line, 0), v25)
            eq(f"mellomværende 2024 {line}", s24["mv_lines"].get(line, 0), v24)
    tild24 = {k: o + a for k, (o, a, _) in TILDELING[2024].items()}
    eq("Σ tildeling 2024", 100 * sum(tild24.values()), P["tildeling_2024_sum"])
    post01_tusen = (s24["per_post"]["067001"] + 50_000) // 100_000
    if post01_tusen != P["post01_2024_tusen"]:
        errs.append(f"post 01 2024: {post01_tusen} (1000 kr), published {P['post01_2024_tusen']}")
    # Note A 2025 overført = what 2024 left on 0670/01 and 0671/45 (rounded down to 1000 kr)
    for k in ("067001", "067145"):
        left = tild24[k] - ore_to_kroner(s24["per_post"][k])
        if left // 1000 * 1000 != TILDELING[2025][k][0]:
            errs.append(f"{k}: 2024 mindreutgift {left} does not give overført {TILDELING[2025][k][0]}")
    # consistency facts: AGA = 540 on post 01 per period; 1985 = 592; 1987 ≈ 25 % of mva-base
    for year in (2024, 2025):
        df = read_srapport(out / f"srapport_{year}.csv")
        a540 = df[(df["statskonto"] == "067001") & (df["artskonto"] == "540")].groupby("periode")["belop_ore"].sum()
        a1986 = df[df["artskonto"] == "1986"].groupby("periode")["belop_ore"].sum()
        if not (a540 + a1986 == 0).all():
            errs.append(f"{year}: AGA 540 != 1986 in some period")
    return errs


def main() -> int:
    frames = write_all()
    errs = self_check()
    for year, df in frames.items():
        print(f"srapport_{year}.csv: {len(df)} rows, {df['periode'].nunique()} periods")
    if errs:
        print("SELF-CHECK FAILED:", file=sys.stderr)
        for e in errs:
            print("  " + e, file=sys.stderr)
        raise SystemExit(1)
    print("self-check: every target reproduced")
    return 0


if __name__ == "__main__":
    sys.exit(main())
