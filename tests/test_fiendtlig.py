"""Hostile input: every malformed input file, whatever its bytes, ends in a message naming the
file (and row and column where it applies) and exit status 2 — or 0/1 with the expected finding —
never a traceback, never unbounded memory, and never a change to ``--out``.

The corpus is generated here (no large files are committed).  Every case runs through the CLI
(``imdi_ledger.cli.main``) in a subprocess under a memory limit (``RLIMIT_AS``, :data:`MINNE`) and a
timeout: a small driver (``tests/fiendtlig_kjor.py``) runs the cases of one batch in one process,
two batches in parallel.  The report cases all write to one ``--out`` folder filled by a good run
beforehand, which must be byte-identical after every case.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imdi_ledger.cli import main
from imdi_ledger.errors import InputError
from imdi_ledger.load.dialect import MAKS_KOLONNER, MAKS_LINJE, read_table
from imdi_ledger.load.saft import SAFT_NAMESPACE
from imdi_ledger.load.yaml_linjer import MAKS_YAML_DYBDE, MAKS_YAML_TEGN, les_yaml

HER = Path(__file__).resolve().parent
EKS = HER.parent / "examples" / "imdi-2025"
PUBLISERT = EKS / "publisert" / "aarsregnskap_2025.yaml"
NOTE_C = HER / "fixtures" / "note_c_2025.yaml"
DRIVER = HER / "fiendtlig_kjor.py"

#: Address-space limit of every case's process (a normal report run of the example needs < 0.8 GB).
MINNE = 1_500_000_000
#: Seconds a batch of cases may take.
TIDSGRENSE = 240

INNDATA = ("srapport_2024.csv", "srapport_2025.csv", "mellomvaerende_ib.csv", "tildeling_2024.yaml",
           "tildeling_2025.yaml", "fullmakter_2025.yaml", "avtaler_2025.csv", "hovedbok_2024.csv",
           "hovedbok_2025.csv", "anleggsregister.csv")


def _b(name: str) -> bytes:
    return (EKS / name).read_bytes()


def _erstatt(name: str, gammel: str, ny: str, *, kilde: Path | None = None) -> bytes:
    tekst = (kilde or EKS / name).read_text(encoding="utf-8")
    assert gammel in tekst, (name, gammel)
    return tekst.replace(gammel, ny, 1).encode("utf-8")


def _linjer(name: str, nr: int, ny: bytes) -> bytes:
    """``name`` with line ``nr`` (1-based) replaced by ``ny``."""
    linjer = _b(name).split(b"\n")
    linjer[nr - 1] = ny
    return b"\n".join(linjer)


def _med_linje(name: str, nr: int, tillegg: bytes) -> bytes:
    linjer = _b(name).split(b"\n")
    linjer[nr - 1] += tillegg
    return b"\n".join(linjer)


def _alias_bombe(nokkel: str = "poster") -> bytes:
    """Nine levels of nine-way aliases: < 1 kB of YAML standing for 9^9 strings."""
    linjer = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        navn, forrige = chr(97 + i), chr(96 + i)
        linjer.append(f"{navn}: &{navn} [" + ", ".join([f"*{forrige}"] * 9) + "]")
    linjer.append(f"{nokkel}: *i")
    return ("\n".join(linjer) + "\n").encode()


def _dyp(prefiks: str = "ar: 2025\nposter: ", n: int = 100_000) -> bytes:
    return (prefiks + "[" * n + "]" * n + "\n").encode()


def _saft(kropp: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<AuditFile xmlns="{SAFT_NAMESPACE}">\n'
            + kropp + "\n</AuditFile>\n").encode()


LATTER = ('<!DOCTYPE AuditFile [\n<!ENTITY a "lollollollollollollollollollol">\n'
          + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">\n' for i in range(8))
          + "]>\n")


@dataclass(frozen=True)
class Tilfelle:
    """One hostile case: the files that differ from the good example folder (``None`` removes
    one), the command, the exit status and the texts the output must contain."""

    id: str
    filer: dict[str, bytes | None]
    fil: str                       # the file the message must name
    rc: int = 2
    inneholder: tuple[str, ...] = ()
    kommando: str = "report"
    ekstra: dict[str, bytes | None] = field(default_factory=dict)


_UTEN_HB = {"hovedbok_2024.csv": None, "hovedbok_2025.csv": None}
_NOTE_C = {"avtaler_2025.csv": None}
SR = "srapport_2025.csv"
TL = "tildeling_2025.yaml"
FM = "fullmakter_2025.yaml"
NC = "note_c_2025.yaml"
HB = "hovedbok_2025.csv"
PUB = "publisert.yaml"


def _pub(gammel: str, ny: str) -> bytes:
    return _erstatt("", gammel, ny, kilde=PUBLISERT)


def _tilfeller() -> list[Tilfelle]:
    sr_hode = _b(SR).split(b"\n", 1)[0]
    t = [
        # --- S-rapport: empty, encodings, separators, limits, blame -------------------------
        Tilfelle("sr-tom", {SR: b""}, SR, inneholder=("filen er tom",)),
        Tilfelle("sr-bare-linjeskift", {SR: b"\n\r\n  \n"}, SR, inneholder=("filen er tom",)),
        Tilfelle("sr-ekstra-felt-rad-2", {SR: _med_linje(SR, 2, b";x")}, SR,
                 inneholder=("rad 2:", "raden har 6 felt, overskriften har 5")),
        Tilfelle("sr-100000-ekstra-felt", {SR: _med_linje(SR, 2, b";" * 100_000)}, SR,
                 inneholder=("rad 2:", "grensen er 100 000")),
        Tilfelle("sr-million-kolonner", {SR: b";".join([b"k"] * 1_000_000) + b"\n" + b"1;" * 10 + b"\n"}, SR,
                 inneholder=("rad 1:",)),
        Tilfelle("sr-600-kolonner", {SR: b";".join(b"k%d" % i for i in range(600)) + b"\n"}, SR,
                 inneholder=("rad 1:", f"grensen er {MAKS_KOLONNER}")),
        Tilfelle("sr-utf16", {SR: _b(SR).decode("utf-8").encode("utf-16")}, SR, inneholder=("UTF-16",)),
        Tilfelle("sr-nul", {SR: _med_linje(SR, 5, b"\x00\x00")}, SR, inneholder=("rad 5:", "NUL")),
        Tilfelle("sr-ugyldige-bytes", {SR: _linjer(SR, 4, b"2025-01;067021;688;1\x81\x8d;x")}, SR,
                 inneholder=("rad 4:", "verken UTF-8 eller Windows-1252")),
        Tilfelle("sr-windows-1252", {SR: _b(SR).decode("utf-8").replace(",", "!").encode("cp1252", "replace")},
                 SR, inneholder=("kolonne 'belop'",)),
        Tilfelle("sr-ukjent-skilletegn", {SR: _b(SR).replace(b";", b"|")}, SR, inneholder=("rad 1:", "skilletegn")),
        Tilfelle("sr-blandede-skilletegn", {SR: _linjer(SR, 3, b"2025-01,067021,688,1,x")}, SR,
                 inneholder=("rad 3:", "raden har 1 felt")),
        Tilfelle("sr-periode-13", {SR: _linjer(SR, 6, b"2025-13;067021;688;1,00;x")}, SR,
                 inneholder=("rad 6, kolonne 'periode'",)),
        Tilfelle("sr-forste-rad-feil-ar", {SR: _erstatt(SR, "2025-01;", "2024-01;")}, SR,
                 inneholder=("rad 2, kolonne 'periode'", "raden gjelder 2024")),
        Tilfelle("sr-belop-tekst", {SR: _linjer(SR, 7, b"2025-01;067021;688;12,3,4;x")}, SR,
                 inneholder=("rad 7, kolonne 'belop'",)),
        Tilfelle("sr-belop-for-stort", {SR: _linjer(SR, 8, b"2025-01;067021;688;" + b"9" * 40 + b";x")}, SR,
                 inneholder=("rad 8, kolonne 'belop'",)),
        Tilfelle("sr-artskonto", {SR: _linjer(SR, 9, b"2025-01;067021;abc;1,00;x")}, SR,
                 inneholder=("rad 9, kolonne 'artskonto'",)),
        Tilfelle("sr-hevet-siffer-i-belop", {SR: _linjer(SR, 9, "2025-01;067021;688;1³0,00;x".encode())}, SR,
                 inneholder=("rad 9, kolonne 'belop'",)),
        Tilfelle("sr-mangler-kolonne", {SR: _b(SR).replace(b";belop;", b";beloep;", 1)}, SR,
                 inneholder=("rad 1, kolonne 'belop'",)),
        Tilfelle("sr-dublett-kolonne", {SR: _b(SR).replace(b"artskonto;belop", b"belop;belop", 1)}, SR,
                 inneholder=("rad 1, kolonne 'belop'", "to ganger")),
        Tilfelle("sr-dublett-kolonne-sitert", {SR: _b(SR).replace(b"artskonto;belop", b'"belop";belop', 1)}, SR,
                 inneholder=("rad 1, kolonne 'belop'", "to ganger")),
        Tilfelle("sr-bare-overskrift", {SR: sr_hode + b"\n"}, SR, inneholder=("ingen rader",)),
        Tilfelle("sr-uavsluttet-anforselstegn", {SR: _linjer(SR, 3, b'2025-01;067021;688;"1,00;x')}, SR,
                 inneholder=("rad 3",)),
        Tilfelle("sr-stort-sitert-felt", {SR: _linjer(SR, 3, b'2025-01;067021;688;1,00;"' + b"x" * 200_000 + b'"')},
                 SR, inneholder=("rad 3:",)),
        Tilfelle("sr-binaer", {SR: bytes(range(256)) * 8}, SR),
        Tilfelle("sr-bare-cr", {SR: _b(SR).replace(b"\n", b"\r")}, SR, inneholder=("rad 1:",)),
        Tilfelle("sr-fjor-belop", {"srapport_2024.csv": _linjer("srapport_2024.csv", 2,
                                                                  b"2024-01;067021;688;ti kroner;x")},
                 "srapport_2024.csv", inneholder=("rad 2, kolonne 'belop'",)),
        # --- mellomværende IB ---------------------------------------------------------------
        Tilfelle("ib-tom", {"mellomvaerende_ib.csv": b""}, "mellomvaerende_ib.csv", inneholder=("filen er tom",)),
        Tilfelle("ib-ekstra-felt", {"mellomvaerende_ib.csv": _med_linje("mellomvaerende_ib.csv", 2, b";1;2")},
                 "mellomvaerende_ib.csv", inneholder=("rad 2:",)),
        Tilfelle("ib-arabisk-siffer", {"mellomvaerende_ib.csv": _linjer("mellomvaerende_ib.csv", 3,
                                                                         "2023-12-31;705005;260;١٢٣".encode())},
                 "mellomvaerende_ib.csv", inneholder=("rad 3, kolonne 'belop'",)),
        Tilfelle("ib-belop", {"mellomvaerende_ib.csv": _linjer("mellomvaerende_ib.csv", 3,
                                                                b"2023-12-31;705005;260;1.2.3")},
                 "mellomvaerende_ib.csv", inneholder=("rad 3, kolonne 'belop'",)),
        # --- tildeling (YAML) ---------------------------------------------------------------
        Tilfelle("tl-alias-bombe", {TL: b"ar: 2025\n" + _alias_bombe()}, TL, inneholder=("rad 2:", "ankeret &a")),
        Tilfelle("tl-ar-tekst", {TL: _erstatt(TL, "ar: 2025", "ar: x")}, TL,
                 inneholder=("rad 3, kolonne 'ar'", "årstall")),
        Tilfelle("tl-ar-usannsynlig", {TL: _erstatt(TL, "ar: 2025", "ar: 1066")}, TL,
                 inneholder=("rad 3, kolonne 'ar'", "plausibelt")),
        Tilfelle("tl-dyp", {TL: _dyp()}, TL, inneholder=(f"nøstet mer enn {MAKS_YAML_DYBDE}",)),
        Tilfelle("tl-poster-mapping", {TL: b"ar: 2025\nposter: {a: 1}\n"}, TL,
                 inneholder=("rad 2, kolonne 'poster'",)),
        Tilfelle("tl-kapittel-liste", {TL: _erstatt(TL, "kapittel: '0601'", "kapittel: [6, 1]")}, TL,
                 inneholder=("rad 6, kolonne 'kapittel'",)),
        Tilfelle("tl-belop-tekst", {TL: _erstatt(TL, "arets_tildeling: 400000", "arets_tildeling: tolv")}, TL,
                 inneholder=("kolonne 'arets_tildeling'",)),
        Tilfelle("tl-belop-sann", {TL: _erstatt(TL, "arets_tildeling: 400000", "arets_tildeling: true")}, TL,
                 inneholder=("kolonne 'arets_tildeling'",)),
        Tilfelle("tl-duplikat", {TL: _erstatt(TL, "kapittel: '0670'\n  post: '01'", "kapittel: '0601'\n  post: '21'")},
                 TL, inneholder=("kolonne 'post'", "står to ganger")),
        Tilfelle("tl-tabulator", {TL: _erstatt(TL, "poster:\n- kapittel", "poster:\n\t- kapittel")}, TL,
                 inneholder=("ugyldig YAML",)),
        Tilfelle("tl-ikke-utf8", {TL: _b(TL).replace("Utredningsvirksomhet".encode(), b"Utr\xe9dning")}, TL,
                 inneholder=("rad 8:", "ikke UTF-8")),
        Tilfelle("tl-tom", {TL: b""}, TL, inneholder=("tabell av nøkler",)),
        Tilfelle("tl-dato", {TL: _erstatt(TL, "ar: 2025", "ar: 2025\nfastsatt: 2025-13-45")}, TL,
                 inneholder=("rad 4:", "2025-13-45")),
        Tilfelle("tl-stort-heltall", {TL: _erstatt(TL, "arets_tildeling: 400000", "arets_tildeling: " + "9" * 5000)},
                 TL, inneholder=("rad 11:",)),
        Tilfelle("tl-for-stor", {TL: b"ar: 2025\n# " + b"x" * (MAKS_YAML_TEGN + 10) + b"\nposter: []\n"}, TL,
                 inneholder=("for stor",)),
        Tilfelle("tl-python-tagg", {TL: _erstatt(TL, "ar: 2025", "ar: !!python/object/apply:os.system [ls]")}, TL,
                 inneholder=("rad 3:",)),
        # --- fullmakter (YAML) --------------------------------------------------------------
        Tilfelle("fm-anker", {FM: _erstatt(FM, "omdisponeringer: []", "omdisponeringer: &x []\nforskutteringer2: *x")},
                 FM, inneholder=("ankeret &x",)),
        Tilfelle("fm-ar-liste", {FM: _erstatt(FM, "ar: 2025", "ar: [2025]")}, FM, inneholder=("kolonne 'ar'",)),
        Tilfelle("fm-seksjon-tall", {FM: _erstatt(FM, "omdisponeringer: []", "omdisponeringer: 5")}, FM,
                 inneholder=("kolonne 'omdisponeringer'",)),
        Tilfelle("fm-belop-tekst", {FM: _erstatt(FM, "innvilget: 100000", "innvilget: mye")}, FM,
                 inneholder=("kolonne 'innvilget'",)),
        Tilfelle("fm-ar-usannsynlig", {FM: _erstatt(FM, "ar: 2025", "ar: 99999999999999999999")}, FM,
                 inneholder=("rad 4, kolonne 'ar'",)),
        Tilfelle("fm-til-liste", {FM: _erstatt(FM, 'til: "Bufdir"', "til: [1, 2]")}, FM,
                 inneholder=("kolonne 'til'",)),
        Tilfelle("fm-duplikat-nokkel", {FM: _erstatt(FM, "omdisponeringer: []", "omdisponeringer: []\nomdisponeringer: []")},
                 FM, inneholder=("rad 30:", "står to ganger")),
        Tilfelle("fm-dyp", {FM: _dyp("ar: 2025\nposter: ")}, FM, inneholder=("nøstet",)),
        # --- Note C (YAML, with the contract register removed) ------------------------------
        Tilfelle("nc-anker", {NC: b"ar: 2025\nblokker: &b []\nx: *b\n"}, NC, inneholder=("ankeret &b",),
                 ekstra=_NOTE_C),
        Tilfelle("nc-rader-mapping", {NC: _erstatt("", "rader:\n", "rader: {a: 1}\n", kilde=NOTE_C)}, NC,
                 ekstra=_NOTE_C),
        Tilfelle("nc-belop-tekst", {NC: _erstatt("", "arlig: 2274487", "arlig: mange", kilde=NOTE_C)}, NC,
                 inneholder=("kolonne 'arlig'",), ekstra=_NOTE_C),
        Tilfelle("nc-blokker-tall", {NC: b"ar: 2025\nblokker: 7\n"}, NC, ekstra=_NOTE_C),
        Tilfelle("nc-rader-tall", {NC: b"ar: 2025\nblokker:\n  - {id: a, tittel: t, rader: 5}\n"}, NC,
                 inneholder=("rad 3, kolonne 'rader'",), ekstra=_NOTE_C),
        Tilfelle("nc-tittel-liste", {NC: _erstatt("", 'tittel: "Avtaler om leie av kontorlokaler"', "tittel: [a, b]",
                                                  kilde=NOTE_C)}, NC, inneholder=("kolonne 'tittel'",), ekstra=_NOTE_C),
        Tilfelle("nc-ar-tekst", {NC: _erstatt("", "ar: 2025", "ar: tjuefem", kilde=NOTE_C)}, NC,
                 inneholder=("kolonne 'ar'",), ekstra=_NOTE_C),
        # --- avtaleregister (Note C from contracts) -----------------------------------------
        Tilfelle("av-dato", {"avtaler_2025.csv": _erstatt("avtaler_2025.csv", "2018-01-01", "2018-02-30")},
                 "avtaler_2025.csv", inneholder=("rad 2, kolonne 'fra'",)),
        Tilfelle("av-belop", {"avtaler_2025.csv": _erstatt("avtaler_2025.csv", "6651484,12", "seks")},
                 "avtaler_2025.csv", inneholder=("rad 2",)),
        Tilfelle("av-ekstra-felt", {"avtaler_2025.csv": _med_linje("avtaler_2025.csv", 3, b";;;")},
                 "avtaler_2025.csv", inneholder=("rad 3:",)),
        Tilfelle("av-excel-soppel", {"avtaler_2025.xlsx": b"PK\x03\x04" + bytes(range(256)) * 4}, "avtaler_2025.xlsx",
                 inneholder=("Excel",), ekstra={"avtaler_2025.csv": None}),
        # --- hovedbok (CSV) -----------------------------------------------------------------
        Tilfelle("hb-dato", {HB: _erstatt(HB, "IB;2025-01-01;1040", "IB;2025-01-32;1040")}, HB,
                 inneholder=("rad 2, kolonne 'dato'",)),
        Tilfelle("hb-belop", {HB: _erstatt(HB, "226029979,55", "226O29979,55")}, HB,
                 inneholder=("rad 2, kolonne 'belop'",)),
        Tilfelle("hb-ekstra-felt", {HB: _med_linje(HB, 4, b";x")}, HB, inneholder=("rad 4:",)),
        Tilfelle("hb-tom", {HB: b""}, HB, inneholder=("filen er tom",)),
        # --- anleggsregister ----------------------------------------------------------------
        Tilfelle("an-levetid", {"anleggsregister.csv": _erstatt("anleggsregister.csv", ";5;;", ";fem;;")},
                 "anleggsregister.csv", inneholder=("rad 2, kolonne 'levetid_ar'",)),
        Tilfelle("an-dato", {"anleggsregister.csv": _erstatt("anleggsregister.csv", "2024-06-03", "03.06.2024")},
                 "anleggsregister.csv", inneholder=("rad 2, kolonne 'anskaffelsesdato'",)),
        # --- SAF-T (XML, with the CSV ledgers removed) --------------------------------------
        Tilfelle("saft-entitetsbombe", {"hovedbok_2025.xml": _saft("<Header>&i;</Header>", LATTER)},
                 "hovedbok_2025.xml", inneholder=("DOCTYPE",), ekstra=_UTEN_HB),
        Tilfelle("saft-ekstern-entitet", {"hovedbok_2025.xml": _saft(
            "<Header>&x;</Header>", '<!DOCTYPE AuditFile [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')},
            "hovedbok_2025.xml", inneholder=("DOCTYPE",), ekstra=_UTEN_HB),
        Tilfelle("saft-dyp", {"hovedbok_2025.xml": _saft("<a>" * 100_000 + "</a>" * 100_000)},
                 "hovedbok_2025.xml", inneholder=("nøstet",), ekstra=_UTEN_HB),
        Tilfelle("saft-ugyldig", {"hovedbok_2025.xml": _saft("<Header><x></Header>")}, "hovedbok_2025.xml",
                 inneholder=("rad 3", "XML"), ekstra=_UTEN_HB),
        Tilfelle("saft-feil-rot", {"hovedbok_2025.xml": b"<?xml version='1.0'?>\n<html/>\n"}, "hovedbok_2025.xml",
                 inneholder=("rad 2",), ekstra=_UTEN_HB),
        Tilfelle("saft-tom", {"hovedbok_2025.xml": b""}, "hovedbok_2025.xml", ekstra=_UTEN_HB),
        # --- verify: the published årsregnskap ----------------------------------------------
        Tilfelle("v-alias-bombe", {PUB: b"year: 2025\n" + _alias_bombe("note_a")}, PUB, kommando="verify",
                 inneholder=("ankeret &a",)),
        Tilfelle("v-dyp", {PUB: _dyp("year: 2025\nnote_a: ")}, PUB, kommando="verify", inneholder=("nøstet",)),
        Tilfelle("v-uten-bevilgningsrapportering", {PUB: _pub("bevilgningsrapportering:", "bevilgningsrapportering_x:")},
                 PUB, rc=1, kommando="verify",
                 inneholder=("SKJEMA", "mangler seksjonen 'bevilgningsrapportering'", "ukjent nøkkel")),
        Tilfelle("v-uten-year", {PUB: _pub("year: 2025\n", "")}, PUB, rc=1, kommando="verify",
                 inneholder=("SKJEMA", "mangler 'year'")),
        Tilfelle("v-year-tekst", {PUB: _pub("year: 2025", "year: tjuefem")}, PUB, kommando="verify",
                 inneholder=("rad 4, kolonne 'year'",)),
        Tilfelle("v-year-usannsynlig", {PUB: _pub("year: 2025", "year: 20250")}, PUB, kommando="verify",
                 inneholder=("rad 4, kolonne 'year'",)),
        Tilfelle("v-regnskap-liste", {PUB: _pub("regnskap: 400000,", "regnskap: [1, 2, 3],")}, PUB,
                 kommando="verify", inneholder=("rad 15, kolonne 'bevilgningsrapportering.utgifter[0].regnskap'",)),
        Tilfelle("v-regnskap-sann", {PUB: _pub("regnskap: 400000,", "regnskap: true,")}, PUB, kommando="verify",
                 inneholder=("rad 15, kolonne 'bevilgningsrapportering.utgifter[0].regnskap'",)),
        Tilfelle("v-utgifter-mapping", {PUB: _pub("  utgifter:\n", "  utgifter: {a: 1}\n  utgifter_gammel:\n")}, PUB,
                 kommando="verify", inneholder=("kolonne 'bevilgningsrapportering.utgifter'", "liste")),
        Tilfelle("v-rad-tall", {PUB: _pub("note_a:\n", "note_a:\n  - 17\n")}, PUB, kommando="verify",
                 inneholder=("rad 44, kolonne 'note_a[0]'",)),
        Tilfelle("v-tekst-mapping", {PUB: _pub('{tekst: "Lønn",', '{tekst: {a: 1},')}, PUB, kommando="verify",
                 inneholder=("kolonne 'andre_noter.note_2_lonnskostnader[0].tekst'", "skal være tekst")),
        Tilfelle("v-hevet-siffer-i-post", {PUB: _pub('post: "21"', 'post: "2³"')}, PUB, kommando="verify",
                 inneholder=("rad 15, kolonne 'bevilgningsrapportering.utgifter[0].post'",)),
        Tilfelle("v-ukjent-nokkel", {PUB: _pub("year: 2025", "year: 2025\nbalansen: []")}, PUB, rc=1,
                 kommando="verify", inneholder=("ukjent nøkkel 'balansen'",)),
        Tilfelle("v-tom", {PUB: b""}, PUB, kommando="verify", inneholder=("ikke et publisert årsregnskap",)),
        Tilfelle("v-binaer", {PUB: bytes(range(256)) * 8}, PUB, kommando="verify"),
        Tilfelle("v-for-stor", {PUB: b"year: 2025\n" + b"#" * (MAKS_YAML_TEGN + 10) + b"\n"}, PUB,
                 kommando="verify", inneholder=("for stor",)),
        Tilfelle("v-dato-nokkel", {PUB: _pub("year: 2025", "year: 2025-13-01")}, PUB, kommando="verify",
                 inneholder=("rad 4",)),
    ]
    return t


def _lag_mappe(rot: Path, c: Tilfelle) -> list[str]:
    """The case's folder (a hard link to every unchanged file of the example) and its command."""
    d = rot / c.id
    d.mkdir()
    if c.kommando == "verify":
        (d / PUB).write_bytes(c.filer[PUB])
        return ["verify", str(d / PUB)]
    endringer = {**c.ekstra, **c.filer}
    for name in INNDATA:
        if name in endringer:
            continue
        try:
            os.link(EKS / name, d / name)
        except OSError:
            shutil.copyfile(EKS / name, d / name)
    for name, innhold in endringer.items():
        if innhold is not None:
            (d / name).write_bytes(innhold)
    return ["report", "--inndata", str(d)]


