"""Each rule of the regulations is declared once (``imdi_ledger.regelverk``) and the computation,
the rule catalogue and the workbook use that one declaration: the R-2 5 % cap, the
felleskapitler, the note ↔ statement ties and the workbook's Kontroller rows."""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import imdi_ledger
from imdi_ledger import regelverk
from imdi_ledger.avstemming import eksport, sjekk_kontant, sjekk_srs
from imdi_ledger.avstemming.aarsregnskap import Figurer
from imdi_ledger.avstemming.regler import REGLER, regel
from imdi_ledger.bevilgning.note_b import Grunnlag5Prosent, NoteBSpec, note_b
from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.findings import Severity
from imdi_ledger.kontoplan import standard_kontoplan
from imdi_ledger.money import andel_ore, parse_ore
from imdi_ledger.regnskap import beregn
from imdi_ledger.render import excel
from imdi_ledger.srs import regnskap as srs_regnskap

PAKKE = Path(imdi_ledger.__file__).parent
REGISTER = PAKKE / "regelverk.py"


# --------------------------------------------------------------------------- the 5 % cap


def _poster(arets_ore: int, overfort_ore: int, regnskap_ore: int) -> pd.DataFrame:
    samlet = arets_ore + overfort_ore
    frame = pd.DataFrame([{
        "kapittel": "0670", "post": "01", "kapittelnavn": "Kapittel 0670", "posttekst": "Driftsutgifter",
        "type": "utgift", "stikkord": None, "overfort_fra_i_fjor_ore": overfort_ore,
        "arets_tildeling_ore": arets_ore, "samlet_tildeling_ore": samlet, "regnskap_ore": regnskap_ore,
        "merutgift_mindreutgift_ore": samlet - regnskap_ore,
    }])
    for c in frame.columns:
        if c.endswith("_ore"):
            frame[c] = frame[c].astype("Int64")
    return frame


def _noteb_maks(arets_ore: int, overfort_ore: int, note_b_rader: list[dict] | int) -> list:
    """The catalogue rule NOTEB-MAKS on the published form of a one-post Note A and Note B
    (Note B's rows as exported, or a row with this maks. overførbart)."""
    if isinstance(note_b_rader, int):
        note_b_rader = [{"kapittel_post": "0670 01", "maks_overforbart": note_b_rader}]
    d = {"year": 2025, "presisjon": "ore",
         "note_a": [{"kapittel_post": "0670 01", "overfort_fra_i_fjor": overfort_ore, "arets_tildelinger": arets_ore,
                     "samlet_tildeling": arets_ore + overfort_ore}],
         "note_b": note_b_rader}
    return regel("NOTEB-MAKS")(Figurer.from_dict(d, presisjon="ore"))


def _eksportert(nb) -> list[dict]:
    """Note B in the published form as the export writes it; a post the printed note leaves out
    (no basis for overføring) is taken from the full frame."""
    rader = eksport._note_b(nb)
    if not rader:
        f = nb.to_frame().set_index("kapittel_post")
        rader = [{"kapittel_post": "0670 01", "maks_overforbart": int(f.loc["0670 01", "maks_overforbart_ore"])}]
    return rader


@settings(max_examples=150, deadline=None)
@given(arets=st.integers(0, 10**14), overfort=st.integers(0, 10**12), brukt=st.integers(0, 10**14))
@example(arets=parse_ore("402395000,30"), overfort=0, brukt=0)
@example(arets=parse_ore("402395000,30"), overfort=parse_ore("11838000"), brukt=parse_ore("398000000"))
def test_note_b_cap_and_catalogue_cap_agree(arets: int, overfort: int, brukt: int) -> None:
    """For any øre amount of årets tildeling, Note B's maks. overførbart on post 01 is the cap the
    catalogue's NOTEB-MAKS expects, to the øre: the rule finds nothing."""
    nb = note_b(_poster(arets, overfort, brukt))
    rader = _eksportert(nb)
    assert [r["maks_overforbart"] for r in rader] == [regelverk.fem_prosent_ore(arets)]
    assert _noteb_maks(arets, overfort, rader) == []


