"""CSV written in any supported dialect (``;``/``,``, UTF-8 / UTF-8-BOM / Windows-1252,
decimal comma/point, NBSP group separators) reads back to the same øre through the
library's loaders; generated bilag balance."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from imdi_ledger.load.dialect import money_column, read_table
from imdi_ledger.load.srapport import load_srapport
from imdi_ledger.testing import SimuleringsSpec, simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.testing.generatorer import balanserte_bilag, skriv_csv

SIM = simuler(SimuleringsSpec(ar=2025, seed=5, antall_ansatte=8))


def _skriv(data: bytes) -> Path:
    f = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
    f.write(data)
    f.close()
    return Path(f.name)


@given(dialekt=sst.dialekt(), seed=st.integers(0, 10**6))
def test_hovedbok_csv_reads_back_to_the_same_ore(dialekt, seed):
    bilag = balanserte_bilag(seed, 20)
    path = _skriv(skriv_csv(bilag, dialekt))
    raw = read_table(path, required=("bilag", "dato", "konto", "belop"), optional=("tekst",), money=("belop",))
    assert money_column(raw, "belop").tolist() == bilag["belop_ore"].tolist()
    assert raw.frame["tekst"].tolist() == bilag["tekst"].tolist()
    assert raw.frame["_row"].tolist() == list(range(2, len(bilag) + 2))
    path.unlink()


@given(dialekt=sst.dialekt())
def test_srapport_csv_reads_back_to_the_same_ore(dialekt):
    path = _skriv(skriv_csv(SIM.boker.srapport, dialekt))
    sr = load_srapport(path)
    assert sr.frame["belop_ore"].tolist() == SIM.boker.srapport["belop_ore"].tolist()
    assert sr.frame["tekst"].tolist() == SIM.boker.srapport["tekst"].tolist()
    path.unlink()


@given(seed=st.integers(0, 10**6), n=st.integers(1, 50))
def test_generated_bilag_balance(seed, n):
    bilag = balanserte_bilag(seed, n)
    assert bilag["bilag"].nunique() == n
    assert (bilag.groupby("bilag")["belop_ore"].sum() == 0).all()
