"""SAF-T Financial XML as an SRS hovedbok: ledgers in the state chart that the tests write
themselves, and conformance with Skatteetaten's example files.  Skatteetaten's files are not
redistributed with the project; those tests read them from ``../shared/saft/examples`` beside
the repository and are skipped where that folder is absent."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from imdi_ledger.errors import InputError
from imdi_ledger.findings import Severity
from imdi_ledger.load.hovedbok import IB_BILAG
from imdi_ledger.load.saft import SAFT_KOLONNER, SAFT_NAMESPACE, load_saft

#: Skatteetaten's example files, beside the repository (not redistributed with it).
SAFT = Path(__file__).resolve().parents[2] / "shared" / "saft" / "examples"
V130 = SAFT / "v1.30" / "generated_auditfile_formatted_v_1.30.xml"
XMLSPY = SAFT / "v1.30" / "Eksempelfil_fra_xmlSpy.xml"
V120_888 = SAFT / "v1.20" / "ExampleFile_SAF-T_Financial_888888888_20180228235959.xml"
V120_999 = SAFT / "v1.20" / "ExampleFile_SAF-T_Financial_999999999_20161125213512.xml"


def _real(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"Skatteetaten's SAF-T example {path.name} is not redistributed; "
                    "absent from ../shared/saft/examples")
    return path


# -- an inline ledger in the state chart (Kontoplan_stat, KS) --------------------------

def _saldo(kind: str, amount: str | None) -> str:
    if amount is None:
        return ""
    side = "Credit" if amount.startswith("-") else "Debit"
    return f"<{kind}{side}Balance>{amount.lstrip('-')}</{kind}{side}Balance>\n"


def _konto(konto: str, ib: str | None, ub: str | None, kategori: str = "KS",
           kode: str | None = None) -> str:
    gruppering = (f"<GroupingCategory>{kategori}</GroupingCategory>\n"
                  f"<GroupingCode>{kode or konto[:3]}</GroupingCode>\n") if kategori else ""
    return (f"<Account>\n<AccountID>{konto}</AccountID>\n<AccountDescription>Konto {konto}"
            f"</AccountDescription>\n{gruppering}<AccountType>GL</AccountType>\n"
            f"{_saldo('Opening', ib)}{_saldo('Closing', ub)}</Account>\n")


def _linje(konto: str, amount: str, tekst: str = "Postering") -> str:
    side = "CreditAmount" if amount.startswith("-") else "DebitAmount"
    return (f"<Line>\n<RecordID>1</RecordID>\n<AccountID>{konto}</AccountID>\n"
            f"<Description>{tekst}</Description>\n<{side}>\n<Amount>{amount.lstrip('-')}</Amount>\n"
            f"</{side}>\n</Line>\n")


def _tx(tid: str, dato: str, *linjer: str, tekst: str = "Bilag") -> str:
    return (f"<Transaction>\n<TransactionID>{tid}</TransactionID>\n<Period>1</Period>\n"
            f"<PeriodYear>{dato[:4]}</PeriodYear>\n<TransactionDate>{dato}</TransactionDate>\n"
            f"<Description>{tekst}</Description>\n<GLPostingDate>{dato}</GLPostingDate>\n"
            + "".join(linjer) + "</Transaction>\n")


def _journal(jid: str, *tx: str) -> str:
    return f"<Journal>\n<JournalID>{jid}</JournalID>\n<Description>Journal</Description>\n" \
        + "".join(tx) + "</Journal>\n"


STANDARD_KONTOER = (
    _konto("1500", "1000.00", "1000.00"),
    _konto("2400", "-1000.00", "0.00"),
    _konto("6400", "0.00", "2500.50"),
    _konto("1940", "0.00", "-3500.50"),
)
STANDARD_JOURNALER = (
    _journal("GL",
             _tx("T1", "2025-03-15", _linje("6400", "2500.50", "Leie av kopimaskin"),
                 _linje("1940", "-2500.50", "Konsernkonto ut")),
             _tx("T2", "2025-04-02", _linje("2400", "1000.00"), _linje("1940", "-1000.00"))),
)


def _doc(kontoer=STANDARD_KONTOER, journaler=STANDARD_JOURNALER, *, antall: str = "2",
         debet: str = "3500.50", kredit: str = "3500.50",
         utvalg: str = "<PeriodStart>1</PeriodStart>\n<PeriodStartYear>2025</PeriodStartYear>\n") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="{SAFT_NAMESPACE}">\n'
            "<Header>\n<AuditFileVersion>1.30</AuditFileVersion>\n<SelectionCriteria>\n"
            f"{utvalg}</SelectionCriteria>\n</Header>\n<MasterFiles>\n<GeneralLedgerAccounts>\n"
            + "".join(kontoer) + "</GeneralLedgerAccounts>\n</MasterFiles>\n<GeneralLedgerEntries>\n"
            f"<NumberOfEntries>{antall}</NumberOfEntries>\n<TotalDebit>{debet}</TotalDebit>\n"
            f"<TotalCredit>{kredit}</TotalCredit>\n" + "".join(journaler)
            + "</GeneralLedgerEntries>\n</AuditFile>\n")


def _write(tmp_path: Path, text: str, name: str = "saft.xml", *, v120: bool = False) -> Path:
    """Write the document; ``v120`` writes it as the v1.20 files are: ``n1:`` prefix, UTF-8 BOM, CRLF."""
    if v120:
        text = re.sub(r"<(/?)([A-Za-z])", r"<\1n1:\2", text)
        text = text.replace(f'xmlns="{SAFT_NAMESPACE}"', f'xmlns:n1="{SAFT_NAMESPACE}"')
        text = text.replace("\n", "\r\n")
    p = tmp_path / name
    p.write_bytes((b"\xef\xbb\xbf" if v120 else b"") + text.encode("utf-8"))
    return p


def _line_numbers(p: Path, tag: str) -> list[int]:
    lines = p.read_bytes().decode("utf-8-sig").splitlines()
    return [i for i, s in enumerate(lines, start=1) if re.fullmatch(rf"\s*<(n1:)?{tag}>\s*", s)]


def _rules(hb) -> list[str]:
    return [f.rule for f in hb.findings]


# -- mapping ---------------------------------------------------------------------------

@pytest.mark.parametrize("v120", [False, True], ids=["v1.30-default-ns", "v1.20-n1-bom-crlf"])
def test_linjer_blir_hovedbok_rader(tmp_path, v120):
    p = _write(tmp_path, _doc(), v120=v120)
    hb = load_saft(p)
    f = hb.frame
    assert list(f.columns) == SAFT_KOLONNER
    assert hb.findings == ()
    poster = f[f["bilag"] != IB_BILAG]
    assert poster["bilag"].tolist() == ["T1", "T1", "T2", "T2"]
    assert poster["konto"].tolist() == ["6400", "1940", "2400", "1940"]
    assert poster["belop_ore"].tolist() == [250050, -250050, 100000, -100000]
    assert poster["dato"].tolist() == [date(2025, 3, 15)] * 2 + [date(2025, 4, 2)] * 2
    assert poster["tekst"].tolist()[:2] == ["Leie av kopimaskin", "Konsernkonto ut"]
    assert poster["_row"].tolist() == _line_numbers(p, "Line")
    assert set(f["_file"]) == {str(p)}
    assert set(f["journal"]) == {"GL", ""}
    assert f["belop_ore"].dtype == "int64"
    assert hb.filer[0][:2] == (str(p), len(f))


def test_inngaende_balanse_blir_bilag_ib_datert_utvalgets_start(tmp_path):
    p = _write(tmp_path, _doc())
    hb = load_saft(p)
    ib = hb.frame[hb.frame["bilag"] == IB_BILAG]
    assert ib["konto"].tolist() == ["1500", "2400"]          # zero balances give no row
    assert ib["belop_ore"].tolist() == [100000, -100000]
    assert set(ib["dato"]) == {date(2025, 1, 1)}
    lines = p.read_text(encoding="utf-8").splitlines()
    opening = [i for i, s in enumerate(lines, 1) if re.match(r"<Opening(Debit|Credit)Balance>1000\.00<", s)]
    assert ib["_row"].tolist() == opening


def test_selection_start_date_dates_ib(tmp_path):
    utvalg = "<SelectionStartDate>2025-07-01</SelectionStartDate>\n<SelectionEndDate>2025-12-31</SelectionEndDate>\n"
    hb = load_saft(_write(tmp_path, _doc(utvalg=utvalg)))
    assert set(hb.frame.loc[hb.frame["bilag"] == IB_BILAG, "dato"]) == {date(2025, 7, 1)}


def test_ks_gruppering_er_kontoens_ks_kode(tmp_path):
    kontoer = (_konto("19900000", "-1000.00", "-1000.00", kode="1990"),
               _konto("15000000", "1000.00", "1000.00", kode="150"))
    hb = load_saft(_write(tmp_path, _doc(kontoer, (), antall="0", debet="0", kredit="0")))
    assert dict(zip(hb.frame["konto"], hb.frame["ks"])) == {"19900000": "1990", "15000000": "150"}
    assert hb.findings == ()


def test_annen_gruppering_beholdes_og_rapporteres_en_gang(tmp_path):
    kontoer = (_konto("1500", "1000.00", "1000.00", kategori="balanseverdiForOmloepsmiddel", kode="1500"),
               _konto("2400", "-1000.00", "-1000.00", kategori="kortsiktigGjeld", kode="2400"),
               _konto("2700", "0", "0", kategori="kortsiktigGjeld", kode="2740"))
    hb = load_saft(_write(tmp_path, _doc(kontoer, (), antall="0", debet="0", kredit="0")))
    assert set(hb.frame["ks"]) == {""}
    assert hb.frame["grupperingskategori"].tolist() == ["balanseverdiForOmloepsmiddel", "kortsiktigGjeld"]
    assert hb.frame["grupperingskode"].tolist() == ["1500", "2400"]
    (f,) = hb.findings
    assert (f.rule, f.severity) == ("SAFT-KS-02", Severity.INFO)
    assert "3 av 3" in f.message and "kortsiktigGjeld (2)" in f.message


def test_ks_kode_som_ikke_passer_kontonummeret(tmp_path):
    kontoer = (_konto("6400", "0", "0", kode="650"),)
    p = _write(tmp_path, _doc(kontoer, (), antall="0", debet="0", kredit="0"))
    (f,) = load_saft(p).findings
    assert (f.rule, f.line, f.column) == ("SAFT-KS-01", "6400", "GroupingCode")
    assert f.row == _line_numbers(p, "Account")[0]


def test_desimaler_leses_eksakt(tmp_path):
    kontoer = (_konto("6400", "0", "0.60"), _konto("1940", "0", "-0.60"))
    tx = _tx("T1", "2025-02-01", _linje("6400", "0.1"), _linje("6400", "0.20"), _linje("6400", "0.300"),
             _linje("1940", "-.6"))
    hb = load_saft(_write(tmp_path, _doc(kontoer, (_journal("A", tx),), antall="1", debet="0.6",
                                          kredit="0.60")))
    assert hb.frame["belop_ore"].tolist() == [10, 20, 30, -60]
    assert hb.findings == ()


def test_like_transaction_id_i_to_journaler_kvalifiseres(tmp_path):
    kontoer = (_konto("6400", "0", "200.00"), _konto("1940", "0", "-200.00"))
    j = (_journal("A", _tx("1", "2025-02-01", _linje("6400", "100"), _linje("1940", "-100"))),
         _journal("B", _tx("1", "2025-02-02", _linje("6400", "100"), _linje("1940", "-100"))))
    hb = load_saft(_write(tmp_path, _doc(kontoer, j, debet="200", kredit="200")))
    assert hb.frame["bilag"].tolist() == ["A/1", "A/1", "B/1", "B/1"]
    assert _rules(hb) == ["SAFT-BILAG-01"]


# -- findings --------------------------------------------------------------------------

def test_ubalansert_transaksjon_gir_srs_hb_01_med_xml_linje(tmp_path):
    kontoer = (_konto("6400", "0", "100.00"), _konto("1940", "0", "-99.00"))
    tx = _tx("T9", "2025-02-01", _linje("6400", "100"), _linje("1940", "-99"))
    p = _write(tmp_path, _doc(kontoer, (_journal("A", tx),), antall="1", debet="100", kredit="99"))
    hb = load_saft(p)
    (f,) = hb.findings
    assert (f.rule, f.line, f.file, f.difference_ore) == ("SRS-HB-01", "T9", str(p), 100)
    assert f.row == _line_numbers(p, "Line")[0]
    assert hb.n_rader == 2


def test_ib_som_ikke_gar_i_null(tmp_path):
    kontoer = (_konto("1500", "1000.00", "1000.00"), _konto("2400", "-999.99", "-999.99"))
    p = _write(tmp_path, _doc(kontoer, (), antall="0", debet="0", kredit="0"))
    hb = load_saft(p)
    (f,) = hb.findings
    assert (f.rule, f.severity, f.file, f.difference_ore) == ("SAFT-IB-BALANSE", Severity.ERROR, str(p), 1)
    assert "0,01" in f.message
    assert hb.n_rader == 2


def test_hode_totaler_kontrolleres(tmp_path):
    hb = load_saft(_write(tmp_path, _doc(antall="3", debet="3500.00", kredit="3500.50")))
    by_rule = {f.rule: f for f in hb.findings}
    assert sorted(by_rule) == ["SAFT-ANTALL", "SAFT-DEBET"]
    assert by_rule["SAFT-DEBET"].difference_ore == 50
    assert by_rule["SAFT-DEBET"].column == "TotalDebit"
    assert "3" in by_rule["SAFT-ANTALL"].message and "2 Transaction" in by_rule["SAFT-ANTALL"].message


def test_ub_avvik_per_konto(tmp_path):
    kontoer = (*STANDARD_KONTOER[:3], _konto("1940", "0.00", "-3500.00"))
    hb = load_saft(_write(tmp_path, _doc(kontoer)))
    (f,) = hb.findings
    assert (f.rule, f.line, f.expected_ore, f.actual_ore, f.difference_ore) == \
        ("SAFT-UB", "1940", -350000, -350050, -50)


def test_postering_pa_konto_utenfor_kontoplanen(tmp_path):
    kontoer = STANDARD_KONTOER[:3] + (_konto("1940", "0.00", "-1000.00"),)
    j = (_journal("GL", _tx("T1", "2025-03-15", _linje("6400", "2500.50"), _linje("1941", "-2500.50")),
                  _tx("T2", "2025-04-02", _linje("2400", "1000.00"), _linje("1940", "-1000.00"))),)
    p = _write(tmp_path, _doc(kontoer, j))
    hb = load_saft(p)
    (f,) = hb.findings
    assert (f.rule, f.line, f.row) == ("SAFT-KONTO-01", "1941", _line_numbers(p, "Line")[1])
    assert hb.n_rader == 6


def test_hovedbok_fra_saft_gir_srs_grunnlag(tmp_path):
    from imdi_ledger.srs.grunnlag import grunnlag_fra_hovedbok
    from imdi_ledger.srs.kontoplan_srs import load_kontoplan

    g = grunnlag_fra_hovedbok(load_saft(_write(tmp_path, _doc())), 2025, load_kontoplan())
    saldo = g.saldo.set_index("konto")
    assert int(saldo.loc["6400", "ub_ore"]) == 250050
    assert int(saldo.loc["1500", "ib_ore"]) == 100000


# -- unreadable input ------------------------------------------------------------------

@pytest.mark.parametrize("old, new, element", [
    ("<Amount>2500.50</Amount>", "<Amount>2500.505</Amount>", "DebitAmount"),
    ("<Amount>2500.50</Amount>", "<Amount>2 500,50</Amount>", "DebitAmount"),
    ("<TransactionDate>2025-03-15", "<TransactionDate>15.03.2025", "TransactionDate"),
    ("<AccountID>6400</AccountID>\n<Description>", "<AccountID>X64</AccountID>\n<Description>", "AccountID"),
    ("<OpeningDebitBalance>1000.00", "<OpeningDebitBalance>tusen", "OpeningDebitBalance"),
    ("<NumberOfEntries>2", "<NumberOfEntries>to", "NumberOfEntries"),
])
def test_ulesbar_verdi_gir_input_error_med_linje_og_element(tmp_path, old, new, element):
    doc = _doc()
    assert old in doc
    p = _write(tmp_path, doc.replace(old, new, 1))
    with pytest.raises(InputError) as exc:
        load_saft(p)
    assert (exc.value.file, exc.value.column) == (str(p), element)
    bad_line = p.read_text(encoding="utf-8").splitlines()[exc.value.row - 1]
    assert bad_line == new.split("\n")[0] or new.split("\n")[0] in bad_line


def test_linje_med_bade_debet_og_kredit(tmp_path):
    bad = _linje("6400", "2500.50").replace("</DebitAmount>", "</DebitAmount>\n<CreditAmount>\n<Amount>1"
                                                               "</Amount>\n</CreditAmount>")
    doc = _doc().replace(_linje("6400", "2500.50", "Leie av kopimaskin"), bad)
    p = _write(tmp_path, doc)
    with pytest.raises(InputError, match="nøyaktig én") as exc:
        load_saft(p)
    assert exc.value.row == _line_numbers(p, "Line")[0]


def test_odelagt_xml(tmp_path):
    p = _write(tmp_path, _doc().replace("</Journal>", "</Jurnal>"))
    with pytest.raises(InputError, match="ikke lesbar XML") as exc:
        load_saft(p)
    assert exc.value.row == next(i for i, s in enumerate(p.read_text().splitlines(), 1) if "</Jurnal>" in s)


def test_ikke_saft_navnerom(tmp_path):
    p = _write(tmp_path, _doc().replace(SAFT_NAMESPACE, "urn:noe-annet"))
    with pytest.raises(InputError, match="ikke en SAF-T Financial-fil") as exc:
        load_saft(p)
    assert (exc.value.row, exc.value.column) == (2, "AuditFile")


def test_doctype_avvises(tmp_path):
    doc = _doc().replace("<AuditFile", '<!DOCTYPE AuditFile [<!ENTITY x "y">]>\n<AuditFile', 1)
    with pytest.raises(InputError, match="DOCTYPE"):
        load_saft(_write(tmp_path, doc))


def test_manglende_fil(tmp_path):
    with pytest.raises(InputError, match="kan ikke lese"):
        load_saft(tmp_path / "finnes_ikke.xml")


def test_ib_uten_utvalgsstart(tmp_path):
    with pytest.raises(InputError, match="SelectionStartDate") as exc:
        load_saft(_write(tmp_path, _doc(utvalg="")))
    assert exc.value.column == "SelectionCriteria"


# -- the real Skatteetaten examples ------------------------------------------------------

def test_v130_eksempel_laster_og_gar_opp():
    hb = load_saft(_real(V130))
    f = hb.frame
    assert [x for x in hb.findings if x.severity == Severity.ERROR] == []
    assert len(f) == 8 and f["bilag"].nunique() == 3
    assert int(f.loc[f["belop_ore"] > 0, "belop_ore"].sum()) == 3_750_000
    assert int(f["belop_ore"].sum()) == 0
    assert f.groupby("bilag")["belop_ore"].sum().eq(0).all()
    assert f["grupperingskategori"].ne("").all()
    assert _rules(hb) == ["SAFT-KS-02"]                        # groupings are not KS
    assert "7 av 7" in hb.findings[0].message


@pytest.mark.parametrize("path, ib_diff_ore, n_ub", [
    (V120_888, 254_541_000, 3),
    (V120_999, -123_456, 4),
], ids=["888888888", "999999999"])
def test_v120_eksempler_ib_og_ub_avvik(path, ib_diff_ore, n_ub):
    hb = load_saft(_real(path))
    f = hb.frame
    poster = f[f["bilag"] != IB_BILAG]
    assert poster.groupby("bilag")["belop_ore"].sum().eq(0).all()
    assert "SRS-HB-01" not in _rules(hb)
    (ib,) = [x for x in hb.findings if x.rule == "SAFT-IB-BALANSE"]
    assert (ib.difference_ore, ib.file) == (ib_diff_ore, str(path))
    assert int(f.loc[f["bilag"] == IB_BILAG, "belop_ore"].sum()) == ib_diff_ore
    ub = [x for x in hb.findings if x.rule == "SAFT-UB"]
    assert len(ub) == n_ub
    assert all(x.difference_ore != 0 and x.line for x in ub)
    # Header totals tie with the lines read.
    assert not {"SAFT-ANTALL", "SAFT-DEBET", "SAFT-KREDIT"} & set(_rules(hb))


def test_xmlspy_plassholder_gir_input_error():
    with pytest.raises(InputError, match="navnerommet") as exc:
        load_saft(_real(XMLSPY))
    assert exc.value.column == "AuditFile"


def test_several_saft_files_make_one_ledger(tmp_path):
    from imdi_ledger.load.hovedbok import Hovedbok

    one = load_saft(_write(tmp_path, _doc(), "a.xml"))
    both = Hovedbok.samle([one, load_saft(_write(tmp_path, _doc(), "b.xml", v120=True))])
    assert both.n_rader == 2 * one.n_rader
    assert len(both.filer) == 2 and both.frame["belop_ore"].sum() == 2 * one.frame["belop_ore"].sum()


# -- files longer than one batch of the streaming reader ---------------------------------

def _mange(n: int, *, ekstra: dict[int, str] | None = None) -> str:
    """``n`` balanced transactions of 1,00 kr (6400 against 1940) in one journal; ``ekstra``
    puts text at the start of transaction ``i``'s first line."""
    txs = []
    for i in range(n):
        linje = _linje("6400", "1.00")
        if ekstra and i in ekstra:
            linje = linje.replace("<RecordID>", ekstra[i] + "<RecordID>", 1)
        txs.append(_tx(f"T{i}", "2025-05-01", linje, _linje("1940", "-1.00")))
    kontoer = (_konto("6400", "0", f"{n}.00"), _konto("1940", "0", f"-{n}.00"))
    return _doc(kontoer, (_journal("GL", *txs),), antall=str(n), debet=f"{n}.00", kredit=f"{n}.00")


