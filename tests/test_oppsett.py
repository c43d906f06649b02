"""The agency's set-up (``oppsett.yaml``, ``docs/oppsett.md``): schema errors with line numbers,
each convention switching what it should, the regulations' defaults without the file, and
``--example`` being exactly ``--inndata`` of the example's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from imdi_ledger.avstemming.eksport import regler_for
from imdi_ledger.cli import main
from imdi_ledger.eksempel import EKSEMPLER, eksempel_mappe, last_eksempel
from imdi_ledger.errors import InputError
from imdi_ledger.load.mappe import last_mappe
from imdi_ledger.load.oppsett import Grunnlag5Prosent, Note7BTilpasset, Oppsett, les_oppsett
from imdi_ledger.regnskap import beregn, note7b_oppsett, srs_kontoplan
from imdi_ledger.note7 import NOTE7B_IMDI, NOTE7B_SRS1
from imdi_ledger.render.text import render_tabeller
from imdi_ledger.testing.simulator import SimuleringsSpec, simuler

EKSEMPEL = eksempel_mappe("imdi-2025")
TABELL42 = "X-TABELL42-NOTE5"


def _skriv(mappe: Path, tekst: str) -> Path:
    p = mappe / "oppsett.yaml"
    p.write_text(tekst, encoding="utf-8")
    return p


def _maks_0670_01(regnskap) -> int:
    f = regnskap.note_b.frame
    return int(f.loc[f["kapittel_post"] == "0670 01", "maks_overforbart_ore"].iloc[0])


@pytest.fixture(scope="module")
def kopi_uten_oppsett(tmp_path_factory) -> Path:
    """The example's inputs without its oppsett.yaml (and the override file it names)."""
    d = tmp_path_factory.mktemp("uten") / "imdi"
    shutil.copytree(EKSEMPEL, d)
    (d / "oppsett.yaml").unlink()
    (d / "noter_imdi.csv").unlink()
    return d


@pytest.fixture(scope="module")
def uten(kopi_uten_oppsett):
    return beregn(last_mappe(kopi_uten_oppsett))


@pytest.fixture(scope="module")
def imdi():
    return beregn(last_eksempel("imdi-2025"))


# --------------------------------------------------------------------------- schema errors


@pytest.mark.parametrize(("tekst", "linje", "nokkel", "i_melding"), [
    ("virksomhet: X\nnote_bb: {}\n", 2, "note_bb", ["ukjent nøkkel 'note_bb'", "note_b, note_7b"]),
    ("note_b:\n  grunnlag_5_prosent: samlet_tildeling\n  grunnlag: 1\n", 3, "note_b.grunnlag",
     ["ukjent nøkkel 'grunnlag'", "tillatte nøkler: grunnlag_5_prosent"]),
    ("virksomhet: X\nnote_b: samlet_tildeling\n", 2, "note_b", ["skal være en tabell"]),
    ("virksomhet: [a, b]\n", 1, "virksomhet", ["skal være tekst"]),
    ("regler:\n  valgfrie: {X-TABELL42-NOTE5: ja}\n", 2, "regler.valgfrie", ["liste"]),
    ("note_b:\n  grunnlag_5_prosent: halvparten\n", 2, "note_b.grunnlag_5_prosent",
     ["ugyldig verdi 'halvparten'", "arets_tildeling, samlet_tildeling"]),
    ("\n\nnote_7b: dfo\n", 3, "note_7b", ["ugyldig verdi 'dfo'", "srs1, imdi"]),
    ("regler:\n  valgfrie:\n    - X-TABELL42-NOTE5\n    - BEV-NETTO\n", 4, "regler.valgfrie[1]",
     ["'BEV-NETTO' er ikke en valgfri regel"]),
    ("kontoplan_srs:\n  noter:\n    - {note: note_12, linje: x, kind: line}\n", 3, "kontoplan_srs.noter[0]",
     ["mangler nøkkelen 'tekst'"]),
    ("note_7b:\n  grupper:\n    - {id: a, tekst: A, linjer: [bank], farge: rod}\n", 3, "note_7b.grupper[0].farge",
     ["ukjent nøkkel 'farge'", "id, tekst, linjer"]),
])
def test_schemafeil_med_linje_og_nokkel(tmp_path, tekst, linje, nokkel, i_melding):
    p = _skriv(tmp_path, tekst)
    with pytest.raises(InputError) as e:
        les_oppsett(p)
    assert (e.value.file, e.value.row, e.value.column) == (str(p), linje, nokkel)
    for m in i_melding:
        assert m in e.value.message