def _grense() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MINNE, MINNE))


def _kjor_partier(jobber: list[dict], rot: Path, partier: int = 2) -> dict[str, dict]:
    """Run the jobs through the driver in ``partier`` subprocesses, each under the limits."""
    prosesser = []
    for i in range(partier):
        inn, ut = rot / f"jobber_{i}.json", rot / f"resultat_{i}.json"
        inn.write_text(json.dumps(jobber[i::partier]), encoding="utf-8")
        prosesser.append((subprocess.Popen([sys.executable, str(DRIVER), str(inn), str(ut)], preexec_fn=_grense,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE), ut))
    resultat: dict[str, dict] = {}
    for p, ut in prosesser:
        out, err = p.communicate(timeout=TIDSGRENSE)
        assert p.returncode == 0, err.decode(errors="replace")[-3000:]
        resultat.update({r["id"]: r for r in json.loads(ut.read_text(encoding="utf-8"))})
    return resultat


@pytest.fixture(scope="module")
def korpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Tilfelle], dict[str, dict], dict[str, str]]:
    rot = tmp_path_factory.mktemp("fiendtlig")
    god = rot / "god"
    god.mkdir()
    for name in INNDATA:
        shutil.copyfile(EKS / name, god / name)
    ut = rot / "ut"
    # The good run, under the same limit: it must fit, and it fills --out.
    forste = _kjor_partier([{"id": "god", "argv": ["report", "--inndata", str(god), "--out", str(ut)], "ut": str(ut)}],
                           rot, partier=1)["god"]
    assert forste["rc"] == 0, forste["stderr"]
    referanse = forste["ut"]
    assert len(referanse) > 10
    tilfeller = _tilfeller()
    jobber = []
    for c in tilfeller:
        argv = _lag_mappe(rot, c)
        if c.kommando == "report":
            argv += ["--out", str(ut)]
        jobber.append({"id": c.id, "argv": argv, "ut": str(ut) if c.kommando == "report" else None,
                       "fil": str(rot / c.id / c.fil)})
    return tilfeller, _kjor_partier(jobber, rot), referanse


