"""The HTML report (``aarsregnskap_ÅÅÅÅ.html``): one self-contained page with every table, the
findings, the input files and drill-down from each figure to the lines and source rows behind it.

Plain tests read the page as text; the browser tests open it in headless Chromium through
Selenium (skipped, with the reason, where Chromium, its driver or Selenium is missing; CI
installs them)."""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import subprocess
import sys
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.findings import ALVORLIGHET
from imdi_ledger.money import format_kroner
from imdi_ledger.rapport import lag_rapport
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.html import aarsregnskap_html
from imdi_ledger.avstemming.eksport import alle_funn

FARLIG = "<script>alert('kapittel')</script> & «Ø»"
FARLIG_TEKST = '<img src=x onerror="alert(1)"> </script><b>fet</b>'


@pytest.fixture(scope="module")
def rapport():
    return lag_rapport(eksempel="imdi-2025")


@pytest.fixture(scope="module")
def side(rapport) -> str:
    return aarsregnskap_html(rapport.regnskap, rapport.findings)


def _data(side: str) -> dict:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', side, re.S)
    assert m is not None
    return json.loads(m.group(1))


def _celler(side: str) -> dict[tuple[str, str], int | None]:
    """(row id, column) → øre of every money cell of the tables."""
    out: dict[tuple[str, str], int | None] = {}
    for rad in re.finditer(r'<tr id="(t\d+r\d+)" class="k-\w+">(.*?)</tr>', side):
        for c in re.finditer(r'<td class="b[^"]*"[^>]*? data-k="([^"]+)"(?: data-o="(-?\d+)")?', rad.group(2)):
            out[(rad.group(1), c.group(1))] = None if c.group(2) is None else int(c.group(2))
    return out


def _sjekk_kilderader(side: str) -> int:
    """Every figure with source rows: the signed sum of its rows (and computed postings) is the
    figure.  Returns the number of figures checked."""
    d, celler = _data(side), _celler(side)
    for key, spec in d["celler"].items():
        rid, kol = key.split("|")
        k = d["kilder"][spec["kilde"]]
        b = k["kolonner"].index("belop_ore")
        total = sum(k["rader"][i][b] for i in spec["rader"]) + sum(x[1] for x in spec["beregnet"])
        assert spec["fortegn"] * total == (celler[(rid, kol)] or 0), (key, d["etiketter"][rid])
    return len(d["celler"])


# --------------------------------------------------------------------------- plain tests

def test_every_table_row_and_amount_is_on_the_page(rapport, side) -> None:
    celler = _celler(side)
    for nr, t in enumerate(rapport.regnskap.tabeller()):
        assert f'<section class="tabell" id="t{nr}" data-tabell="{html.escape(t.id)}">' in side
        assert f"<h2>{html.escape(t.tittel)}</h2>" in side
        for i, lid in enumerate(t.line_ids):
            for k in t.pengekolonner():
                assert celler[(f"t{nr}r{i}", k)] == t.verdi(lid, k), (t.id, lid, k)
        for note in t.fotnoter:
            assert html.escape(note) in side
    # amounts printed in Norwegian format, whole kroner
    utg = rapport.regnskap.bevilgning.utgifter
    assert f">{format_kroner(utg.verdi('sum_utgiftsfort', 'regnskap'))}</td>" in side


def test_every_finding_and_every_input_file_is_on_the_page(rapport, side) -> None:
    funn = side[side.index('<section id="funn">'):side.index('<section id="kilder">')]
    assert funn.count('<tr class="alv-') == len(rapport.findings) > 0
    for f in rapport.findings:
        assert html.escape(f.message) in funn
        assert f'<td class="alv">{ALVORLIGHET[f.severity].upper()}</td>' in funn
        for v in (f.expected_ore, f.actual_ore, f.difference_ore):
            if v is not None:
                assert f'<td class="b">{format_kroner(v)}</td>' in funn
    assert {"FEIL", "ADVARSEL", "MERKNAD"} >= set(re.findall(r'<td class="alv">(\w+)</td>', funn))
    g = rapport.regnskap.grunnlag
    for k in g.kilder():
        assert html.escape(g.vist_navn(k.file)) in side and k.sha256 in side


def test_the_page_loads_nothing_from_outside(side) -> None:
    assert "Content-Security-Policy" in side and "default-src 'none'" in side
    assert not re.search(r'(src|href)="(https?:)?//', side)
    assert side.count("<svg") == 4       # every plot inline
    assert "<style>" in side and "<script>" in side