@pytest.mark.parametrize("sti", ["../utenfor.csv", "under/../../utenfor.csv"])
def test_sti_ut_av_mappen_er_avvist(tmp_path, sti):
    d = tmp_path / "inn"
    d.mkdir()
    (tmp_path / "utenfor.csv").write_text("note;linje;kind;tekst;kontoer;summerer;fortegn\n", encoding="utf-8")
    p = _skriv(d, f"virksomhet: X\nkontoplan_srs:\n  noter: {sti}\n")
    with pytest.raises(InputError, match="peker ut av inndatamappen") as e:
        les_oppsett(p)
    assert (e.value.row, e.value.column) == (3, "kontoplan_srs.noter")


def test_absolutt_sti_og_manglende_fil_er_avvist(tmp_path):
    annen = tmp_path / "annen.csv"
    annen.write_text("fra;til;linje\n", encoding="utf-8")
    d = tmp_path / "inn"
    d.mkdir()
    with pytest.raises(InputError, match="absolutt") as e:
        les_oppsett(_skriv(d, f"kontoplan:\n  artskonto: {annen}\n"))
    assert (e.value.row, e.value.column) == (2, "kontoplan.artskonto")
    with pytest.raises(InputError, match="finner ikke filen") as e:
        les_oppsett(_skriv(d, "kontoplan:\n  artskonto: mangler.csv\n"))
    assert e.value.row == 2


def test_last_mappe_leser_oppsettet_og_melder_feil_i_det(kopi_uten_oppsett, tmp_path):
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    _skriv(d, "virksomhet: Testdirektoratet\nnote_7b: feil\n")
    with pytest.raises(InputError) as e:
        last_mappe(d)
    assert e.value.file.endswith("oppsett.yaml") and e.value.row == 2


def test_tom_fil_gir_standardene(tmp_path):
    o = les_oppsett(_skriv(tmp_path, "# ingenting\n"))
    assert (o.grunnlag_5_prosent, o.note_7b, o.valgfrie_regler, o.virksomhet) == \
        (Grunnlag5Prosent.ARETS_TILDELING, "srs1", frozenset(), None)


# --------------------------------------------------------------------------- defaults


def test_uten_oppsett_gjelder_regelverkets_standarder(uten):
    o = uten.grunnlag.oppsett
    assert o.fil is None
    assert o.grunnlag_5_prosent is Grunnlag5Prosent.ARETS_TILDELING
    assert note7b_oppsett(o) is NOTE7B_SRS1
    assert TABELL42 not in {r.id for r in regler_for(o)}


def test_uten_oppsett_note_b_maks_av_arets_tildeling(uten):
    # 5 % of årets tildeling 402 395 000 kr (R-115 Note B footnote), not of samlet tildeling
    assert _maks_0670_01(uten) == 20_119_750_00