def test_korpuset_er_stort_nok() -> None:
    tilfeller = _tilfeller()
    assert len(tilfeller) >= 40
    assert len({c.id for c in tilfeller}) == len(tilfeller)
    filer = {n for c in tilfeller for n in c.filer}
    assert {SR, "srapport_2024.csv", "mellomvaerende_ib.csv", TL, FM, NC, "avtaler_2025.csv", HB,
            "anleggsregister.csv", "hovedbok_2025.xml", PUB} <= filer


@pytest.mark.parametrize("c", _tilfeller(), ids=lambda c: c.id)
def test_fiendtlig_inndata(c: Tilfelle, korpus, tmp_path_factory) -> None:
    _, resultat, referanse = korpus
    r = resultat[c.id]
    tekst = r["stderr"] + r["stdout"]
    assert "Traceback" not in tekst, tekst[-3000:]
    assert "intern feil" not in tekst, tekst[-3000:]
    assert r["rc"] == c.rc, tekst[-3000:]
    if c.rc == 2:
        # one line on stderr naming the file, nothing half-written to stdout
        assert r["stderr"].startswith("imdi-ledger: ") and r["stderr"].count("\n") == 1, r["stderr"]
        melding = r["stderr"]
    else:
        melding = r["stdout"]
    assert c.fil in melding, melding
    assert str(Path(c.id) / c.fil) in melding, melding
    for s in c.inneholder:
        assert s in melding, (s, melding)
    if c.kommando == "report":
        assert r["ut"] == referanse, "--out ble endret"
    assert r["sekunder"] < 30


