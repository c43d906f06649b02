"""Benchmark: a synthetic agency-year at N lines, end to end, against other tools on the same data.

The year is written as an ``--inndata`` folder: ``srapport_2025.csv`` (N S-rapport rows: utgift
and inntekt rows on a dozen posts and a hundred artskontoer, each against the konsernkonto, so
every period balances), ``hovedbok_2025.csv`` (N postings, about 300 ledger accounts, bilag of two
postings that balance) and ``tildeling_2025.yaml``.  Each run is a separate process, timed with
its peak RSS (``resource.getrusage(RUSAGE_CHILDREN)`` of a fresh child per run):

* ``report --inndata``: ``imdi-ledger report --inndata DIR`` (text to /dev/null);
* ``report --out``: the same with ``--out`` (text, JSON, CSV, workbook, plots, HTML);
* library trial balance: :func:`imdi_ledger.saldobalanse_per_konto` of ``load_hovedbok``;
* DuckDB and Polars: the same trial balance (sum per konto, exact decimals) from the same CSV;
* ledger-cli ``bal`` and hledger ``bal`` on the same postings written as a journal, when the
  programs are installed (skipped otherwise; hledger and ledger above 1 M lines are
  skipped as too slow/large unless ``--alle``, ledger alone with ``--ledger-alle``).

    python benchmarks/bench_aar.py 100000 1000000 10000000 [--gjentak 3] [--skriv-doc]

``--skriv-doc`` replaces the table between the markers in docs/benchmarks.md.  Benchmarks are
never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROT = Path(__file__).resolve().parent.parent
DOC = ROT / "docs" / "benchmarks.md"
START, SLUTT = "<!-- bench_aar:start -->", "<!-- bench_aar:slutt -->"

# S-rapport: utgift posts of kapittel 0598 and 0599, an inntekt post, artskontoer by class
_UTGIFT = ["059801", "059821", "059845", "059870", "059901", "059921", "059960", "059970"]
_INNTEKT = ["359802", "359901"]
_ART_UTGIFT = [str(a) for a in (list(range(500, 520)) + list(range(610, 660)) + list(range(700, 710))
                                + list(range(850, 860)))]
_ART_INNTEKT = ["300", "301", "302", "310", "311"]
# Hovedbok: ~300 accounts: 40 balance accounts (bank/gjeld/fordringer) and 260 cost/income accounts
_KONTO_B = [str(k) for k in list(range(1500, 1520)) + list(range(2400, 2420))]
_KONTO_R = [str(k) for k in list(range(3000, 3020)) + list(range(5000, 5100)) + list(range(6100, 6200))
            + list(range(6700, 6740))]


def _kroner(ore: np.ndarray) -> pa.Array:
    """Øre as kroner text with decimal comma (``-1234,05``), built by Arrow (fast at 10 M)."""
    a = np.abs(ore)
    kr = pc.cast(pa.array(a // 100), pa.string())
    o = pc.utf8_lpad(pc.cast(pa.array(a % 100), pa.string()), width=2, padding="0")
    txt = pc.binary_join_element_wise(kr, o, ",")
    return pc.if_else(pa.array(ore < 0), pc.binary_join_element_wise("-", txt, ""), txt)


def _skriv_csv(cols: dict[str, pa.Array], path: Path) -> None:
    """``;``-separated, decimal comma, no quotes (as a finance system exports it)."""
    with pa.OSFile(str(path), "wb") as f:
        f.write((";".join(cols) + "\n").encode())
        pacsv.write_csv(pa.table(cols), f, write_options=pacsv.WriteOptions(
            delimiter=";", quoting_style="none", include_header=False))


def lag_aar(n: int, mappe: Path) -> None:
    """Write the agency-year of ``n`` S-rapport rows and ``n`` hovedbok postings to ``mappe``."""
    rng = np.random.default_rng(n)
    mappe.mkdir(parents=True, exist_ok=True)
    half = n // 2
    # S-rapport: each transaction one post row and its konsernkonto row, in the same period
    inn = rng.random(half) < 0.1
    sk = np.where(inn, np.array(_INNTEKT)[rng.integers(0, len(_INNTEKT), half)],
                  np.array(_UTGIFT)[rng.integers(0, len(_UTGIFT), half)])
    art = np.where(inn, np.array(_ART_INNTEKT)[rng.integers(0, len(_ART_INNTEKT), half)],
                   np.array(_ART_UTGIFT)[rng.integers(0, len(_ART_UTGIFT), half)])
    amt = rng.integers(1, 5 * 10**7, half) * np.where(inn, -1, 1)
    per = rng.integers(1, 13, half)
    periode = pc.binary_join_element_wise("2025-", pc.utf8_lpad(pc.cast(pa.array(per), pa.string()), 2, "0"), "")
    kk = np.where(inn, "60059801", "60059802")
    _skriv_csv({
        "periode": pa.concat_arrays([periode, periode]),
        "statskonto": pa.array(np.concatenate([sk, kk])),
        "artskonto": pa.array(np.concatenate([art, np.full(half, "")])),
        "belop": pa.concat_arrays([_kroner(amt), _kroner(-amt)]),
        "tekst": pa.array(np.full(2 * half, "Utbetaling")),
    }, mappe / "srapport_2025.csv")
    # Hovedbok: bilag of two postings, a result account against a balance account
    r = np.array(_KONTO_R)[rng.integers(0, len(_KONTO_R), half)]
    b = np.array(_KONTO_B)[rng.integers(0, len(_KONTO_B), half)]
    hamt = rng.integers(1, 5 * 10**7, half)
    dag = rng.integers(0, 365, half)
    dato = pc.strftime(pa.array((np.datetime64("2025-01-01") + dag.astype("timedelta64[D]"))
                                .astype("datetime64[s]")), format="%Y-%m-%d")
    bilag = pc.binary_join_element_wise("B", pc.cast(pa.array(np.arange(half)), pa.string()), "")
    _skriv_csv({
        "bilag": pa.concat_arrays([bilag, bilag]),
        "dato": pa.concat_arrays([dato, dato]),
        "konto": pa.array(np.concatenate([r, b])),
        "belop": pa.concat_arrays([_kroner(hamt), _kroner(-hamt)]),
        "tekst": pa.array(np.full(2 * half, "Postering")),
    }, mappe / "hovedbok_2025.csv")
    poster = "\n".join(
        f"- kapittel: '{s[:4]}'\n  post: '{s[4:]}'\n  kapittelnavn: Syntetisk\n  posttekst: Post {s[4:]}\n"
        f"  overfort_fra_i_fjor: 0\n  arets_tildeling: {10**12 if s[0] == '0' else 0}\n  stikkord: null"
        for s in _UTGIFT + _INNTEKT)
    (mappe / "tildeling_2025.yaml").write_text(
        f"ar: 2025\nvirksomhet: Syntetisk virksomhet\nposter:\n{poster}\n", encoding="utf-8")


def lag_journal(mappe: Path, path: Path) -> None:
    """The hovedbok as a ledger/hledger journal: one transaction per bilag of two postings."""
    t = pacsv.read_csv(mappe / "hovedbok_2025.csv", parse_options=pacsv.ParseOptions(delimiter=";"),
                       convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in
                                                                         ("bilag", "dato", "konto", "belop", "tekst")}))
    half = t.num_rows // 2
    belop = pc.replace_substring(t["belop"], ",", ".")
    konto = pc.binary_join_element_wise("K", t["konto"], "")
    hode = pc.binary_join_element_wise(t["dato"].slice(0, half), t["bilag"].slice(0, half), " ")
    l1 = pc.binary_join_element_wise("    ", konto.slice(0, half), "  ", belop.slice(0, half), "")
    l2 = pc.binary_join_element_wise("    ", konto.slice(half), "  ", belop.slice(half), "")
    tx = pc.binary_join_element_wise(hode, l1, l2, "", "\n")
    with open(path, "w", encoding="utf-8") as f:
        for chunk in pa.chunked_array([tx]).chunks:
            for i in range(0, len(chunk), 200_000):
                f.write("\n".join(chunk.slice(i, 200_000).to_pylist()))
                f.write("\n")


_TB_LIB = """
import sys
from imdi_ledger import saldobalanse_per_konto
from imdi_ledger.load.hovedbok import load_hovedbok
tb = saldobalanse_per_konto(load_hovedbok(sys.argv[1]))
assert int(tb["ub_ore"].sum()) == 0, "trial balance does not sum to 0"
print(len(tb))
"""

_TB_DUCKDB = """
import sys, duckdb
r = duckdb.sql(f\"\"\"
  SELECT konto, SUM(CAST(REPLACE(belop, ',', '.') AS DECIMAL(18,2))) AS saldo
  FROM read_csv('{sys.argv[1]}', delim=';', header=true, all_varchar=true)
  GROUP BY konto ORDER BY konto\"\"\").fetchall()
assert sum(s for _, s in r) == 0
print(len(r))
"""

_TB_POLARS = """
import sys, polars as pl
r = (pl.scan_csv(sys.argv[1], separator=';', infer_schema=False)
       .with_columns(pl.col('belop').str.replace(',', '.', literal=True).cast(pl.Decimal(18, 2)))
       .group_by('konto').agg(pl.col('belop').sum()).sort('konto').collect())
assert r['belop'].sum() == 0
print(len(r))
"""


_TIME = shutil.which("time") and Path("/usr/bin/time").is_file()


def _kjor(cmd: list[str]) -> tuple[float, int]:
    """Run ``cmd`` in a fresh child; (wall seconds, peak RSS of that child in bytes).  The RSS is
    measured by ``/usr/bin/time`` when present (its child is exec'd from a small process, so the
    figure is the command's own), else from ``wait4`` of the child."""
    t0 = time.perf_counter()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%M", "-o", tf.name, *cmd] if _TIME else cmd
        p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        sek = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode(errors="replace") if p.stderr else ""
        if p.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {err[-2000:]}")
        rss = int(tf.read().strip().splitlines()[-1]) * 1024 if _TIME else ru.ru_maxrss * 1024
    return sek, rss


def _median(cmd: list[str], gjentak: int) -> tuple[float, int]:
    runs = [_kjor(cmd) for _ in range(gjentak)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def _har_modul(navn: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {navn}"], capture_output=True).returncode == 0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--gjentak", type=int, default=3, help="runs per figure (median)")
    ap.add_argument("--gjentak-stor", type=int, default=1, help="runs per figure from 5 M lines")
    ap.add_argument("--uten-out-fra", type=int, default=5_000_000, help="skip report --out from this size")
    ap.add_argument("--alle", action="store_true", help="run hledger/ledger at every size")
    ap.add_argument("--ledger-alle", action="store_true", help="run ledger at every size (hledger up to 1 M)")
    ap.add_argument("--skriv-doc", action="store_true")
    ap.add_argument("--tmp", type=Path, default=None)
    args = ap.parse_args(argv)
    py = sys.executable
    cli = [py, "-m", "imdi_ledger.cli"]
    ledger, hledger = shutil.which("ledger"), shutil.which("hledger")
    duck, polars = _har_modul("duckdb"), _har_modul("polars")
    rader = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as d:
        for n in args.sizes:
            g = args.gjentak if n < 5_000_000 else args.gjentak_stor
            mappe = Path(d) / f"aar{n}"
            t0 = time.perf_counter()
            lag_aar(n, mappe)
            print(f"[{n}] data written in {time.perf_counter() - t0:.1f} s", flush=True)
            hb = str(mappe / "hovedbok_2025.csv")
            rad: dict[str, tuple[float, int] | None] = {}
            rad["inndata"] = _median(cli + ["report", "--inndata", str(mappe)], g)
            print(f"[{n}] report --inndata {rad['inndata']}", flush=True)
            if n < args.uten_out_fra:
                ut = Path(d) / f"ut{n}"
                rad["out"] = _median(cli + ["report", "--inndata", str(mappe), "--out", str(ut)], g)
                shutil.rmtree(ut, ignore_errors=True)
                print(f"[{n}] report --out {rad['out']}", flush=True)
            rad["tb"] = _median([py, "-c", _TB_LIB, hb], g)
            print(f"[{n}] library trial balance {rad['tb']}", flush=True)
            if duck:
                rad["duckdb"] = _median([py, "-c", _TB_DUCKDB, hb], g)
                print(f"[{n}] duckdb {rad['duckdb']}", flush=True)
            if polars:
                rad["polars"] = _median([py, "-c", _TB_POLARS, hb], g)
                print(f"[{n}] polars {rad['polars']}", flush=True)
            alle_ledger = args.alle or args.ledger_alle
            if (ledger and (n <= 1_000_000 or alle_ledger)) or (hledger and (n <= 1_000_000 or args.alle)):
                jr = Path(d) / f"j{n}.journal"
                lag_journal(mappe, jr)
                if ledger and (n <= 1_000_000 or alle_ledger):
                    rad["ledger"] = _median([ledger, "-f", str(jr), "bal"], g)
                    print(f"[{n}] ledger {rad['ledger']}", flush=True)
                if hledger and (n <= 1_000_000 or args.alle):
                    rad["hledger"] = _median([hledger, "-f", str(jr), "bal"], g)
                    print(f"[{n}] hledger {rad['hledger']}", flush=True)
                jr.unlink()
            rader.append((n, g, rad))
            shutil.rmtree(mappe, ignore_errors=True)
    tabell = _tabell(rader, bool(ledger), bool(hledger), duck, polars)
    print(tabell)
    if args.skriv_doc:
        tekst = DOC.read_text(encoding="utf-8")
        a, b = tekst.index(START) + len(START), tekst.index(SLUTT)
        DOC.write_text(tekst[:a] + "\n" + tabell + "\n" + tekst[b:], encoding="utf-8")


def _celle(x: tuple[float, int] | None, rss: bool = True) -> str:
    if x is None:
        return "—"
    sek, b = x
    return f"{sek:.2f} s" + (", " + f"{b / 2**20:,.0f}".replace(",", " ") + " MiB" if rss else "")


def _tabell(rader, ledger: bool, hledger: bool, duck: bool, polars: bool) -> str:
    maskin = (f"{platform.node() or 'host'}: {os.cpu_count()} cores, "
              f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
              f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    linjer = [f"Measured {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {maskin}; "
              "other jobs were running on the machine (compare ratios within a row). "
              "Each cell: median wall time of the runs, peak RSS of the process (largest of the runs).", "",
              "| lines | runs | report --inndata | report --out | library trial balance | DuckDB trial balance "
              "| Polars trial balance | ledger-cli bal | hledger bal |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, g, r in rader:
        def c(k: str, ok: bool = True) -> str:
            return _celle(r.get(k)) if ok else "not installed"
        linjer.append(f"| {n:_} | {g} | {c('inndata')} | {c('out')} | {c('tb')} | {c('duckdb', duck)} | "
                      f"{c('polars', polars)} | {c('ledger', ledger)} | {c('hledger', hledger)} |".replace("_", " "))
    return "\n".join(linjer)


if __name__ == "__main__":
    main()
