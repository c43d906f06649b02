"""Benchmark: read an SRS hovedbok of N postings from CSV and compute the virksomhetsregnskap
(resultatregnskap, balanse, notes).  Figures go to docs/benchmarks.md.

    python benchmarks/bench_srs.py 100000 1000000
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.srs import virksomhetsregnskap


def make_csv(n: int, path: Path) -> None:
    """n/2 balanced bilag of two postings: a cost (lønn, husleie, konsulent, tilskudd) against
    konsernkonto utbetaling, dated through 2025."""
    rng = np.random.default_rng(1)
    half = n // 2
    kost = np.array(["5000", "6300", "6730", "8700"])
    k = rng.integers(0, len(kost), half)
    amt = rng.integers(1, 10**8, half)
    day = rng.integers(0, 365, half)
    dato = (np.datetime64("2025-01-01") + day.astype("timedelta64[D]")).astype(str)
    fmt = lambda a: np.char.add(np.char.add((a // 100).astype(str), ","), np.char.zfill((a % 100).astype(str), 2))
    bilag = np.char.add("B", np.arange(half).astype(str))
    df = pd.DataFrame({
        "bilag": np.concatenate([bilag, bilag]),
        "dato": np.concatenate([dato, dato]),
        "konto": np.concatenate([kost[k], np.full(half, "1940")]),
        "belop": np.concatenate([fmt(amt), np.char.add("-", fmt(amt))]),
        "tekst": "bench",
    })
    df.to_csv(path, sep=";", index=False)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            p = Path(d) / f"h{n}.csv"
            make_csv(n, p)
            t0 = time.perf_counter()
            hb = load_hovedbok(p)
            t1 = time.perf_counter()
            v = virksomhetsregnskap(hb, 2025)
            t2 = time.perf_counter()
            if v.resultat.verdi("resultat_aktiviteter", "belop") != 0:
                raise SystemExit("resultat is not 0")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            print(f"{n:>10} postings  load {t1 - t0:7.2f} s ({n / (t1 - t0):>10,.0f} rows/s)  "
                  f"SRS statements {t2 - t1:6.2f} s  peak RSS so far {peak / 2**20:7.1f} MiB")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [100_000, 1_000_000])