@settings(max_examples=60, deadline=None)
@given(arets=st.integers(1, 10**14), overfort=st.integers(1, 10**12))
@example(arets=parse_ore("402395000,30"), overfort=parse_ore("11838000,10"))
def test_cap_on_samlet_tildeling_is_a_warning_never_an_error(arets: int, overfort: int) -> None:
    """With the cap computed on samlet tildeling (a set-up choice), the catalogue recognises the
    same 5 % of samlet tildeling and warns that R-115 says årets bevilgning."""
    nb = note_b(_poster(arets, overfort, 0), spec=NoteBSpec(grunnlag_5_prosent=Grunnlag5Prosent.SAMLET_TILDELING))
    rader = _eksportert(nb)
    assert [r["maks_overforbart"] for r in rader] == [regelverk.fem_prosent_ore(arets + overfort)]
    funn = _noteb_maks(arets, overfort, rader)
    assert [f.severity for f in funn] in ([], [Severity.WARNING])
    assert all(f.severity != Severity.ERROR for f in funn)


def test_a_cap_one_ore_above_five_percent_is_an_error() -> None:
    arets = parse_ore("402395000,30")
    assert regelverk.fem_prosent_ore(arets) == parse_ore("20119750,01")
    funn = _noteb_maks(arets, 0, regelverk.fem_prosent_ore(arets) + 1)
    assert [(f.rule, f.severity, f.difference_ore) for f in funn] == [("NOTEB-MAKS", Severity.ERROR, 1)]


@given(st.integers(-10**15, 10**15))
def test_cap_is_the_largest_whole_ore_not_above_five_percent(grunnlag: int) -> None:
    j = regelverk.fem_prosent_ore(grunnlag)
    assert 100 * j <= 5 * grunnlag < 100 * (j + 1)


def test_femprosentposts_are_01_to_29_except_24() -> None:
    assert [p for p in range(100) if regelverk.er_femprosentpost(f"{p:02d}")] == [
        p for p in range(1, 30) if p != 24]
    assert not regelverk.er_femprosentpost("x1")


@given(st.integers(-10**12, 10**12), st.integers(0, 1000), st.integers(1, 5000))
def test_andel_ore_rounds_half_away_from_zero(ore: int, teller: int, nevner: int) -> None:
    q = andel_ore(ore, teller, nevner)
    eksakt2 = 2 * ore * teller  # twice the exact value, times nevner
    assert abs(2 * q * nevner - eksakt2) <= nevner  # within half a unit
    if abs(2 * q * nevner - eksakt2) == nevner:  # a tie goes away from zero
        assert abs(q * nevner) > abs(ore * teller)
    assert andel_ore(-ore, teller, nevner) == -q


# --------------------------------------------------------------------------- felleskapitler


def test_every_user_of_the_felleskapitler_reads_the_registry() -> None:
    fk = regelverk.FELLESKAPITLER
    assert sjekk_kontant.FELLESKAP == {f.underkonto: (f.fortegn, (f.kapittel, f.post)) for f in fk}
    assert eksport.FELLES_FORTEGN == {f.linje: f.fortegn for f in fk}
    assert sjekk_kontant.FELLES_UTGIFTSKAPITLER == {f.kapittel for f in fk if int(f.kapittel) < 3000}
    from imdi_ledger.bevilgning import FELLESKAPITLER
    from imdi_ledger.note7 import Note7Kontoer
    assert FELLESKAPITLER == {f.kapittel for f in fk}
    assert set(Note7Kontoer().gruppeliv_aga + Note7Kontoer().mva) == {f.underkonto for f in fk}
    kp = standard_kontoplan()
    assert kp.artskonto_linje(pd.Series([f.underkonto for f in fk])).tolist() == [f.linje for f in fk]
    linjer = kp.linjer.set_index("linje")
    assert [(linjer.loc[f.linje, "seksjon"], int(linjer.loc[f.linje, "fortegn"])) for f in fk] == [
        ("felles", f.fortegn) for f in fk]
    assert sorted(zip(kp.kapitler["kapittel"], kp.kapitler["post"])) == sorted(f.kapittel_post for f in fk)


# --------------------------------------------------------------------------- note ties


def test_note_ties_are_one_declaration() -> None:
    """The computation (SRS-NOTE-01), the catalogue (X-NOTE-OPPSTILLING) and the workbook read
    the same objects."""
    assert srs_regnskap.NOTEBINDINGER is regelverk.NOTEBINDINGER
    assert sjekk_srs.NOTEBINDINGER is regelverk.NOTEBINDINGER
    assert excel.KONTROLLER is regelverk.KRYSSIDENTITETER
    rader = {k.id: k for k in excel.KONTROLLER}
    for n in regelverk.NOTEBINDINGER:
        for suffiks, kol in (("", "belop"), ("-FJOR", "belop_fjor")):
            k = rader[n.id + suffiks]
            assert (k.regel, k.venstre, k.hoyre) == (
                "X-NOTE-OPPSTILLING", (regelverk.Celle(n.note, n.linje, kol),),
                (regelverk.Celle(n.oppstilling, n.oppstilling_linje, kol, n.fortegn),))
        assert eksport.NOTE_NOKLER[n.note] == n.publisert_note


