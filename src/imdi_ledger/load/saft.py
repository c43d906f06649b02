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
account id raises :class:`InputError` naming the file, the XML line and the element (for XML
that is not well-formed: the line and libxml2's message).

The file is streamed through libxml2 (``lxml``) with no DTD, entity or network access; the lines
are collected into columns and the frame is built once (``docs/saft.md``, "Speed").
"""

from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from ..errors import InputError
from ..findings import Finding, Severity
from ..money import MoneyFormatError, format_ore, parse_ore, parse_ore_series
from .dialect import fil_kolonne, kategori_per_rad, sjekk_sum
from .hovedbok import _TEKST_DTYPE, IB_BILAG, KOLONNER, Hovedbok, bilag_findings, som_lastet
from .saft_rask import IkkeRask, Journaldel, Validering

__all__ = ["SAFT_NAMESPACE", "SAFT_KOLONNER", "load_saft"]

SAFT_NAMESPACE = "urn:StandardAuditFile-Taxation-Financial:NO"
SAFT_KOLONNER = [*KOLONNER, "journal", "ks", "grupperingskategori", "grupperingskode",
                 "standardkonto"]
KS_KATEGORI = "KS"

_REFERANSE = "SAF-T Financial (Skatteetaten), Norwegian SAF-T Financial Schema v1.30"
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_KONTO = re.compile(r"^\d{3,}$")


@dataclass
class _Value:
    text: str
    line: int


@dataclass
class _Konto:
    line: int
    fields: dict[str, _Value] = field(default_factory=dict)


#: The deepest element nesting read (SAF-T Financial 1.30 has 7 levels).
MAKS_XML_DYBDE = 30
#: Transactions (or accounts) read between two clean-ups of the parsed tree: the tree holds at
#: most this many, with whatever else the file puts beside them in the section being read.
_PARTI = 2000
#: Bytes fed to libxml2 at a time (64 KiB chunks parse faster than larger ones), and the bytes
#: of the file's start searched for a DOCTYPE.
_CHUNK = 1 << 16
_START = 1 << 20
#: Bytes read at a time when the journals are read by pattern (saft_rask).
_BLOKK = 1 << 20

_N = "{" + SAFT_NAMESPACE + "}"
_T_ROOT, _T_HEADER, _T_SELECTION, _T_MASTER, _T_GLA, _T_ACCOUNT, _T_GLE, _T_JOURNAL, \
    _T_JOURNAL_ID, _T_TRANSACTION, _T_LINE, _T_DEBIT, _T_CREDIT = (_N + n for n in (
        "AuditFile", "Header", "SelectionCriteria", "MasterFiles", "GeneralLedgerAccounts",
        "Account", "GeneralLedgerEntries", "Journal", "JournalID", "Transaction", "Line",
        "DebitAmount", "CreditAmount"))
#: The elements whose end the parser reports (filtered by libxml2, not in Python).
_HENDELSER = (_T_HEADER, _T_MASTER, _T_ACCOUNT, _T_GLE, _T_JOURNAL, _T_JOURNAL_ID, _T_TRANSACTION)
#: How :meth:`_Reader._transaksjon` reads a child, by local name (any namespace, as the children
#: of a Transaction and a Line are matched by local name); a Line, and the DebitAmount and
#: CreditAmount whose Amount is read, are matched in the SAF-T namespace.
_K_SAFT_DEBET, _K_SAFT_KREDIT, _K_DEBET, _K_KREDIT, _K_LINE, _K_TID, _K_DATO, _K_GL, _K_TEKST, \
    _K_KONTO, _K_AMOUNT = range(1, 12)
_KODER = {"TransactionID": _K_TID, "TransactionDate": _K_DATO, "GLPostingDate": _K_GL,
          "Description": _K_TEKST, "AccountID": _K_KONTO, "DebitAmount": _K_DEBET,
          "CreditAmount": _K_KREDIT, "Amount": _K_AMOUNT}
#: XPath: an element nested deeper than MAKS_XML_DYBDE below the document (the root is level 1).
_FOR_DYP = etree.XPath("(/" + "/".join(["*"] * (MAKS_XML_DYBDE + 1)) + ")[1]")
_IKKE_XML = re.compile(r", line \d+, column \d+$")


def _lokal(tag: str) -> str:
    return tag[tag.find("}") + 1:]


def _tekst(el: etree._Element) -> str:
    """The element's text after its last child element, stripped (for a leaf: its text)."""
    if not len(el):
        t = el.text
        return t.strip() if t else ""
    barn = list(el)
    siste = max((i for i, c in enumerate(barn) if isinstance(c.tag, str)), default=None)
    deler = [el.text or ""] if siste is None else []
    deler += [c.tail or "" for c in barn[siste or 0:]]
    return "".join(deler).strip()


def _linje(el: etree._Element) -> int:
    """The XML line of ``el``'s start tag.

    libxml2 keeps an element's line in 16 bits: from line 65 535 on, ``sourceline`` is that of
    the first text node after the start tag (its first text, else its first child's, or for an
    empty element the text after it), counted where that text ends; its line breaks are taken
    off again.  (A start tag is one line: SAF-T elements have no attributes.)"""
    n = el.sourceline
    if n is None or n < 65535:
        return n or 1
    e = el
    for _ in range(MAKS_XML_DYBDE):
        t = e.text
        if t is None and not len(e):
            t = e.tail
        if t is not None:
            return e.sourceline - t.count("\n")
        if not len(e) or not isinstance(e[0].tag, str):
            break
        e = e[0]                  # no text before it: the first child starts where el's tag ends
    return n


def _felter(el: etree._Element, fields: dict[str, _Value]) -> None:
    """Each child element's text by local name; the first of a name is kept."""
    for c in el.iterchildren(etree.Element):
        local = _lokal(c.tag)
        if local not in fields:
            fields[local] = _Value(_tekst(c), _linje(c))


class _Reader:
    """Streams the document through libxml2 (``lxml.etree.XMLPullParser``) and collects the
    ledger lines into column lists.

    Only the ends of the elements in :data:`_HENDELSER` come back to Python; a Transaction is
    read at its end from the (small) tree libxml2 built for it.  Every :data:`_PARTI`
    transactions or accounts, and at the end of each section, the tree is checked for nesting
    deeper than :data:`MAKS_XML_DYBDE` and what has been read is deleted, so memory does not
    grow with the file.  No DTD is loaded, no entity resolved, nothing fetched from the
    network; a document with a DOCTYPE is rejected before its root is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.parser = etree.XMLPullParser(
            events=("end",), tag=_HENDELSER, resolve_entities=False, no_network=True,
            huge_tree=False, load_dtd=False, dtd_validation=False, collect_ids=False)
        self.root: etree._Element | None = None
        self.header_line: int | None = None
        self.selection: dict[str, _Value] = {}
        self.totals: dict[str, _Value] = {}
        self.gle_line: int | None = None
        self.kontoer: list[_Konto] = []
        self.rot_lest = False
        self.rot_prefiks: str | None = None             # the root's prefix (None: default namespace)
        self._journal_id = ""
        self._journal: etree._Element | None = None     # the last Journal whose path was checked
        self._ventende = 0
        self._koder: dict[object, int] = {}
        # Transactions, one entry each.
        self.t_line = array("q")
        self.t_journal: list[str] = []
        self.t_id: list[str | None] = []
        self.t_dato: list[str | None] = []
        self.t_dato_line = array("q")
        self.t_dato_element: list[str] = []
        self.t_tekst: list[str] = []
        # Lines, one entry each: the transaction, the XML line of the Line, AccountID,
        # Description (None: absent), the amount and which side it is on (1 debit, -1 credit,
        # 0 neither, 2 both).
        self.l_tx = array("q")
        self.l_line = array("q")
        self.l_konto: list[str | None] = []
        self.l_konto_line = array("q")
        self.l_tekst: list[str | None] = []
        self.l_belop: list[str] = []
        self.l_belop_line = array("q")
        self.l_side = array("b")

    # -- errors --------------------------------------------------------------------------
    def _sjekk_dybde(self, root: etree._Element | None) -> None:
        if root is None:
            return
        dyp = _FOR_DYP(root)
        if dyp:
            # Nesting is bounded (libxml2 stops at 256 levels), but SAF-T Financial nests 8.
            raise InputError(self.file, _linje(dyp[0]), _lokal(dyp[0].tag),
                             f"elementene er nøstet mer enn {MAKS_XML_DYBDE} nivåer dypt; ikke en SAF-T-fil")

    def _xml_feil(self, exc: etree.XMLSyntaxError) -> InputError:
        msg = _IKKE_XML.sub("", str(exc.msg or exc))
        if msg.startswith("Excessive depth"):
            # libxml2 stops at 256 levels: deeper than MAKS_XML_DYBDE, found before the
            # element that passed it could be named.
            return InputError(self.file, max(exc.lineno or 1, 1), None,
                              f"elementene er nøstet mer enn {MAKS_XML_DYBDE} nivåer dypt; ikke en SAF-T-fil")
        return InputError(self.file, max(exc.lineno or 1, 1), None, f"ikke lesbar XML: {msg}")

    def _rot(self, pre: etree.XMLPullParser, start: bytes, feil: etree.XMLSyntaxError | None) -> bool:
        """Check the document's root (and that it has no DOCTYPE) from the first events of
        ``pre``; ``False`` while the root has not been read."""
        root = None
        for _, el in pre.read_events():
            root = el
            break
        if root is None:
            if b"<!DOCTYPE" in start:
                self._doctype(start, None)
            if feil is not None:
                raise self._xml_feil(feil)
            return False
        tre = root.getroottree()
        if tre.docinfo.doctype or tre.docinfo.internalDTD is not None:
            self._doctype(start, root)
        ns, _, local = root.tag.rpartition("}")
        ns = ns[1:]
        if root.tag != _T_ROOT:
            shown = f"{{{ns}}}{local}" if ns else local
            raise InputError(self.file, root.sourceline, local,
                             f"ikke en SAF-T Financial-fil: rotelementet er {shown}, "
                             f"ventet AuditFile i navnerommet {SAFT_NAMESPACE}")
        if feil is not None:
            self._sjekk_dybde(root)
            raise self._xml_feil(feil)
        self.rot_lest, self.rot_prefiks = True, root.prefix
        return True

    def _doctype(self, start: bytes, root: etree._Element | None) -> None:
        i = start.find(b"<!DOCTYPE")
        line = start.count(b"\n", 0, i) + 1 if i >= 0 else (root.sourceline if root is not None else 1)
        raise InputError(self.file, line, "DOCTYPE", "SAF-T-filer har ingen DOCTYPE; filen avvises")

    # -- the events ----------------------------------------------------------------------
    def _events(self) -> None:
        for _, el in self.parser.read_events():
            tag = el.tag
            if tag == _T_TRANSACTION:
                journal = el.getparent()
                if journal is not self._journal and not self._i_journal(el):
                    continue
                self._transaksjon(el)
                self._ventende += 1
                if self._ventende >= _PARTI:
                    self._rydd(el)
            elif tag == _T_ACCOUNT:
                gla = el.getparent()
                master = gla.getparent() if gla is not None and gla.tag == _T_GLA else None
                if master is None or not self._under_rot(master, _T_MASTER):
                    continue
                k = _Konto(_linje(el))
                _felter(el, k.fields)
                self.kontoer.append(k)
                self._ventende += 1
                if self._ventende >= _PARTI:
                    self._rydd(el)
            elif tag == _T_JOURNAL_ID:
                journal = el.getparent()
                if journal is self._journal or self._i_journal(el):
                    self._journal_id = _tekst(el)
            elif tag == _T_JOURNAL:
                gle = el.getparent()
                if gle is None or gle.tag != _T_GLE or not self._under_rot(gle):
                    continue
                self._journal_id = ""
                self._journal = None
                for c in gle.iterchildren(etree.Element):       # GeneralLedgerEntries' totals
                    if c is el:
                        break
                    local = _lokal(c.tag)
                    if local not in self.totals:
                        self.totals[local] = _Value(_tekst(c), _linje(c))
                self._rydd(el)
            elif self._under_rot(el):
                if tag == _T_HEADER:
                    self.header_line = _linje(el)
                    for c in el.iterchildren(_T_SELECTION):
                        _felter(c, self.selection)
                elif tag == _T_GLE:
                    self.gle_line = _linje(el)
                    _felter(el, self.totals)
                self._rydd(el)

    def _under_rot(self, el: etree._Element, tag: str | None = None) -> bool:
        """``el`` is a child of the root (and has tag ``tag``)."""
        if tag is not None and el.tag != tag:
            return False
        p = el.getparent()
        if p is None or p.getparent() is not None:
            return False
        self.root = p
        return True

    def _i_journal(self, el: etree._Element) -> bool:
        """``el``'s parent is a ``GeneralLedgerEntries/Journal`` of the root."""
        journal = el.getparent()
        if journal is None or journal.tag != _T_JOURNAL:
            return False
        gle = journal.getparent()
        if gle is None or gle.tag != _T_GLE or not self._under_rot(gle):
            return False
        self._journal = journal
        return True

    def _rydd(self, el: etree._Element) -> None:
        """Check the nesting of what is parsed so far, then delete ``el``'s earlier siblings
        and empty ``el`` (all read)."""
        self._sjekk_dybde(self.root)
        parent = el.getparent()
        if parent is not None:
            del parent[:parent.index(el)]
        el.clear()
        self._ventende = 0

    def _kode(self, tag: object) -> int:
        """What a child's tag is to :meth:`_transaksjon` (:data:`_KODER`; 0: not read)."""
        if tag == _T_LINE:
            k = _K_LINE
        elif tag == _T_DEBIT:
            k = _K_SAFT_DEBET
        elif tag == _T_CREDIT:
            k = _K_SAFT_KREDIT
        elif isinstance(tag, str):
            k = _KODER.get(_lokal(tag), 0)
        else:
            k = 0                                   # a comment or processing instruction
        if len(self._koder) < 10_000:
            self._koder[tag] = k
        return k

    def _transaksjon(self, tx: etree._Element) -> None:
        koder = self._koder
        tid = dato = gl = tekst = None
        i = len(self.t_line)
        l_tx, l_line, l_konto, l_konto_line = self.l_tx, self.l_line, self.l_konto, self.l_konto_line
        l_tekst, l_belop, l_belop_line, l_side = self.l_tekst, self.l_belop, self.l_belop_line, self.l_side
        for c in tx:
            tag = c.tag
            k = koder.get(tag)
            if k is None:
                k = self._kode(tag)
            if k == 0:
                continue
            if k != _K_LINE:
                if k == _K_TID:
                    if tid is None:
                        tid = c
                elif k == _K_DATO:
                    if dato is None:
                        dato = c
                elif k == _K_GL:
                    if gl is None:
                        gl = c
                elif k == _K_TEKST and tekst is None:
                    tekst = c
                continue
            konto = ltekst = belop = None
            side = 0
            line = c.sourceline
            if line >= 65535:               # see _linje
                t = c.text
                line = line - t.count("\n") if t is not None else _linje(c)
            konto_line = belop_line = line
            for d in c:
                tag = d.tag
                k = koder.get(tag)
                if k is None:
                    k = self._kode(tag)
                if k == 0:
                    continue
                if k == _K_KONTO:
                    if konto is None:
                        t = d.text
                        konto = (t.strip() if t else "") if not len(d) else _tekst(d)
                        konto_line = d.sourceline
                        if konto_line >= 65535:
                            konto_line = konto_line - t.count("\n") if t is not None else _linje(d)
                elif k == _K_TEKST:
                    if ltekst is None:
                        t = d.text
                        ltekst = (t.strip() if t else "") if not len(d) else _tekst(d)
                elif k <= _K_KREDIT:
                    s = 1 if k == _K_SAFT_DEBET or k == _K_DEBET else -1
                    if side == 0 or side == -s:
                        # The first DebitAmount (CreditAmount) gives its first Amount, or its
                        # own text when it has none.
                        v = d
                        if k <= _K_SAFT_KREDIT:
                            for a in d:
                                ka = koder.get(a.tag)
                                if ka is None:
                                    ka = self._kode(a.tag)
                                if ka == _K_AMOUNT:
                                    v = a
                                    break
                        t = v.text
                        n = v.sourceline
                        if n >= 65535:
                            n = n - t.count("\n") if t is not None else _linje(v)
                        t = (t.strip() if t else "") if not len(v) else _tekst(v)
                        if side == 0:
                            belop, belop_line, side = t, n, s
                        else:
                            side = 2
            l_tx.append(i)
            l_line.append(line)
            l_konto.append(konto)
            l_konto_line.append(konto_line)
            l_tekst.append(ltekst)
            l_belop.append(belop if belop is not None else "")
            l_belop_line.append(belop_line)
            l_side.append(side)
        line = _linje(tx)
        self.t_line.append(line)
        self.t_journal.append(self._journal_id)
        self.t_id.append(None if tid is None else _tekst(tid))
        d = dato if dato is not None else gl
        self.t_dato.append(None if d is None else _tekst(d))
        self.t_dato_line.append(line if d is None else _linje(d))
        self.t_dato_element.append("TransactionDate" if dato is not None else "GLPostingDate")
        self.t_tekst.append("" if tekst is None else _tekst(tekst))

    # -- driving ---------------------------------------------------------------------
    def read(self, path: Path, rask: bool = False, blokk: int = _BLOKK,
             prosess_etter: int | None = None) -> str:
        """Parse the file; return its SHA-256.  ``rask``: the journals read by
        :mod:`.saft_rask` (:class:`~.saft_rask.IkkeRask` when the file is not of its shape),
        the file read ``blokk`` bytes at a time, the pattern run in a second process once the
        journals have passed ``prosess_etter`` bytes (default :data:`.saft_rask.PROSESS_ETTER`)."""
        digest = hashlib.sha256()
        validering = Validering() if rask else None
        journaler = Journaldel(self, _CHUNK, prosess_etter) if rask else None
        pre: etree.XMLPullParser | None = etree.XMLPullParser(
            events=("start",), resolve_entities=False, no_network=True, huge_tree=False,
            load_dtd=False, dtd_validation=False)
        start = b""
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(blokk if rask else _CHUNK):
                    if validering is not None:
                        validering.mat(chunk)
                    else:
                        digest.update(chunk)
                    for i in range(0, len(chunk), _CHUNK):
                        if pre is None:
                            break
                        # The root and the prolog first, by a parser that reports every start
                        # (fed a piece at a time: it builds a tree until the root is read).
                        del_ = chunk[i:i + _CHUNK]
                        if len(start) < _START:
                            start += del_
                        try:
                            pre.feed(del_)
                        except etree.XMLSyntaxError as exc:
                            self._rot(pre, start, exc)
                        if self._rot(pre, start, None):
                            pre = None
                    if journaler is not None:
                        journaler.mat(chunk)
                    else:
                        self._mat(chunk)
                if journaler is not None:
                    journaler.slutt()
                if pre is not None:
                    try:
                        pre.close()
                    except etree.XMLSyntaxError as exc:
                        self._rot(pre, start, exc)
                    self._rot(pre, start, None)
                try:
                    root = self.parser.close()
                except etree.XMLSyntaxError as exc:
                    self._feil(exc)
                self._events()
            if validering is not None:
                sha256 = validering.slutt()
                validering = None
            else:
                sha256 = digest.hexdigest()
        except OSError as exc:
            raise InputError(self.file, None, None, f"kan ikke lese filen: {exc.strerror}") from None
        finally:
            if validering is not None:
                validering.avbryt()
            if journaler is not None:
                journaler.avbryt()
        self._sjekk_dybde(root)
        if self.header_line is None:
            raise InputError(self.file, 1, "Header", "SAF-T-filen mangler Header")
        if rask and self.gle_line is None:
            raise IkkeRask("GeneralLedgerEntries er ikke et barn av roten")
        return sha256

    def _mat(self, chunk: bytes) -> None:
        try:
            self.parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            self._feil(exc)
        self._events()

    def _feil(self, exc: etree.XMLSyntaxError) -> None:
        """A libxml2 error: what was read before it is checked first (as it comes first)."""
        self._events()
        self._sjekk_dybde(self.root)
        raise self._xml_feil(exc)


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
    :data:`SAFT_KOLONNER`), with the findings listed in the module docstring.

    The journals of a file of the common shape are read by pattern (:mod:`.saft_rask`); a file
    of any other shape, or with a value that cannot be read, is read in full, so the result and
    every error are the full reader's."""
    try:
        return _les(path, rask=True)
    except (IkkeRask, InputError):
        return _les(path, rask=False)


