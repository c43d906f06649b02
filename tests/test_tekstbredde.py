"""The text report fits 120 columns: long text cells wrap, wide tables print in column groups
that repeat the identifying columns, findings wrap under their heading."""

from __future__ import annotations

from imdi_ledger.cli import main
from imdi_ledger.money import format_kroner
from imdi_ledger.render.text import BREDDE, render_tabell
from imdi_ledger.tabell import Kolonne, Ledd, Tabell


def test_no_line_of_the_worked_example_report_exceeds_120(capsys) -> None:
    main(["report", "--example", "imdi-2025"])
    linjer = capsys.readouterr().out.splitlines()
    assert max(len(x) for x in linjer) <= BREDDE == 120
    assert "Note B Forklaring til brukte fullmakter" in "\n".join(linjer)


def _bred(n_penger: int, tekst: str) -> Tabell:
    kol = [Kolonne("navn", "Navn"), Kolonne("kode", "Kode")] + [
        Kolonne(f"b{i}", f"Beløp nummer {i} med en lang overskrift", True) for i in range(n_penger)]
    rader = [{"line_id": "a", "kind": "line", "navn": tekst, "kode": "0670",
              **{f"b{i}": 123_456_789_012 * (i + 1) for i in range(n_penger)}},
             {"line_id": "s", "kind": "sum", "navn": "Sum", "kode": None,
              **{f"b{i}": 123_456_789_012 * (i + 1) for i in range(n_penger)}}]
    return Tabell.bygg("bred", "En bred tabell", kol, rader,
                       fotnoter=("Fotnote " + "med mange ord " * 30,), summer={"s": (Ledd("a"),)})


def test_wide_table_prints_in_groups_that_repeat_the_key() -> None:
    tekst = render_tabell(_bred(12, "Utredningsvirksomhet, forskning og utvikling " * 3))
    linjer = tekst.splitlines()
    assert max(len(x) for x in linjer) <= BREDDE
    assert "En bred tabell (forts.)" in tekst
    for i in range(12):  # every amount is printed once, in whole kroner
        kr = format_kroner(123_456_789_012 * (i + 1))
        assert sum(x.count(kr) for x in linjer) == 2  # the line and the sum
    assert tekst.count("0670") == tekst.count("(forts.)") + 1  # the short key column repeats


def test_narrow_table_is_one_block_and_long_text_wraps_without_loss() -> None:
    ord_ = "Bosetting av flyktninger og tiltak for innvandrere i kommunene " * 4
    tekst = render_tabell(_bred(2, ord_))
    assert "(forts.)" not in tekst and max(len(x) for x in tekst.splitlines()) <= BREDDE
    ord_i_tabellen = [w for w in tekst.split() if not w.isdigit()]
    assert " ".join(ord_i_tabellen).count(" ".join(ord_.split())) == 1


def test_a_table_without_lines_says_so_in_text_and_html():
    """Note 13 of the worked example has no lines (no bank account outside the konsernkonto): the
    report prints a sentence under its title, not an empty grid."""
    from imdi_ledger.eksempel import last_eksempel
    from imdi_ledger.regnskap import beregn
    from imdi_ledger.render.html import _tabell_html
    from imdi_ledger.render.text import TOM_TABELL, render_tabell

    r = beregn(last_eksempel("imdi-2025"))
    tomme = [t for t in r.tabeller() if not len(t.rader)]
    assert tomme and any(t.tittel.startswith("Note 13") for t in tomme)
    for t in tomme:
        tekst = render_tabell(t)
        assert TOM_TABELL in tekst and "-----" not in tekst
        html = _tabell_html(t, 0, {}, None, {}, {})
        assert TOM_TABELL in html and "<table" not in html
