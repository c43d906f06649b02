"""Command line: ``imdi-ledger report`` (inputs → statements, notes, findings) and
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

__all__ = ["main"]


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


def _cmd_report(args: argparse.Namespace) -> int:
    from .rapport import lag_rapport

    rapport = lag_rapport(eksempel=args.example, inndata=args.inndata, ut=args.out, ar=args.ar)
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


def _cmd_verify(args: argparse.Namespace) -> int:
    from .avstemming.verify import verify_file

    findings = verify_file(args.published)
    if args.json:
        print(findings_json(findings))
    else:
        _print_findings(findings, sys.stdout)
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0


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
    rep.add_argument("--json", action="store_true",
                     help="skriv årsregnskapet som ett JSON-dokument (tabeller med ledd, funn, kilder; beløp i øre) "
                          "i stedet for tekst")
    rep.set_defaults(func=_cmd_report)
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
    raise SystemExit(main())
