"""Benchmark: ``imdi-ledger batch`` on a simulated batch of N agencies (``testing.batch``: each a
small agency-year in both books with cross-agency belastningsfullmakter; every agency's full
report is written: text, JSON, CSV, workbook, plots, HTML).  Figures go to docs/benchmarks.md.

Configurations, each run in a fresh Python process so that its peak memory is its own:

* ``lokal1`` — ``--workers 1``: every agency in the one process;
* ``lokal2`` — ``--workers 2``: a ProcessPoolExecutor of two worker processes;
* ``dask2`` — a ``dask.distributed.LocalCluster`` of two worker processes, one thread each
  (the cluster's start-up is timed apart from the batch).

Wall time is the batch as a whole (agencies, consolidation, cross-agency rules, writing ``OUT``);
*peak RSS per worker* is the largest resident set of a process that ran agencies (``ru_maxrss``);
*CPU time* is user + system time of every process of the run (the work itself, which a busy
machine does not inflate as much as the wall time); the load average shows how busy it was.
The outputs of the configurations are compared byte for byte.

    python benchmarks/bench_batch.py 200                 # all three configurations
    python benchmarks/bench_batch.py 40 lokal1 dask2     # some of them
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KONFIGURASJONER = ("lokal1", "lokal2", "dask2")


def _kjor(konfig: str, rot: str, ut: str) -> dict:
    """One configuration in this process (called in a fresh subprocess by :func:`main`)."""
    from imdi_ledger.batch import kjor_batch

    if konfig.startswith("lokal"):
        n = int(konfig[len("lokal"):])
        t0 = time.perf_counter()
        k = kjor_batch(rot, ut, workers=n)
        vegg = time.perf_counter() - t0
        s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"vegg_s": vegg, "oppstart_s": 0.0, "topp_arbeider_mib": (s if n == 1 else c).ru_maxrss / 1024,
                "topp_hoved_mib": s.ru_maxrss / 1024, "cpu_s": _cpu(s) + _cpu(c), "virksomheter": len(k.resultater)}
    from dask.distributed import Client, LocalCluster

    n = int(konfig[len("dask"):])
    t0 = time.perf_counter()
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        oppstart = time.perf_counter() - t0
        t1 = time.perf_counter()
        k = kjor_batch(rot, ut, client=client)
        vegg = time.perf_counter() - t1
        bruk = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF))
    s = resource.getrusage(resource.RUSAGE_SELF)
    return {"vegg_s": vegg, "oppstart_s": oppstart, "topp_arbeider_mib": max(b.ru_maxrss for b in bruk.values()) / 1024,
            "topp_hoved_mib": s.ru_maxrss / 1024, "cpu_s": sum(_cpu(b) for b in bruk.values()) + _cpu(s),
            "virksomheter": len(k.resultater)}


def _cpu(r: resource.struct_rusage) -> float:
    return r.ru_utime + r.ru_stime


def _last() -> str:
    """The machine's 1-minute load average (other jobs share the cores)."""
    import os

    return f"{os.getloadavg()[0]:.1f}"


def _avtrykk(mappe: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(mappe.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(mappe).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def main(n: int, konfigurasjoner: list[str]) -> None:
    from imdi_ledger.testing.batch import skriv_simulert_batch

    with tempfile.TemporaryDirectory() as d:
        rot = Path(d) / "rot"
        t0 = time.perf_counter()
        skriv_simulert_batch(rot, n)
        print(f"{n} simulated agencies written in {time.perf_counter() - t0:.1f} s", flush=True)
        avtrykk = {}
        rader = []
        for konfig in konfigurasjoner:
            ut = Path(d) / f"ut-{konfig}"
            res = subprocess.run([sys.executable, __file__, "--kjor", konfig, str(rot), str(ut)],
                                 check=True, capture_output=True, text=True)
            m = json.loads(res.stdout.strip().splitlines()[-1])
            avtrykk[konfig] = _avtrykk(ut)
            per = m["vegg_s"] / n
            rad = (f"| {konfig} | {n} | {m['vegg_s']:.1f} s | {per:.2f} s | {m['cpu_s']:.0f} s | {m['oppstart_s']:.1f} s | "
                   f"{m['topp_arbeider_mib']:.0f} MiB | {m['topp_hoved_mib']:.0f} MiB | {_last()} |")
            print(rad, flush=True)
            rader.append(rad)
            import shutil

            shutil.rmtree(ut)
        like = len(set(avtrykk.values())) == 1
        print("\n| configuration | agencies | wall time | per agency | CPU time (all processes) | cluster start "
              "| peak RSS per worker | peak RSS main process | load average after |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rader))
        print(f"\noutputs identical byte for byte across configurations: {'yes' if like else 'NO'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--kjor":
        print(json.dumps(_kjor(sys.argv[2], sys.argv[3], sys.argv[4])))
    else:
        args = sys.argv[1:]
        main(int(args[0]) if args else 200, [a for a in args[1:]] or list(KONFIGURASJONER))
