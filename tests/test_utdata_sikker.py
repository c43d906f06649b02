"""Safe output and inputs that stay in their folder (``report --inndata DIR --out OUT``).

* the output folder is written all at once: a failed run leaves the previous output untouched,
  a successful one leaves no file of an earlier run; ``--out`` naming a file or a folder that
  is not ours is refused;
* file names never come from input text (a Note C block id is a slug);
* CSV cells that a spreadsheet would read as a formula are neutralised, amounts are øre and say
  so in their header, identifiers keep their leading zeros;
* a symbolic link leaving the input folder is refused without reading its target.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from imdi_ledger.cli import main
from imdi_ledger.errors import InputError
from imdi_ledger.load.mappe import last_mappe
from imdi_ledger.load.note_c import load_note_c
from imdi_ledger.rapport import MERKE, lag_rapport
from imdi_ledger.render.csv import filnavn, noytraliser
from imdi_ledger.testing.simulator import SimuleringsSpec, simuler


@pytest.fixture()
def inndata(tmp_path: Path) -> Path:
    d = tmp_path / "inn"
    d.mkdir()
    simuler(SimuleringsSpec(ar=2025, seed=3)).skriv(d)
    return d


def _innhold(mappe: Path) -> dict[str, bytes]:
    return {p.relative_to(mappe).as_posix(): p.read_bytes() for p in sorted(mappe.rglob("*")) if p.is_file()}


def test_a_rerun_leaves_no_stale_file(inndata: Path, tmp_path: Path) -> None:
    ut = tmp_path / "ut"
    assert main(["report", "--inndata", str(inndata), "--out", str(ut)]) == 0
    assert (ut / "balanse.csv").is_file() and (ut / MERKE).is_file()
    (inndata / "hovedbok_2025.csv").unlink()
    (inndata / "anleggsregister.csv").unlink()
    assert main(["report", "--inndata", str(inndata), "--out", str(ut)]) == 0
    assert not (ut / "balanse.csv").exists() and (ut / "funn.json").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_run_leaves_the_previous_output_untouched(inndata: Path, tmp_path: Path, monkeypatch) -> None:
    ut = tmp_path / "ut"
    lag_rapport(inndata=inndata, ut=ut)
    for_ = _innhold(ut)

    def feiler(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("imdi_ledger.render.excel.skriv_arbeidsbok", feiler)
    with pytest.raises(RuntimeError):
        lag_rapport(inndata=inndata, ut=ut)
    assert _innhold(ut) == for_
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_out_naming_a_file_is_an_input_error(inndata: Path, tmp_path: Path, capsys) -> None:
    ut = tmp_path / "ut.txt"
    ut.write_text("mine notater", encoding="utf-8")
    assert main(["report", "--inndata", str(inndata), "--out", str(ut)]) == 2
    err = capsys.readouterr().err
    assert "ut.txt" in err and "fil" in err and "Traceback" not in err
    assert ut.read_text(encoding="utf-8") == "mine notater"


def test_out_naming_a_foreign_folder_is_refused(inndata: Path, tmp_path: Path, capsys) -> None:
    ut = tmp_path / "dokumenter"
    ut.mkdir()
    (ut / "budsjett.xlsx").write_bytes(b"x")
    assert main(["report", "--inndata", str(inndata), "--out", str(ut)]) == 2
    assert "ikke skrevet av imdi-ledger" in capsys.readouterr().err
    assert _innhold(ut) == {"budsjett.xlsx": b"x"}


@pytest.mark.parametrize("bid", ["/../../X", "leie/x", "..", "LEIE", "leie x", "a" * 65, ""])
def test_note_c_block_id_is_a_slug(bid: str) -> None:
    doc = {"blokker": [{"id": bid, "tittel": "Leie", "rader": []}]}
    with pytest.raises(InputError) as e:
        load_note_c(doc)
    assert e.value.column == "id"


def test_note_c_path_id_through_the_cli_writes_nothing(inndata: Path, tmp_path: Path, capsys) -> None:
    (inndata / "note_c_2025.yaml").write_text(yaml.safe_dump(
        {"blokker": [{"id": "/../../X", "tittel": "Leie", "rader": []}]}), encoding="utf-8")
    ut = tmp_path / "a" / "b" / "ut"
    assert main(["report", "--inndata", str(inndata), "--out", str(ut)]) == 2
    err = capsys.readouterr().err
    assert "note_c_2025.yaml" in err and "id" in err
    assert not ut.exists() and not list(tmp_path.rglob("X.csv"))


def test_table_file_names_are_slugs() -> None:
    assert filnavn("note_c.leie_kontorlokaler") == "note_c.leie_kontorlokaler.csv"
    for hostile in ("/../../X", "../x", "a/b", "C:\\x", ".skjult"):
        name = filnavn(hostile)
        assert "/" not in name and "\\" not in name and not name.startswith(".") and name.endswith(".csv")


@pytest.mark.parametrize("tekst, ut", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+ Netto trekk", "'+ Netto trekk"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("-cmd", "'-cmd"),
    ("-1 234,50", "-1 234,50"),
    ("Driftsutgifter", "Driftsutgifter"),
    ("0670", "0670"),
])
def test_neutralised_text(tekst: str, ut: str) -> None:
    assert noytraliser(tekst) == ut


def test_csv_output_is_safe_and_names_the_unit(inndata: Path, tmp_path: Path) -> None:
    t = yaml.safe_load((inndata / "tildeling_2025.yaml").read_text(encoding="utf-8"))
    t["poster"][0]["kapittelnavn"] = '=HYPERLINK("http://angriper.example","klikk")'
    (inndata / "tildeling_2025.yaml").write_text(yaml.safe_dump(t, allow_unicode=True), encoding="utf-8")
    ut = tmp_path / "ut"
    assert main(["report", "--inndata", str(inndata), "--out", str(ut)]) == 0
    tekst = (ut / "bevilgning_utgifter.csv").read_text(encoding="utf-8")
    rader = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    hode = rader[0]
    assert "regnskap_ore" in hode and "samlet_tildeling_ore" in hode and "regnskap" not in hode
    celler = [c for r in rader[1:] for c in r]
    assert not any(c.startswith(("=", "+", "@")) for c in celler)
    assert any(c.startswith("'=HYPERLINK") for c in celler)
    kap = hode.index("kapittel")
    assert all(len(r[kap]) == 4 for r in rader[1:] if r[kap])
    assert '"0' in tekst  # kapittel with a leading zero is written as quoted text
    for p in ut.glob("*.csv"):
        for r in csv.reader(io.StringIO(p.read_text(encoding="utf-8")), delimiter=";"):
            assert not any(c[:1] in ("=", "+", "@", "\t", "\r") for c in r), (p.name, r)


def test_a_symlink_out_of_the_folder_is_refused_unread(inndata: Path, tmp_path: Path, capsys) -> None:
    hemmelig = tmp_path / "hemmelig.txt"
    hemmelig.write_text("passord=hunter2\n", encoding="utf-8")
    (inndata / "mellomvaerende_ib.csv").unlink()
    (inndata / "mellomvaerende_ib.csv").symlink_to(hemmelig)
    assert main(["report", "--inndata", str(inndata)]) == 2
    err = capsys.readouterr().err
    assert "mellomvaerende_ib.csv" in err and "utenfor" in err and "hunter2" not in err


def test_a_symlink_inside_the_folder_is_read(inndata: Path) -> None:
    (inndata / "arkiv").mkdir()
    (inndata / "mellomvaerende_ib.csv").rename(inndata / "arkiv" / "mv.csv")
    (inndata / "mellomvaerende_ib.csv").symlink_to(Path("arkiv") / "mv.csv")
    assert last_mappe(inndata).mellomvaerende_ib_fjor is not None


def test_a_folder_where_a_file_belongs_is_an_input_error(inndata: Path, capsys) -> None:
    (inndata / "tildeling_2025.yaml").unlink()
    (inndata / "tildeling_2025.yaml").mkdir()
    assert main(["report", "--inndata", str(inndata)]) == 2
    err = capsys.readouterr().err
    assert "tildeling_2025.yaml" in err and "Traceback" not in err