def test_fil_over_flere_partier_gir_alle_linjene(tmp_path):
    from imdi_ledger.load.saft import _PARTI

    n = 2 * _PARTI + 7
    p = _write(tmp_path, _mange(n))
    hb = load_saft(p)
    assert hb.findings == ()
    f = hb.frame
    assert len(f) == 2 * n
    assert f["bilag"].tolist() == [f"T{i}" for i in range(n) for _ in (0, 1)]
    assert f["belop_ore"].tolist() == [100, -100] * n
    assert f["_row"].tolist() == _line_numbers(p, "Line")


def test_for_dyp_nesting_etter_forste_parti(tmp_path):
    from imdi_ledger.load.saft import _PARTI, MAKS_XML_DYBDE

    # A Line is at level 5: 26 more levels make the last <x> level 31.
    p = _write(tmp_path, _mange(_PARTI + 10, ekstra={_PARTI + 3: "<x>\n" * 26 + "</x>" * 26 + "\n"}))
    with pytest.raises(InputError, match="nøstet") as exc:
        load_saft(p)
    lines = p.read_text(encoding="utf-8").splitlines()
    first_x = lines.index("<x>") + 1
    assert (exc.value.row, exc.value.column) == (first_x + 25, "x")
    assert MAKS_XML_DYBDE == 30