def test_every_figure_with_source_rows_adds_up_from_them(side) -> None:
    assert _sjekk_kilderader(side) > 150
    assert '<td class="b" data-k="regnskap"' not in side    # a post with no rows opens an empty list
    d = _data(side)
    assert {"S", "S_fjor", "H"} <= set(d["kilder"]) and not any(k["aggregert"] for k in d["kilder"].values())


def test_every_sum_row_carries_its_declared_terms(rapport, side) -> None:
    d, celler = _data(side), _celler(side)
    rad_id = {}
    for nr, t in enumerate(rapport.regnskap.tabeller()):
        for i, lid in enumerate(t.line_ids):
            rad_id[(t.id, lid)] = f"t{nr}r{i}"
    n = 0
    for nr, t in enumerate(rapport.regnskap.tabeller()):
        for lid, ledd in t.summer.items():
            spec = d["ledd"][rad_id[(t.id, lid)]]
            assert spec["ledd"] == [[rad_id[(l.tabell or t.id, l.linje)], l.fortegn] for l in ledd]
            for kol in spec["kolonner"]:
                v = celler[(rad_id[(t.id, lid)], kol)]
                if v is not None:
                    assert v == sum(f * (celler[(m, kol)] or 0) for m, f in spec["ledd"])
                n += 1
    assert n > 100


def test_drill_down_aggregates_above_the_row_limit(rapport) -> None:
    side = aarsregnskap_html(rapport.regnskap, rapport.findings, maks_rader=1000)
    d = _data(side)
    assert all(k["aggregert"] for k in d["kilder"].values())
    assert d["kilder"]["S"]["kolonner"][-2:] == ["belop_ore", "antall"]
    assert _sjekk_kilderader(side) > 150


def test_a_page_from_the_s_rapport_alone(rapport) -> None:
    from imdi_ledger.load.grunnlag import Grunnlag

    r = beregn(Grunnlag(srapport=rapport.regnskap.grunnlag.srapport))
    side = aarsregnskap_html(r, alle_funn(r))
    assert "<svg" not in side and 'id="figurer"' not in side
    assert set(_data(side)["kilder"]) == {"S"} and _sjekk_kilderader(side) > 20


def _med_farlig_tekst():
    g = last_eksempel("imdi-2025")
    t = g.tildeling
    poster = t.poster.copy()
    poster.loc[poster.index[0], "kapittelnavn"] = FARLIG
    frame = g.srapport.frame.copy()
    frame.loc[frame.index[0], "tekst"] = FARLIG_TEKST
    g = dataclasses.replace(g, tildeling=dataclasses.replace(t, poster=poster),
                            srapport=dataclasses.replace(g.srapport, frame=frame))
    r = beregn(g)
    return r, alle_funn(r)


@pytest.fixture(scope="module")
def farlig_side() -> str:
    r, funn = _med_farlig_tekst()
    return aarsregnskap_html(r, funn)


def test_text_from_the_inputs_is_escaped(farlig_side) -> None:
    assert "<script>alert" not in farlig_side and "<img src=x" not in farlig_side
    assert html.escape(FARLIG) in farlig_side           # the kapittelnavn, in the tables
    data = farlig_side[farlig_side.index('id="data">'):]
    data = data[:data.index("</script>")]
    assert "<" not in data and "\\u003cimg src=x" in data   # the S-rapport row, in the embedded rows
    assert farlig_side.count("<script") == 2                # the data block and the page's own script
    s = _data(farlig_side)["kilder"]["S"]
    assert FARLIG_TEKST in [r[s["kolonner"].index("tekst")] for r in s["rader"]]   # unchanged once parsed


def test_identical_inputs_give_identical_bytes(rapport, side, tmp_path) -> None:
    igjen = lag_rapport(eksempel="imdi-2025")
    assert aarsregnskap_html(igjen.regnskap, igjen.findings) == side
    from imdi_ledger.render.plott import skriv_plott

    skriv_plott(rapport.regnskap, tmp_path)      # the report reads the plots it has just written
    assert aarsregnskap_html(rapport.regnskap, rapport.findings, plott_mappe=tmp_path) == side
    # another process, another string hash seed
    kode = ("import sys; from imdi_ledger.rapport import lag_rapport; from imdi_ledger.render.html import "
            "aarsregnskap_html; r = lag_rapport(eksempel='imdi-2025'); "
            "sys.stdout.buffer.write(aarsregnskap_html(r.regnskap, r.findings).encode('utf-8'))")
    ut = subprocess.run([sys.executable, "-c", kode], capture_output=True, check=True,
                        env={**os.environ, "PYTHONHASHSEED": "4711"}).stdout
    assert ut == side.encode("utf-8")