@pytest.mark.parametrize("n", regelverk.NOTEBINDINGER, ids=lambda n: n.id)
def test_the_catalogue_checks_every_declared_tie(n: regelverk.Notebinding) -> None:
    sumrad = n.publisert_sumrad or "Sum"
    d: dict = {"year": 2025, "presisjon": "ore", "andre_noter": {
        n.publisert_note: [{"tekst": "En linje", "belop": 700}, {"tekst": sumrad, "kind": "sum", "belop": 700}]}}
    mot = {"tekst": n.publisert_linje, "belop": n.fortegn * 600}
    node = d
    sti = n.publisert_sti
    for key in sti[:-1]:
        node = node.setdefault(key, {})
    node.setdefault(sti[-1], []).append(mot)
    funn = regel("X-NOTE-OPPSTILLING")(Figurer.from_dict(d, presisjon="ore"))
    assert [(f.rule, f.severity, f.difference_ore) for f in funn] == [("X-NOTE-OPPSTILLING", Severity.ERROR, 100)]
    assert n.publisert_linje in funn[0].message


def test_the_computation_checks_the_declared_ties_on_the_example() -> None:
    r = beregn(last_eksempel())
    v = r.virksomhetsregnskap
    assert not [f for f in v.findings if f.rule == "SRS-NOTE-01"]
    sjekket = 0
    for n in regelverk.NOTEBINDINGER:
        note = v.noter.get(n.note)
        mot = v.noter.get(n.oppstilling) or {"resultat": v.resultat, "balanse": v.balanse}.get(n.oppstilling)
        if note is None or mot is None or not note.har_linje(n.linje) or not mot.har_linje(n.oppstilling_linje):
            continue
        assert note.verdi(n.linje, "belop") == n.fortegn * mot.verdi(n.oppstilling_linje, "belop")
        sjekket += 1
    assert sjekket >= 10


# --------------------------------------------------------------------------- the workbook


@pytest.fixture(scope="module")
def kontroller_ark(tmp_path_factory) -> list[tuple]:
    path = excel.skriv_arbeidsbok(beregn(last_eksempel()), tmp_path_factory.mktemp("wb") / "bok.xlsx")
    ws = openpyxl.load_workbook(path)["Kontroller"]
    assert ws.cell(4, 8).value == "Regel i katalogen"
    return [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]


def test_every_kontroller_row_names_a_catalogue_rule(kontroller_ark) -> None:
    katalog = {r.id for r in REGLER}
    identiteter = [r for r in kontroller_ark if not str(r[0]).startswith("KILDE-")]
    assert identiteter and all(r[7] in katalog for r in identiteter)
    ids = {r[0] for r in identiteter}
    assert {k.id for k in regelverk.KRYSSIDENTITETER} <= ids
    # The other rows are the registry's per-post identities, one per kapittel/post.
    per_post = {k.id: k.regel for k in (*regelverk.IDENTITETER_PER_POST, regelverk.FEM_PROSENT_PER_POST)}
    ekstra = ids - {k.id for k in regelverk.KRYSSIDENTITETER}
    assert {i.split(" ")[0] for i in ekstra} == set(per_post)
    assert all(r[7] == per_post[r[0].split(" ")[0]] for r in identiteter if r[0] in ekstra)
    assert {"NOTEA-BEV 0670 01", "NOTEB-K-LE-J 0670 01", "NOTEB-MAKS 0670 01"} <= ekstra
    assert {k.regel for k in regelverk.KRYSSIDENTITETER} <= katalog
    per_rad = {r[0]: r[7] for r in identiteter}
    assert all(per_rad[k.id] == k.regel for k in regelverk.KRYSSIDENTITETER)
    assert per_rad["NOTEB-MAKS 0670 01"] == "NOTEB-MAKS"


@pytest.fixture(scope="module")
def eksempel():
    return beregn(last_eksempel())


def _celle_rader(t, celle: regelverk.Celle) -> list[int]:
    return [i for i, lid in enumerate(t.rader["line_id"]) if fnmatch.fnmatchcase(str(lid), celle.linje)]


#: Identities whose left side restates a figure the published form does not print (the
#: kapitalkontoer's «Netto rapportert» line): only the right side reaches the catalogue.
_BARE_HOYRE = {"KAP-NETTO"}


