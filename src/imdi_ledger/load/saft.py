"""SAF-T Financial XML (Skatteetaten, Norwegian SAF-T Financial v1.10/1.20/1.30) read as an
SRS *hovedbok*.

Rules (``docs/saft.md``; schema ``Norwegian_SAF-T_Financial_Schema_v_1.30.xsd``; SRS
virksomhetsregnskap, hovedbok format in ``docs/srs.md``):

* One hovedbok row per ``GeneralLedgerEntries/Journal/Transaction/Line``: ``bilag`` =
  ``TransactionID`` (``JournalID/TransactionID`` when an id is not unique across journals),
  ``dato`` = ``TransactionDate`` (``GLPostingDate`` when absent), ``konto`` = ``AccountID``,
  ``belop_ore`` = ``DebitAmount/Amount`` − ``CreditAmount/Amount`` in øre (``xs:decimal`` read
  exactly, never as float), ``tekst`` = the line's ``Description``.  ``_row`` is the XML line
  of the ``Line`` element, ``_file`` the path.
* ``MasterFiles/GeneralLedgerAccounts/Account`` opening balances
  (``OpeningDebitBalance`` − ``OpeningCreditBalance``) become bilag ``IB`` dated the start of
  the selection (``SelectionStartDate``, or the first day of ``PeriodStart``/``PeriodStartYear``).
* ``GroupingCategory``/``GroupingCode``: category ``KS`` (Kontoplan_stat) is the account's KS
  code (column ``ks``); other groupings are kept in their own columns and reported once.
* Findings (rows are always kept): transactions that do not sum to 0 (``SRS-HB-01``, shared
  with the CSV loader), opening balances that do not sum to 0 (``SAFT-IB-BALANSE``), header
  ``NumberOfEntries``/``TotalDebit``/``TotalCredit`` against the lines read
  (``SAFT-ANTALL``/``SAFT-DEBET``/``SAFT-KREDIT``), opening + movements against the closing
  balance per account (``SAFT-UB``), and account/grouping observations (``SAFT-KONTO-*``,
  ``SAFT-KS-*``, ``SAFT-BILAG-*``).

Unreadable XML, a document that is not SAF-T Financial, or an unreadable amount, date or
account id raises :class:`InputError` naming the file, the XML line and the element.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.parsers import expat

import numpy as np
import pandas as pd

from ..errors import InputError
from ..findings import Finding, Severity
from ..money import MoneyFormatError, format_ore, parse_ore
from .dialect import sjekk_sum
from .hovedbok import IB_BILAG, KOLONNER, Hovedbok, bilag_findings

__all__ = ["SAFT_NAMESPACE", "SAFT_KOLONNER", "load_saft"]

SAFT_NAMESPACE = "urn:StandardAuditFile-Taxation-Financial:NO"
SAFT_KOLONNER = [*KOLONNER, "journal", "ks", "grupperingskategori", "grupperingskode",
                 "standardkonto"]
KS_KATEGORI = "KS"

_SEP = "\x1f"
_REFERANSE = "SAF-T Financial (Skatteetaten), Norwegian SAF-T Financial Schema v1.30"
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_KONTO = re.compile(r"^\d{3,}$")

# Element paths (local names from the root) that carry data.
_ROOT = ("AuditFile",)
_HEADER = (*_ROOT, "Header")
_SELECTION = (*_HEADER, "SelectionCriteria")
_ACCOUNT = (*_ROOT, "MasterFiles", "GeneralLedgerAccounts", "Account")
_GLE = (*_ROOT, "GeneralLedgerEntries")
_JOURNAL = (*_GLE, "Journal")
_JOURNAL_ID = (*_JOURNAL, "JournalID")
_TRANSACTION = (*_JOURNAL, "Transaction")
_LINE = (*_TRANSACTION, "Line")
_DEBIT = (*_LINE, "DebitAmount")
_CREDIT = (*_LINE, "CreditAmount")


@dataclass
class _Value:
    text: str
    line: int


@dataclass
class _Konto:
    line: int
    fields: dict[str, _Value] = field(default_factory=dict)


@dataclass
class _Linje:
    line: int
    fields: dict[str, _Value] = field(default_factory=dict)


@dataclass
class _Transaksjon:
    line: int
    journal: str
    fields: dict[str, _Value] = field(default_factory=dict)
    linjer: list[_Linje] = field(default_factory=list)


#: The deepest element nesting read (SAF-T Financial 1.30 has 7 levels).
MAKS_XML_DYBDE = 30


class _Reader:
    """Streams the document through expat, keeping the line of every element.

    Element paths are numbered as they are first seen (a trie of ``(parent, name)``), so the
    callbacks compare integers.  ``ids[-1]`` is the current element's path; after an element
    ends, it is its parent's path, which says where the element's text belongs."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.parser = expat.ParserCreate(namespace_separator=_SEP)
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._chars
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.trie: dict[tuple[int, str], int] = {}
        self.path_of: list[tuple[str, ...]] = [()]
        self.ids: list[int] = [0]
        self.lines: list[int] = []
        self.buf: list[str] = []
        self.header_line: int | None = None
        self.selection: dict[str, _Value] = {}
        self.totals: dict[str, _Value] = {}
        self.gle_line: int | None = None
        self.kontoer: list[_Konto] = []
        self.transaksjoner: list[_Transaksjon] = []
        self._konto: _Konto | None = None
        self._journal_id = ""
        self._tx: _Transaksjon | None = None
        self._linje: _Linje | None = None
        self._fields: dict[int, dict[str, _Value]] = {}
        self._amounts: set[int] = set()
        ns = SAFT_NAMESPACE + _SEP
        self.HEADER, self.SELECTION, self.ACCOUNT, self.GLE, self.JOURNAL, self.JOURNAL_ID, \
            self.TRANSACTION, self.LINE, self.DEBIT, self.CREDIT = (
                self._node([ns + n for n in p]) for p in (
                    _HEADER, _SELECTION, _ACCOUNT, _GLE, _JOURNAL, _JOURNAL_ID, _TRANSACTION,
                    _LINE, _DEBIT, _CREDIT))
        self._amounts = {self.DEBIT, self.CREDIT}

    def _node(self, names: list[str]) -> int:
        nid = 0
        for name in names:
            nid = self._child(nid, name)
        return nid

    def _child(self, parent: int, name: str) -> int:
        nid = self.trie.get((parent, name))
        if nid is None:
            _, _, local = name.rpartition(_SEP)
            nid = self.trie[(parent, name)] = len(self.path_of)
            self.path_of.append(self.path_of[parent] + (local,))
        return nid

    # -- expat callbacks -------------------------------------------------------------
    def _doctype(self, *_args: object) -> None:
        raise InputError(self.file, self.parser.CurrentLineNumber, "DOCTYPE",
                         "SAF-T-filer har ingen DOCTYPE; filen avvises")

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        line = self.parser.CurrentLineNumber
        if len(self.ids) > MAKS_XML_DYBDE:
            # Every element path is kept as a tuple, so unbounded nesting would cost memory
            # quadratic in the depth; SAF-T Financial nests 7 levels deep.
            raise InputError(self.file, line, name.rpartition(_SEP)[2],
                             f"elementene er nøstet mer enn {MAKS_XML_DYBDE} nivåer dypt; ikke en SAF-T-fil")
        parent = self.ids[-1]
        nid = self.trie.get((parent, name))
        if nid is None:
            if parent == 0:
                ns, _, local = name.rpartition(_SEP)
                if ns != SAFT_NAMESPACE or local != "AuditFile":
                    shown = f"{{{ns}}}{local}" if ns else local
                    raise InputError(self.file, line, local,
                                     f"ikke en SAF-T Financial-fil: rotelementet er {shown}, "
                                     f"ventet AuditFile i navnerommet {SAFT_NAMESPACE}")
            nid = self._child(parent, name)
        self.ids.append(nid)
        self.lines.append(line)
        self.buf = []
        if nid == self.LINE:
            if self._tx is not None:
                self._linje = _Linje(line)
                self._fields[nid] = self._fields[self.DEBIT] = self._fields[self.CREDIT] = \
                    self._linje.fields
        elif nid == self.TRANSACTION:
            self._tx = _Transaksjon(line, self._journal_id)
            self._fields[nid] = self._tx.fields
        elif nid == self.ACCOUNT:
            self._konto = _Konto(line)
            self._fields[nid] = self._konto.fields
        elif nid == self.JOURNAL:
            self._journal_id = ""
        elif nid == self.GLE:
            self.gle_line = line
            self._fields[nid] = self.totals
        elif nid == self.HEADER:
            self.header_line = line
        elif nid == self.SELECTION:
            self._fields[nid] = self.selection

    def _chars(self, data: str) -> None:
        self.buf.append(data)

    def _end(self, _name: str) -> None:
        nid = self.ids.pop()
        line = self.lines.pop()
        parent = self.ids[-1]
        fields = self._fields.get(parent)
        if fields is not None:
            local = self.path_of[nid][-1]
            if parent in self._amounts:
                if local == "Amount":
                    fields.setdefault(self.path_of[parent][-1], _Value("".join(self.buf).strip(), line))
            else:
                fields.setdefault(local, _Value("".join(self.buf).strip(), line))
        elif nid == self.JOURNAL_ID:
            self._journal_id = "".join(self.buf).strip()
        self.buf = []
        if nid == self.LINE:
            if self._linje is not None and self._tx is not None:
                self._tx.linjer.append(self._linje)
            self._linje = None
            for key in (self.LINE, self.DEBIT, self.CREDIT):
                self._fields.pop(key, None)
        elif nid == self.TRANSACTION:
            if self._tx is not None:
                self.transaksjoner.append(self._tx)
            self._tx = None
            self._fields.pop(nid, None)
        elif nid == self.ACCOUNT:
            if self._konto is not None:
                self.kontoer.append(self._konto)
            self._konto = None
            self._fields.pop(nid, None)
        elif nid == self.GLE or nid == self.SELECTION:
            self._fields.pop(nid, None)

    # -- driving ---------------------------------------------------------------------
    def read(self, path: Path) -> str:
        """Parse the file; return its SHA-256."""
        digest = hashlib.sha256()
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    self.parser.Parse(chunk, False)
                self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            element = self.path_of[self.ids[-1]][-1] if len(self.ids) > 1 else None
            raise InputError(self.file, exc.lineno, element,
                             f"ikke lesbar XML: {expat.errors.messages[exc.code]}") from None
        except OSError as exc:
            raise InputError(self.file, None, None, f"kan ikke lese filen: {exc.strerror}") from None
        if self.header_line is None:
            raise InputError(self.file, 1, "Header", "SAF-T-filen mangler Header")
        return digest.hexdigest()


