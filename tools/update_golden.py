"""Regenerate the golden text renderings from the worked example.  Review the diff before
committing: the golden files are what the statements must look like."""

from pathlib import Path

from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.text import render_tabeller

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden"


def main() -> None:
    r = beregn(last_eksempel("imdi-2025"))
    GOLDEN.mkdir(exist_ok=True)
    text = render_tabeller([*r.bevilgning.tabeller(), r.bevilgning.note_a, *r.artskonto.tabeller()])
    (GOLDEN / "imdi_2025_kontant.txt").write_text(text, encoding="utf-8")
    print("wrote", GOLDEN / "imdi_2025_kontant.txt")
    (GOLDEN / "imdi_2025_aarsregnskap.txt").write_text(render_tabeller(r.tabeller()), encoding="utf-8")
    print("wrote", GOLDEN / "imdi_2025_aarsregnskap.txt")


if __name__ == "__main__":
    main()
