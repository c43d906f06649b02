"""Benchmark: read a SAF-T Financial XML file of N ledger lines with ``load_saft``.  Figures go
to docs/benchmarks.md.

    python benchmarks/bench_saft.py 100000 1000000
    python benchmarks/bench_saft.py --gammel ANNEN/src 100000   # also time another checkout's loader
    python benchmarks/bench_saft.py --grunnlinje 100000             # also time libxml2 alone

The file is generated here (the project has no SAF-T writer): SAF-T Financial v1.30 in the
default namespace, a chart of 60 accounts in the state chart (``GroupingCategory`` KS) with
opening and closing balances that tie, and balanced transactions of two lines each, a cost
against konsernkonto 1940, dated through 2025.  Every line carries what an accounting system
typically writes: ``RecordID``, ``AccountID``, ``ValueDate``, ``SourceDocumentID``,
``Description``, ``DebitAmount``/``CreditAmount`` with ``Amount``, ``ReferenceNumber`` (and one
line in four a ``TaxInformation`` block), indented one element per XML line.  The load must
give no finding.

*Load* is wall-clock time, with the CPU time beside it (this process and the loader's second
process, which reads part of the journals of a large file; the machine may be shared).
*Peak RSS* is the process's peak after the load (``ru_maxrss``; one size per process, so each
size runs in a child process); *peak Python allocations* is tracemalloc's peak during a second
load (C allocations of lxml/libxml2 are not traced: see RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

NS = "urn:StandardAuditFile-Taxation-Financial:NO"
KOSTNADER = [f"{k}" for k in range(5000, 5020)] + [f"{k}" for k in range(6300, 6320)] + \
    [f"{k}" for k in range(8700, 8719)]
BANK = "1940"


def _kr(ore: int) -> str:
    return f"{ore // 100}.{ore % 100:02d}"


def make_saft(n: int, path: Path, seed: int = 1, form: str = "rik") -> None:
    """Write a balanced SAF-T Financial file of ``n`` lines (``n`` even) to ``path``; ``form``
    ``rik`` (every Line as an accounting system writes it) or ``enkel`` (only what is read)."""
    rng = np.random.default_rng(seed)
    n_tx = n // 2
    konto = rng.integers(0, len(KOSTNADER), n_tx)
    belop = rng.integers(1, 10**8, n_tx)
    dag = rng.integers(0, 365, n_tx)
    datoer = (np.datetime64("2025-01-01") + np.arange(365).astype("timedelta64[D]")).astype(str)
    movement = {k: 0 for k in KOSTNADER}
    for k, b in zip(konto.tolist(), belop.tolist()):
        movement[KOSTNADER[k]] += b
    total = int(belop.sum())
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        w = fh.write
        w(f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="{NS}">\n'
          "  <Header>\n    <AuditFileVersion>1.30</AuditFileVersion>\n"
          "    <AuditFileCountry>NO</AuditFileCountry>\n"
          "    <AuditFileDateCreated>2026-01-15</AuditFileDateCreated>\n"
          "    <SoftwareCompanyName>bench</SoftwareCompanyName>\n"
          "    <SoftwareID>bench_saft</SoftwareID>\n    <SoftwareVersion>1</SoftwareVersion>\n"
          "    <Company>\n      <RegistrationNumber>999999999</RegistrationNumber>\n"
          "      <Name>Benchmark</Name>\n    </Company>\n"
          "    <DefaultCurrencyCode>NOK</DefaultCurrencyCode>\n    <SelectionCriteria>\n"
          "      <SelectionStartDate>2025-01-01</SelectionStartDate>\n"
          "      <SelectionEndDate>2025-12-31</SelectionEndDate>\n    </SelectionCriteria>\n"
          "    <TaxAccountingBasis>A</TaxAccountingBasis>\n  </Header>\n"
          "  <MasterFiles>\n    <GeneralLedgerAccounts>\n")
        # Opening balances: 1940 against 2000 (equity), so the chart's IB sums to 0.
        ib = {BANK: 500_000_000, "2000": -500_000_000}
        kontoer = [*KOSTNADER, BANK, "2000"]
        for k in kontoer:
            apning = ib.get(k, 0)
            lukking = apning + (movement.get(k, 0) if k != BANK else -total)
            w(f"      <Account>\n        <AccountID>{k}</AccountID>\n"
              f"        <AccountDescription>Konto {k}</AccountDescription>\n"
              f"        <GroupingCategory>KS</GroupingCategory>\n        <GroupingCode>{k[:3]}</GroupingCode>\n"
              "        <AccountType>GL</AccountType>\n")
            for kind, v in (("Opening", apning), ("Closing", lukking)):
                side = "Credit" if v < 0 else "Debit"
                w(f"        <{kind}{side}Balance>{_kr(abs(v))}</{kind}{side}Balance>\n")
            w("      </Account>\n")
        w("    </GeneralLedgerAccounts>\n  </MasterFiles>\n  <GeneralLedgerEntries>\n"
          f"    <NumberOfEntries>{n_tx}</NumberOfEntries>\n"
          f"    <TotalDebit>{_kr(total)}</TotalDebit>\n    <TotalCredit>{_kr(total)}</TotalCredit>\n"
          "    <Journal>\n      <JournalID>GL</JournalID>\n      <Description>Hovedbok</Description>\n"
          "      <Type>GL</Type>\n")
        linje = ("        <Line>\n          <RecordID>{rid}</RecordID>\n"
                 "          <AccountID>{konto}</AccountID>\n          <ValueDate>{dato}</ValueDate>\n"
                 "          <SourceDocumentID>F{tx}</SourceDocumentID>\n"
                 "          <Description>{tekst}</Description>\n"
                 "          <{side}>\n            <Amount>{belop}</Amount>\n          </{side}>\n"
                 "{mva}          <ReferenceNumber>R{tx}</ReferenceNumber>\n        </Line>\n")
        mva = ("          <TaxInformation>\n            <TaxType>MVA</TaxType>\n"
               "            <TaxCode>1</TaxCode>\n            <TaxPercentage>25</TaxPercentage>\n"
               "            <TaxBase>{belop}</TaxBase>\n            <TaxAmount>\n"
               "              <Amount>0.00</Amount>\n            </TaxAmount>\n"
               "          </TaxInformation>\n")
        tx_ekstra = ("        <TransactionType>Normal</TransactionType>\n"
                     "        <SystemEntryDate>{dato}</SystemEntryDate>\n")
        if form == "enkel":
            linje = ("        <Line>\n          <RecordID>{rid}</RecordID>\n"
                     "          <AccountID>{konto}</AccountID>\n"
                     "          <Description>{tekst}</Description>\n"
                     "          <{side}>\n            <Amount>{belop}</Amount>\n          </{side}>\n"
                     "{mva}        </Line>\n")
            mva = tx_ekstra = ""
        buf: list[str] = []
        for i, (k, b, d) in enumerate(zip(konto.tolist(), belop.tolist(), dag.tolist())):
            dato, kr = datoer[d], _kr(b)
            buf.append(
                f"      <Transaction>\n        <TransactionID>{i + 1}</TransactionID>\n"
                f"        <Period>{int(dato[5:7])}</Period>\n        <PeriodYear>2025</PeriodYear>\n"
                f"        <TransactionDate>{dato}</TransactionDate>\n"
                f"        <Description>Faktura {i + 1}</Description>\n"
                + tx_ekstra.format(dato=dato) +
                f"        <GLPostingDate>{dato}</GLPostingDate>\n"
                + linje.format(rid=2 * i + 1, konto=KOSTNADER[k], dato=dato, tx=i + 1,
                               tekst=f"Kostnad {i + 1}", side="DebitAmount", belop=kr,
                               mva=mva.format(belop=kr) if i % 2 == 0 else "")
                + linje.format(rid=2 * i + 2, konto=BANK, dato=dato, tx=i + 1,
                               tekst="Utbetaling", side="CreditAmount", belop=kr, mva="")
                + "      </Transaction>\n")
            if len(buf) >= 10_000:
                w("".join(buf))
                buf.clear()
        w("".join(buf))
        w("    </Journal>\n  </GeneralLedgerEntries>\n</AuditFile>\n")


def _libxml2(path: Path) -> dict:
    """The floor: libxml2 parsing the file with the loader's event filter and clean-up, and no
    Python work per transaction."""
    from lxml import etree

    from imdi_ledger.load import saft

    t0, c0 = time.perf_counter(), time.process_time()
    p = etree.XMLPullParser(events=("end",), tag=saft._HENDELSER, resolve_entities=False,
                            no_network=True, huge_tree=False, load_dtd=False, collect_ids=False)
    k = 0
    with path.open("rb") as fh:
        while chunk := fh.read(saft._CHUNK):
            p.feed(chunk)
            for _, el in p.read_events():
                k += 1
                if k % saft._PARTI == 0:
                    parent = el.getparent()
                    del parent[:parent.index(el)]
                    el.clear()
    p.close()
    t1, c1 = time.perf_counter(), time.process_time()
    return {"s": t1 - t0, "cpu": c1 - c0, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "py_peak": None, "loader": "libxml2 alone"}


def _one(n: int, path: Path, src: str | None, trace: bool) -> dict:
    """Load ``path`` in this process; return the timing (run as a child, one size per process)."""
    if src == "libxml2":
        return _libxml2(path)
    if src:
        sys.path.insert(0, src)
    from imdi_ledger.load.saft import load_saft

    def cpu() -> float:   # this process and the loader's second process (waited for when it ends)
        return time.process_time() + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])

    t0, c0 = time.perf_counter(), cpu()
    hb = load_saft(path)
    t1, c1 = time.perf_counter(), cpu()
    if hb.findings or len(hb.frame) != n + 2:      # n lines + 2 IB rows
        raise SystemExit(f"unexpected result: {len(hb.frame)} rows, {hb.findings[:3]}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    py_peak = None
    if trace:
        del hb
        tracemalloc.start()
        load_saft(path)
        py_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"n": n, "s": t1 - t0, "cpu": c1 - c0, "rss": rss, "py_peak": py_peak,
            "loader": "lxml" if "lxml" in sys.modules else "expat"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    ap.add_argument("--gammel", help="a src/ folder of another checkout whose load_saft is also timed")
    ap.add_argument("--uten-tracemalloc", action="store_true", help="skip the tracemalloc load")
    ap.add_argument("--form", choices=["rik", "enkel", "begge"], default="begge",
                    help="the lines' shape (see make_saft)")
    ap.add_argument("--grunnlinje", action="store_true",
                    help="also time libxml2 alone (the parse, with no Python per transaction)")
    ap.add_argument("--_child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._child:
        n, path, src = a._child
        print(json.dumps(_one(int(n), Path(path), src or None, not a.uten_tracemalloc)))
        return
    here = str(Path(__file__).resolve().parents[1] / "src")
    loaders = [("ny", here)] + ([("gammel", a.gammel)] if a.gammel else []) + \
        ([("libxml2", "libxml2")] if a.grunnlinje else [])
    with tempfile.TemporaryDirectory() as d:
        for n, form in [(n, f) for n in a.sizes for f in
                        (["rik", "enkel"] if a.form == "begge" else [a.form])]:
            p = Path(d) / f"saft_{n}_{form}.xml"
            t0 = time.perf_counter()
            make_saft(n, p, form=form)
            mb = p.stat().st_size / 2**20
            with p.open("rb") as fh:
                xml_lines = sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 24), b""))
            print(f"{n:>10,} lines, {form}: file {mb:,.0f} MiB, {xml_lines:,} XML lines "
                  f"(written in {time.perf_counter() - t0:.1f} s)", flush=True)
            for name, src in loaders:
                cmd = [sys.executable, __file__, "--_child", str(n), str(p), src]
                if a.uten_tracemalloc:
                    cmd.append("--uten-tracemalloc")
                env = {**os.environ, "PYTHONPATH": here if src == "libxml2" else src}
                r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                              env=env).stdout)
                py = f"{r['py_peak'] / 2**20:7.0f} MiB" if r["py_peak"] is not None else "      —"
                print(f"  {name:<7} ({r['loader']}) load {r['s']:7.2f} s  {n / r['s']:>9,.0f} lines/s  "
                      f"(CPU {r['cpu']:6.2f} s, {n / r['cpu']:>9,.0f} lines/s)  "
                      f"peak RSS {r['rss'] / 2**20:6.0f} MiB  peak Python allocations {py}",
                      flush=True)


if __name__ == "__main__":
    main()