# -- value readers ---------------------------------------------------------------------

def _ore(file: str, value: _Value, element: str) -> int:
    """An ``xs:decimal`` amount (kroner) to øre, exactly."""
    text = value.text
    if not _DECIMAL.match(text):
        raise InputError(file, value.line, element, f"beløpet {text!r} er ikke et xs:decimal-tall")
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0") if len(frac) > 2 else frac
    try:
        return parse_ore(sign + (whole or "0") + ("." + frac if frac else ""), decimal=".")
    except MoneyFormatError as exc:
        raise InputError(file, value.line, element, str(exc)) from None


def _dato(file: str, value: _Value, element: str) -> date:
    m = _DATE.match(value.text)
    try:
        if m is None:
            raise ValueError(value.text)
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InputError(file, value.line, element,
                         f"datoen {value.text!r} er ikke en xs:date (ÅÅÅÅ-MM-DD)") from None


def _required(file: str, fields: dict[str, _Value], name: str, owner: str, line: int) -> _Value:
    v = fields.get(name)
    if v is None or not v.text:
        raise InputError(file, line, name, f"{owner} mangler {name}")
    return v


def _saldo(file: str, fields: dict[str, _Value], kind: str) -> int | None:
    """``{kind}DebitBalance`` − ``{kind}CreditBalance``; ``None`` when neither is given."""
    d, c = fields.get(f"{kind}DebitBalance"), fields.get(f"{kind}CreditBalance")
    if d is None and c is None:
        return None
    return (_ore(file, d, f"{kind}DebitBalance") if d else 0) - \
        (_ore(file, c, f"{kind}CreditBalance") if c else 0)


