"""``report --json``: one document with every table (rows, cells in øre, each sum row's declared
terms), the run's one list of findings and the input files."""

from __future__ import annotations

import json

import pytest

from imdi_ledger.cli import main
from imdi_ledger.rapport import lag_rapport


@pytest.fixture(scope="module")
def rapport():
    return lag_rapport(eksempel="imdi-2025")


@pytest.fixture(scope="module")
def dok(rapport):
    from imdi_ledger.render.json import aarsregnskap_dict

    return json.loads(json.dumps(aarsregnskap_dict(rapport.regnskap, rapport.findings)))


def test_every_table_and_cell_is_in_the_document(rapport, dok) -> None:
    tabeller = rapport.regnskap.tabeller()
    assert [t["id"] for t in dok["tabeller"]] == [t.id for t in tabeller]
    for t, d in zip(tabeller, dok["tabeller"]):
        for k in t.kolonner:
            if k.penger:
                assert [r[k.navn] for r in d["rader"]] == [t.verdi(lid, k.navn) for lid in t.line_ids]


def test_sum_rows_add_up_from_their_terms_in_the_document(dok) -> None:
    per_id = {t["id"]: {r["line_id"]: r for r in t["rader"]} for t in dok["tabeller"]}
    sjekket = 0
    for t in dok["tabeller"]:
        penger = [k["navn"] for k in t["kolonner"] if k["penger"]]
        for r in t["rader"]:
            if "ledd" not in r:
                continue
            for kol in r.get("ledd_kolonner", penger):
                if r[kol] is None:
                    continue
                total = sum(l["fortegn"] * (per_id[l["tabell"] or t["id"]][l["linje"]][kol] or 0) for l in r["ledd"])
                assert total == r[kol], (t["id"], r["line_id"], kol)
                sjekket += 1
    assert sjekket > 100


def test_findings_and_sources(rapport, dok) -> None:
    assert dok["funn"] == [f.to_dict() for f in rapport.findings]
    assert dok["antall_funn"]["error"] == sum(1 for f in rapport.findings if f.severity.value == "error") > 0
    assert {k["fil"] for k in dok["kilder"]} >= {"srapport_2025.csv", "tildeling_2025.yaml"}
    assert all(len(k["sha256"]) == 64 for k in dok["kilder"])


def test_cli_json_is_the_document_written_to_out(capsys, tmp_path) -> None:
    assert main(["report", "--example", "imdi-2025", "--json"]) == 0
    skjerm = json.loads(capsys.readouterr().out)
    main(["report", "--example", "imdi-2025", "--out", str(tmp_path / "ut")])
    fil = json.loads((tmp_path / "ut" / "aarsregnskap_2025.json").read_text(encoding="utf-8"))
    assert skjerm == fil and skjerm["enhet"] == "ore" and skjerm["ar"] == 2025
