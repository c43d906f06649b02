"""The journals of a SAF-T file read by pattern (``load/saft_rask.py``) against the full reader.

For any document the generator writes — the common shape, and every way of leaving it the
module's docstring names — reading with the pattern gives exactly the full reader's hovedbok
(frame, findings, file digest), or declines (``IkkeRask``, or an ``InputError`` that makes
``load_saft`` read the file in full).  It never gives a result where the full reader gives an
error, and for a document of the common shape it never declines unless the full reader finds
an error.  The file is fed in blocks of any size, so every boundary is crossed."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from imdi_ledger.errors import InputError
from imdi_ledger.load import saft, saft_rask
from imdi_ledger.load.saft import SAFT_NAMESPACE, load_saft
from imdi_ledger.load.saft_rask import IkkeRask

# -- a generated document ------------------------------------------------------------------

#: Ways out of the common shape (each makes the pattern decline, or not change the result).
AVVIK = ("rekkefølge", "dobbel", "mangler_konto", "begge_sider", "amount_ikke_først", "tom_tag",
         "attributt", "annet_navnerom", "kommentar", "cdata", "pi", "nøstet_linje", "nøstet_konto",
         "latin1", "doctype", "kontoplan_etter", "gle_i_tekst", "lone_cr", "tekst_i_linje",
         "journal_uten_id", "blad_etter_linjer", "feil_belop", "feil_dato", "feil_konto",
         "linje_i_hode", "dyp")

_TEGN = st.text(alphabet=st.sampled_from(list("ab æøåÆ&<>\"'") + ["\u00a0", "\t", "\n", "€"]),
                max_size=8)


def _esc(s: str, tegnref: bool) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;")
    if tegnref:
        s = s.replace("æ", "&#230;").replace("ø", "&#xF8;").replace('"', "&quot;").replace(">", "&gt;")
    return s


@st.composite
def dokumenter(draw: st.DrawFn) -> tuple[bytes, set[str]]:
    """A SAF-T document and the ways it leaves the common shape (empty: it is of that shape)."""
    avvik: set[str] = set(draw(st.lists(st.sampled_from(AVVIK), max_size=2)))
    p = draw(st.sampled_from(["", "n1:"]))
    crlf = draw(st.booleans())
    ws = draw(st.sampled_from(["\n", "\n  ", "", " "]))
    tegnref = draw(st.booleans())

    def el(navn: str, tekst: str) -> str:
        return f"<{p}{navn}>{tekst}</{p}{navn}>"

    def blad(navn: str, s: str) -> str:
        return el(navn, _esc(s, tegnref))

    kontoer = ["1940", "6400", "2400", "3000"]
    n_journaler = draw(st.integers(1, 3))
    tid = 0
    journaler = []
    for j in range(n_journaler):
        transaksjoner = []
        for _ in range(draw(st.integers(0 if j else 1, 3))):
            tid += 1
            dato = draw(st.sampled_from(["2025-01-05", "2025-06-30", " 2025-12-31 "]))
            hode = [blad("TransactionID", draw(st.sampled_from([str(tid), f" {tid} ", "1"]))),
                    el("Period", "1"), el("PeriodYear", "2025")]
            if draw(st.booleans()):
                hode.append(blad("TransactionDate", dato))
            hode.append(el("TransactionType", "Normal"))
            if draw(st.booleans()):
                hode.append(blad("Description", draw(_TEGN)))
            if draw(st.booleans()) or not any("TransactionDate" in h for h in hode):
                hode.append(blad("GLPostingDate", dato))
            hode.append(f"<{p}SystemID/>")
            linjer = []
            for _ in range(draw(st.integers(1, 3))):
                konto = draw(st.sampled_from(kontoer))
                belop = draw(st.sampled_from(["100.00", "0.5", "1 ", "250.25", "3.10", "7"]))
                side = draw(st.sampled_from(["Debit", "Credit"]))
                barn = [el("RecordID", "1"), blad("AccountID", konto)]
                if draw(st.booleans()):
                    barn.append(f"<{p}Analysis>{ws}{el('AnalysisType', 'A')}{el('AnalysisID', '1')}"
                                f"<{p}AnalysisAmount>{el('Amount', '1.00')}</{p}AnalysisAmount></{p}Analysis>")
                barn.append(el("ValueDate", "2025-01-05"))
                if draw(st.booleans()):
                    barn.append(blad("Description", draw(_TEGN)))
                barn.append(f"<{p}{side}Amount>{ws}{el('Amount', belop)}{ws}{el('CurrencyCode', 'NOK')}"
                            f"</{p}{side}Amount>")
                if draw(st.booleans()):
                    barn.append(f"<{p}TaxInformation>{el('TaxType', 'MVA')}<{p}TaxAmount>"
                                f"{el('Amount', '0.00')}</{p}TaxAmount></{p}TaxInformation>")
                barn.append(f"<{p}ReferenceNumber/>")
                linjer.append(barn)
            transaksjoner.append((hode, linjer))
        journaler.append(([blad("JournalID", draw(st.sampled_from(["GL", "AP", " GL "]))),
                           el("Description", "Journal"), el("Type", "GL")], transaksjoner))

    # The ways out of the common shape, each at a drawn place.
    alle_linjer = [b for _, tx in journaler for _, ls in tx for b in ls]
    alle_hoder = [h for _, tx in journaler for h, _ in tx]
    linje = draw(st.sampled_from(alle_linjer)) if alle_linjer else None
    hode = draw(st.sampled_from(alle_hoder)) if alle_hoder else None
    if linje is not None:
        if "rekkefølge" in avvik:
            linje.reverse()
        if "dobbel" in avvik:
            linje.append(draw(st.sampled_from([blad("AccountID", "6400"), blad("Description", "x"),
                                               f"<{p}DebitAmount>{el('Amount', '1')}</{p}DebitAmount>"])))
        if "mangler_konto" in avvik:
            linje[:] = [b for b in linje if "AccountID" not in b]
        if "begge_sider" in avvik:
            linje.append(f"<{p}CreditAmount>{el('Amount', '1')}</{p}CreditAmount>")
        if "amount_ikke_først" in avvik:
            linje[:] = [re.sub(r"(Amount>)(\s*)(<[^>]*Amount>.*?</[^>]*Amount>)", rf"\1{el('CurrencyCode', 'NOK')}\3", b)
                        if "DebitAmount" in b or "CreditAmount" in b else b for b in linje]
        if "tom_tag" in avvik:
            linje.append(f"<{p}Description/>")
        if "attributt" in avvik:
            linje[0] = linje[0].replace(f"<{p}RecordID>", f'<{p}RecordID a="1">')
        if "annet_navnerom" in avvik:
            linje.insert(1, f'<x:AccountID xmlns:x="{SAFT_NAMESPACE}">6400</x:AccountID>')
        if "kommentar" in avvik:
            linje.insert(1, "<!-- <AccountID>9999</AccountID> -->")
        if "cdata" in avvik:
            linje.append(el("Description", "<![CDATA[a < b]]>"))
        if "pi" in avvik:
            linje.insert(1, "<?behandling x?>")
        if "nøstet_linje" in avvik:
            linje.append(f"<{p}Analysis><{p}Line>{el('AccountID', '1940')}</{p}Line></{p}Analysis>")
        if "nøstet_konto" in avvik:
            linje[:] = [f"<{p}Analysis>{b}</{p}Analysis>" if "AccountID" in b else b for b in linje]
        if "tekst_i_linje" in avvik:
            linje.insert(1, "løs tekst")
        if "feil_belop" in avvik:
            linje[:] = [re.sub(r"(<[^>]*Amount>)[^<]*(</)", r"\g<1>1,5\2", b, count=1)
                        if "DebitAmount" in b or "CreditAmount" in b else b for b in linje]
        if "feil_konto" in avvik:
            linje[:] = [blad("AccountID", "19a") if "AccountID" in b else b for b in linje]
        if "dyp" in avvik:
            linje.append(f"<{p}Analysis>" + "".join(f"<{p}D{i}>" for i in range(4)) + "x"
                         + "".join(f"</{p}D{i}>" for i in reversed(range(4))) + f"</{p}Analysis>")
    if hode is not None:
        if "feil_dato" in avvik:
            hode[:] = [blad("TransactionDate", "2025-13-01") if "TransactionDate" in h else h for h in hode]
        if "linje_i_hode" in avvik:
            hode.append(f"<{p}Line/>")
        if "rekkefølge" in avvik:
            hode.reverse()
    if "journal_uten_id" in avvik:
        journaler[0][0].pop(0)

    def tx_xml(hode: list[str], linjer: list[list[str]]) -> str:
        deler = hode + [f"<{p}Line>{ws}{ws.join(b)}{ws}</{p}Line>" for b in linjer]
        if "blad_etter_linjer" in avvik and linjer:
            deler.append(el("SystemID", "x"))
        return f"<{p}Transaction>{ws}{ws.join(deler)}{ws}</{p}Transaction>"

    journal_xml = ws.join(f"<{p}Journal>{ws}{ws.join(h + [tx_xml(*t) for t in tx])}{ws}</{p}Journal>"
                          for h, tx in journaler)
    kontoplan = (f"<{p}MasterFiles><{p}GeneralLedgerAccounts>" + "".join(
        f"<{p}Account>{el('AccountID', k)}{el('GroupingCategory', 'KS')}{el('GroupingCode', k[:3])}"
        f"{el('OpeningDebitBalance', '0.00')}{el('ClosingDebitBalance', '0.00')}</{p}Account>"
        for k in kontoer) + f"</{p}GeneralLedgerAccounts></{p}MasterFiles>")
    header = (f"<{p}Header>{el('AuditFileVersion', '1.30')}<{p}SelectionCriteria>"
              f"{el('SelectionStartDate', '2025-01-01')}</{p}SelectionCriteria>"
              + (el("Comment", "GeneralLedgerEntries") if "gle_i_tekst" in avvik else "") + f"</{p}Header>")
    gle = (f"<{p}GeneralLedgerEntries>{ws}{el('NumberOfEntries', str(tid))}{ws}{el('TotalDebit', '0')}"
           f"{ws}{el('TotalCredit', '0')}{ws}{journal_xml}{ws}</{p}GeneralLedgerEntries>")
    deler = [header, gle, kontoplan] if "kontoplan_etter" in avvik else [header, kontoplan, gle]
    xmlns = f'xmlns:n1="{SAFT_NAMESPACE}"' if p else f'xmlns="{SAFT_NAMESPACE}"'
    latin1 = "latin1" in avvik
    dekl = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?>", ""]))
    if latin1:
        dekl = '<?xml version="1.0" encoding="ISO-8859-1"?>'
    tekst = (dekl + ("\n" if dekl else "") + ('<!DOCTYPE AuditFile>\n' if "doctype" in avvik else "")
             + f"<{p}AuditFile {xmlns}>{ws}{ws.join(deler)}{ws}</{p}AuditFile>\n")
    if crlf:
        tekst = tekst.replace("\n", "\r\n")
    if "lone_cr" in avvik:
        tekst = tekst.replace("</" + p + "Header>", "</" + p + "Header>\r", 1)
    data = tekst.encode("latin-1" if latin1 else "utf-8", errors="replace" if latin1 else "strict")
    if not latin1 and draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, avvik


def _fulle(path: Path):
    try:
        return saft._les(path, rask=False), None
    except InputError as exc:
        return None, exc


def _lik(a, b) -> None:
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.findings == b.findings
    assert a.filer == b.filer


def _sjekk(tmp_path: Path, dok: tuple[bytes, set[str]], blokk: int, prosess_etter: int | None) -> None:
    data, avvik = dok
    p = tmp_path / "saft.xml"
    p.write_bytes(data)
    fasit, feil = _fulle(p)
    try:
        rask = saft._les(p, rask=True, blokk=blokk, prosess_etter=prosess_etter)
    except IkkeRask:
        # Declining is allowed outside the common shape, or where the full reader finds an error.
        assert avvik or feil is not None, "a document of the common shape was not read by the pattern"
        rask = None
    except InputError:
        assert feil is not None, "the pattern found an error the full reader does not"
        rask = None
    event("lest med mønsteret" if rask is not None else "lest i sin helhet")
    if rask is not None:
        assert feil is None, f"the pattern read a document the full reader rejects: {feil}"
        _lik(rask, fasit)
    # load_saft gives the full reader's result or error either way.
    if feil is None:
        _lik(load_saft(p), fasit)
    else:
        with pytest.raises(InputError) as e:
            load_saft(p)
        assert str(e.value) == str(feil)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dok=dokumenter(), blokk=st.one_of(st.integers(1, 64), st.integers(65, 1 << 20)))
def test_mønsteret_gir_det_fulle_lesernes_hovedbok(tmp_path, dok, blokk):
    _sjekk(tmp_path, dok, blokk, None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dok=dokumenter(), blokk=st.integers(16, 400))
def test_mønsteret_i_en_andre_prosess_gir_det_samme(tmp_path, dok, blokk):
    """The pattern run in a second process for every other block (from the first): the same."""
    _sjekk(tmp_path, dok, blokk, 0)


def test_linjenummer_etter_65535_linjer(tmp_path):
    """Line numbers are counted on the bytes at any length of file; they match the full
    reader's past libxml2's 16-bit line field."""
    linjer = "".join(
        f"<Transaction>\n<TransactionID>{i}</TransactionID>\n<TransactionDate>2025-01-05</TransactionDate>\n"
        f"<Line>\n<AccountID>6400</AccountID>\n<Description>a</Description>\n<DebitAmount>\n<Amount>1.00</Amount>\n"
        f"</DebitAmount>\n</Line>\n<Line>\n<AccountID>1940</AccountID>\n<CreditAmount>\n<Amount>1.00</Amount>\n"
        f"</CreditAmount>\n</Line>\n</Transaction>\n" for i in range(12000))
    tekst = (f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="{SAFT_NAMESPACE}">\n<Header>\n'
             "<SelectionCriteria>\n<SelectionStartDate>2025-01-01</SelectionStartDate>\n</SelectionCriteria>\n"
             "</Header>\n<GeneralLedgerEntries>\n<Journal>\n<JournalID>GL</JournalID>\n" + linjer
             + "</Journal>\n</GeneralLedgerEntries>\n</AuditFile>\n")
    p = tmp_path / "lang.xml"
    p.write_text(tekst, encoding="utf-8")
    assert tekst.count("\n") > 3 * 65535
    rask = saft._les(p, rask=True, blokk=4096)
    _lik(rask, saft._les(p, rask=False))
    rader = rask.frame["_row"].to_numpy()
    start = [i for i, s in enumerate(tekst.splitlines(), start=1) if s == "<Line>"]
    assert rader.tolist() == start


def test_load_saft_leser_andre_former_i_sin_helhet(tmp_path):
    """A document outside the common shape (here a comment among the lines) is read by the
    full reader: the same hovedbok as with nothing in the way."""
    kropp = ("<GeneralLedgerEntries>\n<Journal>\n<JournalID>GL</JournalID>\n<Transaction>\n"
             "<TransactionID>1</TransactionID>\n<TransactionDate>2025-02-01</TransactionDate>\n"
             "<Line>\n<AccountID>6400</AccountID>\n<DebitAmount>\n<Amount>5.00</Amount>\n</DebitAmount>\n</Line>\n"
             "{kommentar}<Line>\n<AccountID>1940</AccountID>\n<CreditAmount>\n<Amount>5.00</Amount>\n</CreditAmount>\n"
             "</Line>\n</Transaction>\n</Journal>\n</GeneralLedgerEntries>\n")
    hode = (f'<AuditFile xmlns="{SAFT_NAMESPACE}">\n<Header>\n<SelectionCriteria>\n'
            "<SelectionStartDate>2025-01-01</SelectionStartDate>\n</SelectionCriteria>\n</Header>\n")
    med = tmp_path / "med.xml"
    med.write_text(hode + kropp.format(kommentar="<!-- ført av hånd -->\n") + "</AuditFile>\n", encoding="utf-8")
    uten = tmp_path / "uten.xml"
    uten.write_text(hode + kropp.format(kommentar="\n") + "</AuditFile>\n", encoding="utf-8")
    with pytest.raises(IkkeRask):
        saft._les(med, rask=True)
    a, b = load_saft(med), load_saft(uten)
    pd.testing.assert_frame_equal(a.frame.drop(columns="_file"), b.frame.drop(columns="_file"))
    assert [f.rule for f in a.findings] == [f.rule for f in b.findings]


def test_en_andre_prosess_som_stopper_gir_full_lesing(tmp_path, monkeypatch):
    """A second process that ends early: the file is read in full, with the same result."""
    linjer = "".join(
        f"<Transaction>\n<TransactionID>{i}</TransactionID>\n<TransactionDate>2025-01-05</TransactionDate>\n"
        f"<Line>\n<AccountID>6400</AccountID>\n<DebitAmount>\n<Amount>1.00</Amount>\n</DebitAmount>\n</Line>\n"
        f"<Line>\n<AccountID>1940</AccountID>\n<CreditAmount>\n<Amount>1.00</Amount>\n</CreditAmount>\n</Line>\n"
        f"</Transaction>\n" for i in range(300))
    p = tmp_path / "saft.xml"
    p.write_text(f'<AuditFile xmlns="{SAFT_NAMESPACE}">\n<Header>\n<SelectionCriteria>\n'
                 "<SelectionStartDate>2025-01-01</SelectionStartDate>\n</SelectionCriteria>\n</Header>\n"
                 "<GeneralLedgerEntries>\n<Journal>\n<JournalID>GL</JournalID>\n" + linjer
                 + "</Journal>\n</GeneralLedgerEntries>\n</AuditFile>\n", encoding="utf-8")
    fasit = saft._les(p, rask=False)
    _lik(saft._les(p, rask=True, blokk=2000, prosess_etter=0), fasit)

    class Stoppet(saft_rask.Monsterprosess):
        def motta(self):
            self.p.kill()
            return super().motta()

    monkeypatch.setattr(saft_rask, "Monsterprosess", Stoppet)
    with pytest.raises(IkkeRask):
        saft._les(p, rask=True, blokk=2000, prosess_etter=0)
    monkeypatch.setattr(saft_rask, "PROSESS_ETTER", 0)
    _lik(load_saft(p), fasit)
