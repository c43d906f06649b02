"""Properties of Note 7A/7B on simulated years (both books booked from the same events):
no unexplained residual, 7A ties to the balance and to the S-rapport, 7B ties line by line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imdi_ledger.note7 import note_7a, note_7b
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_mellomvaerende_ib, load_srapport
from imdi_ledger.mellomvaerende import mellomvaerende_saldo
from imdi_ledger.srs import virksomhetsregnskap
from imdi_ledger.testing.simulator import SimuleringsSpec, simuler


def _boker(tmp_path_factory, seed: int, ansatte: int, tilskudd: int):
    sim = simuler(SimuleringsSpec(ar=2025, seed=seed, antall_ansatte=ansatte, tilskudd_mnok=tilskudd))
    files = sim.skriv(tmp_path_factory.mktemp(f"sim{seed}"))
    return (load_srapport(files["srapport"]), load_hovedbok(files["hovedbok"]),
            load_mellomvaerende_ib(files["mellomvaerende_ib"]))


aar = st.tuples(st.integers(0, 10_000), st.integers(1, 30), st.integers(0, 50))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(aar)
def test_simulated_year_note_7_ties(tmp_path_factory, spec):
    sr, hb, ib = _boker(tmp_path_factory, *spec)
    a = note_7a(sr, hb)
    b = note_7b(sr, hb, mellomvaerende_ib=ib)

    assert a.uforklart_ore == 0
    assert not any(f.rule == "NOTE7A-UFORKLART" or f.rule.startswith("NOTE7A-KK") for f in a.findings)
    # 7A ties to the SRS balance line computed by the srs package
    bal = virksomhetsregnskap(hb, 2025).balanse
    ams = bal.verdi("avregnet_statskassen", "belop")
    assert a.tabell.verdi("avregnet_i_balansen", "belop") == ams
    assert a.tabell.verdi("sum_endring", "belop") == -a.endring_ams_ore
    assert a.kongruensavvik_ore == a.endring_ams_ore - a.resultat_ore
    # netto trekk = −(netto rapportert + Δmellomværende), straight from the S-rapport
    f = sr.frame
    netto_rapportert = int(f.loc[f["kontotype"] == "bevilgning", "belop_ore"].sum())
    d_mv = int(f.loc[f["kontotype"] == "mellomvaerende", "belop_ore"].sum())
    assert a.tabell.verdi("netto_trekk", "belop") == -(netto_rapportert + d_mv)

    # 7B: forskjell = bokført − rapportert on every row; totals = AMS and mellomværende
    rows = b.tabell.to_frame()
    money = rows[rows["kind"] != "header"]
    assert ((money["forskjell"] == money["bokfort"] - money["rapportert"]).all())
    assert b.tabell.verdi("total", "bokfort") == ams
    assert b.tabell.verdi("total", "rapportert") == int(mellomvaerende_saldo(ib, sr)["ub_ore"].sum())
    assert not [x for x in b.findings if x.severity == "error"]
