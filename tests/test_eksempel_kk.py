"""The worked example's two books agree on cash: in 2024 and 2025 the SRS ledger's konsernkonto
(KS 193 innbetalinger, 194 utbetalinger) equals the S-rapport's 60088701/60088702 to the øre, and
Note 7A (R-115 note «Sammenheng mellom avregnet med statskassen og mellomværende med
statskassen») finds no konsernkonto difference and nothing
unexplained in either year.  The 2024 investments reconcile: the asset register's additions less
the capitalised own work (504, SRS 17) equal the S-rapport's «Utbetaling til investeringer».

Also the generator's own check (``tools/reconstruct/srs.py``): it stops when the books differ."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from imdi_ledger.note7 import note_7a
from imdi_ledger.kontoplan import standard_kontoplan
from imdi_ledger.load.anleggsregister import load_anleggsregister
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_srapport
from imdi_ledger.srs import anleggsnoter, load_anleggsgrupper

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "imdi-2025"
GENERATOR = ROOT / "tools" / "reconstruct" / "srs.py"
FILER = ["hovedbok_2024.csv", "hovedbok_2025.csv", "srapport_2024.csv", "srapport_2025.csv", "anleggsregister.csv"]

pytestmark = pytest.mark.skipif(not all((EX / f).exists() for f in FILER), reason="example data absent")

KK = {"inn": ("193", "60088701"), "ut": ("194", "60088702")}


@pytest.fixture(scope="module")
def hovedbok():
    return load_hovedbok([EX / "hovedbok_2024.csv", EX / "hovedbok_2025.csv"])


@pytest.fixture(scope="module")
def srapport():
    return {ar: load_srapport(EX / f"srapport_{ar}.csv") for ar in (2024, 2025)}


def _ledger_rows(hovedbok, ar: int) -> pd.DataFrame:
    f = hovedbok.frame
    return f[(f["ar"] == ar) & (f["bilag"] != "IB")]


@pytest.mark.parametrize("ar", [2024, 2025])
@pytest.mark.parametrize("retning", sorted(KK))
def test_konsernkonto_lik_srapporten_til_oret(hovedbok, srapport, ar, retning):
    ks, statskonto = KK[retning]
    s = srapport[ar].frame
    cash = int(s.loc[s["statskonto"] == statskonto, "belop_ore"].sum())
    rows = _ledger_rows(hovedbok, ar)
    ledger = int(rows.loc[rows["konto"].str.startswith(ks), "belop_ore"].sum())
    assert cash != 0, f"S-rapporten {ar} har ingen rader på {statskonto}"
    assert ledger == cash


@pytest.mark.parametrize("ar", [2024, 2025])
def test_note_7a_uten_kk_avvik_og_uten_uforklart(hovedbok, srapport, ar):
    n = note_7a(srapport[ar], hovedbok)
    regler = [f.rule for f in n.findings]
    assert "NOTE7A-UFORKLART" not in regler
    assert [r for r in regler if r.startswith("NOTE7A-KK")] == []
    assert not n.tabell.har_linje("uforklart")


def test_note_7a_2024_har_bare_det_dokumenterte_tilskuddsavviket(hovedbok, srapport):
    """2024: the only difference between the books is note 9's tilskudd, 92 950 kr above the
    artskonto line (I2; expensed in 2024, paid in 2025)."""
    n = note_7a(srapport[2024], hovedbok)
    assert [(f.rule, f.difference_ore) for f in n.findings] == [("NOTE7A-TILSKUDD", 92950 * 100)]


def test_investeringer_2024_avstemt_mot_srapporten(hovedbok, srapport):
    reg = load_anleggsregister(EX / "anleggsregister.csv")
    tilgang = int(anleggsnoter(reg, load_anleggsgrupper(), 2024).frame["tilgang"].sum())
    rows = _ledger_rows(hovedbok, 2024)
    egen = int(rows.loc[rows["konto"].str.startswith("504"), "belop_ore"].sum())   # credit, negative
    s = srapport[2024].frame
    linje = standard_kontoplan().artskonto_linje(s["artskonto"])
    kontant = int(s.loc[(s["kontotype"] == "bevilgning") & (linje == "utbetaling_investeringer"), "belop_ore"].sum())
    assert egen < 0
    assert tilgang + egen == kontant


@pytest.mark.parametrize("ar", [2024, 2025])
def test_lonn_balansefort_gaar_ikke_over_konsernkontoen(hovedbok, ar):
    rows = _ledger_rows(hovedbok, ar)
    egen_bilag = set(rows.loc[rows["konto"].str.startswith("504"), "bilag"])
    i_bilagene = rows[rows["bilag"].isin(egen_bilag)]
    assert egen_bilag
    assert not i_bilagene["konto"].str.startswith(("193", "194")).any()


def test_anlegg_for_2024_ligger_i_inngaaende_balanse(hovedbok):
    """The assets behind the opening balance 01.01.2025 that are not 2024 additions are in the
    ledger's opening balance 01.01.2024 with the same cost and depreciation as the register."""
    reg = load_anleggsregister(EX / "anleggsregister.csv")
    noter = anleggsnoter(reg, load_anleggsgrupper(), 2024).frame
    f = hovedbok.frame
    ib = f[(f["ar"] == 2024) & (f["bilag"] == "IB")]
    kost = int(ib.loc[ib["konto"].isin(["1040", "1070", "1250"]), "belop_ore"].sum())
    avskr = int(ib.loc[ib["konto"].isin(["1049", "1259"]), "belop_ore"].sum())
    assert kost == int(noter["kost_ib"].sum()) > 0
    assert avskr == -int(noter["avskr_ib"].sum())


# ------------------------------------------------------------------ the generator's own check


@pytest.fixture(scope="module")
def generator():
    if not GENERATOR.exists():
        pytest.skip("generator absent")
    spec = importlib.util.spec_from_file_location("srs_generator", GENERATOR)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _srap(ar: int, inn: int, ut: int) -> pd.DataFrame:
    return pd.DataFrame({"periode": [f"{ar}-03"] * 3, "statskonto": ["60088701", "60088702", "067001"],
                         "artskonto": ["", "", "630"], "ore": [inn, ut, -(inn + ut)]})


def _bok(generator, ut_2024: int, ut_2025: int):
    bok = generator.Bok()
    bok.bilag(date(2024, 3, 28), "Husleie", [("6300", -ut_2024), ("1940", ut_2024)])
    bok.bilag(date(2024, 3, 28), "Refusjon", [("1930", 500), ("1570", -500)])
    bok.bilag(date(2025, 3, 28), "Husleie", [("6300", -ut_2025), ("1940", ut_2025)])
    return bok


def test_generatoren_godtar_like_boker(generator):
    srap = {2024: _srap(2024, 500, -10_000), 2025: _srap(2025, 0, -20_000)}
    bok = _bok(generator, -10_000, -20_000)
    assert generator.kk_avvik(bok, srap) == {(2024, "1930"): 0, (2024, "1940"): 0,
                                            (2025, "1930"): 0, (2025, "1940"): 0}
    generator.kontroller_kk(bok, srap)


@pytest.mark.parametrize("ar", [2024, 2025])
def test_generatoren_stopper_naar_kk_avviker(generator, ar):
    srap = {2024: _srap(2024, 500, -10_000), 2025: _srap(2025, 0, -20_000)}
    bok = _bok(generator, -10_000 - (ar == 2024), -20_000 - (ar == 2025))
    with pytest.raises(SystemExit, match=f"{ar} 1940: -1"):
        generator.kontroller_kk(bok, srap)
