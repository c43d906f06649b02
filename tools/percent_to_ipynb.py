"""Write ``examples/gjennomgang.ipynb`` from the percent-format script ``examples/gjennomgang.py``
(no outputs; the script is the source, tested by ``tests/test_gjennomgang.py``)."""

import json
import sys
from pathlib import Path


def convert(src: Path) -> dict:
    cells, kind, lines = [], None, []

    def flush() -> None:
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        if kind == "markdown":
            text = "\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in text.splitlines())
            cells.append({"cell_type": "markdown", "id": f"celle-{len(cells) + 1}", "metadata": {},
                          "source": text.splitlines(keepends=True)})
        else:
            cells.append({"cell_type": "code", "id": f"celle-{len(cells) + 1}", "metadata": {},
                          "execution_count": None, "outputs": [],
                          "source": text.splitlines(keepends=True)})

    for ln in src.read_text(encoding="utf-8").splitlines():
        if ln.startswith("# %%"):
            flush()
            kind, lines = ("markdown" if "[markdown]" in ln else "code"), []
        else:
            lines.append(ln)
    flush()
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/gjennomgang.py")
    src.with_suffix(".ipynb").write_text(json.dumps(convert(src), ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