def test_breaking_a_workbook_identity_is_reported_by_its_catalogue_rule(eksempel) -> None:
    """Each Kontroller row names the catalogue rule of the same identity: add 1 kr to one of its
    cells in the computed statements, export them to the published form, and that rule reports."""
    tabeller = {t.id: t for t in eksempel.tabeller()}
    poster = [("0670", "01")]
    identiteter = [*regelverk.KRYSSIDENTITETER,
                   *(regelverk.per_post(i, k, p) for i in regelverk.IDENTITETER_PER_POST for k, p in poster)]
    provd: dict[str, list[bool]] = {}
    for ident in identiteter:
        # An inequality (venstre ≤ hoyre) is broken by raising its left side only.
        sider = (ident.hoyre if ident.id in _BARE_HOYRE else ident.venstre if ident.ulikhet
                 else ident.venstre + ident.hoyre)
        for celle in sider:
            t = tabeller.get(celle.tabell)
            rader = _celle_rader(t, celle) if t is not None and celle.kolonne in t.rader.columns else []
            if not rader or pd.isna(t.rader.at[rader[0], celle.kolonne]):
                continue  # not in the example (note 6 finansinntekter, note 13)
            opprinnelig = t.rader.at[rader[0], celle.kolonne]
            t.rader.at[rader[0], celle.kolonne] = opprinnelig + 100
            funn = regel(ident.regel)(Figurer.from_dict(eksport.til_publisert_form(eksempel), presisjon="ore"))
            t.rader.at[rader[0], celle.kolonne] = opprinnelig
            provd.setdefault(ident.id, []).append(bool(funn))
    assert len(provd) >= 40
    assert {i for i, rapportert in provd.items() if not all(rapportert)} == set()


def test_kontroller_rows_with_absent_cells_are_not_assessed(kontroller_ark) -> None:
    status = {r[0]: (r[5], r[6]) for r in kontroller_ark}
    mangler, vurdering = status["NOTE6-INNTEKTER"]
    assert vurdering == "IKKE VURDERT" and "note_6/sum_finansinntekter/belop" in mangler


# --------------------------------------------------------------------------- no second copy


_FELLES = re.compile(r"\b(1633|5309|5700|1985|1986|1987)\b")


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}


def _kopier(pakke: Path) -> list[str]:
    """Every place in the package's code (docstrings and comments aside) that spells out a
    felleskapittel number, computes 5 % of an amount, or rounds half away from zero by hand."""
    funn: list[str] = []
    for path in sorted(pakke.rglob("*.py")):
        if path.name == REGISTER.name and path.parent == pakke:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = _docstrings(tree)
        rel = path.relative_to(pakke)
        for n in ast.walk(tree):
            if isinstance(n, ast.Constant) and id(n) not in doc:
                v = n.value
                if (isinstance(v, str) and _FELLES.search(v)) or (
                        type(v) is int and v in (1633, 5309, 5700, 1985, 1986, 1987)) or v == 0.05:
                    funn.append(f"{rel}:{n.lineno} felleskapittel/5 % {v!r}")
            if (isinstance(n, ast.BinOp) and isinstance(n.op, (ast.FloorDiv, ast.Div))
                    and isinstance(n.right, ast.Constant) and n.right.value in (100, 1000)):
                for m in ast.walk(n.left):
                    if not isinstance(m, ast.BinOp) or not isinstance(m.right, ast.Constant):
                        continue
                    if isinstance(m.op, ast.Mult) and m.right.value == 5:
                        funn.append(f"{rel}:{n.lineno} 5 % computed by hand")
                    if isinstance(m.op, ast.Add) and m.right.value in (50, 500) and rel.name != "money.py":
                        funn.append(f"{rel}:{n.lineno} half-away rounding by hand")
    for path in sorted(pakke.rglob("*.csv")):
        if path.name == "ks_koder.csv":  # the KS code list names every code, 1985–1987 among them
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.lstrip().startswith("#") and _FELLES.search(line):
                funn.append(f"{path.relative_to(pakke)}:{i} felleskapittel in data")
    return funn


def test_no_second_copy_of_a_registry_rule_remains_in_src() -> None:
    assert _kopier(PAKKE) == []


def test_the_copy_finder_sees_a_copy(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('"""1987 in a docstring is documentation."""\nFELLES = {"1633": -1}\n'
                                   "def cap(x):\n    return x * 5 // 100\n"
                                   "def rund(n):\n    return (abs(n) + 50) // 100\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("# 1985 in a comment\nfra;til\n1985;1985\n", encoding="utf-8")
    assert _kopier(tmp_path) == ["a.py:2 felleskapittel/5 % '1633'", "a.py:4 5 % computed by hand",
                                 "a.py:6 half-away rounding by hand", "d.csv:3 felleskapittel in data"]