def test_uten_oppsett_spk_paa_annen_kortsiktig_gjeld(uten, imdi):
    """SRS 1: the SPK premium (281/282) is annen kortsiktig gjeld, with its line in note 12;
    IMDi presents it under skyldige offentlige avgifter (and its note 12 has no SPK line)."""
    kontoer = pd.Series(["281", "282"])
    standard = srs_kontoplan(Oppsett())
    eksempel = srs_kontoplan(les_oppsett(EKSEMPEL / "oppsett.yaml"))
    assert list(standard.linje(kontoer, "balanse")) == ["annen_kortsiktig_gjeld"] * 2
    assert list(eksempel.linje(kontoer, "balanse")) == ["skyldige_offentlige_avgifter"] * 2
    assert list(standard.note_linje(pd.Series(["2810", "2820"]), "note_12")) == ["pensjon_spk"] * 2
    assert list(eksempel.note_linje(pd.Series(["2810", "2820"]), "note_12")) == [None, None]
    # The S-rapport reports the premium on artskonto 281: note 7B's rapportert column puts it on
    # annen kortsiktig gjeld (SRS 1) or on IMDi's own line
    rapp_u = uten.note_7b.tabell.verdi("kortsiktig:annen_kortsiktig_gjeld", "rapportert")
    rapp_i = imdi.note_7b.tabell.verdi("kortsiktig:annen_kortsiktig_gjeld", "rapportert")
    spk = imdi.note_7b.tabell.verdi("kortsiktig:pensjon_spk", "rapportert")
    assert spk < 0 and rapp_u == rapp_i + spk
    assert [f for f in uten.findings if f.rule == "SRS-NOTE-01"] == []


def test_uten_oppsett_note_7b_srs1_uten_motsatte_forskjeller(uten, imdi):
    t_u, t_i = uten.note_7b.tabell, imdi.note_7b.tabell
    # IMDi's layout: the reported SPK premium on a line of its own, booked under offentlige avgifter
    assert t_i.har_linje("kortsiktig:pensjon_spk") and not t_u.har_linje("kortsiktig:pensjon_spk")
    assert t_u.har_linje("anlegg:programvare") and not t_u.har_linje("anlegg:immaterielle")
    assert uten.note_7b.sum_bokfort_ore == imdi.note_7b.sum_bokfort_ore


def test_uten_oppsett_noytrale_notetekster(uten, imdi):
    tekst_u = render_tabeller(uten.tabeller())
    assert "IMDis" not in tekst_u and "IMDis lokaler" in render_tabeller(imdi.tabeller())
    n11 = uten.virksomhetsregnskap.noter["note_11"]
    assert not n11.har_linje("personallan")
    assert imdi.virksomhetsregnskap.noter["note_11"].har_linje("personallan")
    assert n11.verdi("sum", "belop") == imdi.virksomhetsregnskap.noter["note_11"].verdi("sum", "belop")
    # note 5 specifications by KS code; IMDi's splits by the fourth digit of its own accounts
    for note, imdis in (("note_5_konsulent", ["juss", "rekruttering", "kommunikasjon", "foredrag"]),
                        ("note_5_fremmede", ["tolk"]),
                        ("note_5_ovrige", ["aviser_ansatte", "telefoni_refusjon", "oreavrunding", "purregebyr"])):
        t_u, t_i = uten.virksomhetsregnskap.noter[note], imdi.virksomhetsregnskap.noter[note]
        assert [x for x in imdis if t_u.har_linje(x)] == []
        assert [x for x in imdis if t_i.har_linje(x)] == imdis
        assert t_u.verdi("sum", "belop") == t_i.verdi("sum", "belop")


def test_simulert_mappe_uten_oppsett(tmp_path):
    sim = simuler(SimuleringsSpec(ar=2025, seed=3))
    sim.skriv(tmp_path)
    assert not (tmp_path / "oppsett.yaml").exists()
    g = last_mappe(tmp_path)
    assert g.oppsett.fil is None and g.oppsett.grunnlag_5_prosent is Grunnlag5Prosent.ARETS_TILDELING
    r = beregn(g)
    assert r.note_b is None or r.note_b.spec.grunnlag_5_prosent is Grunnlag5Prosent.ARETS_TILDELING
    if r.note_7b is not None:
        grupper = [x for x in r.note_7b.tabell.to_frame()["line_id"] if str(x).startswith("h_")]
        assert grupper[:5] == ["h_anlegg", "h_finansielle", "h_omlopsmidler", "h_langsiktige", "h_kortsiktig"]
        assert not r.note_7b.tabell.har_linje("kortsiktig:pensjon_spk")


# --------------------------------------------------------------------------- each convention


