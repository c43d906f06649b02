"""The pattern that reads a SAF-T file's journals (:mod:`.saft_rask`), and the process that
runs it beside the reader.

:func:`finn` matches a block of journal items and returns what the loader reads from them
(:class:`Treff`); it runs in the reading process, or — for a large file on a machine with more
than one core — in a second process (:func:`barn`), which gets the blocks on stdin and writes
each block's :class:`Treff` on stdout (:func:`pakk`, :func:`pakk_ut`).  The module imports only
the standard library and numpy, so the second process starts in a fraction of a second."""

from __future__ import annotations

import re
import struct
import sys
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

import numpy as np

# The kinds of the pattern's matches: a Journal's head, a Transaction's head, a Line, and the
# end of a Transaction or a Journal.
J, T, L, SLUTT_T, SLUTT_J = 1, 2, 3, 4, 5
#: The groups read, per kind of match: Journal heads, Transaction heads, Lines.
GRUPPER_J = ("jid",)
GRUPPER_T = ("tid", "td", "gl", "tt")
GRUPPER_L = ("konto", "lt", "bel", "side")
_GRUPPER = GRUPPER_J + GRUPPER_T + GRUPPER_L


def _blad(p: bytes) -> bytes:
    """A leaf (text only, or empty) with the prefix ``p`` (escaped)."""
    return rb"<" + p + rb"[^\s<>/:]++(?:>[^<]*+</[^>]*+>|/>)"


@lru_cache(maxsize=8)
def gle_hode(prefiks: bytes) -> re.Pattern[bytes]:
    """The start of ``GeneralLedgerEntries`` and the leaves after it (its totals), to the end of
    the text searched: what must come before the first Journal."""
    p = re.escape(prefiks)
    return re.compile(rb"<" + p + rb"GeneralLedgerEntries>(?:\s*+" + _blad(p) + rb")*+\s*+\Z")


@lru_cache(maxsize=8)
def monster(prefiks: bytes) -> re.Pattern[bytes]:
    """One match per Journal head, Transaction head, Line and end tag of the two, each with the
    whitespace after it; the groups are the values read (each begins with ``>`` when the
    element is there, so an empty element is told from a missing one).  What a match is follows
    from its groups: a Journal head has ``jid``, a Transaction head ``tid``, a Line ``konto``,
    the end of a Transaction ``st``; a match with none of them ends a Journal.  Every other
    child is matched as "not one of the names the full reader reads there" (for a Journal:
    JournalID and Transaction; a Transaction: TransactionID, TransactionDate, Description,
    GLPostingDate and Line; a Line: AccountID, Description, DebitAmount and CreditAmount), so
    each one read is found at its place, once."""
    p = re.escape(prefiks)
    navn = rb"[^\s<>/:]++"
    blad = _blad(p)

    def annet_blad(lest: bytes) -> bytes:
        """A leaf whose name is not one of ``lest`` (the children the full reader reads here)."""
        return rb"<" + p + rb"(?!" + lest + rb"[\s/>])" + navn + rb"(?:>[^<]*+</[^>]*+>|/>)"

    i_linje = rb"(?:AccountID|CreditAmount|D(?:ebitAmount|escription))"
    annet = rb"(?>" + annet_blad(i_linje) + rb"|<" + p + rb"(?!" + i_linje + rb"[\s/>])" + navn + \
        rb">(?:\s*+(?:" + blad + rb"|<" + p + navn + rb">(?:\s*+" + blad + rb")*+\s*+</[^>]*+>))*+\s*+</[^>]*+>)"
    i_journal = annet_blad(rb"(?:JournalID|Transaction)")
    i_transaksjon = annet_blad(rb"(?:Description|GLPostingDate|Line|Transaction(?:ID|Date))")

    def felt(element: bytes, gruppe: bytes) -> bytes:
        return rb"\s*+<" + p + element + rb"(?P<" + gruppe + rb">>[^<]*+)</" + p + element + rb">"

    def valgfritt(element: bytes, gruppe: bytes) -> bytes:
        return rb"(?:" + felt(element, gruppe) + rb")?+"

    def andre(m: bytes) -> bytes:
        return rb"(?:\s*+" + m + rb")*+"

    journal = rb"<" + p + rb"Journal>" + andre(i_journal) + felt(b"JournalID", b"jid") + andre(i_journal)
    transaksjon = rb"<" + p + rb"Transaction>" + andre(i_transaksjon) + felt(b"TransactionID", b"tid") + \
        andre(i_transaksjon) + valgfritt(b"TransactionDate", b"td") + andre(i_transaksjon) + \
        valgfritt(b"Description", b"tt") + andre(i_transaksjon) + valgfritt(b"GLPostingDate", b"gl") + \
        andre(i_transaksjon)
    belop = rb"\s*+<" + p + rb"(?P<side>Debit|Credit)Amount>\s*+<" + p + rb"Amount(?P<bel>>[^<]*+)</" + p + \
        rb"Amount>" + andre(blad) + rb"\s*+</" + p + rb"(?:Debit|Credit)Amount>"
    linje = rb"<" + p + rb"Line>" + andre(annet) + felt(b"AccountID", b"konto") + andre(annet) + \
        valgfritt(b"Description", b"lt") + andre(annet) + belop + andre(annet) + rb"\s*+</" + p + rb"Line>"
    slutt = rb"</" + p + rb"(?:(?P<st>Transaction)|Journal)>"
    return re.compile(rb"(?P<hel>(?:" + linje + rb"|" + transaksjon + rb"|" + slutt + rb"|" + journal + rb")\s*+)")


