"""Command line: ``imdi-ledger report`` (inputs → statements, notes, findings),
``imdi-ledger batch ROOT`` (many agencies: reports, consolidation, cross-agency checks) and
``imdi-ledger verify PUBLISHED.yaml`` (checks of a published årsregnskap).

Exit status: ``verify`` (and ``report --strict``) exit 1 when a finding is ``error``; 2 is
unreadable input (an :class:`InputError`, naming file, row and column).  Every loader validates
what it reads; as a last resort any other exception escaping a command is reported as an
internal error with exit status 2, one line and no traceback (``IMDI_LEDGER_TRACEBACK=1`` shows
it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from .errors import InputError
from ._version import __version__
from .findings import ALVORLIGHET, Finding, Severity, findings_json, oppsummering

__all__ = ["main", "kommando"]


def _print_findings(findings: Sequence[Finding], out) -> None:
    """Each finding as a block no wider than the text report: severity and rule, the message,
    the amounts in kroner and the input file and row where the finding points at one."""
    import textwrap

    from .money import format_kroner, format_ore
    from .render.text import BREDDE

    if not findings:
        print("Funn: ingen.", file=out)
        return
    print(f"Funn: {oppsummering(findings)}", file=out)
    inn = " " * 11
    for f in findings:
        print(textwrap.fill(f"{ALVORLIGHET[f.severity].upper():8} {f.rule}: {f.message}", BREDDE,
                            initial_indent="  ", subsequent_indent=inn), file=out)
        if f.difference_ore is not None:
            print(textwrap.fill(f"forventet {format_ore(f.expected_ore)} kr, faktisk {format_ore(f.actual_ore)} kr, "
                                f"differanse {format_ore(f.difference_ore)} kr, toleranse "
                                f"{format_kroner(f.tolerance_ore)} kr", BREDDE, initial_indent=inn,
                                subsequent_indent=inn), file=out)
        if f.file and (f.row or f.column) and not f.file.startswith("<"):
            print(textwrap.fill(f"kilde: {f.file}" + (f", rad {f.row}" if f.row else "")
                                + (f", kolonne {f.column}" if f.column else ""),
                                BREDDE, initial_indent=inn, subsequent_indent=inn), file=out)


class Fremdrift:
    """The step under way, on a terminal's stderr, once a run has taken more than ``terskel``
    seconds: one line rewritten every ``intervall`` seconds with the step and the time so far,
    cleared at the end.  A run that finishes sooner prints nothing, and so does a run whose
    stderr is not a terminal (a log or a pipe keeps only the report's own messages).  Call it
    with each step; :meth:`avslutt` stops it and clears the line."""

    def __init__(self, ut=None, *, terskel: float = 1.0, intervall: float = 0.25) -> None:  # noqa: ANN001
        import threading
        import time

        self._ut = ut if ut is not None else sys.stderr
        self._tid = time.monotonic
        self._start = self._tid()
        self._steg = ""
        self._bredde = 0
        self._lås = threading.Lock()
        self._stopp = threading.Event()
        self._tråd = None
        if getattr(self._ut, "isatty", lambda: False)():
            self._tråd = threading.Thread(target=self._løp, args=(terskel, intervall), daemon=True)
            self._tråd.start()

    def __call__(self, steg: str) -> None:
        with self._lås:
            self._steg = steg

    def _løp(self, terskel: float, intervall: float) -> None:
        if self._stopp.wait(terskel):
            return
        while True:
            self._vis()
            if self._stopp.wait(intervall):
                return

    def _vis(self) -> None:
        with self._lås:
            if not self._steg or self._stopp.is_set():
                return
            sek = f"{self._tid() - self._start:.1f}".replace(".", ",")
            linje = f"imdi-ledger: {self._steg} … {sek} s"[:119]
            self._ut.write("\r" + linje.ljust(self._bredde))
            self._ut.flush()
            self._bredde = len(linje)

    def avslutt(self) -> None:
        self._stopp.set()
        if self._tråd is not None:
            self._tråd.join()
        with self._lås:
            if self._bredde:
                self._ut.write("\r" + " " * self._bredde + "\r")
                self._ut.flush()
                self._bredde = 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .rapport import lag_rapport

    fremdrift = None if args.stille else Fremdrift()
    try:
        rapport = lag_rapport(eksempel=args.example, inndata=args.inndata, ut=args.out, ar=args.ar,
                              fremdrift=fremdrift, pdf=not args.uten_pdf)
    finally:
        if fremdrift is not None:
            fremdrift.avslutt()
    if args.json:
        from .render.json import aarsregnskap_json

        print(aarsregnskap_json(rapport.regnskap, rapport.findings))
        return 1 if args.strict and rapport.har_feil else 0
    sys.stdout.write(rapport.tekst)
    print("\nAvstemmingsstatus: innlesing, beregning og regelkatalogen kjørt på de beregnede "
          "oppstillingene (toleranse 0 øre)", file=sys.stdout)
    _print_findings(rapport.findings, sys.stdout)
    if args.strict:
        return 1 if rapport.har_feil else 0
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import kjor_batch, oppsummering_tekst

    k = kjor_batch(args.root, args.out, ar=args.ar, workers=args.workers, scheduler=args.scheduler,
                   pdf=not args.uten_pdf)
    sys.stdout.write(oppsummering_tekst(k))
    print("\nTverrgående kontroller (belastningsfullmakter, poster rapportert av flere virksomheter)", file=sys.stdout)
    _print_findings(k.funn, sys.stdout)
    for r in k.resultater:
        if r.status != "ok":
            print(f"imdi-ledger: {r.id}: {r.melding}", file=sys.stderr)
    if k.innlesingsfeil:
        return 2
    return 1 if args.strict and k.har_feil else 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .avstemming.verify import verify_file

    findings = verify_file(args.published)
    if args.json:
        print(findings_json(findings))
    else:
        _print_findings(findings, sys.stdout)
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0


def kommando(argv: Sequence[str] | None = None) -> int:
    """The ``imdi-ledger`` program: :func:`main` in a process of its own, its memory set for
    large years (:func:`imdi_ledger.tilpass_prosessen`)."""
    from ._minne import tilpass_prosessen

    tilpass_prosessen()
    return main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="imdi-ledger", description="Årsregnskap for statlige virksomheter "
                                     "(R-115, R-2, SRS) med eksakte øre og kontroller.")
    parser.add_argument("--version", action="version", version=f"imdi-ledger {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="beregn årsregnskapet fra inndata og skriv oppstillinger og kontroller")
    src = rep.add_mutually_exclusive_group(required=True)
    src.add_argument("--example", metavar="NAVN", help="kjør et medfølgende eksempel (imdi-2025, statlig-gebyr-2025)")
    src.add_argument("--inndata", metavar="MAPPE", type=Path,
                     help="mappe med srapport_ÅÅÅÅ.csv, tildeling_ÅÅÅÅ.yaml, mellomvaerende_ib.csv …")
    rep.add_argument("--ar", metavar="ÅÅÅÅ", type=int,
                     help="regnskapsåret (standard: siste S-rapport-år, når alle filene i mappen passer med det)")
    rep.add_argument("--out", metavar="MAPPE", type=Path,
                     help="skriv tekst, funn (JSON), tabeller (CSV), arbeidsbok (xlsx), HTML-side og PDF hit")
    rep.add_argument("--strict", action="store_true", help="avslutt med status 1 når et funn er en feil")
    rep.add_argument("--uten-pdf", action="store_true",
                     help="skriv ikke PDF-en til --out (sidene tar mest av tiden når rapporten skrives)")
    rep.add_argument("--stille", action="store_true",
                     help="ingen fremdriftsvisning (den vises ellers på en terminal når kjøringen tar mer enn "
                          "ett sekund)")
    rep.add_argument("--json", action="store_true",
                     help="skriv årsregnskapet som ett JSON-dokument (tabeller med ledd, funn, kilder; beløp i øre) "
                          "i stedet for tekst")
    rep.set_defaults(func=_cmd_report)
    bat = sub.add_parser("batch", help="kjør mange virksomheter på én gang: rapport per virksomhet, konsolidering "
                                       "og tverrgående kontroller")
    bat.add_argument("root", metavar="ROTMAPPE", type=Path,
                     help="mappe med én undermappe per virksomhet, hver lagt ut som for report --inndata")
    bat.add_argument("--out", metavar="MAPPE", type=Path,
                     help="skriv hver virksomhets rapport til MAPPE/<virksomhet>/ og oppsummering, konsolidering "
                          "og tverrgående funn (CSV, JSON, arbeidsbok) ved siden av")
    bat.add_argument("--ar", metavar="ÅÅÅÅ", type=int,
                     help="regnskapsåret for alle virksomhetene (standard: hver mappes siste S-rapport-år)")
    kjoring = bat.add_mutually_exclusive_group()
    kjoring.add_argument("--workers", metavar="N", type=int,
                     help="antall lokale arbeidsprosesser (standard: antall prosessorkjerner; 1 kjører i denne "
                          "prosessen)")
    kjoring.add_argument("--scheduler", metavar="ADRESSE",
                     help="kjør på en Dask-klynge (f.eks. tcp://vert:8786) i stedet for lokale prosesser; krever "
                          "pip install 'imdi-ledger[dask]', og mappene må ligge der arbeiderne ser dem")
    bat.add_argument("--uten-pdf", action="store_true",
                     help="skriv ikke hver virksomhets PDF (sidene tar mest av tiden per virksomhet)")
    bat.add_argument("--strict", action="store_true",
                     help="avslutt med status 1 når et funn er en feil (i en virksomhet eller tverrgående)")
    bat.set_defaults(func=_cmd_batch)
    ver = sub.add_parser("verify", help="kontroller et publisert årsregnskap (YAML)")
    ver.add_argument("published", type=Path, metavar="PUBLISERT.yaml",
                     help="et publisert årsregnskap i YAML (formatet i docs/verify.md); funn skrives ut, "
                          "status 1 når et funn er en feil, 2 når filen ikke kan leses")
    ver.add_argument("--json", action="store_true", help="skriv funnene som en JSON-liste")
    ver.set_defaults(func=_cmd_verify)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"imdi-ledger: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - the last-resort guard at the boundary
        if os.environ.get("IMDI_LEDGER_TRACEBACK"):
            raise
        print(f"imdi-ledger: intern feil ({type(exc).__name__}: {str(exc)[:200]}); inndata ble ikke lest "
              "ferdig og ingenting er skrevet til --out. Dette er en feil i imdi-ledger, meld den gjerne med "
              "filen som utløste den", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(kommando())