def test_ulesbart_belop_sent_i_filen_navngis(tmp_path):
    from imdi_ledger.load.saft import _PARTI

    doc = _mange(_PARTI + 1000)                 # beyond line 65 535 (16-bit lines in libxml2)
    marker = "<TransactionID>T2900</TransactionID>"
    i = doc.index(marker)
    j = doc.index("<Amount>1.00</Amount>", i)
    doc = doc[:j] + "<Amount>1,00</Amount>" + doc[j + len("<Amount>1.00</Amount>"):]
    p = _write(tmp_path, doc)
    assert doc[:j].count("\n") > 65535
    with pytest.raises(InputError, match="xs:decimal") as exc:
        load_saft(p)
    assert exc.value.column == "DebitAmount"
    assert p.read_text(encoding="utf-8").splitlines()[exc.value.row - 1] == "<Amount>1,00</Amount>"


def test_saft_csv_og_inngaende_balanse_gir_samme_kolonnetyper(tmp_path):
    """A ledger read from SAF-T, from CSV, or joined with opening balances has the same column
    types (key columns as categories of text), so code written against one works on the others."""
    from imdi_ledger.load.hovedbok import (KOLONNER, NOKKELKOLONNER, Hovedbok, load_hovedbok,
                                           load_inngaende_balanse, med_inngaende_balanse)

    csv = tmp_path / "hovedbok_2025.csv"
    csv.write_text("bilag;dato;konto;belop;tekst\nT1;2025-03-15;6400;2500,50;Leie\nT1;2025-03-15;1940;-2500,50;Ut\n",
                   encoding="utf-8")
    ib = tmp_path / "saldobalanse_ib_2025.csv"
    ib.write_text("konto;ib\n1940;100,00\n2050;-100,00\n", encoding="utf-8")
    fra_csv = load_hovedbok(csv).frame
    fra_saft = load_saft(_write(tmp_path, _doc())).frame
    med_ib = med_inngaende_balanse(load_hovedbok(csv), load_inngaende_balanse(ib, 2025)).frame
    samlet = Hovedbok.samle([load_saft(_write(tmp_path, _doc())), load_hovedbok(csv)]).frame
    for f in (fra_saft, med_ib, samlet):
        for c in KOLONNER:
            assert f[c].dtype == fra_csv[c].dtype or (
                c in NOKKELKOLONNER + ("_file",) and isinstance(f[c].dtype, type(fra_csv[c].dtype))
                and f[c].cat.categories.dtype == fra_csv[c].cat.categories.dtype), (c, f[c].dtype, fra_csv[c].dtype)
        for c in NOKKELKOLONNER:   # sorted, so sorting the column sorts its text
            assert list(f[c].cat.categories) == sorted(f[c].cat.categories)
    assert med_ib["konto"].tolist() == ["1940", "2050", "6400", "1940"]
    assert list(med_ib["_file"].cat.categories) == [str(ib), str(csv)]