def test_en_liten_fil_koster_lite_minne() -> None:
    """A 2 kB file never costs more than a few MB: the alias bomb, the deep nesting and a
    2 kB CSV line of separators are rejected before anything is built from them."""
    for tekst in (_alias_bombe().decode(), _dyp(n=1000).decode(), "a:\n" + "".join(" " * i + "- \n" for i in range(0, 400, 2))):
        tracemalloc.start()
        with pytest.raises(InputError):
            les_yaml(tekst, "x.yaml")
        _, topp = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert topp < 4_000_000, topp


def test_bred_csv_avvises_for_allokering(tmp_path: Path) -> None:
    p = tmp_path / "bred.csv"
    p.write_bytes(b"a;b\n1;2\n" + b"3" + b";" * (MAKS_LINJE + 1) + b"\n")
    tracemalloc.start()
    with pytest.raises(InputError) as e:
        read_table(p, required=("a", "b"))
    _, topp = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (e.value.file, e.value.row) == (str(p), 3)
    assert topp < 20 * p.stat().st_size


# --- Property: any byte mutation of a valid input ends in exit 0, 1 or 2, never a traceback --------

_LITEN = b"\n".join(_b(SR).split(b"\n")[:30]) + b"\n"


def _kjor_cli(argv: list[str]) -> tuple[int, str]:
    err, std = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        rc = main(argv)
    return rc, err.getvalue()


