"""A second Python process running a function of this package (the PDF's layout, the SAF-T
pattern), found on the same import path as this process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["start_barn"]


def start_barn(modul: str, funksjon: str, **popen: Any) -> subprocess.Popen[bytes]:
    """Start ``sys.executable`` running ``modul.funksjon()`` as its exit status; ``popen`` as to
    :class:`subprocess.Popen` (its pipes).  The folder this package is imported from comes first
    on the child's ``PYTHONPATH``.  ``OSError`` when no interpreter can start."""
    pakke = Path(__file__).resolve().parents[1]   # the folder this package is imported from
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(pakke), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.Popen([sys.executable, "-c", f"import sys; from {modul} import {funksjon}; sys.exit({funksjon}())"],
                            env=env, **popen)
