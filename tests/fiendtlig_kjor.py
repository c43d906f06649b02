"""Driver for the hostile-input corpus (``tests/test_fiendtlig.py``): runs many command lines
through ``imdi_ledger.cli.main`` in this one process, which the test starts under a memory limit
(``RLIMIT_AS``) and a timeout.

``python fiendtlig_kjor.py JOBS.json RESULTAT.json``: each job is ``{"id", "argv", "ut"}``; for
each the result records the exit status (``None`` when an exception other than ``SystemExit``
escaped ``main``, its traceback then in ``stderr``), stdout, stderr, the seconds it took and, when
``ut`` is set, the SHA-256 of every file under that folder afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sys
import time
import traceback
from pathlib import Path


def bilde(mappe: str | Path) -> dict[str, str]:
    """Every file under ``mappe`` (relative path) with the SHA-256 of its bytes."""
    m = Path(mappe)
    return {str(p.relative_to(m)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(m.rglob("*")) if p.is_file()}


def kjor(jobber: list[dict]) -> list[dict]:
    from imdi_ledger.cli import kommando as main   # as the installed program runs

    ut: list[dict] = []
    for jobb in jobber:
        err, std = io.StringIO(), io.StringIO()
        rc: int | None = None
        start = time.perf_counter()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
                rc = main(jobb["argv"])
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 2
        except BaseException:  # noqa: BLE001 - recorded as a failure of the case
            err.write(traceback.format_exc())
        resultat = {"id": jobb["id"], "rc": rc, "stderr": err.getvalue(), "stdout": std.getvalue(),
                    "sekunder": time.perf_counter() - start}
        if jobb.get("ut"):
            resultat["ut"] = bilde(jobb["ut"])
        ut.append(resultat)
    return ut


if __name__ == "__main__":
    jobber = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(json.dumps(kjor(jobber)), encoding="utf-8")