def test_eksempelets_oppsett():
    o = les_oppsett(EKSEMPEL / "oppsett.yaml")
    assert o.virksomhet == "Integrerings- og mangfoldsdirektoratet (IMDi)"
    assert o.grunnlag_5_prosent is Grunnlag5Prosent.SAMLET_TILDELING
    assert note7b_oppsett(o) is NOTE7B_IMDI
    assert o.valgfrie_regler == frozenset({TABELL42})
    assert o.kontoplan_srs_noter == EKSEMPEL / "noter_imdi.csv"
    assert list(o.kontoplan_srs_linjer["linje"]) == ["skyldige_offentlige_avgifter", "annen_kortsiktig_gjeld"]


def test_note_b_grunnlag_byttes(kopi_uten_oppsett, tmp_path, imdi, uten):
    assert _maks_0670_01(imdi) == 20_711_650_00       # 5 % of samlet tildeling 414 233 000 kr
    assert _maks_0670_01(uten) == 20_119_750_00
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    _skriv(d, "note_b:\n  grunnlag_5_prosent: samlet_tildeling\n")
    g = last_mappe(d)
    assert g.note_b_spec is None and g.oppsett.grunnlag_5_prosent is Grunnlag5Prosent.SAMLET_TILDELING
    from imdi_ledger.bevilgning.note_b import note_b
    from imdi_ledger.bevilgning import bevilgningsrapportering
    from imdi_ledger.regnskap import mellomvaerende_ib
    bev = bevilgningsrapportering(g.srapport, g.tildeling, mellomvaerende_ib=mellomvaerende_ib(g))
    nb = note_b(bev.poster, g.fullmakter, spec=g.oppsett.note_b_spec())
    f = nb.frame
    assert int(f.loc[f["kapittel_post"] == "0670 01", "maks_overforbart_ore"].iloc[0]) == 20_711_650_00


def test_note_7b_egen_gruppering():
    o = les_oppsett_tekst("""
note_7b:
  grupper:
    - {id: eiendeler, tekst: Eiendeler, linjer: [fordringer]}
    - {id: gjeld, tekst: Gjeld, linjer: [trekk, annen_kortsiktig_gjeld]}
  srs_linje: {andre_fordringer: fordringer, skyldig_skattetrekk: trekk}
  linjetekst: {fordringer: Fordringer, trekk: Trekk}
""")
    assert isinstance(o.note_7b, Note7BTilpasset)
    lay = note7b_oppsett(o)
    assert lay.grupper == (("eiendeler", "Eiendeler", ("fordringer",)),
                           ("gjeld", "Gjeld", ("trekk", "annen_kortsiktig_gjeld")))
    assert dict(lay.srs_linje) == {"andre_fordringer": "fordringer", "skyldig_skattetrekk": "trekk"}
    assert dict(lay.linjetekst) == {"fordringer": "Fordringer", "trekk": "Trekk"}
    assert note7b_oppsett(les_oppsett_tekst("note_7b: srs1\n")) is NOTE7B_SRS1


def test_note_7b_egen_gruppering_i_regnskapet(kopi_uten_oppsett, tmp_path, uten):
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    _skriv(d, """note_7b:
  grupper:
    - {id: omlop, tekst: Omløpsmidler, linjer: [fordringer]}
    - {id: kort, tekst: Kortsiktig gjeld, linjer: [trekk, annen_kortsiktig_gjeld]}
  srs_linje: {andre_fordringer: fordringer, skyldig_skattetrekk: trekk}
  linjetekst: {fordringer: Fordringer, trekk: Trekk}
""")
    r = beregn(last_mappe(d))
    t = r.note_7b.tabell
    assert t.har_linje("omlop:fordringer") and t.har_linje("kort:trekk")
    assert t.to_frame().set_index("line_id").loc["kort:trekk", "tekst"] == "Trekk"
    assert r.note_7b.sum_bokfort_ore == uten.note_7b.sum_bokfort_ore


