"""Benchmark: read an S-rapport of N rows from CSV and compute the bevilgningsrapportering and
artskontorapportering.  Prints seconds per stage and rows/s; figures go to docs/benchmarks.md.

    python benchmarks/bench_kontant.py 100000 1000000
"""

from __future__ import annotations

import sys
import tempfile
import time
import resource
from pathlib import Path

import numpy as np
import pandas as pd

from imdi_ledger.artskonto import artskontorapportering
from imdi_ledger.bevilgning import bevilgningsrapportering
from imdi_ledger.load.srapport import load_srapport


def make_csv(n: int, path: Path) -> None:
    rng = np.random.default_rng(1)
    half = n // 2
    posts = np.array(["067001", "067021", "067145", "067160", "067162"])
    arts = np.array(["500", "673", "630", "104", "870"])
    k = rng.integers(0, 5, half)
    amt = rng.integers(1, 10**8, half)
    per = rng.integers(1, 13, half)
    periode = np.char.add("2025-", np.char.zfill(per.astype(str), 2))
    fmt = lambda a: np.char.add(np.char.add((a // 100).astype(str), ","), np.char.zfill((a % 100).astype(str), 2))
    df = pd.DataFrame({
        "periode": np.concatenate([periode, periode]),
        "statskonto": np.concatenate([posts[k], np.full(half, "60088702")]),
        "artskonto": np.concatenate([arts[k], np.full(half, "195")]),
        "belop": np.concatenate([fmt(amt), np.char.add("-", fmt(amt))]),
    })
    df.to_csv(path, sep=";", index=False)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            p = Path(d) / f"s{n}.csv"
            make_csv(n, p)
            t0 = time.perf_counter()
            sr = load_srapport(p)
            t1 = time.perf_counter()
            b = bevilgningsrapportering(sr, None)
            a = artskontorapportering(sr)
            t2 = time.perf_counter()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            if b.netto_rapportert_ore != a.netto_rapportert_ore or b.sum_rapportert_ore != 0:
                raise SystemExit("statements do not tie")
            print(f"{n:>10} rows  load {t1 - t0:7.2f} s ({n / (t1 - t0):>10,.0f} rows/s)  "
                  f"statements {t2 - t1:6.2f} s  peak RSS so far {peak / 2**20:7.1f} MiB")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [100_000, 1_000_000])
