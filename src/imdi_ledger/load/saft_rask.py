"""The journals of a SAF-T Financial file of the common shape, read by one regular expression.

:func:`~imdi_ledger.load.saft.load_saft` reads a file's ``Header``, ``MasterFiles`` and the
totals of ``GeneralLedgerEntries`` through libxml2's tree as always; the journals — almost all of
the file — are read here, two to three times as fast, when the file has the shape accounting
systems write.  Anything outside that shape raises :class:`IkkeRask`, and the whole file is read
again by the full reader; so is a file with any value the loader cannot read, so that every
error is the full reader's, with its line and element.

The shape (``docs/saft.md``, "Speed"):

* UTF-8, with no comment, CDATA section, processing instruction or DOCTYPE (no ``<!`` and no
  ``<?`` but the XML declaration at the start): every ``<`` after it opens or closes an element;
  lines end in LF or CR LF (libxml2 counts a lone CR as a line);
* one ``GeneralLedgerEntries`` (the name occurs twice in the file: its start and end tag), whose
  first child elements are leaves (the totals) and then only ``Journal`` elements;
* within the journals, no attributes and every element in the root's namespace, written with
  the root's prefix (none, for the default namespace);
* a ``Journal`` starts with leaves, among them one ``JournalID``, followed by ``Transaction``
  elements; a ``Transaction`` starts with leaves, among them one
  ``TransactionID`` and at most one each of ``TransactionDate``, ``Description`` and
  ``GLPostingDate`` in that order, followed by its ``Line`` elements; a ``Line`` has one
  ``AccountID``, at most one ``Description`` and one ``DebitAmount`` or ``CreditAmount`` (in
  that order, as in the schema) whose first child is its ``Amount``; its other children are
  leaves or elements of at most two levels (``Analysis``, ``TaxInformation``);
* nothing in the file after ``GeneralLedgerEntries`` that the full reader reads (``Header``,
  ``MasterFiles``).

Every element the full reader reads in a journal is thus found here by its name, at its place,
once; the pattern's matches must cover the journals byte for byte, and the order of journals,
transactions and lines is checked.  libxml2 checks that the whole file is well-formed
(:class:`Validering`, a parser with no tree, on a second thread with the SHA-256).  Line numbers
are counted on the bytes, so ``_row`` is the line of each ``Line`` tag at any length of file."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import struct
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np
from lxml import etree

from .._prosess import start_barn
from ._saft_monster import J as _J
from ._saft_monster import L as _L
from ._saft_monster import SLUTT_J as _SLUTT_J
from ._saft_monster import SLUTT_T as _SLUTT_T
from ._saft_monster import T as _T
from ._saft_monster import Treff, finn, gle_hode, pakk_ut

if TYPE_CHECKING:
    from .saft import _Reader

__all__ = ["IkkeRask", "Validering", "Journaldel"]

#: The most bytes held at once for one transaction (a file with a longer one is read in full).
MAKS_BUFFER = 64 << 20

_GLE = b"GeneralLedgerEntries"
#: The bytes of journals read in this process before the pattern is run in a second one.
PROSESS_ETTER = 16 << 20
#: In :attr:`Journaldel.kø`: a block in the second process.
_I_PROSESSEN = object()
#: Which kind of match may follow which (0: the start of the journals).
_LOVLIG = np.zeros((6, 6), dtype=bool)
for _a, _b in ((0, _J), (_J, _T), (_J, _SLUTT_J), (_T, _L), (_T, _SLUTT_T), (_L, _L), (_L, _SLUTT_T),
               (_SLUTT_T, _T), (_SLUTT_T, _SLUTT_J), (_SLUTT_J, _J)):
    _LOVLIG[_a, _b] = True
_UTEN_MERKE = itemgetter(slice(1, None))
_ENTITET = re.compile(r"&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));")
_ENTITETER = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XML_DEKLARASJON = re.compile(rb"<\?xml\s[^?>]*\?>")
_KODING = re.compile(rb"""\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class IkkeRask(Exception):
    """The file is not of the shape read here (or a value in it cannot be read): read it in full."""