@st.composite
def _mutert(draw: st.DrawFn, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        valg = draw(st.sampled_from(["bytt", "sett_inn", "slett", "dupliser"]))
        i = draw(st.integers(0, max(0, len(b) - 1)))
        if valg == "bytt" and b:
            b[i] = draw(st.integers(0, 255))
        elif valg == "sett_inn":
            b[i:i] = draw(st.sampled_from([b";", b",", b"\n", b'"', b"\x00", b"\xff", b":", b"- ", b"&a ", b"*a",
                                           b"[", b"{", b"\t", b"#", b"9" * 30, b"-", b"\xc3"]))
        elif valg == "slett" and b:
            del b[i: i + draw(st.integers(1, 40))]
        elif valg == "dupliser" and b:
            j = draw(st.integers(i, min(len(b), i + 200)))
            b[i:i] = b[i:j]
    return bytes(b)


@settings(max_examples=15, deadline=None)
@given(fil=st.sampled_from(["srapport", "tildeling"]), data=st.data())
def test_mutert_inndata_gir_aldri_traceback(tmp_path_factory, fil: str, data: st.DataObject) -> None:
    d = tmp_path_factory.mktemp("mutert")
    sr, tl = _LITEN, _b(TL)
    if fil == "srapport":
        sr = data.draw(_mutert(sr))
    else:
        tl = data.draw(_mutert(tl))
    (d / SR).write_bytes(sr)
    (d / TL).write_bytes(tl)
    rc, err = _kjor_cli(["report", "--inndata", str(d)])
    assert rc in (0, 1, 2)
    assert "Traceback" not in err and "intern feil" not in err, err
    if rc == 2:
        assert str(d) in err


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_mutert_publisert_gir_aldri_traceback(tmp_path_factory, data: st.DataObject) -> None:
    p = tmp_path_factory.mktemp("mutertpub") / PUB
    p.write_bytes(data.draw(_mutert(PUBLISERT.read_bytes())))
    rc, err = _kjor_cli(["verify", str(p)])
    assert rc in (0, 1, 2)
    assert "Traceback" not in err and "intern feil" not in err, err
    if rc == 2:
        assert str(p) in err