def _les(path: str | Path, rask: bool, blokk: int = _BLOKK, prosess_etter: int | None = None) -> Hovedbok:
    p = Path(path)
    file = str(path)
    reader = _Reader(file)
    sha256 = reader.read(p, rask=rask, blokk=blokk, prosess_etter=prosess_etter)
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
    r = reader
    for i, tid in enumerate(r.t_id):
        if not tid:
            raise InputError(file, r.t_line[i], "TransactionID", "Transaction mangler TransactionID")
    t_id = pd.Series(r.t_id, dtype=object)
    t_journal = pd.Series(r.t_journal, dtype=object)
    kvalifiser = IB_BILAG in set(r.t_id) or (len(set(r.t_journal)) > 1 and bool(
        pd.DataFrame({"tid": t_id, "journal": t_journal}).groupby("tid")["journal"].nunique().gt(1).any()))
    if kvalifiser:
        findings.append(_finding(
            "SAFT-BILAG-01", Severity.INFO,
            "TransactionID er ikke entydig på tvers av journaler (eller er «IB»); "
            "bilag er skrevet JournalID/TransactionID", file, column="TransactionID"))
        t_bilag = t_journal + "/" + t_id
    else:
        t_bilag = t_id
    dobbel = t_bilag.duplicated().to_numpy()
    if dobbel.any():
        t_line = np.asarray(r.t_line, dtype=np.int64)
        forste = dict(zip(t_bilag[~dobbel], t_line[~dobbel].tolist()))
        for i in np.flatnonzero(dobbel).tolist():
            bilag = t_bilag.iat[i]
            findings.append(_finding(
                "SAFT-BILAG-02", Severity.WARNING,
                f"bilag {bilag} står i flere Transaction-elementer (første på linje {forste[bilag]}); "
                "linjene er ført på samme bilag", file, line=bilag, row=r.t_line[i],
                column="TransactionID"))
    linjer = _linjer(file, r)

    # Opening balances as bilag IB.
    start = None
    if ib_rows:
        start = _utvalg_start(file, reader.selection, reader.header_line or 1)
        total = sum(ib.values())
        if total != 0:
            findings.append(_finding(
                "SAFT-IB-BALANSE", Severity.ERROR,
                f"inngående balanser i kontoplanen summerer til {format_ore(total)} kr, ikke 0",
                file, line=IB_BILAG, expected_ore=0, actual_ore=total,
                column="OpeningDebitBalance"))

    frame = _frame(r, linjer, t_bilag.to_numpy(dtype=object), ib_rows, start, info, file)
    # Every aggregate of the file (bilag, accounts, header totals) is exact: the absolute
    # amounts of its lines, and its closing balances, each add up to at most MAKS_ORE.
    n_ib = len(ib_rows)                  # the IB rows come first; no transaction's bilag is IB
    sjekk_sum(frame["belop_ore"], frame["_row"], file,
              ["OpeningDebitBalance"] * n_ib + ["Amount"] * (len(frame) - n_ib))
    sjekk_sum(list(ub_linjer.values()), list(ub_linjer.keys()), file, "ClosingDebitBalance")

    # Header totals against the lines read.
    n_tx = len(r.t_line)
    debet = int(linjer.ore[linjer.side == 1].sum())
    kredit = int(linjer.ore[linjer.side == -1].sum())
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
    poster = frame.iloc[n_ib:]
    bevegelse = poster.groupby("konto", sort=False)["belop_ore"].sum()
    forste = frame.drop_duplicates("konto")
    for konto, row in sorted(zip(forste["konto"], forste["_row"])):
        if konto not in info:
            findings.append(_finding(
                "SAFT-KONTO-01", Severity.WARNING,
                f"konto {konto} er postert, men står ikke i kontoplanen (MasterFiles)",
                file, line=str(konto), row=int(row), column="AccountID"))
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
    findings = bilag_findings(poster) + findings
    return Hovedbok(frame=frame, findings=tuple(findings), filer=((file, len(frame), sha256),))