def _tekst_xml(s: str) -> str:
    """Text as libxml2 gives it: line ends made ``\\n``, the five entities and character
    references replaced."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in s:
        s = _ENTITET.sub(lambda m: chr(int(m.group(1))) if m.group(1) else
                         chr(int(m.group(2), 16)) if m.group(2) else _ENTITETER[m.group(3)], s)
    return s


def _en_tekst(v: bytes, spesielle: bool) -> str | None:
    if not v:
        return None
    s = v[1:].decode("utf-8")
    return (_tekst_xml(s) if spesielle else s).strip()


def _tekster(verdier: list[bytes], spesielle: bool, mange: bool = True) -> list[str | None]:
    """The values of one group as the full reader's ``_tekst`` gives them (decoded, stripped;
    ``None`` for a missing element).  ``spesielle``: the text may hold ``&`` or ``\\r``;
    ``mange``: many distinct values (else each distinct value is decoded once)."""
    if not mange:
        hver = {v: _en_tekst(v, spesielle) for v in dict.fromkeys(verdier)}
        return list(map(hver.__getitem__, verdier))
    if spesielle or b"" in verdier:
        return [_en_tekst(v, spesielle) for v in verdier]
    return list(map(str.strip, map(_UTEN_MERKE, map(bytes.decode, verdier))))


class Validering:
    """The SHA-256 of the file and libxml2's check that it is well-formed XML (a parser that
    builds nothing), on a second thread: :meth:`mat` each block, :meth:`slutt` at the end."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.parser = etree.XMLParser(target=_Ingenting(), resolve_entities=False, no_network=True,
                                      huge_tree=False, load_dtd=False, dtd_validation=False)
        self.feil = False
        self._trad = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imdi-ledger-saft")
        self._ventende: deque[Future[None]] = deque()

    def mat(self, blokk: bytes) -> None:
        self._ventende.append(self._trad.submit(self._mat, blokk))
        while len(self._ventende) > 4:
            self._ventende.popleft().result()

    def _mat(self, blokk: bytes) -> None:
        self.digest.update(blokk)
        if not self.feil:
            try:
                self.parser.feed(blokk)
            except etree.XMLSyntaxError:
                self.feil = True

    def slutt(self) -> str:
        """The SHA-256; :class:`IkkeRask` when libxml2 found the file not well-formed."""
        try:
            while self._ventende:
                self._ventende.popleft().result()
            if not self.feil:
                try:
                    self.parser.close()
                except etree.XMLSyntaxError:
                    self.feil = True
        finally:
            self.avbryt()
        if self.feil:
            raise IkkeRask("ikke velformet")
        return self.digest.hexdigest()

    def avbryt(self) -> None:
        for f in self._ventende:
            f.cancel()
        self._ventende.clear()
        self._trad.shutdown(wait=True)


class _Ingenting:
    """A parser target with no callbacks: libxml2 parses and checks, and nothing is built."""

    def close(self) -> None:
        return None