@dataclass
class Treff:
    """What a block of journal items holds: the kind of each match and the line breaks in it
    (``nl_for``: in the whitespace before the first), whether any text holds ``&`` or CR, and
    the raw values of each group (``>`` and the text, or empty for a missing element) for the
    matches of its kind."""
    art: np.ndarray
    nl: np.ndarray
    nl_for: int
    spesielle: bool
    verdier: dict[str, list[bytes]]


def finn(data: bytes, prefiks: bytes) -> Treff | None:
    """The matches of ``data`` (whole journal items, after any whitespace); ``None`` when they
    do not cover it byte for byte."""
    kropp = data.lstrip()
    nl_for = data.count(b"\n", 0, len(data) - len(kropp))
    if not kropp:
        return Treff(np.zeros(0, np.int8), np.zeros(0, np.int64), nl_for, False, {g: [] for g in _GRUPPER})
    mon = monster(prefiks)
    kolonner = list(zip(*mon.findall(kropp)))
    if not kolonner:
        return None
    g = mon.groupindex

    def kol(navn: str) -> tuple[bytes, ...]:
        return kolonner[g[navn] - 1]

    hel = kol("hel")
    n = len(hel)
    if sum(map(len, hel)) != len(kropp):
        return None

    def har(navn: str) -> np.ndarray:
        return np.asarray(kol(navn), dtype=object).astype(bool)

    er_j, er_t, er_l = har("jid"), har("tid"), har("konto")
    art = np.where(er_j, J, np.where(er_t, T, np.where(er_l, L, np.where(
        har("st"), SLUTT_T, SLUTT_J)))).astype(np.int8)
    nl = np.fromiter(map(bytes.count, hel, [b"\n"] * n), dtype=np.int64, count=n)
    masker = {GRUPPER_J: er_j.tolist(), GRUPPER_T: er_t.tolist(), GRUPPER_L: er_l.tolist()}
    verdier = {gr: list(compress(kol(gr), maske)) for grupper, maske in masker.items() for gr in grupper}
    return Treff(art, nl, nl_for, b"&" in kropp or b"\r" in kropp, verdier)


# -- the second process ------------------------------------------------------------------

_HODE = struct.Struct("<qqB")       # the number of matches (-1: not covered), line breaks before, spesielle
_LENGDE = struct.Struct("<qq")      # values, bytes


def pakk(treff: Treff | None) -> bytes:
    """``treff`` as bytes (values are joined by NUL, which XML text never holds)."""
    if treff is None:
        return _HODE.pack(-1, 0, 0)
    deler = [_HODE.pack(len(treff.art), treff.nl_for, treff.spesielle), treff.art.tobytes(), treff.nl.tobytes()]
    for gr in _GRUPPER:
        v = treff.verdier[gr]
        blob = b"\0".join(v)
        deler += [_LENGDE.pack(len(v), len(blob)), blob]
    return b"".join(deler)


def pakk_ut(data: bytes) -> Treff | None:
    n, nl_for, spesielle = _HODE.unpack_from(data)
    if n < 0:
        return None
    i = _HODE.size
    art = np.frombuffer(data, dtype=np.int8, count=n, offset=i)
    nl = np.frombuffer(data, dtype=np.int64, count=n, offset=i + n)
    i += 9 * n
    verdier = {}
    for gr in _GRUPPER:
        antall, lengde = _LENGDE.unpack_from(data, i)
        i += _LENGDE.size
        verdier[gr] = data[i:i + lengde].split(b"\0") if antall else []
        i += lengde
    return Treff(art, nl, nl_for, bool(spesielle), verdier)


def barn() -> int:
    """The second process: the root's prefix (length and bytes), then blocks (length and
    bytes; length 0 ends), each answered by its :func:`pakk` (length and bytes)."""
    inn, ut = sys.stdin.buffer, sys.stdout.buffer
    hode = inn.read(8)
    if len(hode) < 8:
        return 4
    prefiks = inn.read(struct.unpack("<q", hode)[0])
    while True:
        hode = inn.read(8)
        if len(hode) < 8:
            return 4
        lengde = struct.unpack("<q", hode)[0]
        if lengde == 0:
            return 0
        data = inn.read(lengde)
        if len(data) < lengde:
            return 4
        svar = pakk(finn(data, prefiks))
        ut.write(struct.pack("<q", len(svar)))
        ut.write(svar)
        ut.flush()
