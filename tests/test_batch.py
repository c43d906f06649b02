"""``imdi-ledger batch``: many agencies at once (docs/batch.md).

A simulated batch of 20 agencies whose belastningsfullmakter tie in a ring, with one giver's
utgiftsført deliberately off by 12,34 kr, is run once on local processes (module fixture).  The
consolidation equals the sum of the single-agency reports to the øre; the mismatch is found and
names both agencies; the same batch on a Dask LocalCluster writes the same bytes in every file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from imdi_ledger.avstemming.regler import TVERRGAENDE_REGLER, regel
from imdi_ledger.avstemming.tverrgaende import Belastning, Konsern, PostTall, Virksomhetstall, kontroller_konsern
from imdi_ledger.batch import finn_virksomheter, kjor_batch, lag_id
from imdi_ledger.cli import main
from imdi_ledger.findings import Severity
from imdi_ledger.testing.batch import kapittel_for, simuler_batch, skriv_simulert_batch

N = 20
GIVER = 4            # agency 005 gives a belastningsfullmakt to agency 006 …
AVVIK_ORE = 1234     # … and states 12,34 kr more utgiftsført than 006 reports


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    rot = tmp_path_factory.mktemp("batch") / "rot"
    skriv_simulert_batch(rot, N, avvik={GIVER: AVVIK_ORE})
    ut = rot.parent / "ut"
    k = kjor_batch(rot, ut, workers=2, pdf=False)   # the PDF of each agency: test_each_agency_gets_its_pdf
    return rot, ut, k


def _filer(mappe: Path) -> dict[str, bytes]:
    return {p.relative_to(mappe).as_posix(): p.read_bytes() for p in sorted(mappe.rglob("*")) if p.is_file()}


def test_every_agency_gets_its_report_and_a_summary_row(batch):
    rot, ut, k = batch
    ids = [f"virksomhet-{i:03d}" for i in range(1, N + 1)]
    assert [r.id for r in k.resultater] == ids
    assert all(r.status == "ok" and r.feil == 0 for r in k.resultater)
    for vid in ids:
        assert (ut / vid / "aarsregnskap_2025.xlsx").is_file() and (ut / vid / "funn.json").is_file()
    rader = json.loads((ut / "oppsummering.json").read_text(encoding="utf-8"))
    assert [r["virksomhet"] for r in rader] == ids
    csv = (ut / "oppsummering.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0].startswith("virksomhet;mappe;navn;ar;status;netto_rapportert_ore;mer_mindreutgift_ore;"
                             "kongruensavvik_ore;feil;advarsler;merknader")
    assert len(csv) == N + 1
    assert (ut / "samlekjoring.xlsx").is_file()


def test_agency_folder_is_exactly_report_inndata_out(batch, tmp_path):
    """The batch writes each agency with the report job's own code path: the same bytes as
    ``report --inndata X --out Y``."""
    rot, ut, _ = batch
    assert main(["report", "--inndata", str(rot / "virksomhet-007"), "--out", str(tmp_path / "en"), "--uten-pdf"]) == 0
    assert _filer(tmp_path / "en") == _filer(ut / "virksomhet-007")


def test_consolidation_is_the_sum_of_the_single_agency_reports(batch):
    """Each agency's own report (its ``aarsregnskap_2025.json``, the bytes ``report --inndata``
    writes) summed by hand equals the consolidation, to the øre."""
    _, ut, k = batch
    regnskap: dict[tuple[str, str], int] = {}
    tildeling: dict[tuple[str, str], int] = {}
    netto = kk = 0
    for i in range(N):
        dok = json.loads((ut / f"virksomhet-{i + 1:03d}" / "aarsregnskap_2025.json").read_text(encoding="utf-8"))
        tabeller = {t["id"]: t["rader"] for t in dok["tabeller"]}
        for tid in ("bevilgning_utgifter", "bevilgning_inntekter"):
            for x in tabeller[tid]:
                if x["kind"] == "netto":
                    netto += x["regnskap"]
                if x["kind"] != "line":
                    continue
                key = (x["kapittel"], x["post"])
                regnskap[key] = regnskap.get(key, 0) + (x["regnskap"] or 0)
                # the receiver's line for another agency's post 21 is its belastningsfullmakt, not a bevilgning
                if not (x["post"] == "21" and x["kapittel"] != kapittel_for(i)):
                    tildeling[key] = tildeling.get(key, 0) + (x["samlet_tildeling"] or 0)
        kk += sum(x["belop"] for x in tabeller["kapitalkontoer"] if x["line_id"].startswith("kk-"))
    linjer = {(x["kapittel"], x["post"]): x for x in k.bevilgning if x["kind"] == "line"}
    assert {key: x["regnskap_ore"] for key, x in linjer.items()} == regnskap
    assert {key: x["samlet_tildeling_ore"] for key, x in linjer.items()} == tildeling
    assert k.linje("netto_rapportert")["regnskap_ore"] == netto
    assert netto == sum(r.netto_rapportert_ore for r in k.resultater)
    felles = {(x["kapittel"], x["post"]): x["regnskap_ore"] for x in k.felleskapitler}
    assert set(felles) == {("1633", "01"), ("5309", "29"), ("5700", "72")}
    assert all(felles[key] == regnskap[key] for key in felles)
    assert next(x for x in k.konsernkonto if x["line_id"] == "sum_konsernkonto")["belop_ore"] == kk
    # every agency's own post 21 is owned by it and charged by the next one
    x = linjer[(kapittel_for(0), "21")]
    assert x["eier"] == "virksomhet-001" and x["belastet_av"] == "virksomhet-002"
    lagret = (ut / "konsolidert_bevilgning.csv").read_text(encoding="utf-8").splitlines()
    assert len(lagret) == 1 + len(k.bevilgning) and lagret[-1].startswith('"netto_rapportert";"netto";')


def test_mismatched_belastningsfullmakt_is_found_naming_both_agencies(batch):
    _, ut, k = batch
    funn = [f for f in k.funn if f.severity == Severity.ERROR]
    assert [f.rule for f in funn] == ["KONSERN-BELASTNING"]
    f = funn[0]
    assert "Simulert virksomhet 005 (virksomhet-005)" in f.message
    assert "Simulert virksomhet 006 (virksomhet-006)" in f.message
    assert f.line == f"{kapittel_for(GIVER)} 21" and f.difference_ore == -AVVIK_ORE
    assert f.file == "virksomhet-005/fullmakter_2025.yaml" and f.row
    lagret = json.loads((ut / "funn_tverrgaende.json").read_text(encoding="utf-8"))
    assert [x["rule"] for x in lagret if x["severity"] == "error"] == ["KONSERN-BELASTNING"]
    per = {r["virksomhet"]: r["tverrgaende_funn"] for r in k.oppsummering}
    assert per["virksomhet-005"] == per["virksomhet-006"] == 1 and per["virksomhet-007"] == 0


def test_dask_local_cluster_writes_the_same_bytes(batch, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    rot, ut, _ = batch
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        kjor_batch(rot, tmp_path / "dask", client=client, pdf=False)
    lokalt, dask = _filer(ut), _filer(tmp_path / "dask")
    assert sorted(dask) == sorted(lokalt) and len(lokalt) > N * 30
    assert [f for f in lokalt if lokalt[f] != dask[f]] == []


def test_one_process_gives_the_same_consolidation(tmp_path):
    rot = tmp_path / "rot"
    skriv_simulert_batch(rot, 3, seed=5)
    en = kjor_batch(rot, workers=1)
    to = kjor_batch(rot, workers=2)
    assert en.bevilgning == to.bevilgning and en.oppsummering == to.oppsummering and en.funn == to.funn == ()


def test_a_broken_agency_is_reported_and_the_others_run(tmp_path, capsys):
    rot = tmp_path / "rot"
    skriv_simulert_batch(rot, 2, seed=2)
    (rot / "=Ødelagt etat").mkdir()
    (rot / "=Ødelagt etat" / "srapport_2025.csv").write_text("dette;er\nikke;en s-rapport\n", encoding="utf-8")
    (rot / "notater.txt").write_text("ikke en virksomhet", encoding="utf-8")
    ut = tmp_path / "ut"
    assert main(["batch", str(rot), "--out", str(ut), "--workers", "1"]) == 2
    fanget = capsys.readouterr()
    assert "odelagt-etat" in fanget.err and "=Ødelagt etat/srapport_2025.csv" in fanget.err
    # the folder's name is text in the summary, never a formula
    assert '"\'=Ødelagt etat";' in (ut / "oppsummering.csv").read_text(encoding="utf-8")
    assert str(tmp_path) not in (ut / "oppsummering.json").read_text(encoding="utf-8")
    rader = {r["virksomhet"]: r for r in json.loads((ut / "oppsummering.json").read_text(encoding="utf-8"))}
    assert rader["odelagt-etat"]["status"] == "feil" and "srapport_2025.csv" in rader["odelagt-etat"]["melding"]
    assert rader["virksomhet-001"]["status"] == rader["virksomhet-002"]["status"] == "ok"
    assert (ut / "virksomhet-001" / "aarsregnskap_2025.json").is_file()
    assert (ut / "odelagt-etat" / "feil.txt").is_file()
    assert "Konsolidert bevilgningsregnskap" in fanget.out


def test_exit_status_follows_report(tmp_path, capsys):
    rot = tmp_path / "rot"
    skriv_simulert_batch(rot, 2, seed=3, avvik={0: 100})
    assert main(["batch", str(rot), "--workers", "1"]) == 0
    assert "KONSERN-BELASTNING" in capsys.readouterr().out
    assert main(["batch", str(rot), "--workers", "1", "--strict"]) == 1
    assert main(["batch", str(tmp_path / "finnes-ikke")]) == 2
    assert "rotmappen finnes ikke" in capsys.readouterr().err
    assert main(["batch", str(rot), "--workers", "0"]) == 2


def test_scheduler_without_dask_is_a_clear_error(tmp_path, capsys, monkeypatch):
    rot = tmp_path / "rot"
    skriv_simulert_batch(rot, 1)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    assert main(["batch", str(rot), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "pip install 'imdi-ledger[dask]'" in capsys.readouterr().err


def test_agency_ids_are_slugs_of_folder_names(tmp_path):
    assert lag_id("Statens vegvesen") == "statens-vegvesen"
    assert lag_id("Ærlig Øvre Ås") == "aerlig-ovre-as"
    assert lag_id("../..") == "virksomhet" and lag_id("a/b\\c") == "a-b-c"
    for navn in ("Etat A", "etat-a", ".skjult", "b"):
        (tmp_path / navn).mkdir()
    (tmp_path / "ut").mkdir()
    (tmp_path / "ut" / ".imdi-ledger").write_text("", encoding="utf-8")
    assert [v for v, _ in finn_virksomheter(tmp_path)] == ["etat-a", "b", "etat-a-2"]  # by folder name


def test_help_is_norwegian(capsys):
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    hjelp = capsys.readouterr().out
    assert "ROTMAPPE" in hjelp and "--scheduler" in hjelp and "arbeidsprosesser" in hjelp


# --- the cross-agency rules on hand-made figures -------------------------------------------


def _v(vid: str, poster=(), avgitte=(), mottatte=(), ar: int = 2025) -> Virksomhetstall:
    return Virksomhetstall(vid, f"Etat {vid.upper()}", ar, 0,
                           tuple(PostTall(k, p, None, None, "utgift", t, r) for k, p, t, r in poster),
                           tuple(avgitte), tuple(mottatte))


def test_a_post_of_two_agencies_without_fullmakt_is_a_finding():
    a = _v("a", [("0500", "01", 100_00, 90_00), ("1633", "01", 0, 5_00)])
    b = _v("b", [("0500", "01", 0, 10_00), ("1633", "01", 0, 7_00)])
    funn = kontroller_konsern(Konsern.av([a, b]))
    assert [f.rule for f in funn] == ["KONSERN-POST-DOBBEL"]
    assert "Etat A (a)" in funn[0].message and "Etat B (b)" in funn[0].message and funn[0].line == "0500 01"
    # with the fullmakt given, the post is a's and b charges it: the amounts tie, no finding
    a2 = _v("a", [("0500", "01", 100_00, 90_00)], avgitte=[Belastning("0500", "01", "Etat B", 20_00, 10_00)])
    assert kontroller_konsern(Konsern.av([a2, b])) == []


def test_mottatt_without_avgitt_and_unknown_receiver_and_years():
    a = _v("a", [("0500", "01", 100_00, 90_00)], avgitte=[Belastning("0500", "01", "Etat utenfor", 20_00, 10_00)])
    b = _v("b", [("0500", "21", 0, 10_00)], mottatte=[Belastning("0500", "21", "a", 20_00, 10_00)], ar=2024)
    funn = {f.rule: f for f in kontroller_konsern(Konsern.av([a, b]))}
    assert set(funn) == {"KONSERN-BELASTNING", "KONSERN-MOTTATT", "KONSERN-AR"}
    assert funn["KONSERN-BELASTNING"].severity == Severity.INFO and "Etat utenfor" in funn["KONSERN-BELASTNING"].message
    assert "Etat A (a)" in funn["KONSERN-MOTTATT"].message and "Etat B (b)" in funn["KONSERN-MOTTATT"].message
    assert funn["KONSERN-AR"].severity == Severity.WARNING


def test_cross_agency_rules_are_registered_and_documented():
    ids = [r.id for r in TVERRGAENDE_REGLER]
    assert len(set(ids)) == len(ids) and all(regel(i).id == i for i in ids)
    tekst = (Path(__file__).resolve().parents[1] / "docs" / "checks.md").read_text(encoding="utf-8")
    assert all(f"| `{i}` |" in tekst for i in ids)


def test_simulated_batch_ties_in_a_ring():
    vs = simuler_batch(3, seed=1)
    for i, v in enumerate(vs):
        avgitt = v.fullmakter["avgitte_belastningsfullmakter"][0]
        mottatt = vs[(i + 1) % 3].fullmakter["mottatte_belastningsfullmakter"][0]
        assert avgitt["kapittel"] == mottatt["kapittel"] == kapittel_for(i)
        assert avgitt["utgiftsfort"] == mottatt["brukt"] and avgitt["til"] == vs[(i + 1) % 3].navn


def test_each_agency_gets_its_pdf(tmp_path):
    """By default every agency's report includes its PDF, the same bytes as ``report --out``."""
    rot = tmp_path / "rot"
    skriv_simulert_batch(rot, 2)
    ut = tmp_path / "ut"
    assert main(["batch", str(rot), "--out", str(ut), "--workers", "1"]) == 0
    pdfer = sorted(ut.glob("*/aarsregnskap_*.pdf"))
    assert len(pdfer) == 2 and all(p.read_bytes().startswith(b"%PDF-") for p in pdfer)
    en = pdfer[0].parent.name
    assert main(["report", "--inndata", str(rot / en), "--out", str(tmp_path / "en")]) == 0
    assert (tmp_path / "en" / pdfer[0].name).read_bytes() == pdfer[0].read_bytes()