def test_report_out_writes_the_page(tmp_path) -> None:
    ut = tmp_path / "ut"
    r = lag_rapport(eksempel="imdi-2025", ut=ut)
    assert (ut / "aarsregnskap_2025.html").read_text(encoding="utf-8") == aarsregnskap_html(r.regnskap, r.findings)


# --------------------------------------------------------------------------- in Chromium

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).is_file()), None)
CHROMEDRIVER = "/usr/bin/chromedriver"


def _hvorfor_ikke_nettleser() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium er ikke installert (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "Chromium mangler (apt-get install chromium chromium-driver)"
    if not Path(CHROMEDRIVER).is_file():
        return "chromedriver mangler (apt-get install chromium-driver)"
    return None


@pytest.fixture(scope="module")
def nettleser(tmp_path_factory):
    grunn = _hvorfor_ikke_nettleser()
    if grunn:
        pytest.skip(grunn)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opt = webdriver.ChromeOptions()
    opt.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--window-size=1280,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profil')}"):
        opt.add_argument(a)
    opt.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opt)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def _apne(driver, side: str, mappe: Path):
    fil = mappe / "aarsregnskap.html"
    fil.write_text(side, encoding="utf-8")
    driver.get_log("browser")            # empty the log of any earlier page
    driver.get(fil.as_uri())
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return fil


def _feil_i_konsollen(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "ERROR")]


def _farger(png: bytes) -> int:
    """The number of distinct colours of a screenshot (at least 2 means not blank)."""
    try:
        from PIL import Image
        import io

        bilde = Image.open(io.BytesIO(png)).convert("RGB")
        return len(bilde.getcolors(maxcolors=1 << 24) or [])
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return _farger_png(png)


