"""Reconstruct IMDi's SRS ledger 2024–2025 and asset register (input data for the worked example).

IMDi's ledger is not public.  This script writes a hovedbok per year and an anleggsregister
from which the library's SRS statements reproduce the published årsregnskap 2025
(``examples/imdi-2025/publisert/aarsregnskap_2025.yaml``).  The published figures are the *targets* of
the reconstruction; the statements are computed from the written rows by the library.

Cash-side postings are derived from the reconstructed S-rapport (``srapport_2024.csv``,
``srapport_2025.csv``) where it exists: tilskudd per kapittel/post and month, innkreving,
felleskap 1985/1986, underkonto 1987 and the konsernkonto innbetalinger.  Deliberate
differences, as in the published report: kap. 0672/60 2025 is 92 949 kr lower in the ledger
(note 9 vs bevilgning, I2) and underkonto 1987 2025 totals 43 821 904 kr as
Note 7A prints (§7 I1), against 43 184 532 kr on kap. 1633/01.

Published figures are whole kroner; where a printed total is not the sum of its printed lines
(§7 I13) the ledger uses øre amounts so that every line and every total rounds (half away from
zero) to the printed figure.

The konsernkonto (1930/1940) equals the S-rapport's 60088701/60088702 to the øre in 2024 and 2025;
the script stops if it does not.  Investments (SRS 17, R-115 artskonto «Utbetaling til
investeringer»): the 2024 additions of the asset register less the capitalised own work (504 «lønn
balanseført», booked against the asset, no cash) equal the S-rapport's 2024 investments to the
øre; the assets behind the published opening balances 01.01.2025 that are not 2024 additions were
bought before 2024 and are in the opening balance 01.01.2024.

    python tools/reconstruct/srs.py [path/to/published.yaml]

with the published årsregnskap (``docs/verify.md`` format) defaulting to
``examples/imdi-2025/publisert/aarsregnskap_2025.yaml``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples" / "imdi-2025"
sys.path.insert(0, str(ROOT / "src"))

from imdi_ledger.load.anleggsregister import Anleggsregister, load_anleggsregister  # noqa: E402
from imdi_ledger.kontoplan import standard_kontoplan  # noqa: E402
from imdi_ledger.load.dialect import money_column, read_table  # noqa: E402
from imdi_ledger.load.srapport import load_srapport  # noqa: E402
from imdi_ledger.srs import anleggsnoter, load_anleggsgrupper  # noqa: E402

KR = 100


def kr(x: int) -> int:
    return int(x) * KR


def fordel(printed: list[int], total_ore: int) -> list[int]:
    """Øre amounts per line that round to the printed kroner and sum to ``total_ore``."""
    base = [kr(p) for p in printed]
    diff = total_ore - sum(base)
    n = len(base)
    if abs(diff) > 49 * n:
        raise SystemExit(f"kan ikke fordele {diff} øre på {n} linjer ({printed})")
    step, rest = divmod(abs(diff), n)
    sign = 1 if diff >= 0 else -1
    return [b + sign * (step + (1 if i < rest else 0)) for i, b in enumerate(base)]


# ---------------------------------------------------------------------------------------------
# Accounts for the published note lines (the account numbers the shipped note mapping selects)
NOTE2 = ["5000", "5080", "5400", "5420", "5040", "5800", "5990"]
NOTE5_MAIN = {"Husleie": "6300", "Vedlikehold egne bygg og anlegg": "6600",
              "Vedlikehold og ombygging av leide lokaler": "6630",
              "Andre kostnader til drift av eiendom og lokaler": "6390",
              "Mindre utstyrsanskaffelser": "6550", "Reiser og diett": "7130"}
NOTE5_LEIE = ["6410", "6420", "6430", "6440", "6490"]
NOTE5_KONS = ["6700", "6705", "6710", "6720", "6725", "6727", "6730", "6739"]
NOTE5_FREMMEDE = ["6740", "6750", "6760", "6780", "6785"]
NOTE5_OVRIGE = ["6800", "6820", "6830", "6840", "6845", "6850", "6860", "6870", "6880", "6900",
                "6905", "6940", "7350", "7400", "7410", "7770", "7795", "7790", "7796"]
NOTE9_POSTER = [("0671", "60"), ("0671", "61"), ("0671", "62"), ("0671", "70"), ("0671", "71"),
                ("0671", "72"), ("0671", "73"), ("0672", "60"), ("0672", "61")]
TILSKUDD_KONTO = {"870": "8700", "876": "8760", "877": "8770"}
# The konsernkonto (1930 innbetalinger, 1940 utbetalinger) equals the S-rapport's 60088701/60088702
# to the øre in both years.  2025: the øre left by the published rounding go to a balance account
# with room for them (forskuddsbetalte kostnader, 31.12.2025).  2024: every closing balance is
# published, so what the books leave over is carried by the invented leverandørgjeld 31.12.2023
# (see ``main``).
KK_SLACK = {2025: "1700"}


class Bok:
    """Collects postings; every bilag is balanced when added."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []
        self.n = 0

    def bilag(self, dato: date, tekst: str, poster: list[tuple[str, int]], bilag: str | None = None,
              kapittel: str = "", post: str = "") -> None:
        if not any(b for _, b in poster):
            return
        if sum(b for _, b in poster) != 0:
            raise SystemExit(f"ubalansert bilag {tekst}: {poster}")
        self.n += 1
        nr = bilag or f"{dato.year}-{self.n:05d}"
        for konto, b in poster:
            if b == 0:
                continue
            kp = (kapittel, post) if konto.startswith(("87", "85")) else ("", "")
            self.rows.append({"bilag": nr, "dato": dato.isoformat(), "konto": konto, "belop_ore": int(b),
                              "tekst": tekst, "kapittel": kp[0], "post": kp[1]})

    def saldo(self, ar: int) -> dict[str, int]:
        f = pd.DataFrame(self.rows)
        f = f[f["dato"].str.startswith(str(ar))]
        return {str(k): int(v) for k, v in f.groupby("konto")["belop_ore"].sum().items()}

    def write(self, path: Path, ar: int) -> None:
        f = pd.DataFrame(self.rows)
        f = f[f["dato"].str.startswith(str(ar))].copy()
        f["belop"] = f.pop("belop_ore").map(lambda o: f"{'-' if o < 0 else ''}{abs(o) // 100},{abs(o) % 100:02d}")
        f[["bilag", "dato", "konto", "belop", "tekst", "kapittel", "post"]].to_csv(path, sep=";", index=False)


