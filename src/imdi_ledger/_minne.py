"""Freed memory given back to the operating system between the stages of a large run.

The ``imdi-ledger`` program has glibc keep freed memory in its heap for the next column
(:func:`imdi_ledger.cli.kommando`): that spares the kernel zeroing pages given back and taken
anew, but the heap then only grows, and what one stage frees (the bytes of a file once Arrow has
parsed them, the parse's buffers once the columns are converted) is held through every later
stage.  :func:`gi_tilbake` hands the heap's free pages back (glibc's ``malloc_trim``, which
also returns free pages inside the heap, not only at its top) where a loader has let go of a
large amount; the next stage takes pages anew only as far as it needs them.  It does nothing
unless the program has turned it on (:func:`slå_på`): a program that imports the library keeps
its own allocator's behaviour."""

from __future__ import annotations

from typing import Any

__all__ = ["slå_på", "gi_tilbake"]

_libc: Any = None


def slå_på(libc: Any) -> None:
    """Let :func:`gi_tilbake` trim through ``libc`` (a ``ctypes`` handle of glibc)."""
    global _libc
    _libc = libc if hasattr(libc, "malloc_trim") else None


def gi_tilbake() -> None:
    """Give the heap's free pages back to the operating system, when turned on."""
    if _libc is not None:
        _libc.malloc_trim(0)
