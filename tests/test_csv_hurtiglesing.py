"""The fast CSV reader (Arrow on the file's bytes where they lie, ``dialect._read_utf8``) reads
every file exactly as the general reader does: the same frame, encoding, delimiter and decimal
mark, or the same error naming the same row and column.  Files of any shape are generated: BOM or
not, ``\\n`` or ``\\r\\n`` line ends, a carriage return inside a line, blank lines, trailing line
ends, quotes, rows with too few or too many fields, text that is not UTF-8."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imdi_ledger.errors import InputError
from imdi_ledger.load import dialect
from imdi_ledger.load.dialect import read_table

ENKEL = st.text(alphabet=st.sampled_from(list("0123456789.- abcæøå")), max_size=6)
VANSKELIG = st.text(alphabet=st.sampled_from(list("0123456789,.- abcæøå;\"\r")), max_size=6)
SLUTT = st.sampled_from(["\n", "\r\n"])


@st.composite
def csv_fil(draw: st.DrawFn) -> bytes:
    skille = draw(st.sampled_from([";", ","]))
    felt = draw(st.sampled_from([ENKEL, ENKEL, VANSKELIG]))
    slutt = draw(SLUTT)
    header = skille.join(["bilag", "konto", "belop"])
    linjer = [header]
    for _ in range(draw(st.integers(0, 8))):
        bredde = draw(st.sampled_from([3] * 12 + [2, 4]))
        linjer.append(skille.join(draw(felt) for _ in range(bredde)))
        if draw(st.integers(0, 19)) == 0:
            linjer.append(draw(st.sampled_from(["", " ", "\r"])))
    tekst = slutt.join(linjer) + draw(st.sampled_from(["", slutt, slutt, slutt * 2, "\r"]))
    koding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252"]))
    return tekst.encode(koding)


def _les(data: bytes, monkeypatch: pytest.MonkeyPatch | None = None):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "hovedbok.csv"
        p.write_bytes(data)
        try:
            raw = read_table(p, required=("bilag", "konto", "belop"), money=("belop",))
        except InputError as exc:
            return ("feil", exc.row, exc.column, str(exc).replace(str(p), "<fil>"))
        return ("tabell", raw.frame.drop(columns="_file"), raw.encoding, raw.delimiter, raw.decimal, raw.n_rows)


@settings(max_examples=300)
@given(data=csv_fil(), kart=st.booleans())
def test_hurtiglesing_er_som_den_generelle(data: bytes, kart: bool) -> None:
    with pytest.MonkeyPatch.context() as mp:
        if kart:   # the bytes in a memory mapping, as a large file's are
            mp.setattr(dialect, "_KART_FRA", 0)
        rask = _les(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dialect, "_read_utf8", lambda data, file: None)
        generell = _les(data)
    assert rask[0] == generell[0], (rask, generell)
    if rask[0] == "feil":
        assert rask == generell
    else:
        pd.testing.assert_frame_equal(rask[1], generell[1])
        assert rask[2:] == generell[2:]


def test_hurtiglesing_brukes_pa_vanlige_filer() -> None:
    """The fast reader takes the common shapes (so the property above compares two readers)."""
    for data in (b"bilag;konto;belop\n1;1920;10,00\n1;3000;-10,00\n",
                 b"\xef\xbb\xbfbilag;konto;belop\r\n1;1920;10,00\r\n1;3000;-10,00\r\n\r\n"):
        svar = dialect._read_utf8(data, "f.csv")
        assert svar is not None
        frame, _, skille = svar
        assert skille == ";" and frame["_row"].tolist() == [2, 3] and frame["belop"].tolist() == ["10,00", "-10,00"]
    for data in (b"bilag;konto;belop\n1;1920;10,00\n\n1;3000;-10,00\n",   # blank line
                 b"bilag;konto;belop\n1;1920\r;10,00\n",                   # a carriage return inside a line
                 b'bilag;konto;belop\n1;"1920";10,00\n',                  # quoting
                 "bilag;konto;belop\n1;1920;10,00;x\n".encode("cp1252")):
        assert dialect._read_utf8(data, "f.csv") is None


@settings(max_examples=200)
@given(data=st.binary(min_size=1, max_size=64) | st.lists(
           st.sampled_from([b"\r", b"\n", b"\r\n", b"a", b";"]), min_size=1, max_size=40).map(b"".join),
       sub=st.sampled_from([b"\n", b"\r", b"\r\n"]), vindu=st.integers(1, 5), data_st=st.data())
def test_telling_i_kartlagt_fil_er_som_i_bytes(tmp_path_factory, data: bytes, sub: bytes, vindu: int,
                                              data_st: st.DataObject) -> None:
    """Counting in a file's bytes in a memory mapping, a window at a time, counts what
    ``bytes.count`` does, an occurrence across two windows once."""
    import mmap

    start = data_st.draw(st.integers(0, len(data)))
    end = data_st.draw(st.integers(start, len(data)))
    p = tmp_path_factory.mktemp("kart") / "f.csv"
    p.write_bytes(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dialect, "_KART_FRA", 0)
        mp.setattr(dialect, "_VINDU", vindu)
        kart = dialect._les_fil(p)
        assert isinstance(kart, mmap.mmap)
        assert dialect._antall(kart, sub, start, end) == data.count(sub, start, end)
        kart.close()


def test_filen_leses_kartlagt_og_kartet_lukkes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large CSV file is read into a memory mapping, closed once the frame is made (nothing
    of the frame refers to it); an empty file is read as bytes and named empty."""
    import mmap

    kart: list[object] = []
    les = dialect._les_fil

    def les_og_husk(path: Path):  # noqa: ANN202
        lest = les(path)
        kart.append(lest)
        return lest

    monkeypatch.setattr(dialect, "_les_fil", les_og_husk)
    monkeypatch.setattr(dialect, "_KART_FRA", 0)
    p = tmp_path / "hovedbok.csv"
    p.write_bytes(b"bilag;konto;belop\n1;1920;10,00\n1;3000;-10,00\n")
    raw = read_table(p, required=("bilag", "konto", "belop"), money=("belop",))
    assert isinstance(kart[0], mmap.mmap) and kart[0].closed
    assert raw.frame["belop"].tolist() == ["10,00", "-10,00"]
    p.write_bytes(b"bilag;konto;belop\n1;\"1920\";10,00\n")   # quoted: the general reader, from a copy
    assert read_table(p, required=("bilag",)).frame["konto"].tolist() == ["1920"]
    assert kart[1].closed
    tom = tmp_path / "tom.csv"
    tom.write_bytes(b"")
    with pytest.raises(InputError, match="tom"):
        read_table(tom, required=("bilag",))
    assert kart[2] == b""


@pytest.mark.parametrize("avvik", [-5, 7])
def test_fil_som_endrer_storrelse_under_lesing_leses_som_lest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             avvik: int) -> None:
    """A file whose size differs from what the system said when it was opened (it grew or
    shrank meanwhile) is read as the bytes read, not cut to the size first given."""
    import os

    p = tmp_path / "hovedbok.csv"
    innhold = b"bilag;konto;belop\n1;1920;10,00\n1;3000;-10,00\n"
    p.write_bytes(innhold)
    ekte = os.fstat

    class _Stat:
        def __init__(self, st: os.stat_result) -> None:
            self.st_size = st.st_size + avvik

    monkeypatch.setattr(dialect.os, "fstat", lambda fd: _Stat(ekte(fd)))
    monkeypatch.setattr(dialect, "_KART_FRA", 0)
    assert dialect._les_fil(p) == innhold