# ---------------------------------------------------------------------------------------------
# Asset register
REG_COLS = ["eiendel", "gruppe", "konto", "anskaffelsesdato", "tatt_i_bruk", "anskaffelseskost",
            "levetid_ar", "avgangsdato", "nedskrivning"]


def _row(eiendel: str, gruppe: str, a: date, t: date | None, kost_ore: int, lev: int | None) -> dict[str, str]:
    konto = {"programvare": "1040", "under_utforelse": "1070", "driftslosore": "1250"}[gruppe]
    return {"eiendel": eiendel, "gruppe": gruppe, "konto": konto, "anskaffelsesdato": a.isoformat(),
            "tatt_i_bruk": t.isoformat() if t else "", "anskaffelseskost": f"{kost_ore // 100},{kost_ore % 100:02d}",
            "levetid_ar": str(lev) if lev else "", "avgangsdato": "", "nedskrivning": ""}


def prosjekter() -> list[dict[str, str]]:
    """Software projects as in the published «pågående anlegg» table.  Costs carried from 2024
    are reclassified when taken in use in 2025; 2025 costs of a project taken in use in 2025
    are a direct tilgang (the table shows gross flows, note 3 net: §7 I11)."""
    P = []
    def comp(navn, a, t, ore):
        P.append(_row(navn, "programvare", a, t, ore, 5))
    comp("Etablering av funksjonaliteter som understøtter bosetting og beslutningsstøtte", date(2024, 6, 3), None, 462015000)
    comp("Etablering av funksjonaliteter som understøtter bosetting og beslutningsstøtte", date(2025, 5, 5), None, 3025397700)
    comp("Fellestjenester for grunndata", date(2024, 3, 1), date(2025, 2, 14), 100120600)
    comp("Fellestjenester for grunndata", date(2025, 1, 20), date(2025, 2, 14), 186200)
    comp("Digital tjeneste for Minoritets- og integreringsrådgivere", date(2024, 9, 2), date(2025, 9, 30), 23253500)
    comp("Digital tjeneste for Minoritets- og integreringsrådgivere", date(2025, 4, 1), date(2025, 9, 30), 28516000)
    comp("Digital tjeneste for Minoritets- og integreringsrådgivere", date(2025, 11, 3), None, 694300)
    comp("Nytt nettsted for IMDi.no – prosjektgjennomføring", date(2024, 2, 1), date(2025, 6, 30), 1272914330)
    comp("Nytt nettsted for IMDi.no – prosjektgjennomføring", date(2025, 6, 10), date(2025, 6, 30), 648978130)
    comp("Digitale tilskudd – norsktilskudd", date(2025, 10, 1), None, 3643700)
    comp("Tilgangsstyringstjeneste", date(2025, 11, 3), None, 16886700)
    comp("Prosjekt bedre bosetting", date(2024, 1, 15), date(2025, 3, 31), 2637965190)
    comp("Prosjekt bedre bosetting", date(2025, 2, 3), date(2025, 3, 31), 175364350)
    comp("Prosjekt bedre bosetting", date(2025, 9, 1), None, 484949340)
    return P