class Journaldel:
    """Splits the file's bytes between the full reader (``Header``, ``MasterFiles``, the totals)
    and the pattern (the journals), and checks the shape as it goes.  :meth:`mat` each block,
    :meth:`slutt` after the last."""

    def __init__(self, reader: _Reader, blokk: int, prosess_etter: int | None = None) -> None:
        self.r = reader
        self.blokk = blokk                # the most bytes given to the full reader at once
        self.prosess_etter = PROSESS_ETTER if prosess_etter is None else prosess_etter
        self.i_journaler = 0              # the bytes of journals read
        self.prosess: Monsterprosess | None = None
        self.nr = 0                       # blocks of journals read since the second process started
        self.kø: deque[object] = deque()   # blocks not yet taken in (_I_PROSESSEN: in the second process)
        self.tilstand = 0                 # 0 before the journals, 1 in them, 2 after
        self.buffer = b""
        self.linje = 1                    # the line at the start of self.buffer
        self.forrige = 0                  # the kind of the last match
        self.journal = ""                 # the JournalID of the journal being read
        self.foran = b""                  # the last bytes given to the full reader before the journals
        self.hale = b""                   # the file's last bytes read, for searches across blocks
        self.gle = 0                      # how often the name GeneralLedgerEntries occurs
        self.prefiks = b""                # the root's prefix and colon, or empty (default namespace)
        self.pos = 0                      # the bytes of the file read before this block
        self.prolog = b""                 # the file's first bytes, until its XML declaration is read
        self.prolog_lest = False

    # -- the bytes of the file -----------------------------------------------------------
    def mat(self, blokk: bytes) -> None:
        if not self.prolog_lest:
            self._prolog(blokk)
        # "<!" and "<?" searched for only where "!" and "?" occur (a search for "<" would stop at
        # every tag); the XML declaration is the one "<?" allowed, at the file's start.
        if b"!" in blokk and b"<!" in self.hale[-1:] + blokk:
            raise IkkeRask("kommentar, CDATA eller DOCTYPE")
        if b"?" in blokk:
            data = self.hale[-1:] + blokk
            tillatt = 3 if self.prolog.startswith(b"\xef") else 0    # after a BOM
            i = data.find(b"<?")
            while i >= 0:
                if self.pos - len(self.hale[-1:]) + i != tillatt:
                    raise IkkeRask("prosesseringsinstruksjon")
                i = data.find(b"<?", i + 1)
        self.pos += len(blokk)
        k = len(_GLE) - 1
        self.gle += blokk.count(_GLE) + (self.hale[-k:] + blokk[:k]).count(_GLE)
        # A line end that is a lone CR is a line to libxml2 and not to the count here.
        if (self.hale.endswith(b"\r") and not blokk.startswith(b"\n")) or \
                (b"\r" in blokk and blokk.count(b"\r") - blokk.count(b"\r\n") - blokk.endswith(b"\r")):
            raise IkkeRask("CR uten LF")
        if self.gle > 2:
            raise IkkeRask("flere GeneralLedgerEntries")
        hale, self.hale = self.hale, (self.hale + blokk)[-64:]
        if self.tilstand == 0:
            self._for(blokk)
        elif self.tilstand == 1:
            self._journaler(blokk)
        else:
            self._etter(hale[-16:], blokk)

    def _prolog(self, blokk: bytes) -> None:
        """The XML declaration, if any, at the file's start (after a UTF-8 BOM): UTF-8 only."""
        self.prolog += blokk[:512]
        start = 3 if self.prolog.startswith(b"\xef\xbb\xbf") else 0
        if self.prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise IkkeRask("UTF-16")
        if len(self.prolog) < start + 5 and len(self.prolog) < 512:
            return
        if self.prolog.startswith(b"<?", start):
            m = _XML_DEKLARASJON.match(self.prolog, start)
            if m is None:
                if len(self.prolog) >= 512 or not self.prolog.startswith(b"<?xml"[:len(self.prolog) - start], start):
                    raise IkkeRask("prosesseringsinstruksjon")
                return
            koding = _KODING.search(m.group())
            if koding is not None and koding.group(1).lower() not in (b"utf-8", b"utf8"):
                raise IkkeRask("ikke UTF-8")
        self.prolog_lest = True

    def _gi(self, data: bytes) -> None:
        """Bytes for the full reader."""
        for i in range(0, len(data), self.blokk):
            self.r._mat(data[i:i + self.blokk])

    def _for(self, blokk: bytes) -> None:
        buf = self.buffer + blokk
        if not self.r.rot_lest:         # the root is not read yet: no journal before it
            self._gi_for(buf)
            self.buffer = b""
            return
        self.prefiks = self.r.rot_prefiks.encode() + b":" if self.r.rot_prefiks else b""
        merke = b"<" + self.prefiks + b"Journal>"
        i = buf.find(merke)
        if i < 0:
            behold = len(merke) - 1
            self._gi_for(buf[:-behold])
            self.buffer = buf[-behold:]
            return
        self._gi_for(buf[:i])
        if gle_hode(self.prefiks).search(self.foran) is None:
            raise IkkeRask("Journal er ikke det første elementet etter totalene i GeneralLedgerEntries")
        self.tilstand = 1
        self.buffer = b""
        self._journaler(buf[i:])

    def _gi_for(self, data: bytes) -> None:
        self._gi(data)
        self.linje += data.count(b"\n")
        self.foran = (self.foran + data)[-(1 << 16):]

    def _journaler(self, blokk: bytes) -> None:
        buf = self.buffer + blokk if self.buffer else blokk
        p = self.prefiks
        slutt = buf.find(b"</" + p + _GLE + b">")
        if slutt >= 0:
            self._tolk(buf[:slutt].rstrip())
            self._tom()
            if self.forrige != _SLUTT_J:
                raise IkkeRask("journalene slutter ikke med en Journal")
            self.buffer = b""
            self.tilstand = 2
            # The journals are one line break to the full reader; it reads nothing after them
            # (see _etter), so the lines it counts from here on are not used.
            self._gi(b"\n")
            self._etter(b"", buf[slutt:])
            return
        kutt = 0
        for ende in (b"</" + p + b"Transaction>", b"</" + p + b"Journal>"):
            i = buf.rfind(ende)
            if i >= 0:
                kutt = max(kutt, i + len(ende))
        if kutt:
            self._tolk(buf[:kutt])
            buf = buf[kutt:]
        if len(buf) > MAKS_BUFFER:
            raise IkkeRask("en transaksjon over 64 MiB")
        self.buffer = buf

    def _etter(self, foran: bytes, blokk: bytes) -> None:
        data = foran + blokk
        if b"MasterFiles" in data or b"Header" in data:
            raise IkkeRask("Header eller MasterFiles etter GeneralLedgerEntries")
        self._gi(blokk)

    def slutt(self) -> None:
        """After the last block: the whole shape was there (after the journals, every byte has
        gone to the full reader)."""
        if self.tilstand != 2 or self.gle != 2 or self.hale.endswith(b"\r") or not self.prolog_lest:
            raise IkkeRask("ingen journaler av den vanlige formen")

    # -- the journals ------------------------------------------------------------------
    def _tolk(self, data: bytes) -> None:
        """Read the matches that cover ``data`` (whole journal items) into the reader's columns:
        here, or — once the journals have passed ``prosess_etter`` bytes, where the machine has
        a second core for it — partly in a second process, while this one reads on."""
        if not data:
            return
        self.i_journaler += len(data)
        if self.prosess is None and self.i_journaler > self.prosess_etter and _flere_kjerner():
            try:
                self.prosess = Monsterprosess(self.prefiks)
            except OSError:                 # no second process: read here
                self.prosess_etter = sys.maxsize
        if self.prosess is None:
            self._legg_til(finn(data, self.prefiks))
            return
        # Every other block to the second process; this one reads the others, and takes in the
        # blocks in their order, keeping one under way there.
        self.nr += 1
        if self.nr % 2:
            self.prosess.send(data)
            self.kø.append(_I_PROSESSEN)
        else:
            self.kø.append(finn(data, self.prefiks))
        self._ta_inn(alle=False)

    def _ta_inn(self, alle: bool) -> None:
        """Take in the blocks read, in order (``alle``: every one, else those ready and those
        of the second process while it has another under way)."""
        while self.kø:
            neste = self.kø[0]
            if neste is _I_PROSESSEN:
                if self.prosess is None:
                    raise IkkeRask("den andre prosessen er stoppet")
                if not alle and self.prosess.ventende <= 1:
                    return
                treff = self.prosess.motta()
            else:
                treff = neste  # type: ignore[assignment]
            self.kø.popleft()
            self._legg_til(treff)

    def _tom(self) -> None:
        """Every block sent to the second process read back, and the process ended."""
        if self.prosess is not None:
            self._ta_inn(alle=True)
            self.prosess.avslutt()
            self.prosess = None

    def avbryt(self) -> None:
        """Stop the second process (the read has failed)."""
        if self.prosess is not None:
            self.prosess.avbryt()
            self.prosess = None

    def _legg_til(self, treff: Treff | None) -> None:
        if treff is None:
            raise IkkeRask("ukjent form")
        try:
            self._legg_til_verdier(treff)
        except UnicodeDecodeError:      # not UTF-8: libxml2 says why when the file is read in full
            raise IkkeRask("ikke UTF-8") from None

    def _legg_til_verdier(self, treff: Treff) -> None:
        art = treff.art
        n = len(art)
        self.linje += treff.nl_for
        if not n:
            return
        forrige = np.empty(n, dtype=np.int8)
        forrige[0] = self.forrige
        forrige[1:] = art[:-1]
        if not _LOVLIG[forrige, art].all():
            raise IkkeRask("journaler, transaksjoner og linjer i uventet rekkefølge")
        self.forrige = int(art[-1])
        er_j, er_t, er_l = art == _J, art == _T, art == _L

        # The line of each match's tag (where the match starts): the lines before it.
        nl = treff.nl
        linje = self.linje + np.cumsum(nl) - nl
        self.linje += int(nl.sum())

        v, spesielle = treff.verdier, treff.spesielle
        r = self.r
        # Transactions: their journal is the last Journal head before them.
        n_tx0 = len(r.t_line)
        jid = _tekster(v["jid"], spesielle, mange=False)
        journaler = [self.journal, *jid]
        t_journal = list(map(journaler.__getitem__, np.cumsum(er_j)[er_t].tolist()))
        if jid:
            self.journal = jid[-1]  # type: ignore[assignment]
        td = _tekster(v["td"], spesielle, mange=False)
        gl = _tekster(v["gl"], spesielle, mange=False)
        tt = _tekster(v["tt"], spesielle)
        t_linje = linje[er_t]
        r.t_line.frombytes(t_linje.tobytes())
        r.t_journal.extend(t_journal)  # type: ignore[arg-type]
        r.t_id.extend(_tekster(v["tid"], spesielle))
        r.t_dato.extend(d if d is not None else e for d, e in zip(td, gl))
        r.t_dato_line.frombytes(t_linje.tobytes())
        r.t_dato_element.extend("TransactionDate" if d is not None else "GLPostingDate" for d in td)
        r.t_tekst.extend("" if t is None else t for t in tt)

        # Lines: their transaction is the last Transaction head before them.
        l_tx = np.cumsum(er_t)[er_l] - 1 + n_tx0
        l_linje = linje[er_l]
        r.l_tx.frombytes(l_tx.astype(np.int64).tobytes())
        r.l_line.frombytes(l_linje.tobytes())
        r.l_konto.extend(_tekster(v["konto"], spesielle, mange=False))
        r.l_konto_line.frombytes(l_linje.tobytes())
        r.l_tekst.extend(_tekster(v["lt"], spesielle))
        r.l_belop.extend(_tekster(v["bel"], spesielle))  # type: ignore[arg-type]
        r.l_belop_line.frombytes(l_linje.tobytes())
        side = np.fromiter(map(len, v["side"]), dtype=np.int64, count=len(l_linje))
        r.l_side.frombytes(np.where(side == 5, 1, -1).astype(np.int8).tobytes())