@dataclass
class _Linjer:
    """The transactions' lines read: date per transaction, øre per line (debit positive)."""
    dato: np.ndarray          # object (datetime.date), one per transaction
    ar: np.ndarray            # int64, one per transaction
    ore: np.ndarray           # int64, one per line: the amount on its side, ≥ or ≤ 0 as written
    side: np.ndarray          # int8, one per line: 1 debit, -1 credit


_FAST_DESIMAL = r"-?[0-9]{1,16}(?:\.[0-9]{1,2})?"


def _dato_eller_none(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE.match(text)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _linjer(file: str, r: _Reader) -> _Linjer:
    """Dates, accounts and amounts of the transactions' lines, checked column by column; when
    any value cannot be read, :func:`_forste_feil` names the first, in the file's order."""
    feil = False
    koder, unike = pd.factorize(pd.Series(r.t_dato, dtype=object), use_na_sentinel=True)
    datoer = [_dato_eller_none(t) for t in unike]
    feil |= bool((koder < 0).any()) or any(d is None for d in datoer)
    konto_koder, kontoer = pd.factorize(pd.Series(r.l_konto, dtype=object), use_na_sentinel=True)
    feil |= bool((konto_koder < 0).any()) or not all(k and _KONTO.match(k) for k in kontoer)
    side = np.asarray(r.l_side, dtype=np.int8)
    feil |= bool(((side != 1) & (side != -1)).any())
    belop = pd.Series(r.l_belop, dtype="string[pyarrow]")
    ore = np.zeros(len(belop), dtype=np.int64)
    if not feil and len(belop):
        rask = belop.str.fullmatch(_FAST_DESIMAL).to_numpy(dtype=bool)
        if rask.any():
            ore[rask] = parse_ore_series(belop[rask], decimal=".")[0].to_numpy()
        for pos in np.flatnonzero(~rask).tolist():
            # Other xs:decimal shapes ('+5', '.6', '0.300') and unreadable text: one at a time.
            try:
                ore[pos] = _ore(file, _Value(r.l_belop[pos], r.l_belop_line[pos]),
                                "DebitAmount" if side[pos] == 1 else "CreditAmount")
            except InputError:
                feil = True
                break
    if feil:
        _forste_feil(file, r)
        raise AssertionError("en uleselig verdi uten feilmelding")   # pragma: no cover
    dato_obj = np.empty(len(datoer), dtype=object)
    dato_obj[:] = datoer
    ar = np.array([d.year for d in datoer], dtype=np.int64)
    return _Linjer(dato=dato_obj[koder], ar=ar[koder], ore=ore, side=side)


def _forste_feil(file: str, r: _Reader) -> None:
    """Raise the first unreadable value of the transactions, in the order of the file: each
    transaction's date, then each of its lines' AccountID, sides and amount."""
    li, n = 0, len(r.l_tx)
    for i, tid in enumerate(r.t_id):
        text = r.t_dato[i]
        if not text:
            raise InputError(file, r.t_line[i], "TransactionDate",
                             f"Transaction {tid} mangler TransactionDate og GLPostingDate")
        _dato(file, _Value(text, r.t_dato_line[i]), r.t_dato_element[i])
        while li < n and r.l_tx[li] == i:
            konto = r.l_konto[li]
            if not konto:
                raise InputError(file, r.l_line[li], "AccountID", "Line mangler AccountID")
            if not _KONTO.match(konto):
                raise InputError(file, r.l_konto_line[li], "AccountID",
                                 f"kontonummeret {konto!r} er ikke 3 eller flere siffer")
            side = r.l_side[li]
            if side not in (1, -1):
                raise InputError(file, r.l_line[li], "DebitAmount",
                                 "Line må ha nøyaktig én av DebitAmount/Amount og CreditAmount/Amount")
            _ore(file, _Value(r.l_belop[li], r.l_belop_line[li]),
                 "DebitAmount" if side == 1 else "CreditAmount")
            li += 1


def _frame(r: _Reader, linjer: _Linjer, t_bilag: np.ndarray, ib_rows: list[dict[str, object]],
           start: date | None, info: dict[str, _KontoInfo], file: str) -> pd.DataFrame:
    """The hovedbok frame, built once from the columns: the IB rows, then every line.  Each
    column is made in the type the loaders give (:func:`som_lastet`), and the frame keeps them
    as they are (no copy into blocks)."""
    n_ib = len(ib_rows)
    l_tx = np.asarray(r.l_tx, dtype=np.int64)
    n = n_ib + len(l_tx)

    def obj(ib: list[object], linjer: np.ndarray | list[object]) -> np.ndarray:
        a = np.empty(n, dtype=object)
        a[:n_ib] = ib
        a[n_ib:] = linjer
        return a

    tekst = np.asarray(r.l_tekst, dtype=object)
    uten = np.flatnonzero(pd.isna(tekst)) if len(tekst) else np.empty(0, dtype=np.int64)
    if len(uten):
        tekst[uten] = np.asarray(r.t_tekst, dtype=object)[l_tx[uten]]
    t_journal = np.asarray(r.t_journal, dtype=object)
    konto = obj([x["konto"] for x in ib_rows], np.asarray(r.l_konto, dtype=object))
    index = pd.RangeIndex(n)
    koder, unike = pd.factorize(pd.Series(konto, dtype=object))
    tom = _KontoInfo()
    kinfo = [info.get(str(k), tom) for k in unike]

    def per_konto(attr: str) -> pd.Series:
        verdier = np.empty(len(kinfo), dtype=object)
        verdier[:] = [getattr(i, attr) for i in kinfo]
        return pd.Series(verdier[koder] if n else np.empty(0, dtype=object), index=index, dtype=object, copy=False)

    def tom_kol() -> pd.Series:
        return pd.Series(kategori_per_rad([""], np.zeros(n, dtype=np.int8), _TEKST_DTYPE), index=index,
                         copy=False)

    belop = np.where(linjer.side == 1, linjer.ore, -linjer.ore)
    kolonner = {
        "bilag": pd.Series(obj([IB_BILAG] * n_ib, t_bilag[l_tx]), index=index, dtype=object, copy=False),
        "dato": pd.Series(obj([start] * n_ib, linjer.dato[l_tx]), index=index, dtype=object, copy=False),
        "ar": pd.Series(np.concatenate([np.full(n_ib, start.year if start else 0, dtype=np.int64),
                                        linjer.ar[l_tx]]), index=index, dtype="int64", copy=False),
        "konto": pd.Series(kategori_per_rad(unike, koder, _TEKST_DTYPE), index=index, copy=False),
        "belop_ore": pd.Series(np.concatenate([np.array([x["belop_ore"] for x in ib_rows], dtype=np.int64),
                                               belop.astype(np.int64)]), index=index, dtype="int64", copy=False),
        "tekst": pd.Series(obj(["Inngående balanse (SAF-T)"] * n_ib, tekst), index=index, dtype=_TEKST_DTYPE),
        "kapittel": tom_kol(),
        "post": tom_kol(),
        "artskonto": tom_kol(),
        "_file": pd.Series(fil_kolonne(file, n), index=index, copy=False),
        "_row": pd.Series(np.concatenate([np.array([x["_row"] for x in ib_rows], dtype=np.int64),
                                          np.asarray(r.l_line, dtype=np.int64)]), index=index, dtype="int64", copy=False),
        "journal": pd.Series(obj([""] * n_ib, t_journal[l_tx]), index=index, dtype=object, copy=False),
        "ks": per_konto("ks"),
        "grupperingskategori": per_konto("kategori"),
        "grupperingskode": per_konto("kode"),
        "standardkonto": per_konto("standardkonto"),
    }
    return som_lastet(pd.DataFrame({k: kolonner[k] for k in SAFT_KOLONNER}, copy=False))