def _utvalg_start(file: str, sel: dict[str, _Value], line: int) -> date:
    if "SelectionStartDate" in sel:
        return _dato(file, sel["SelectionStartDate"], "SelectionStartDate")
    p, y = sel.get("PeriodStart"), sel.get("PeriodStartYear")
    if p is None or y is None:
        raise InputError(file, line, "SelectionCriteria",
                         "utvalget mangler SelectionStartDate eller PeriodStart/PeriodStartYear; "
                         "inngående balanse kan ikke dateres")
    if not (p.text.isascii() and p.text.isdigit() and 1 <= int(p.text) <= 12):
        raise InputError(file, p.line, "PeriodStart", f"periode {p.text!r} er ikke en måned 1–12")
    if not (y.text.isascii() and y.text.isdigit() and len(y.text) == 4):
        raise InputError(file, y.line, "PeriodStartYear", f"året {y.text!r} er ikke et årstall")
    return date(int(y.text), int(p.text), 1)


# -- the loader ------------------------------------------------------------------------

@dataclass
class _KontoInfo:
    ks: str = ""
    kategori: str = ""
    kode: str = ""
    standardkonto: str = ""


def _finding(rule: str, severity: Severity, message: str, file: str, **kw: object) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, statement="saft",
                   reference=_REFERANSE, file=file, **kw)  # type: ignore[arg-type]


