"""The agency-year simulator: determinism, shared formats, and the booking rules of each event."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from imdi_ledger.testing import (
    Gruppeliv,
    Innkreving,
    Investering,
    Kontoer,
    Leverandorfaktura,
    Lonn,
    Reversering,
    SimuleringsSpec,
    Tilskudd,
    bokfor,
    simuler,
)

K = Kontoer()


@pytest.fixture(scope="module")
def sim():
    return simuler(SimuleringsSpec(ar=2025, seed=3))


def test_same_seed_gives_identical_books(sim):
    again = simuler(SimuleringsSpec(ar=2025, seed=3))
    pd.testing.assert_frame_equal(sim.boker.srapport, again.boker.srapport)
    pd.testing.assert_frame_equal(sim.boker.hovedbok, again.boker.hovedbok)
    assert sim.tildeling == again.tildeling


def test_other_seed_gives_other_books(sim):
    other = simuler(SimuleringsSpec(ar=2025, seed=4))
    assert not sim.boker.srapport["belop_ore"].equals(other.boker.srapport["belop_ore"])


def test_every_period_and_bilag_sums_to_zero(sim):
    per = sim.boker.srapport.groupby("periode")["belop_ore"].sum()
    assert list(per.index) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert (per == 0).all()
    assert (sim.boker.hovedbok.groupby("bilag")["belop_ore"].sum() == 0).all()


def test_shared_columns_and_int64_ore(sim):
    b = sim.boker
    assert list(b.srapport.columns) == ["periode", "statskonto", "artskonto", "belop_ore", "tekst"]
    assert list(b.hovedbok.columns) == ["bilag", "dato", "konto", "belop_ore", "tekst", "kapittel", "post", "artskonto"]
    assert b.srapport["belop_ore"].dtype == "int64" and b.hovedbok["belop_ore"].dtype == "int64"


def test_ib_bilag_is_balance_accounts_on_1_january(sim):
    ib = sim.boker.hovedbok[sim.boker.hovedbok["bilag"] == "IB"]
    assert set(ib["dato"]) == {"2025-01-01"}
    assert ib["konto"].str[0].isin(["1", "2"]).all()
    assert ib["belop_ore"].sum() == 0


def test_ledger_mellomvaerende_accounts_open_equal_to_reported_ib(sim):
    ib = sim.boker.hovedbok[sim.boker.hovedbok["bilag"] == "IB"].set_index("konto")["belop_ore"]
    mv = sim.boker.mellomvaerende_ib.set_index("artskonto")["belop_ore"]
    assert set(mv.index) == {"260", "263", "281"}
    for art, ore in mv.items():
        assert ib[art + "0"] == ore


def test_year_end_result_is_zero_and_konsernkonto_nulled(sim):
    h = sim.boker.hovedbok
    assert h.loc[h["konto"].str[0].isin(list("345678")), "belop_ore"].sum() == 0
    assert h.loc[h["konto"].isin([K.srs_kk_inn, K.srs_kk_ut]), "belop_ore"].sum() == 0
    assert h.loc[h["konto"] == K.srs_kk_inn, "belop_ore"].sum() == 0
    inntekt = h.loc[h["konto"] == "3900", "belop_ore"].sum()
    assert inntekt < 0 and h.loc[h["konto"] == "1991", "belop_ore"].sum() == -inntekt


def test_tildeling_lists_posts_in_whole_kroner(sim):
    t = sim.tildeling
    assert t["ar"] == 2025
    keys = [(p["kapittel"], p["post"]) for p in t["poster"]]
    assert ("1633", "01") in keys and ("5309", "29") in keys and ("5700", "72") in keys
    assert all(isinstance(p["arets_tildeling"], int) and p["arets_tildeling"] >= 0 for p in t["poster"])


def test_written_files_load_with_the_library(sim, tmp_path):
    from imdi_ledger.load.srapport import load_mellomvaerende_ib, load_srapport
    from imdi_ledger.load.tildeling import load_tildeling

    files = sim.skriv(tmp_path)
    sr = load_srapport(files["srapport"])
    assert sr.ar == 2025 and sr.n_rader == len(sim.boker.srapport)
    assert sr.frame["belop_ore"].tolist() == sim.boker.srapport["belop_ore"].tolist()
    assert not [f for f in sr.findings if f.severity == "error"]
    ib = load_mellomvaerende_ib(files["mellomvaerende_ib"])
    assert ib["belop_ore"].sum() == sim.boker.mellomvaerende_ib["belop_ore"].sum()
    t = load_tildeling(files["tildeling"])
    assert len(t.poster) == len(sim.tildeling["poster"])
    register = pd.read_csv(files["anleggsregister"], sep=";", dtype=str, keep_default_na=False)
    assert list(register.columns) == ["eiendel", "gruppe", "konto", "anskaffelsesdato", "tatt_i_bruk",
                                      "anskaffelseskost", "levetid_ar", "avgangsdato", "nedskrivning"]


def _rows(event, bok="srapport"):
    b = event.book(K)
    rows = b.srapport if bok == "srapport" else b.hovedbok
    return pd.DataFrame([r.__dict__ if hasattr(r, "__dict__") else {s: getattr(r, s) for s in r.__slots__}
                         for r in rows])


def test_lonn_books_aga_with_1986_and_trekk_to_mellomvaerende():
    lonn = Lonn.fra_brutto("L1", date(2025, 3, 20), 100_000_00)
    s = _rows(lonn)
    mars = s[s["periode"] == "2025-03"]
    aga = mars.loc[mars["artskonto"] == "540", "belop_ore"].sum()
    assert aga == 14_100_00  # 14.1 % of 100 000 kr
    assert mars.loc[(mars["statskonto"] == "570072") & (mars["artskonto"] == "1986"), "belop_ore"].sum() == -aga
    assert mars.loc[(mars["statskonto"] == K.mellomvaerende) & (mars["artskonto"] == "260"), "belop_ore"].sum() == -33_000_00
    april = s[s["periode"] == "2025-04"]
    assert april.loc[april["artskonto"] == "260", "belop_ore"].sum() == 33_000_00
    h = _rows(lonn, "hovedbok")
    assert h.loc[h["konto"] == "5080", "belop_ore"].sum() == 12_000_00  # feriepenger accrued, SRS only
    assert "508" not in set(s["artskonto"])


def test_invoice_paid_next_year_is_only_in_the_ledger_this_year():
    f = Leverandorfaktura("F1", date(2025, 12, 10), date(2026, 1, 8), "673", 1000_00, 250_00)
    b = bokfor(2025, [f])
    assert b.srapport.empty
    h = b.hovedbok
    assert h.loc[h["konto"] == "2400", "belop_ore"].sum() == -1250_00
    assert h.loc[h["konto"] == "1987", "belop_ore"].sum() == 250_00
    neste = bokfor(2026, [f])
    assert neste.srapport.set_index("statskonto")["belop_ore"].to_dict() == {
        "067001": 1000_00, "163301": 250_00, K.kk_ut: -1250_00}
    assert neste.hovedbok.query("bilag == 'IB' and konto == '2400'")["belop_ore"].sum() == -1250_00


def test_investment_depreciation_adds_up_to_cost_over_life():
    inv = Investering("A1", date(2025, 2, 3), date(2025, 2, 3), "ikt", 100_000_01, 3, date(2025, 2, 28), 25_000_00)
    h = _rows(inv, "hovedbok")
    avskr = h[h["konto"] == "6050"]
    assert avskr["belop_ore"].sum() == 100_000_01
    # in use from March 2025: 10 of 36 months in 2025
    assert avskr.loc[avskr["dato"] == date(2025, 12, 31), "belop_ore"].sum() == 100_000_01 * 10 // 36
    s = _rows(inv)
    assert s.loc[s["statskonto"] == "067045", "artskonto"].tolist() == ["128"]


def test_tilskudd_innkreving_gruppeliv_blocks():
    evs = [Tilskudd("T", date(2025, 5, 2), "0671", "60", 500_00), Innkreving("I", date(2025, 5, 3), 70_00),
           Gruppeliv("G", date(2025, 5, 4), 9_00)]
    b = bokfor(2025, evs)
    h = b.hovedbok.groupby("konto")["belop_ore"].sum()
    assert h["8700"] == -h["8790"] == 500_00 and h["1998"] == 500_00
    assert h["8480"] == -h["8490"] == -70_00 and h["1997"] == -70_00
    assert h["1985"] == -9_00
    s = b.srapport.groupby(["statskonto", "artskonto"])["belop_ore"].sum()
    assert s[("530929", "848")] == -70_00 and s[("530929", "1985")] == -9_00


def test_reversal_negates_every_row():
    f = Leverandorfaktura("F1", date(2025, 3, 1), date(2025, 3, 20), "673", 1000_00, 250_00)
    b = bokfor(2025, [f, Reversering(f)])
    assert (b.srapport.groupby(["statskonto", "artskonto"])["belop_ore"].sum() == 0).all()
    assert Reversering(f).id == "F1-R"


def test_negative_amount_and_bad_post_are_rejected():
    with pytest.raises(ValueError, match="negative"):
        Gruppeliv("G", date(2025, 1, 1), -5).book(K)
    with pytest.raises(ValueError, match="post 60–89"):
        Tilskudd("T", date(2025, 1, 1), "0670", "01", 5).book(K)
    with pytest.raises(ValueError, match="anleggsgruppe"):
        Investering("A", date(2025, 1, 1), None, "bil", 5, 3, date(2025, 1, 1)).book(K)
    with pytest.raises(ValueError, match="år"):
        SimuleringsSpec(ar=20)