def _farger_png(png: bytes) -> int:  # pragma: no cover - used without Pillow
    """Distinct pixels of an 8-bit RGB(A) PNG, decoded with zlib (filters undone)."""
    pos, idat, bredde, hoyde, bpp = 8, b"", 0, 0, 4
    while pos < len(png):
        n, typ = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            bredde, hoyde, _, farge = struct.unpack(">IIBB", data[:10])
            bpp = 4 if farge == 6 else 3
        elif typ == b"IDAT":
            idat += data
        pos += 12 + n
    raa, stride, forrige, farger = zlib.decompress(idat), bredde * bpp, bytearray(bredde * bpp), set()
    for y in range(hoyde):
        f, linje = raa[y * (stride + 1)], bytearray(raa[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = linje[i - bpp] if i >= bpp else 0
            b, c = forrige[i], forrige[i - bpp] if i >= bpp else 0
            p = a + b - c
            pred = (0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c)
                    else (b if abs(p - b) <= abs(p - c) else c))[f]
            linje[i] = (linje[i] + pred) & 0xFF
        farger.update(bytes(linje[i:i + bpp]) for i in range(0, stride, bpp))
        forrige = linje
    return len(farger)


def test_the_page_loads_without_errors_and_is_not_blank(nettleser, side, tmp_path) -> None:
    _apne(nettleser, side, tmp_path)
    assert _feil_i_konsollen(nettleser) == []
    assert nettleser.title.startswith("Årsregnskap 2025")
    # nothing fetched: the page, its plots and its script are all in the file
    assert nettleser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert nettleser.execute_script("return document.querySelectorAll('section.tabell').length") == len(
        re.findall(r'<section class="tabell"', side))
    assert _farger(nettleser.get_screenshot_as_png()) > 1


def _klikk(driver, css: str, *, xpath: bool = False):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    panel = driver.find_element(By.ID, "drill")
    if panel.is_displayed():             # close the panel of the last figure, as a reader does
        driver.find_element(By.ID, "lukk").click()
        WebDriverWait(driver, 20).until(lambda d: not panel.is_displayed())
    celle = driver.find_element(By.XPATH if xpath else By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", celle)
    celle.click()
    WebDriverWait(driver, 20).until(lambda d: panel.is_displayed())
    return celle, panel


def _belop(elementer) -> list[int]:
    return [int(e.get_attribute("data-o")) for e in elementer]


def test_clicking_a_post_shows_its_s_rapport_rows(nettleser, rapport, side, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    _apne(nettleser, side, tmp_path)
    f = rapport.regnskap.grunnlag.srapport.frame
    bev = f[f["kontotype"] == "bevilgning"]
    for tabell, post_css in (("bevilgning_utgifter", "U-"), ("bevilgning_inntekter", "I-")):
        css = f'section[data-tabell="{tabell}"] tr.k-line td[data-k="regnskap"]:not([data-o="0"])'
        celle, panel = _klikk(nettleser, css)
        ore = int(celle.get_attribute("data-o"))
        rad = celle.find_element(By.XPATH, "..")
        kap, _, post = [td.text for td in rad.find_elements(By.TAG_NAME, "td")][:3]
        mine = bev[(bev["kapittel"] == kap) & (bev["post"] == post)]
        rader = panel.find_elements(By.CSS_SELECTOR, "#drill-rader tbody tr")
        belop = _belop(panel.find_elements(By.CSS_SELECTOR, "#drill-rader tbody td[data-o]"))
        assert len(rader) == len(mine) > 0
        fortegn = 1 if post_css == "U-" else -1
        assert fortegn * sum(belop) == fortegn * int(mine["belop_ore"].sum()) == ore
        assert int(panel.find_element(By.ID, "drill-sum").get_attribute("data-o")) == ore
        assert "= vist beløp" in panel.text
    assert _feil_i_konsollen(nettleser) == []


def test_clicking_a_sum_row_shows_its_terms(nettleser, rapport, side, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    _apne(nettleser, side, tmp_path)
    utg = rapport.regnskap.bevilgning.utgifter
    celle, panel = _klikk(nettleser, 'section[data-tabell="bevilgning_utgifter"] tr.k-sum td[data-k="regnskap"]')
    lenker = panel.find_elements(By.CSS_SELECTOR, "#drill-ledd tbody a")
    assert len(lenker) == len(utg.ledd("sum_utgiftsfort")) > 1
    assert sum(_belop(panel.find_elements(By.CSS_SELECTOR, "#drill-ledd td[data-o]"))) == int(
        celle.get_attribute("data-o")) == utg.verdi("sum_utgiftsfort", "regnskap")
    lenker[0].click()                       # a term links to its row
    mal = lenker[0].get_attribute("data-mal")
    assert "mark" in nettleser.find_element(By.ID, mal).get_attribute("class")
    # a term in another table: netto rapportert = utgifter's sum utgiftsført − sum inntektsført
    celle, panel = _klikk(nettleser, 'section[data-tabell="bevilgning_inntekter"] tr.k-netto td[data-k="regnskap"]')
    maal = [a.get_attribute("data-mal") for a in panel.find_elements(By.CSS_SELECTOR, "#drill-ledd tbody a")]
    utg_sum = nettleser.find_element(By.CSS_SELECTOR, 'section[data-tabell="bevilgning_utgifter"] tr.k-sum')
    assert utg_sum.get_attribute("id") in maal and len(maal) == 2
    assert _feil_i_konsollen(nettleser) == []


def test_clicking_an_srs_line_and_an_artskonto_line_shows_their_rows(nettleser, side, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    _apne(nettleser, side, tmp_path)
    for css in ('section[data-tabell="resultat"] tr.k-line td[data-k="belop"]',
                'section[data-tabell="balanse"] tr.k-line td[data-k="belop_fjor"]',
                'section[data-tabell="artskontorapportering"] tr.k-line td[data-k="belop"]'):
        celle, panel = _klikk(nettleser, css)
        assert panel.find_elements(By.CSS_SELECTOR, "#drill-rader tbody tr")
        assert int(panel.find_element(By.ID, "drill-sum").get_attribute("data-o")) == int(
            celle.get_attribute("data-o"))
    assert _feil_i_konsollen(nettleser) == []


def test_input_text_stays_text_in_the_browser(nettleser, farlig_side, tmp_path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _apne(nettleser, farlig_side, tmp_path)
    with pytest.raises(NoAlertPresentException):
        nettleser.switch_to.alert.text
    assert FARLIG in nettleser.find_element(By.CSS_SELECTOR, 'section[data-tabell="bevilgning_utgifter"]').text
    assert nettleser.execute_script("return document.querySelectorAll('main img, main b').length") == 0
    # the post of the S-rapport row with markup in its text (0670/21): shown as text
    _, panel = _klikk(nettleser, '//section[@data-tabell="bevilgning_utgifter"]//tr[td[1]="0670" and td[3]="21"]'
                                 '/td[@data-k="regnskap"]', xpath=True)
    assert FARLIG_TEKST in panel.text
    assert nettleser.execute_script("return document.querySelectorAll('#drill img, #drill b').length") == 0
    assert _feil_i_konsollen(nettleser) == []


@given(st.lists(st.one_of(st.none(), st.sampled_from(["a.csv", "b.csv", "nan", "æ.csv"])), max_size=40),
       st.booleans())
def test_file_codes_of_a_categorical_column_are_those_of_its_text(filer: list[str | None], kategori: bool) -> None:
    """The drill-down's files of a categorical ``_file`` (codes, unused categories left out) are
    the files and per-row codes of the column as text."""
    import numpy as np
    import pandas as pd

    from imdi_ledger.render.html import _fil_koder

    s = pd.Series(filer, dtype=object)
    if kategori:
        s = s.astype(pd.CategoricalDtype(["ubrukt.csv", "a.csv", "b.csv", "nan", "æ.csv"]))
    kode, navn = _fil_koder(s)
    ref_kode, ref_navn = pd.factorize(s.astype(str))
    assert list(kode) == list(ref_kode) and list(navn) == list(ref_navn)


_NOKKEL = st.one_of(st.none(), st.sampled_from(["01", "1", "10", "2", "b", "B", "æ"]))


@given(st.lists(st.tuples(_NOKKEL, _NOKKEL, st.integers(-3, 3), st.integers(-10**15, 10**15)), max_size=60),
       st.permutations(["01", "1", "10", "2", "b", "B", "æ", "ubrukt"]), st.booleans())
def test_drill_down_groups_as_the_group_by_does(rader: list[tuple], kategorier: list[str], str_type: bool) -> None:
    """The aggregated drill-down's groups (each row's group number, each group's key as embedded,
    the sums and counts) are ``groupby(keys, sort=True, dropna=False)``'s, for a categorical key
    (categories in any order, unused ones, missing values), a text key with missing values and an
    integer key."""
    import numpy as np
    import pandas as pd

    from imdi_ledger.render.html import _grupper, _json_kolonne

    f = pd.DataFrame(rader, columns=["kat", "tekst", "periode", "belop_ore"])
    f["kat"] = f["kat"].astype(pd.CategoricalDtype(kategorier))
    f["tekst"] = f["tekst"].astype("str" if str_type else object)
    f.index = np.arange(len(f))[::-1] * 3   # an index that is not the positions
    keys = ["kat", "tekst", "periode"]
    nr, forste = _grupper(f, keys)
    grp = f.groupby(keys, sort=True, dropna=False)
    assert nr.tolist() == grp.ngroup().tolist()
    agg = grp.agg(belop_ore=("belop_ore", "sum"), antall=("belop_ore", "size")).reset_index()
    mine = f[keys].iloc[forste].reset_index(drop=True)
    assert [_json_kolonne(mine[c]) for c in keys] == [_json_kolonne(agg[c]) for c in keys]   # as embedded
    assert np.bincount(nr, minlength=len(forste)).tolist() == agg["antall"].tolist()
    assert [int(f["belop_ore"].to_numpy()[nr == g].sum()) for g in range(len(forste))] == agg["belop_ore"].tolist()


def test_a_findings_place_wraps_at_its_parts_and_is_escaped() -> None:
    """The print variant's findings wrap a place (file:row:column, a statement's line path) at its
    parts (``<wbr>``), so the table's columns need not break words anywhere; the text stays escaped."""
    from imdi_ledger.render.html import _brytbar

    assert _brytbar("beregnet årsregnskap 2025:note_2.lines[4].belop") == (
        "beregnet årsregnskap 2025:<wbr>note_<wbr>2.<wbr>lines[4].<wbr>belop")
    assert _brytbar("<a href='x'>:&") == "&lt;a href=&#x27;x&#x27;&gt;:<wbr>&amp;"
    assert _brytbar("") == "" and _brytbar("a. b") == "a. b"