def load_saft(path: str | Path) -> Hovedbok:
    """Read one SAF-T Financial XML file into a :class:`Hovedbok` (columns
    :data:`SAFT_KOLONNER`), with the findings listed in the module docstring."""
    p = Path(path)
    file = str(path)
    reader = _Reader(file)
    sha256 = reader.read(p)
    findings: list[Finding] = []

    # Accounts: grouping, opening and closing balances.
    info: dict[str, _KontoInfo] = {}
    ib: dict[str, int] = {}
    ub: dict[str, int] = {}
    ub_linjer: dict[int, int] = {}   # XML line of each Account → its closing balance
    ib_rows: list[dict[str, object]] = []
    konto_line: dict[str, int] = {}
    ikke_ks: dict[str, int] = {}
    for k in reader.kontoer:
        kid = _required(file, k.fields, "AccountID", "Account", k.line)
        konto = kid.text
        if not _KONTO.match(konto):
            raise InputError(file, kid.line, "AccountID",
                             f"kontonummeret {konto!r} er ikke 3 eller flere siffer")
        kat = k.fields.get("GroupingCategory", _Value("", k.line)).text
        kode = k.fields.get("GroupingCode", _Value("", k.line)).text
        std = k.fields.get("StandardAccountID", _Value("", k.line)).text
        ks = kode if kat == KS_KATEGORI else ""
        if konto in info:
            findings.append(_finding(
                "SAFT-KONTO-03", Severity.WARNING,
                f"konto {konto} står flere ganger i kontoplanen (første på linje {konto_line[konto]}); "
                "balansene er summert, grupperingen fra første forekomst brukes",
                file, line=konto, row=k.line, column="AccountID"))
        else:
            info[konto] = _KontoInfo(ks, kat, kode, std)
            konto_line[konto] = k.line
        if kat != KS_KATEGORI:
            ikke_ks[kat or "(ingen)"] = ikke_ks.get(kat or "(ingen)", 0) + 1
        elif not konto.startswith(kode):
            findings.append(_finding(
                "SAFT-KS-01", Severity.WARNING,
                f"konto {konto} har KS-kode {kode}, men oppstillingene klassifiserer etter "
                "kontonummerets første siffer", file, line=konto, row=k.line, column="GroupingCode"))
        apning = _saldo(file, k.fields, "Opening")
        lukking = _saldo(file, k.fields, "Closing")
        if apning is None or lukking is None:
            findings.append(_finding(
                "SAFT-KONTO-02", Severity.WARNING,
                f"konto {konto} mangler {'inngående' if apning is None else 'utgående'} saldo; "
                "regnet som 0", file, line=konto, row=k.line,
                column="OpeningDebitBalance" if apning is None else "ClosingDebitBalance"))
        ib[konto] = ib.get(konto, 0) + (apning or 0)
        ub[konto] = ub.get(konto, 0) + (lukking or 0)
        ub_linjer[k.line] = lukking or 0
        if apning:
            src = k.fields.get("OpeningDebitBalance") or k.fields["OpeningCreditBalance"]
            ib_rows.append({"konto": konto, "belop_ore": apning, "_row": src.line})
    if ikke_ks:
        shown = ", ".join(f"{kat} ({n})" for kat, n in sorted(ikke_ks.items()))
        findings.append(_finding(
            "SAFT-KS-02", Severity.INFO,
            f"{sum(ikke_ks.values())} av {len(reader.kontoer)} kontoer har ikke grupperingskategori "
            f"{KS_KATEGORI} (Kontoplan_stat): {shown}; grupperingen er beholdt, KS-koden er tom",
            file, column="GroupingCategory"))

    # Transactions: one row per line; bilag qualified by journal when ids repeat.
    journals_per_id: dict[str, set[str]] = {}
    for tx in reader.transaksjoner:
        tid = _required(file, tx.fields, "TransactionID", "Transaction", tx.line).text
        journals_per_id.setdefault(tid, set()).add(tx.journal)
    kvalifiser = IB_BILAG in journals_per_id or any(len(j) > 1 for j in journals_per_id.values())
    if kvalifiser:
        findings.append(_finding(
            "SAFT-BILAG-01", Severity.INFO,
            "TransactionID er ikke entydig på tvers av journaler (eller er «IB»); "
            "bilag er skrevet JournalID/TransactionID", file, column="TransactionID"))
    seen: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    debet = kredit = 0
    for tx in reader.transaksjoner:
        tid = tx.fields["TransactionID"].text
        bilag = f"{tx.journal}/{tid}" if kvalifiser else tid
        if bilag in seen:
            findings.append(_finding(
                "SAFT-BILAG-02", Severity.WARNING,
                f"bilag {bilag} står i flere Transaction-elementer (første på linje {seen[bilag]}); "
                "linjene er ført på samme bilag", file, line=bilag, row=tx.line,
                column="TransactionID"))
        else:
            seen[bilag] = tx.line
        dv = tx.fields.get("TransactionDate") or tx.fields.get("GLPostingDate")
        if dv is None or not dv.text:
            raise InputError(file, tx.line, "TransactionDate",
                             f"Transaction {tid} mangler TransactionDate og GLPostingDate")
        dato = _dato(file, dv, "TransactionDate" if "TransactionDate" in tx.fields else "GLPostingDate")
        tx_tekst = tx.fields.get("Description", _Value("", tx.line)).text
        for ln in tx.linjer:
            kid = _required(file, ln.fields, "AccountID", "Line", ln.line)
            if not _KONTO.match(kid.text):
                raise InputError(file, kid.line, "AccountID",
                                 f"kontonummeret {kid.text!r} er ikke 3 eller flere siffer")
            d, c = ln.fields.get("DebitAmount"), ln.fields.get("CreditAmount")
            if (d is None) == (c is None):
                raise InputError(file, ln.line, "DebitAmount",
                                 "Line må ha nøyaktig én av DebitAmount/Amount og CreditAmount/Amount")
            d_ore = _ore(file, d, "DebitAmount") if d is not None else 0
            c_ore = _ore(file, c, "CreditAmount") if c is not None else 0
            debet += d_ore
            kredit += c_ore
            rows.append({"bilag": bilag, "dato": dato, "konto": kid.text, "belop_ore": d_ore - c_ore,
                         "tekst": ln.fields.get("Description", _Value(tx_tekst, ln.line)).text,
                         "journal": tx.journal, "_row": ln.line})

    # Opening balances as bilag IB.
    if ib_rows:
        start = _utvalg_start(file, reader.selection, reader.header_line or 1)
        rows = [{**r, "bilag": IB_BILAG, "dato": start, "tekst": "Inngående balanse (SAF-T)",
                 "journal": ""} for r in ib_rows] + rows
        total = sum(ib.values())
        if total != 0:
            findings.append(_finding(
                "SAFT-IB-BALANSE", Severity.ERROR,
                f"inngående balanser i kontoplanen summerer til {format_ore(total)} kr, ikke 0",
                file, line=IB_BILAG, expected_ore=0, actual_ore=total,
                column="OpeningDebitBalance"))

    frame = _frame(rows, info, file)
    # Every aggregate of the file (bilag, accounts, header totals) is exact: the absolute
    # amounts of its lines, and its closing balances, each add up to at most MAKS_ORE.
    sjekk_sum(frame["belop_ore"], frame["_row"], file,
              list(np.where(frame["bilag"] == IB_BILAG, "OpeningDebitBalance", "Amount")))
    sjekk_sum(list(ub_linjer.values()), list(ub_linjer.keys()), file, "ClosingDebitBalance")

    # Header totals against the lines read.
    n_tx = len(reader.transaksjoner)
    for key, rule, actual in (("NumberOfEntries", "SAFT-ANTALL", n_tx),
                              ("TotalDebit", "SAFT-DEBET", debet),
                              ("TotalCredit", "SAFT-KREDIT", kredit)):
        v = reader.totals.get(key)
        if v is None:
            if reader.gle_line is not None:
                findings.append(_finding(rule, Severity.WARNING,
                                         f"GeneralLedgerEntries mangler {key}; ikke kontrollert",
                                         file, row=reader.gle_line, column=key))
            continue
        if key == "NumberOfEntries":
            if not (v.text.isascii() and v.text.isdigit()) or len(v.text) > 18:
                raise InputError(file, v.line, key, f"antallet {v.text!r} er ikke et heltall")
            expected = int(v.text)
            if expected != actual:
                findings.append(_finding(
                    rule, Severity.ERROR,
                    f"NumberOfEntries er {expected}, men filen har {actual} Transaction-elementer",
                    file, row=v.line, column=key))
        else:
            expected = _ore(file, v, key)
            if expected != actual:
                findings.append(_finding(
                    rule, Severity.ERROR, f"{key} stemmer ikke med summen av linjene",
                    file, expected_ore=expected, actual_ore=actual, row=v.line, column=key))

    # Opening + movements against closing, per account.
    bevegelse = frame.loc[frame["bilag"] != IB_BILAG].groupby("konto")["belop_ore"].sum()
    for konto, lines in frame.groupby("konto")["_row"]:
        if konto not in info:
            findings.append(_finding(
                "SAFT-KONTO-01", Severity.WARNING,
                f"konto {konto} er postert, men står ikke i kontoplanen (MasterFiles)",
                file, line=str(konto), row=int(lines.iloc[0]), column="AccountID"))
    for konto in info:
        expected = ub[konto]
        actual = ib[konto] + int(bevegelse.get(konto, 0))
        if expected != actual:
            findings.append(_finding(
                "SAFT-UB", Severity.ERROR,
                f"konto {konto}: inngående saldo + bevegelser avviker fra utgående saldo",
                file, line=konto, expected_ore=expected, actual_ore=actual,
                row=konto_line[konto], column="ClosingDebitBalance"))

    # The IB bilag's balance is SAFT-IB-BALANSE above; the shared check covers the transactions.
    findings = bilag_findings(frame[frame["bilag"] != IB_BILAG]) + findings
    return Hovedbok(frame=frame, findings=tuple(findings), filer=((file, len(frame), sha256),))


