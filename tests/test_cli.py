"""The command line: report on the bundled example and verify of a published årsregnskap."""

import json


from imdi_ledger.cli import main
from imdi_ledger.eksempel import publisert_fil

PUBLISHED = publisert_fil("imdi-2025")


def test_report_example_prints_statements_and_status(capsys, tmp_path):
    assert main(["report", "--example", "imdi-2025", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for heading in ("Oppstilling av bevilgningsrapportering", "Note A", "Note B", "Oppstilling av artskontorapporteringen",
                    "Resultatregnskap", "Balanse", "Note 7A", "Note 7B", "Kilder (inndata)", "Avstemmingsstatus"):
        assert heading in out
    funn = json.loads((tmp_path / "funn.json").read_text(encoding="utf-8"))
    assert {f["rule"] for f in funn} >= {"NOTEB-MERUTGIFT-UTEN-FULLMAKT"}
    assert (tmp_path / "avstemming.json").exists() and (tmp_path / "aarsregnskap_2025.txt").exists()
    assert (tmp_path / "aarsregnskap_2025.xlsx").stat().st_size > 0


def test_report_strict_exits_1_on_the_published_overskridelse():
    assert main(["report", "--example", "imdi-2025", "--strict"]) == 1


def test_unreadable_input_exits_2_with_file_named(capsys, tmp_path):
    (tmp_path / "srapport_2025.csv").write_text("periode;statskonto;artskonto;belop\n2025-01;067001;500;1,2,3\n",
                                                encoding="utf-8")
    assert main(["report", "--inndata", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "srapport_2025.csv" in err and "rad 2" in err


def test_verify_json_exit_status(capsys):
    assert main(["verify", str(PUBLISHED), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    required = {"rule", "severity", "statement", "line", "message", "expected_ore", "actual_ore",
                "difference_ore", "tolerance_ore", "reference"}
    assert findings and all(required <= set(f) for f in findings)
    assert any(f["severity"] == "error" for f in findings)


def test_report_on_a_simulated_agency_folder_has_no_error(capsys, tmp_path):
    """End to end: a simulated agency-year written in the shared formats, read back by
    ``report --inndata``; every module and the rule catalogue find no error (--strict)."""
    from imdi_ledger.testing.simulator import SimuleringsSpec, simuler

    simuler(SimuleringsSpec(ar=2025, seed=3)).skriv(tmp_path)
    assert main(["report", "--inndata", str(tmp_path), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "Note 7A" in out and "Resultatregnskap" in out