def _flere_kjerner() -> bool:
    """This process may run on more than one core."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:          # no sched_getaffinity (macOS, Windows)
        return (os.cpu_count() or 1) > 1


class Monsterprosess:
    """The pattern run in a second process (``_saft_monster.barn``): :meth:`send` a block,
    :meth:`motta` the blocks' matches in the order sent.  A thread writes the blocks, so that
    neither process waits for the other while there is work; at most three blocks are under
    way.  A second process that stops, or answers what cannot be read, makes the file read in
    full (:class:`IkkeRask`)."""

    def __init__(self, prefiks: bytes) -> None:
        self.p = start_barn("imdi_ledger.load._saft_monster", "barn", stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.ventende = 0
        self._kø: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._skriver = threading.Thread(target=self._skriv, args=(prefiks,), daemon=True,
                                         name="imdi-ledger-saft-skriver")
        self._skriver.start()

    def _skriv(self, prefiks: bytes) -> None:
        ut = self.p.stdin
        slutt = False                       # the end (None) taken from the queue
        try:
            if ut is None:
                raise OSError("ingen stdin")
            ut.write(struct.pack("<q", len(prefiks)) + prefiks)
            ut.flush()
            while (data := self._kø.get()) is not None:
                ut.write(struct.pack("<q", len(data)))
                ut.write(data)
                ut.flush()
            slutt = True
            ut.write(struct.pack("<q", 0))
            ut.close()
        except (OSError, ValueError):   # the process has ended: motta() finds out
            while not slutt:
                slutt = self._kø.get() is None

    def send(self, data: bytes) -> None:
        self._kø.put(data)
        self.ventende += 1

    def motta(self) -> Treff | None:
        if self.ventende <= 0:
            raise IkkeRask("ingen blokk er sendt")
        lengde = struct.unpack("<q", self._les(8))[0]
        svar = self._les(lengde)
        self.ventende -= 1
        return pakk_ut(svar)

    def _les(self, n: int) -> bytes:
        inn = self.p.stdout
        data = inn.read(n) if inn is not None else b""
        if len(data) < n:
            raise IkkeRask("den andre prosessen stoppet")
        return data

    def avslutt(self) -> None:
        self._kø.put(None)
        self._skriver.join()
        if self.p.wait() != 0:
            raise IkkeRask("den andre prosessen stoppet")
        if self.p.stdout is not None:
            self.p.stdout.close()

    def avbryt(self) -> None:
        self.p.kill()
        self.p.wait()
        try:
            self._kø.put_nowait(None)
        except queue.Full:
            pass
        self._skriver.join(timeout=5)
        for f in (self.p.stdin, self.p.stdout):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
