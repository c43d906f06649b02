"""Benchmark: write the årsregnskap as a PDF (render/pdf.py: the HTML report's print variant
laid out by WeasyPrint).  Figures go to docs/benchmarks.md.

For each bundled example: the stages of ``aarsregnskap_pdf`` (print HTML, WeasyPrint's layout,
writing the PDF) best of ``--gjentak`` runs, the pages and the file's size; with ``--chromium``
also headless Chromium's print to PDF of the same print HTML (the alternative measured when
choosing the layout engine), twice, to show whether the bytes repeat.

    python benchmarks/bench_pdf.py [--gjentak 3] [--chromium]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from imdi_ledger.avstemming.eksport import alle_funn
from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.html import aarsregnskap_html
from imdi_ledger.render.pdf import _henter, _weasyprint


def _weasy(regnskap, funn, gjentak: int) -> dict[str, float | int]:
    weasyprint = _weasyprint()
    beste: dict[str, float | int] = {}
    for _ in range(gjentak):
        t0 = time.perf_counter()
        side = aarsregnskap_html(regnskap, funn, utskrift=True)
        t1 = time.perf_counter()
        dok = weasyprint.HTML(string=side, url_fetcher=_henter(weasyprint), base_url="about:blank").render()
        t2 = time.perf_counter()
        data = dok.write_pdf()
        t3 = time.perf_counter()
        run = {"html": t1 - t0, "layout": t2 - t1, "skriv": t3 - t2, "i alt": t3 - t0}
        if not beste or run["i alt"] < beste["i alt"]:
            beste = {**run, "sider": len(dok.pages), "byte": len(data),
                     "sha": hashlib.sha256(data).hexdigest()[:12]}
    return beste


def _chromium(regnskap, funn) -> list[tuple[float, int, str]]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return []
    ut = []
    with tempfile.TemporaryDirectory() as d:
        html = Path(d) / "side.html"
        html.write_text(aarsregnskap_html(regnskap, funn, utskrift=True), encoding="utf-8")
        for i in range(2):
            pdf = Path(d) / f"c{i}.pdf"
            t0 = time.perf_counter()
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--print-to-pdf={pdf}", html.as_uri()], check=True, capture_output=True, timeout=300)
            data = pdf.read_bytes()
            ut.append((time.perf_counter() - t0, len(data), hashlib.sha256(data).hexdigest()[:12]))
    return ut


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gjentak", type=int, default=3)
    ap.add_argument("--chromium", action="store_true")
    args = ap.parse_args()
    for navn in ("imdi-2025", "statlig-gebyr-2025"):
        regnskap = beregn(last_eksempel(navn))
        funn = alle_funn(regnskap)
        w = _weasy(regnskap, funn, args.gjentak)
        print(f"{navn}: WeasyPrint " + ", ".join(f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}"
                                                  for k, v in w.items()))
        if args.chromium:
            for sek, n, sha in _chromium(regnskap, funn):
                print(f"{navn}: Chromium {sek:.2f} s, {n} byte, sha {sha}")


if __name__ == "__main__":
    main()
