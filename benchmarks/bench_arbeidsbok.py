"""Benchmark: write the auditor's workbook (render/excel.py, XlsxWriter).  Figures go to
docs/benchmarks.md.

* the worked example (IMDi 2025: 14 734 S-rapport rows, 2 929 ledger rows): the time of
  ``skriv_arbeidsbok`` alone (best of 3) and of ``report --out`` as a whole;
* a synthetic S-rapport of N rows (``bench_kontant.make_csv``): the time of writing and the peak
  of memory the Python allocator holds while writing (tracemalloc, a separate run), so the
  growth with N is visible; above the sheet limit (1 048 575 rows) the S-rapport is written
  aggregated.

    python benchmarks/bench_arbeidsbok.py 100000 1000000
"""

from __future__ import annotations

import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_kontant import make_csv  # noqa: E402

from imdi_ledger.eksempel import last_eksempel  # noqa: E402
from imdi_ledger.load.srapport import load_srapport  # noqa: E402
from imdi_ledger.regnskap import Grunnlag, beregn  # noqa: E402
from imdi_ledger.render.excel import skriv_arbeidsbok  # noqa: E402


def _skriv(regnskap, path: Path) -> tuple[float, float]:
    """(seconds, peak MiB allocated by Python while writing)."""
    t0 = time.perf_counter()
    skriv_arbeidsbok(regnskap, path)
    sek = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    skriv_arbeidsbok(regnskap, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return sek, peak / 2**20


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as d:
        regnskap = beregn(last_eksempel())
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            skriv_arbeidsbok(regnskap, Path(d) / "imdi.xlsx")
            times.append(time.perf_counter() - t0)
        size = (Path(d) / "imdi.xlsx").stat().st_size
        print(f"IMDi 2025 example: skriv_arbeidsbok {min(times):.2f} s (best of 3), {size / 2**20:.1f} MiB file")
        from imdi_ledger.cli import main as cli

        import contextlib
        import io

        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            cli(["report", "--example", "imdi-2025", "--out", str(Path(d) / "rapport")])
        print(f"IMDi 2025 example: report --out {time.perf_counter() - t0:.2f} s in all")
        for n in sizes:
            p = Path(d) / f"s{n}.csv"
            make_csv(n, p)
            r = beregn(Grunnlag(srapport=load_srapport(p)))
            sek, peak = _skriv(r, Path(d) / f"s{n}.xlsx")
            size = (Path(d) / f"s{n}.xlsx").stat().st_size
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:>10} S-rapport rows  write {sek:7.2f} s ({n / sek:>9,.0f} rows/s)  "
                  f"peak Python allocations while writing {peak:7.1f} MiB  file {size / 2**20:6.1f} MiB  "
                  f"process peak RSS so far {rss:7.1f} MiB")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [100_000])
