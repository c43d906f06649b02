"""The command line: report on the bundled example and verify of a published årsregnskap."""

import json

import pytest

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
    assert {f["rule"] for f in funn} >= {"NOTEB-MERUTGIFT-UTEN-FULLMAKT", "X-SRS-ART-GJENNOMSTROMNING"}
    assert (tmp_path / "aarsregnskap_2025.txt").exists()
    assert (tmp_path / "aarsregnskap_2025.xlsx").stat().st_size > 0


def test_one_set_of_findings_cli_json_and_workbook_agree(capsys, tmp_path):
    """The worked example: the counts printed by the CLI, the findings in funn.json, the
    workbook's cover and its Funn sheet, and the exit status under --strict are one list."""
    import openpyxl

    from imdi_ledger.findings import Severity, oppsummering
    from imdi_ledger.rapport import lag_rapport

    status = main(["report", "--example", "imdi-2025", "--out", str(tmp_path), "--strict"])
    out = capsys.readouterr().out
    funn = json.loads((tmp_path / "funn.json").read_text(encoding="utf-8"))
    teller = {s.value: sum(1 for f in funn if f["severity"] == s.value) for s in Severity}
    linje = f"Funn: {teller['error']} feil, "
    assert [x for x in out.splitlines() if x.startswith("Funn: ")] == [
        next(x for x in out.splitlines() if x.startswith(linje))]
    assert len([x for x in out.splitlines() if x.startswith("  ") and x.split()[0] in ("FEIL", "ADVARSEL", "MERKNAD")]) \
        == len(funn)
    wb = openpyxl.load_workbook(tmp_path / "aarsregnskap_2025.xlsx")
    ark = [r for r in wb["Funn"].iter_rows(min_row=2, values_only=True) if r[0] is not None]
    assert [(r[0], r[1], r[4]) for r in ark] == [(f["rule"], f["severity"], f["message"]) for f in funn]
    om: dict = {}
    for r in wb["Om"].iter_rows(min_row=1, max_col=2, values_only=True):
        if r[0] and r[0] not in om:
            om[r[0]] = r[1]
    rapport = lag_rapport(eksempel="imdi-2025")
    assert om["Funn"].startswith(oppsummering(rapport.findings))
    assert [f.to_dict() for f in rapport.findings] == funn
    assert teller["error"] > 0 and status == 1
    assert om["Funn"].startswith(f"{teller['error']} feil, ")


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


def test_version_and_help(capsys):
    from imdi_ledger import __version__

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"imdi-ledger {__version__}"
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    hjelp = capsys.readouterr().out
    assert "PUBLISERT.yaml" in hjelp and "docs/verify.md" in hjelp


def test_findings_print_severity_in_norwegian(capsys):
    # the computed example has errors and warnings; the published file also has merknader
    # (rounding within the tolerance)
    main(["report", "--example", "imdi-2025"])
    main(["verify", str(PUBLISHED)])
    linjer = [x.split()[0] for x in capsys.readouterr().out.splitlines() if x.startswith("  ")]
    assert {"FEIL", "ADVARSEL", "MERKNAD"} <= set(linjer)
    assert not {"ERROR", "WARNING", "INFO"} & set(linjer)


class _Terminal:
    """A stream that says it is a terminal and records what is written."""

    def __init__(self, tty: bool = True) -> None:
        self.tekst, self._tty = "", tty

    def isatty(self) -> bool:
        return self._tty

    def write(self, s: str) -> None:
        self.tekst += s

    def flush(self) -> None:
        pass


def test_progress_shows_the_step_on_a_terminal_and_clears_it(monkeypatch):
    import threading

    from imdi_ledger.cli import Fremdrift

    ut = _Terminal()
    vist = threading.Event()
    f = Fremdrift(ut, terskel=0, intervall=0.01)
    f("leser srapport_2025.csv")
    monkeypatch.setattr(ut, "flush", vist.set)
    assert vist.wait(10)
    f.avslutt()
    assert ut.tekst.startswith("\rimdi-ledger: leser srapport_2025.csv … ")
    assert ut.tekst.endswith("\r") and ut.tekst.rsplit("\r", 2)[-2].strip() == ""   # the line is cleared
    slutt = ut.tekst
    f("beregner")                                                                   # after the end: nothing
    assert ut.tekst == slutt


def test_progress_prints_nothing_before_the_threshold_or_off_a_terminal():
    from imdi_ledger.cli import Fremdrift

    for ut, terskel in ((_Terminal(), 3600), (_Terminal(tty=False), 0)):
        f = Fremdrift(ut, terskel=terskel, intervall=0.01)
        f("leser hovedbok_2025.csv")
        f.avslutt()
        assert ut.tekst == ""


def test_report_gets_each_step_from_the_loader_and_the_writers(tmp_path):
    from imdi_ledger.rapport import lag_rapport

    steg: list[str] = []
    lag_rapport(eksempel="statlig-gebyr-2025", ut=tmp_path / "ut", fremdrift=steg.append)
    assert "leser srapport_2025.csv" in steg and "leser tildeling_2025.yaml" in steg
    assert any(s.startswith("leser hovedbok_") for s in steg)
    assert steg.index("beregner årsregnskapet") > max(i for i, s in enumerate(steg) if s.startswith("leser"))
    assert steg[-1] == "skriver PDF-en" and "skriver arbeidsboken" in steg