def _frame(rows: list[dict[str, object]], info: dict[str, _KontoInfo], file: str) -> pd.DataFrame:
    cols = ["bilag", "dato", "konto", "belop_ore", "tekst", "journal", "_row"]
    f = pd.DataFrame(rows, columns=cols)
    tom = _KontoInfo()
    kinfo = [info.get(str(k), tom) for k in f["konto"]]
    frame = pd.DataFrame({
        "bilag": f["bilag"].astype(object),
        "dato": f["dato"].astype(object),
        "ar": pd.Series([d.year for d in f["dato"]], index=f.index, dtype="int64"),
        "konto": f["konto"].astype(object),
        "belop_ore": f["belop_ore"].astype("int64"),
        "tekst": f["tekst"].astype(object),
        "kapittel": pd.Series([""] * len(f), index=f.index, dtype=object),
        "post": pd.Series([""] * len(f), index=f.index, dtype=object),
        "artskonto": pd.Series([""] * len(f), index=f.index, dtype=object),
        "_file": pd.Series([file] * len(f), index=f.index, dtype=object),
        "_row": f["_row"].astype("int64"),
        "journal": f["journal"].astype(object),
        "ks": pd.Series([i.ks for i in kinfo], index=f.index, dtype=object),
        "grupperingskategori": pd.Series([i.kategori for i in kinfo], index=f.index, dtype=object),
        "grupperingskode": pd.Series([i.kode for i in kinfo], index=f.index, dtype=object),
        "standardkonto": pd.Series([i.standardkonto for i in kinfo], index=f.index, dtype=object),
    })
    return frame[SAFT_KOLONNER]
