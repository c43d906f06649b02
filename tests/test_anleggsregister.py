"""Asset register loader and the depreciation rule."""

from datetime import date
from pathlib import Path

import pytest

from imdi_ledger.errors import InputError
from imdi_ledger.load.anleggsregister import load_anleggsregister
from imdi_ledger.srs import akkumulert_avskrivning, anleggsnoter, load_anleggsgrupper

HEAD = "eiendel;gruppe;konto;anskaffelsesdato;tatt_i_bruk;anskaffelseskost;levetid_ar;avgangsdato;nedskrivning\n"


def _reg(tmp_path: Path, body: str):
    p = tmp_path / "reg.csv"
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def test_lineaer_avskrivning_fra_maaneden_etter():
    # 120 000 kr over 5 år = 2 000 kr/mnd; tatt i bruk 15.03 -> april..desember = 9 mnd
    assert akkumulert_avskrivning(12_000_000, date(2025, 3, 15), 5, date(2025, 12, 31)) == 1_800_000
    assert akkumulert_avskrivning(12_000_000, date(2025, 3, 15), 5, date(2031, 1, 31)) == 12_000_000
    assert akkumulert_avskrivning(12_000_000, None, 5, date(2031, 1, 31)) == 0


def test_avskrivning_ender_eksakt_paa_kost():
    kost = 1_000_001
    total = akkumulert_avskrivning(kost, date(2020, 1, 10), 3, date(2030, 1, 1))
    yearly = [akkumulert_avskrivning(kost, date(2020, 1, 10), 3, date(y, 12, 31))
              - akkumulert_avskrivning(kost, date(2020, 1, 10), 3, date(y - 1, 12, 31)) for y in range(2020, 2024)]
    assert total == kost == sum(yearly)


def test_eiendel_uten_levetid_gir_funn(tmp_path):
    reg = load_anleggsregister(_reg(tmp_path, "PC;driftslosore;1250;2025-01-10;2025-01-10;60000;;;\n"))
    an = anleggsnoter(reg, load_anleggsgrupper(), 2025)
    (f,) = an.findings
    assert (f.rule, f.row, f.column) == ("SRS-ANL-01", 2, "levetid_ar")
    assert an.gruppe("driftslosore")["bv_ub"] == 6_000_000


def test_ukjent_gruppe_og_ugyldig_levetid(tmp_path):
    with pytest.raises(InputError) as exc:
        load_anleggsregister(_reg(tmp_path, "X;fly;1220;2025-01-10;2025-01-10;60000;5;;\n"),
                             grupper=load_anleggsgrupper().navn)
    assert (exc.value.row, exc.value.column) == (2, "gruppe")
    with pytest.raises(InputError) as exc:
        load_anleggsregister(_reg(tmp_path, "X;driftslosore;1250;2025-01-10;2025-01-10;60000;2,5;;\n"))
    assert (exc.value.row, exc.value.column) == (2, "levetid_ar")


def test_under_utforelse_reklassifiseres(tmp_path):
    body = ("Prosjekt;programvare;1040;2024-05-01;2025-06-20;300000;5;;\n"
            "Prosjekt;programvare;1040;2025-02-01;2025-06-20;120000;5;;\n"
            "Lisens;programvare;1040;2025-03-03;2025-03-03;60000;3;;\n")
    an = anleggsnoter(load_anleggsregister(_reg(tmp_path, body)), load_anleggsgrupper(), 2025)
    p, u = an.gruppe("programvare"), an.gruppe("under_utforelse")
    # the 2024 component is carried over the year end and reclassified; the 2025 components
    # are acquired and taken in use the same year, so they are tilgang of the group
    assert (u["kost_ib"], u["tilgang"], u["reklassifisering"], u["kost_ub"]) == (30_000_000, 0, -30_000_000, 0)
    assert (p["kost_ib"], p["tilgang"], p["reklassifisering"]) == (0, 18_000_000, 30_000_000)
    # 420 000 over 60 mnd, juli–desember = 6 mnd -> 42 000; lisens 60 000/36 × 9 mnd = 15 000
    assert p["avskr_aret"] == 4_200_000 + 1_500_000
    pag = an.pagaende.set_index("eiendel").loc["Prosjekt"]
    assert (pag["ib"], pag["arets_anskaffelse"], pag["aktivert"], pag["pagaende"]) == (30_000_000, 12_000_000, 42_000_000, 0)
    # the table shows the gross flows and states the component bought and taken in use in 2025
    # (Lisens is no project of the table) on its own row: sum − that row = note 3's column
    t = an.pagaende_tabell("3")
    assert t.to_frame()["line_id"].tolist() == ["p0", "sum", "herav_direkte"]
    assert (t.verdi("herav_direkte", "arets_anskaffelse"), t.verdi("herav_direkte", "aktivert")) == (12_000_000, 12_000_000)
    assert t.verdi("sum", "arets_anskaffelse") - t.verdi("herav_direkte", "arets_anskaffelse") == u["tilgang"]
    assert t.verdi("sum", "aktivert") - t.verdi("herav_direkte", "aktivert") == -u["reklassifisering"]


def test_note4_under_utforelse_er_ikke_i_note3_tabellen(tmp_path):
    """An IKT asset bought in November and taken in use in February goes through anlegg under
    utførelse (note 4): it belongs in note 4's pågående-anlegg table, not in note 3's, and each
    table restates the under-utførelse column of its own note."""
    body = ("Prosjekt;programvare;1040;2024-05-01;;300000;5;;\n"
            "PC-park;ikt_utstyr;1280;2024-11-20;2025-02-28;443058,39;3;;\n")
    an = anleggsnoter(load_anleggsregister(_reg(tmp_path, body)), load_anleggsgrupper(), 2025)
    assert list(an.pagaende["eiendel"]) == ["Prosjekt"]
    assert list(an.pagaende_note4["eiendel"]) == ["PC-park"]
    for note, kolonne in (("3", "under_utforelse"), ("4", "anlegg_under_utforelse")):
        t, u = an.pagaende_tabell(note), an.gruppe(kolonne)
        assert t.id == f"note_{note}_pagaende"
        assert t.verdi("sum", "ib") == u["kost_ib"]
        assert t.verdi("sum", "arets_anskaffelse") == u["tilgang"]
        assert t.verdi("sum", "aktivert") == -u["reklassifisering"]
        assert t.verdi("sum", "pagaende") == u["kost_ub"]
    assert an.pagaende_note4.set_index("eiendel").loc["PC-park", "aktivert"] == 44_305_839
    # no component bought and taken in use in the same year: no «herav» row
    assert "herav_direkte" not in an.pagaende_tabell("4").to_frame()["line_id"].tolist()
    with pytest.raises(ValueError):
        an.pagaende_tabell("5")
