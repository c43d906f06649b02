"""The published IMDi årsregnskap 2025 bundled with the example
(``examples/imdi-2025/publisert/aarsregnskap_2025.yaml``): found by ``publisert_fil``, read by
``load_aarsregnskap`` with every printed figure, and not read by the folder loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from imdi_ledger.avstemming import load_aarsregnskap
from imdi_ledger.eksempel import eksempel_mappe, last_eksempel, publisert_fil
from imdi_ledger.errors import InputError

KR = 100


def test_publisert_fil_is_in_the_example_folder():
    p = publisert_fil("imdi-2025")
    assert p == eksempel_mappe("imdi-2025") / "publisert" / "aarsregnskap_2025.yaml"
    assert p.is_file()
    with pytest.raises(InputError, match="ukjent eksempel"):
        publisert_fil("finnes-ikke")


def test_loads_with_the_printed_figures_and_inconsistencies():
    a = load_aarsregnskap(publisert_fil("imdi-2025"))
    assert a.presisjon == "kroner" and a.kilde == str(publisert_fil("imdi-2025"))
    tall = dict(a.tall())
    assert len(tall) == 689
    assert all(t.presisjon in ("kroner", "1000 kroner") for t in tall.values())
    # printed as the report prints them, not corrected
    assert a.get("bevilgningsrapportering", "netto_rapportert").ore == 24_055_077 * KR
    assert a.get("bevilgningsrapportering", "sum_rapportert").ore == 1_022_805 * KR
    assert a.get("note_7", "a", "lines", 7, "belop").ore == 43_821_904 * KR
    assert a.get("artskontorapportering", "lines", 16, "belop").ore == 43_184_532 * KR
    assert a.get("balanse", "kapital_og_gjeld", 1, "belop").ore == 168_470_838 * KR


def test_holds_figures_not_transcription_remarks():
    d = yaml.safe_load(publisert_fil("imdi-2025").read_text(encoding="utf-8"))
    assert "notes" not in d
    assert set(d["source"]) == {"title"}


def test_folder_loader_does_not_read_it():
    kilder = {Path(k.file).name for k in last_eksempel("imdi-2025").kilder()}
    assert kilder and "aarsregnskap_2025.yaml" not in kilder