def plugg(gruppe: str, navn: str, natural: list[dict[str, str]], K0: int, A0: int, D25: int,
          D24: int | None = None) -> list[dict[str, str]]:
    """Plug assets, all acquired before 2024, so that the group's 2025 opening cost ``K0``,
    opening accumulated depreciation ``A0`` and 2025 avskrivning ``D25`` (øre) come out exactly
    (cost, accumulated 01.01.2025, avskrivning 2025):

    * P1 fully depreciated before 2024 (k1, k1, 0);
    * P4 120 months from January 2024 (10·d4, d4, d4);
    * P5 60 months from January 2024 (5·d5, d5, d5);
    * P3 60 months from January 2023 (5·e, 2·e, e), e about a tenth of the plug's avskrivning
      2025 and chosen modulo 5 so that the division is exact;
    * for a 2024 avskrivning target ``D24``: P2, 36 months ending December 2024 (3·δ, 3·δ, 0),
      taken out of P1.

    The group's 2024 additions are therefore those of ``natural`` only: the plug assets are in the
    opening balance 01.01.2024."""
    gr = load_anleggsgrupper()

    def contrib(rows: list[dict[str, str]], ar: int) -> tuple[int, int, int]:
        if not rows:
            return 0, 0, 0
        reg = load_anleggsregister(pd.DataFrame(rows, columns=REG_COLS))
        r = anleggsnoter(reg, gr, ar).frame.set_index("gruppe").loc[gruppe]
        return int(r["kost_ib"]), int(r["avskr_ib"]), int(r["avskr_aret"])
    kn, an, dn = contrib(natural, 2025)
    dr, bvr = D25 - dn, (K0 - A0) - (kn - an)
    # dr = e + d4 + d5 and bvr = 3e + 9·d4 + 4·d5, so 5·d4 = bvr − 4·dr + e
    e = (-(bvr - 4 * dr)) % 5 + 5 * (dr // 50)
    d4 = (bvr - 4 * dr + e) // 5
    d5 = dr - e - d4
    k1 = (A0 - an) - 2 * e - d4 - d5
    if min(d5, d4, k1) < 0:
        raise SystemExit(f"{gruppe}: plugg gir negative verdier d5={d5} d4={d4} k1={k1}")
    out = [_row(f"{navn} anskaffet før 2019", gruppe, date(2018, 12, 3), date(2018, 12, 3), k1, 5),
           _row(f"{navn} 2023", gruppe, date(2023, 12, 4), date(2023, 12, 4), 5 * d5, 5),
           _row(f"{navn} 2023 (lang levetid)", gruppe, date(2023, 12, 4), date(2023, 12, 4), 10 * d4, 10)]
    if e:
        out.append(_row(f"{navn} 2022", gruppe, date(2022, 12, 5), date(2022, 12, 5), 5 * e, 5))
    if D24 is not None:
        d24 = contrib(natural + out, 2024)[2]
        delta = D24 - d24
        if delta < 0 or 3 * delta > k1:
            raise SystemExit(f"{gruppe}: kan ikke nå avskrivning 2024 ({delta})")
        out[0] = _row(f"{navn} anskaffet før 2019", gruppe, date(2018, 12, 3), date(2018, 12, 3), k1 - 3 * delta, 5)
        out.append(_row(f"{navn} 2021", gruppe, date(2021, 12, 6), date(2021, 12, 6), 3 * delta, 3))
    got = contrib(natural + out, 2025)
    if got != (K0, A0, D25):
        raise SystemExit(f"{gruppe}: plugg gir {got}, ikke {(K0, A0, D25)}")
    return out


def investeringer_2024(egen_2024: int) -> tuple[int, int]:
    """The 2024 additions to programvare and driftsløsøre (øre) that reconcile the register with
    the S-rapport 2024: the additions of the year less the capitalised own work (504, no cash) equal
    the S-rapport's «Utbetaling til investeringer».  Programvare takes the S-rapport's artskonto 104
    (licences), driftsløsøre the rest after the projects under utførelse."""
    s = load_srapport(EX / "srapport_2024.csv")
    f = s.frame
    inv = f[(f["kontotype"] == "bevilgning")
            & (standard_kontoplan().artskonto_linje(f["artskonto"]) == "utbetaling_investeringer").to_numpy()]
    kontant = int(inv["belop_ore"].sum())
    lisenser = int(inv.loc[inv["artskonto"] == "104", "belop_ore"].sum())
    prosjekter_2024 = sum(_kost(r) for r in prosjekter() if r["anskaffelsesdato"].startswith("2024"))
    driftslosore = kontant + egen_2024 - prosjekter_2024 - lisenser
    if min(lisenser, driftslosore) < 0:
        raise SystemExit(f"investeringer 2024 kan ikke fordeles: lisenser {lisenser}, driftsløsøre {driftslosore}")
    return lisenser, driftslosore


def _kost(row: dict[str, str]) -> int:
    kr_, ore = row["anskaffelseskost"].split(",")
    return int(kr_) * KR + int(ore)


def register(egen_2024: int) -> pd.DataFrame:
    """The asset register.  ``egen_2024``: capitalised own work 2024 (øre, positive), part of the
    projects under utførelse."""
    proj = prosjekter()
    lisenser_2024, drift_2024_ore = investeringer_2024(egen_2024)
    lis = [_row("Programvarelisenser 2024", "programvare", date(2024, 4, 8), date(2024, 4, 8), lisenser_2024, 5),
           _row("Programvarelisenser 2025", "programvare", date(2025, 4, 7), date(2025, 4, 7), 467939510, 5)]
    drift_nye = [_row("Inventar og IKT-utstyr 2024", "driftslosore", date(2024, 8, 5), date(2024, 8, 5), drift_2024_ore, 5),
                 _row("Inventar og IKT-utstyr 2025", "driftslosore", date(2025, 8, 4), date(2025, 8, 4), 283470050, 5)]
    drift = plugg("driftslosore", "Driftsløsøre og inventar", drift_nye, K0=1648910050, A0=938004200, D25=185596200)
    reg = load_anleggsregister(pd.DataFrame(drift_nye + drift, columns=REG_COLS))
    d24_drift = int(anleggsnoter(reg, load_anleggsgrupper(), 2024).frame.set_index("gruppe").loc["driftslosore", "avskr_aret"])
    # 2024: driftskostnader 452 051 229,60 = lønn 249 545 015 + andre 174 584 911,80 + avskrivninger
    prog = plugg("programvare", "Programvare", proj + lis, K0=22602997955, A0=7138979335, D25=2817338675,
                 D24=2792130280 - d24_drift)
    return pd.DataFrame(proj + lis + prog + drift_nye + drift, columns=REG_COLS)


# ---------------------------------------------------------------------------------------------
def srapport(ar: int) -> pd.DataFrame | None:
    p = EX / f"srapport_{ar}.csv"
    if not p.exists():
        return None
    raw = read_table(p, required=("periode", "statskonto", "artskonto", "belop"), money=("belop",))
    f = raw.frame[["periode", "statskonto", "artskonto"]].astype(str).copy()
    f["ore"] = money_column(raw, "belop")
    return f


def month_end(periode: str) -> date:
    d = pd.Timestamp(periode + "-01") + pd.offsets.MonthEnd(0)
    return d.date()


def vals(sec: list[dict[str, object]], key: str) -> list[int]:
    return [int(r[key]) for r in sec if r.get("kind") != "sum"]


def bokfor(N: dict, regobj: Anleggsregister, lonn: dict[int, list[int]], srap: dict[int, pd.DataFrame],
           leverandorgjeld_2023: int) -> Bok:
    """Both years' ledgers.  ``leverandorgjeld_2023``: øre added to the invented leverandørgjeld
    31.12.2023 (2400, credit negative); it is what makes the 2024 konsernkonto equal the S-rapport's."""
    gr = load_anleggsgrupper()
    bok = Bok()
    uu_konto = str(gr.rad("under_utforelse")["ks"]) + "0"

    # closing balances (øre) per account: 31.12.2023 (invented), 2024, 2025 (published)
    ub = {
        2024: {"1500": kr(-5000), "1540": kr(20000), "1545": kr(102687), "1700": kr(3586333) - 45,
               "1790": kr(725670), "1570": kr(1753980), "2400": kr(-13933307) - 40, "2600": kr(-8221106),
               "2790": kr(-380165), "2780": kr(-5031063 + 380165), "2940": kr(-21871057) - 40,
               "2930": kr(-19315), "2910": kr(-10609183), "2980": kr(-3898706), "2960": kr(-9779199 + 7687),
               "2800": kr(-7687)},
        # 2025: 1700 before the konsernkonto øre (see KK_SLACK); 2930 899,50 and 2960 + 2800
        # 4 020 287,40 so that Note 7B's «annen kortsiktig gjeld» (2800 + 2930 + 2960) prints
        # 4 019 388 while note 12 prints 900 and 4 020 287 (§7 I13)
        2025: {"1500": 0, "1540": 0, "1545": kr(13450), "1700": kr(10484764), "1790": kr(636816) + 49,
               "1570": kr(2266651) + 49, "2400": kr(-20665601), "2600": kr(-9262981), "2790": kr(-61145),
               "2780": kr(-4384544 + 61145), "2940": kr(-23362636), "2930": kr(900) - 50,
               "2910": kr(-11278536) - 45, "2980": 0, "2960": kr(-4020287 + 2687) - 40, "2800": kr(-2687)},
    }
    ub[2023] = {k: (v * 9) // 10 for k, v in ub[2024].items()}
    ub[2023]["2400"] += leverandorgjeld_2023

    # opening balance 2024: assets from the register, other accounts as invented, 1990 balancing
    an23 = anleggsnoter(regobj, gr, 2024)
    ib = dict(ub[2023])
    for _, r in an23.frame.iterrows():
        if r["kost_ib"] or r["avskr_ib"]:
            k = str(gr.rad(r["gruppe"])["ks"])
            ib[k + "0"] = ib.get(k + "0", 0) + int(r["kost_ib"])
            ib[k + "9"] = ib.get(k + "9", 0) - int(r["avskr_ib"])
    ib["1990"] = -sum(ib.values())
    bok.bilag(date(2024, 1, 1), "Inngående balanse", sorted(ib.items()), bilag="IB")

    for ar in (2024, 2025):
        key = "belop" if ar == 2025 else "belop_fjor"
        des = date(ar, 12, 31)
        cost: dict[str, int] = dict(zip(NOTE2, lonn[ar]))
        main5 = {r["tekst"]: int(r[key]) for r in N["note_5_andre_driftskostnader"]}
        for sec, konti in (("note_5_leie_maskiner", NOTE5_LEIE), ("note_5_konsulenttjenester", NOTE5_KONS),
                           ("note_5_fremmede_tjenester", NOTE5_FREMMEDE), ("note_5_ovrige_driftskostnader", NOTE5_OVRIGE)):
            total = [int(r[key]) for r in N[sec] if r.get("kind") == "sum"][0]
            for k, v in zip(konti, fordel(vals(N[sec], key), kr(total))):
                cost[k] = v
        spesifisert = sum(v for k, v in cost.items() if k[0] in "67")
        # 2024: driftskostnader 452 051 229,60 so that inntekt fra bevilgninger rounds to 452 062 997
        # 2025: 167 899 897,75 so that inntekt fra bevilgninger (1991) is 451 832 304,50; with the
        # konsernkonto equal to the S-rapport, Note 7A's sum endring is then -28 938 173,94 (174)
        total5 = kr(main5["Sum andre driftskostnader"]) - (20 if ar == 2024 else 25)
        hoved = fordel([main5[t] for t in NOTE5_MAIN], total5 - spesifisert)
        cost.update(dict(zip(NOTE5_MAIN.values(), hoved)))
        if ar == 2024:
            cost["8150"] = kr(11768) - 40
        for k, v in sorted(cost.items()):
            # booked monthly, paid over the konsernkonto; lønn balanseført (504) is own work on the
            # projects under utførelse, with no cash
            mot = uu_konto if k == "5040" else "1940"
            per = [v // 12] * 11 + [v - 11 * (v // 12)]
            for m, b in enumerate(per, start=1):
                tekst = "Lønn balanseført, egenutvikling" if k == "5040" else f"Kostnad {k}"
                bok.bilag(date(ar, m, 28), tekst, [(k, b), (mot, -b)])
        # fixed assets: tilgang paid over the konsernkonto (less the own work already on the
        # account), reklassifisering between the groups, avskrivning
        an = anleggsnoter(regobj, gr, ar)
        reklass: list[tuple[str, int]] = []
        for _, r in an.frame.iterrows():
            k = str(gr.rad(r["gruppe"])["ks"])
            betalt = int(r["tilgang"]) + (int(cost["5040"]) if k + "0" == uu_konto else 0)
            if betalt < 0:
                raise SystemExit(f"{ar}: lønn balanseført er større enn tilgangen på {r['gruppe']}")
            bok.bilag(des, f"Anlegg {r['gruppe']}, tilgang", [(k + "0", betalt), ("1940", -betalt)])
            reklass.append((k + "0", int(r["reklassifisering"])))
            bok.bilag(des, f"Avskrivning {r['gruppe']}", [("6000" if r["note"] == "3" else "6050", int(r["avskr_aret"])),
                                                          (k + "9", -int(r["avskr_aret"]))])
        bok.bilag(des, "Reklassifisering fra anlegg under utførelse", reklass)
        # cash side from the S-rapport
        s = srap[ar]
        innkreving = s[s["artskonto"] == "848"].groupby("periode")["ore"].sum()
        for (periode, sk, ak), g in s.groupby(["periode", "statskonto", "artskonto"]):
            b = int(g["ore"].sum())
            d = month_end(periode)
            if ak in TILSKUDD_KONTO:
                kap, post = sk[:4], sk[4:]
                if (kap, post) == ("0672", "60") and periode == f"{ar}-12":
                    # §7 I2: note 9 differs from the bevilgning (2025: −92 949; 2024: +92 950)
                    b += kr(-92949) if ar == 2025 else kr(92950)
                bok.bilag(d, f"Tilskudd {kap}/{post}", [(TILSKUDD_KONTO[ak], b), ("1940", -b)], kapittel=kap, post=post)
            elif ak == "848":
                bok.bilag(d, "Innkreving kap. 5309/29", [("1930", -b), ("8480", b)])
            elif ak in ("1985", "1986"):
                bok.bilag(d, f"Felleskap {ak}", [(ak, b), ("2780" if ak == "1986" else "2640", -b)])
            elif ak == "1987":
                bok.bilag(d, "Mva nettoordning", [("1987", b), ("1940", -b)])
            elif sk.startswith("60") and sk.endswith("01"):
                # innbetalinger other than innkreving (booked above against 1930)
                rest = b + int(innkreving.get(periode, 0))
                bok.bilag(d, "Innbetaling konsernkonto", [("1930", rest), ("1570", -rest)])
        if ar == 2025:
            bok.bilag(des, "Mva nettoordning, korreksjon (Note 7A)", [("1987", kr(637372)), ("1940", -kr(637372))])
        # kontantprinsipp blocks and inntekt fra bevilgninger (SRS 10)
        sal = bok.saldo(ar)
        g_inn = sum(v for k, v in sal.items() if k.startswith("84") and not k.startswith("849"))
        g_til = sum(v for k, v in sal.items() if k.startswith(("85", "87")) and not k.startswith(("859", "879")))
        bok.bilag(des, "Avregning innkrevingsvirksomhet", [("8490", -g_inn), ("1997", g_inn)])
        bok.bilag(des, "Avregning tilskuddsforvaltning", [("8790", -g_til), ("1998", g_til)])
        x = sum(v for k, v in sal.items() if k[0] in "4567" or k.startswith(("80", "81")))
        bok.bilag(des, "Inntekt fra bevilgninger", [("3900", -x), ("1991", x)])
        # closing adjustments of the other balance accounts (settled over the konsernkonto)
        sal = bok.saldo(ar)
        for k, target in ub[ar].items():
            d = target - sal.get(k, 0)
            bok.bilag(des, f"Periodisering/oppgjør {k}", [(k, d), ("1940", -d)])
        for k in ("2640", "2780"):
            if k not in ub[ar]:
                d = -bok.saldo(ar).get(k, 0)
                bok.bilag(des, f"Oppgjør {k}", [(k, d), ("1940", -d)])
        if ar in KK_SLACK:
            # the konsernkonto holds exactly the S-rapport's flows; the øre left by the published
            # rounding go to a balance account with room for them
            kk_ut = int(s.loc[s["statskonto"].str.startswith("60") & s["statskonto"].str.endswith("02"), "ore"].sum())
            d = kk_ut - bok.saldo(ar).get("1940", 0)
            if abs(d) > 100:
                raise SystemExit(f"{ar}: konsernkonto utbetaling avviker {d} øre fra S-rapporten")
            bok.bilag(des, f"Periodisering/oppgjør {KK_SLACK[ar]} (øreavrunding)", [(KK_SLACK[ar], -d), ("1940", d)])
            if bok.saldo(ar).get("1940", 0) != kk_ut:
                raise SystemExit(f"{ar}: konsernkonto utbetaling ≠ S-rapporten")
        if ar == 2024:
            sal = bok.saldo(2024)
            ib25 = {k: v for k, v in sal.items() if k[0] in "12" and not k.startswith(("193", "194", "198", "199"))}
            ib25 = {k: v for k, v in ib25.items() if v}
            ib25["1990"] = -sum(ib25.values())
            bok.bilag(date(2025, 1, 1), "Inngående balanse", sorted(ib25.items()), bilag="IB")
    return bok


def kk_avvik(bok: Bok, srap: dict[int, pd.DataFrame]) -> dict[tuple[int, str], int]:
    """Ledger konsernkonto (1930 inn, 1940 ut; IB excluded) − the S-rapport's 60xxxx01/60xxxx02, øre."""
    f = pd.DataFrame(bok.rows)
    f = f[f["bilag"] != "IB"]
    out: dict[tuple[int, str], int] = {}
    for ar, s in srap.items():
        hb = f[f["dato"].str.startswith(str(ar))]
        for konto, ende in (("1930", "01"), ("1940", "02")):
            cash = int(s.loc[s["statskonto"].str.startswith("60") & s["statskonto"].str.endswith(ende), "ore"].sum())
            out[(ar, konto)] = int(hb.loc[hb["konto"] == konto, "belop_ore"].sum()) - cash
    return out


def kontroller_kk(bok: Bok, srap: dict[int, pd.DataFrame]) -> None:
    """Stop unless the ledger's konsernkonto equals the S-rapport's to the øre, each year and account."""
    avvik = {k: v for k, v in kk_avvik(bok, srap).items() if v}
    if avvik:
        raise SystemExit("konsernkonto i hovedboken ≠ S-rapporten (øre): "
                         + ", ".join(f"{ar} {konto}: {v}" for (ar, konto), v in sorted(avvik.items())))


def main(yaml_path: Path) -> None:
    Y = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    N = Y["andre_noter"]
    lonn = {2025: fordel(vals(N["note_2_lonnskostnader"], "belop"), kr(253903058)),
            2024: fordel(vals(N["note_2_lonnskostnader"], "belop_fjor"), kr(249545015))}
    egen_2024 = -lonn[2024][NOTE2.index("5040")]
    srap: dict[int, pd.DataFrame] = {}
    for ar in (2024, 2025):
        s = srapport(ar)
        if s is None:
            raise SystemExit(f"mangler srapport_{ar}.csv (lages av tools/reconstruct/cash.py)")
        srap[ar] = s
    reg = register(egen_2024)
    reg.to_csv(EX / "anleggsregister.csv", sep=";", index=False)
    regobj = load_anleggsregister(EX / "anleggsregister.csv")
    # The 2024 konsernkonto follows from the published balances 31.12.2024 and the invented ones of
    # 31.12.2023.  The invented leverandørgjeld 31.12.2023 takes what the first pass leaves over.
    forste = kk_avvik(bokfor(N, regobj, lonn, srap, 0), srap)
    justering = -forste[(2024, "1940")]
    bok = bokfor(N, regobj, lonn, srap, justering)
    kontroller_kk(bok, srap)
    print(f"2024: leverandørgjeld 31.12.2023 justert med {justering} øre; konsernkonto 1930/1940 = S-rapporten "
          "i 2024 og 2025")
    for ar in (2024, 2025):
        bok.write(EX / f"hovedbok_{ar}.csv", ar)
    print("skrev", EX / "hovedbok_2024.csv", EX / "hovedbok_2025.csv", EX / "anleggsregister.csv")


if __name__ == "__main__":
    default = EX / "publisert" / "aarsregnskap_2025.yaml"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