def test_kontoplan_kontant_overstyres(kopi_uten_oppsett, tmp_path, uten):
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    (d / "mine_linjer.csv").write_text("fra;til;linje;kilde\n500;599;andre_utbetalinger_drift;test\n", encoding="utf-8")
    _skriv(d, "kontoplan:\n  artskonto: mine_linjer.csv\n")
    r = beregn(last_mappe(d))
    fore = uten.artskonto.tabell
    etter = r.artskonto.tabell
    lonn = fore.verdi("utbetalinger_lonn", "belop")
    assert lonn > 0
    assert not etter.har_linje("utbetalinger_lonn") or etter.verdi("utbetalinger_lonn", "belop") in (0, None)
    assert etter.verdi("andre_utbetalinger_drift", "belop") == fore.verdi("andre_utbetalinger_drift", "belop") + lonn
    assert "mine_linjer.csv" in list(last_mappe(d).kilder_tabell().to_frame()["fil"])


def test_kontoplan_kontant_inline(tmp_path):
    o = les_oppsett_tekst("kontoplan:\n  mellomvaerende:\n    - {fra: 281, til: 282, linje: annen_gjeld}\n",
                          tmp_path)
    assert list(o.kontoplan_mellomvaerende.iloc[0]) == ["281", "282", "annen_gjeld", ""]


def test_kontoplan_srs_inline_og_fil(kopi_uten_oppsett, tmp_path, imdi):
    """The example's overrides inline (note rows) give the example's figures."""
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    (d / "linjer.csv").write_text(
        "oppstilling;linje;kind;tekst;note;kontoer;summerer;fortegn\n"
        "balanse;skyldige_offentlige_avgifter;line;Skyldige offentlige avgifter;;270-279 281-282;;-1\n"
        "balanse;annen_kortsiktig_gjeld;line;Annen kortsiktig gjeld;12;280 283-289 291-293 295-299;;-1\n",
        encoding="utf-8")
    _skriv(d, """kontoplan_srs:
  linjer: linjer.csv
  noter:
    - {note: note_12, linje: pensjon_spk, kind: line, tekst: SPK, kontoer: "", fortegn: -1}
    - {note: note_12, linje: sum, kind: sum, tekst: Sum annen kortsiktig gjeld,
       summerer: skyldig_lonn gjeld_ansatte lonnsoppgjor palopte}
""")
    kp = srs_kontoplan(last_mappe(d).oppsett)
    r = beregn(last_mappe(d))
    assert [x.linje for x in kp.note_ledd("note_12", "sum")] == ["skyldig_lonn", "gjeld_ansatte", "lonnsoppgjor",
                                                                 "palopte"]
    for linje in ("skyldige_offentlige_avgifter", "annen_kortsiktig_gjeld", "sum_kortsiktig_gjeld"):
        assert r.virksomhetsregnskap.balanse.verdi(linje, "belop") == \
            imdi.virksomhetsregnskap.balanse.verdi(linje, "belop")
    assert [f for f in r.findings if f.rule == "SRS-NOTE-01"] == []


def test_kontoplan_srs_feil_i_innskrevet_rad(kopi_uten_oppsett, tmp_path):
    """An error found when the chart is built names the row's line in oppsett.yaml."""
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    p = _skriv(d, "kontoplan_srs:\n  noter:\n    - {note: note_12, linje: x, kind: line, tekst: X}\n"
                  "    - {note: note_12, linje: y, kind: line, tekst: Y, kontoer: 28-299}\n")
    with pytest.raises(InputError, match="ugyldig kontointervall '28-299'") as e:
        beregn(last_mappe(d))
    assert (e.value.file, e.value.row, e.value.column) == (str(p), 4, "kontoplan_srs.noter[1].kontoer")
    p = _skriv(d, "kontoplan_srs:\n  linjer:\n"
                  "    - {oppstilling: resultat, linje: ny_sum, kind: sum, tekst: S, summerer: senere}\n")
    with pytest.raises(InputError, match="ukjent eller senere linje") as e:
        beregn(last_mappe(d))
    assert (e.value.file, e.value.row, e.value.column) == (str(p), 3, "kontoplan_srs.linjer[0].summerer")


