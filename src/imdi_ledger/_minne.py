"""Freed memory given back to the operating system between the stages of a large run.

The ``imdi-ledger`` program has glibc keep freed memory in its heap for the next column
(:func:`imdi_ledger.cli.kommando`): that spares the kernel zeroing pages given back and taken
anew, but the heap then only grows, and what one stage frees (the bytes of a file once Arrow has
parsed them, the parse's buffers once the columns are converted) is held through every later
stage.  :func:`gi_tilbake` hands the heap's free pages back (glibc's ``malloc_trim``, which
also returns free pages inside the heap, not only at its top) where a loader has let go of a
large amount; the next stage takes pages anew only as far as it needs them.  It does nothing
unless the program has turned it on (:func:`slå_på`): a program that imports the library keeps
its own allocator's behaviour, unless it asks for the program's settings
(:func:`tilpass_prosessen`, public as ``imdi_ledger.tilpass_prosessen``)."""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any, Callable

__all__ = ["slå_på", "gi_tilbake", "tilpass_prosessen", "TERSKEL"]

#: Free heap, in bytes, below which nothing is given back: taking pages anew costs the kernel's
#: zeroing of them, worth it for the hundreds of megabytes a large file's stage frees, not for
#: the few a small year's does.
TERSKEL = 256 * 2**20

_libc: Any = None
_ledig: Callable[[], int] | None = None


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(navn, ctypes.c_size_t) for navn in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def slå_på(libc: Any) -> None:
    """Let :func:`gi_tilbake` trim through ``libc`` (a ``ctypes`` handle of glibc).  Where glibc
    tells its free heap (``mallinfo2``, glibc 2.33 and later) only that above :data:`TERSKEL`
    is given back; otherwise every call trims."""
    global _libc, _ledig
    _libc = libc if hasattr(libc, "malloc_trim") else None
    _ledig = None
    info = getattr(libc, "mallinfo2", None) if _libc is not None else None
    if info is not None:
        try:
            info.restype = _Mallinfo2
            info.argtypes = []
        except (AttributeError, TypeError):   # not a ctypes function
            return
        _ledig = lambda: int(info().fordblks)  # noqa: E731 - free bytes in the heap's chunks (every arena)


def gi_tilbake() -> None:
    """Give the heap's free pages back to the operating system, when turned on and the free
    heap is above :data:`TERSKEL`."""
    if _libc is not None and (_ledig is None or _ledig() >= TERSKEL):
        _libc.malloc_trim(0)


def tilpass_prosessen() -> None:
    """Set this process's memory for loading large years, as the ``imdi-ledger`` program does:
    Arrow allocates through the C library, and glibc keeps freed memory in its heap for the next
    column instead of unmapping it, giving it back after a loaded file only where much is free
    (:func:`gi_tilbake`).  Without this, the kernel zeroing pages given back and taken anew was
    a third of the time of loading a 10-million-line year (``docs/benchmarks.md``).

    A script or notebook that loads millions of rows may call it once, first.  It changes the
    whole process: every later allocation of Arrow and of the C library's ``malloc`` (numpy,
    pandas), not only this library's.  An ``ARROW_DEFAULT_MEMORY_POOL`` already set is kept;
    where Arrow is already imported, its default pool is switched to the C library's now.  On a
    C library other than glibc only Arrow's pool is set."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
        pa = sys.modules.get("pyarrow")
        if pa is not None and hasattr(pa, "set_memory_pool"):   # Arrow has made its pool already
            pa.set_memory_pool(pa.system_memory_pool())
    # Where mimalloc is chosen after all, it reserves 64 MiB of address space at a time instead
    # of 1 GiB with its first allocation, which alone could leave too little under an
    # address-space limit (``ulimit -v``).
    os.environ.setdefault("MIMALLOC_ARENA_RESERVE", "64MiB")
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6")
            libc.mallopt(-4, 0)              # M_MMAP_MAX: large blocks from the heap, reused when freed
            libc.mallopt(-1, 2**31 - 1)      # M_TRIM_THRESHOLD: keep freed memory at the heap's top
            slå_på(libc)                     # ... until a loader has let go of a large amount
        except (OSError, AttributeError):    # not glibc: its defaults stay
            pass
