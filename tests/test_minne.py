"""Freed memory given back between the stages of a run (``imdi_ledger._minne``): only when the
program has turned it on, at each loaded file, and without changing what is loaded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from imdi_ledger import _minne
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_srapport


class _Libc:
    def __init__(self) -> None:
        self.kall = 0

    def malloc_trim(self, pad: int) -> int:
        assert pad == 0
        self.kall += 1
        return 1


def test_gir_tilbake_bare_nar_slatt_pa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_minne, "_libc", None)
    libc = _Libc()
    _minne.gi_tilbake()            # off: nothing to call
    assert libc.kall == 0
    _minne.slå_på(object())        # no malloc_trim (not glibc): stays off
    _minne.gi_tilbake()
    assert _minne._libc is None
    _minne.slå_på(libc)
    _minne.gi_tilbake()
    assert libc.kall == 1


def test_lasterne_gir_tilbake_per_fil_og_laster_det_samme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hb = tmp_path / "hovedbok_2025.csv"
    hb.write_text("bilag;dato;konto;belop\n1;2025-01-31;6300;100,00\n1;2025-01-31;1920;-100,00\n", encoding="utf-8")
    sr = tmp_path / "srapport_2025.csv"
    sr.write_text("periode;statskonto;artskonto;belop\n2025-01;059901;650;100,00\n2025-01;60059802;;-100,00\n",
                  encoding="utf-8")
    monkeypatch.setattr(_minne, "_libc", None)
    av_hb, av_sr = load_hovedbok(hb).frame, load_srapport(sr, ar=2025).frame
    libc = _Libc()
    _minne.slå_på(libc)
    pa_hb = load_hovedbok([hb, hb]).frame
    etter_hb = libc.kall
    pa_sr = load_srapport(sr, ar=2025).frame
    assert etter_hb >= 2 and libc.kall > etter_hb   # at least once per file read
    pd.testing.assert_frame_equal(pa_hb.iloc[:2].reset_index(drop=True), av_hb, check_categorical=False)
    pd.testing.assert_frame_equal(pa_sr, av_sr)


def test_gir_tilbake_bare_over_terskelen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where glibc tells its free heap, only a free heap above TERSKEL is given back (taking
    pages anew costs more than the few megabytes a small year frees)."""

    class _Info:
        def __init__(self, ledig: int) -> None:
            self.fordblks = ledig

    class _Glibc(_Libc):
        ledig = 0

        def __init__(self) -> None:
            super().__init__()

            def mallinfo2() -> _Info:   # a plain function, as ctypes' (its restype can be set)
                return _Info(self.ledig)

            self.mallinfo2 = mallinfo2

    monkeypatch.setattr(_minne, "_libc", None)
    libc = _Glibc()
    _minne.slå_på(libc)
    libc.ledig = _minne.TERSKEL - 1
    _minne.gi_tilbake()
    assert libc.kall == 0
    libc.ledig = _minne.TERSKEL
    _minne.gi_tilbake()
    assert libc.kall == 1


_SJEKK = """
import os, sys
import imdi_ledger
if sys.argv[1] == "arrow-først":
    import pyarrow as pa
    pa.array([1, 2, 3])                      # Arrow has made its default pool
from imdi_ledger import _minne
assert _minne._libc is None                  # the library alone leaves the allocators alone
imdi_ledger.tilpass_prosessen()
import pyarrow as pa
print(os.environ["ARROW_DEFAULT_MEMORY_POOL"], pa.default_memory_pool().backend_name,
      _minne._libc is not None)
"""


@pytest.mark.parametrize("rekkefolge", ["arrow-først", "arrow-etter"])
def test_a_script_can_ask_for_the_programs_memory_settings(rekkefolge: str) -> None:
    """``imdi_ledger.tilpass_prosessen()`` gives a script the ``imdi-ledger`` program's settings:
    Arrow's pool the C library's (also when Arrow was imported and had allocated first), and on
    glibc the heap given back after large loads; a pool the caller chose is kept."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    ut = subprocess.run([sys.executable, "-c", _SJEKK, rekkefolge], capture_output=True, text=True, env=env,
                        check=True).stdout.split()
    glibc = sys.platform.startswith("linux") and os.confstr("CS_GNU_LIBC_VERSION") is not None
    assert ut == ["system", "system", str(glibc)]
    valgt = dict(env, ARROW_DEFAULT_MEMORY_POOL="jemalloc")
    ut = subprocess.run([sys.executable, "-c", _SJEKK, rekkefolge], capture_output=True, text=True, check=True,
                        env=valgt).stdout.split()
    uten = subprocess.run([sys.executable, "-c", "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"],
                          capture_output=True, text=True, check=True, env=valgt).stdout.split()
    assert ut[:2] == ["jemalloc", uten[0]]