def test_kontoplan_kontant_innskrevet_rad_sjekkes(tmp_path):
    p = _skriv(tmp_path, "kontoplan:\n  artskonto:\n    - {fra: 500, til: 5x9, linje: utbetalinger_lonn}\n")
    with pytest.raises(InputError, match="'5x9' er ikke en artskonto") as e:
        les_oppsett(p)
    assert (e.value.row, e.value.column) == (3, "kontoplan.artskonto[0].til")


def test_titler_og_fotnoter(kopi_uten_oppsett, tmp_path):
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    _skriv(d, """virksomhet: Testdirektoratet
noter:
  titler: {note_12: "Note 12 Kortsiktig gjeld ellers"}
  fotnoter:
    note_12: "Se også note 7B."
    note_a: ["Første.", "Andre."]
""")
    r = beregn(last_mappe(d))
    t = {x.id: x for x in r.tabeller()}
    assert t["note_12"].tittel == "Note 12 Kortsiktig gjeld ellers"
    assert t["note_12"].fotnoter[-1] == "Se også note 7B."
    assert t["note_a"].fotnoter[-2:] == ("Første.", "Andre.")
    assert r.grunnlag.virksomhet == "Testdirektoratet"


def test_utelat_valgfrie_tabeller(kopi_uten_oppsett, tmp_path, uten):
    d = tmp_path / "inn"
    shutil.copytree(kopi_uten_oppsett, d)
    _skriv(d, "noter:\n  utelat: [note_b_forklaring, note_5_ovrige]\n")
    r = beregn(last_mappe(d))
    ids = [t.id for t in r.tabeller()]
    assert "note_b_forklaring" not in ids and "note_5_ovrige" not in ids
    assert ids == [t.id for t in uten.tabeller() if t.id not in ("note_b_forklaring", "note_5_ovrige")]
    assert len(r.findings) == len(uten.findings)
    p = _skriv(d, "noter:\n  utelat:\n    - note_5_ovrige\n    - balanse\n")
    with pytest.raises(InputError, match="'balanse' kan ikke utelates") as e:
        last_mappe(d)
    assert (e.value.file, e.value.row, e.value.column) == (str(p), 4, "noter.utelat[1]")


def test_valgfrie_regler():
    alle = {r.id for r in regler_for(Oppsett(valgfrie_regler=frozenset({TABELL42})))}
    standard = {r.id for r in regler_for(Oppsett())}
    assert alle - standard == {TABELL42}


# --------------------------------------------------------------------------- --example ≡ --inndata


def test_last_eksempel_er_last_mappe():
    a, b = last_eksempel("imdi-2025"), last_mappe(EKSEMPEL)
    assert a.oppsett.fil == b.oppsett.fil == str(EKSEMPEL / "oppsett.yaml")
    assert a.note_b_spec is None and b.note_b_spec is None
    assert render_tabeller(beregn(a).tabeller()) == render_tabeller(beregn(b).tabeller())


@pytest.mark.parametrize("navn", EKSEMPLER)
def test_example_og_inndata_paa_en_kopi_gir_samme_bytes(tmp_path, capsys, navn):
    """Every bundled example: ``--inndata`` on a copy elsewhere gives ``--example``'s bytes."""
    kopi = tmp_path / "et annet sted" / "min-mappe"
    shutil.copytree(eksempel_mappe(navn), kopi)
    assert main(["report", "--example", navn, "--out", str(tmp_path / "a")]) == 0
    tekst_a = capsys.readouterr().out
    assert main(["report", "--inndata", str(kopi), "--out", str(tmp_path / "b")]) == 0
    tekst_b = capsys.readouterr().out
    assert tekst_a == tekst_b
    filer_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    filer_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert filer_a == filer_b and len(filer_a) > 10
    ulike = [p for p in filer_a if (tmp_path / "a" / p).read_bytes() != (tmp_path / "b" / p).read_bytes()]
    assert ulike == []
    assert str(kopi) not in tekst_b
    assert ("oppsett.yaml" in tekst_a) == (eksempel_mappe(navn) / "oppsett.yaml").is_file()


def les_oppsett_tekst(tekst: str, mappe: Path | None = None) -> Oppsett:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = _skriv(Path(mappe or d), tekst)
        return les_oppsett(p)
