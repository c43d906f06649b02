"""The årsregnskap as a PDF (``aarsregnskap_ÅÅÅÅ.pdf`` in ``report --out``), read back the way a
reader sees it: the pages rendered to PNG by poppler's ``pdftoppm``, their text extracted by
``pdftotext`` and their sizes read by ``pdfinfo``.

Skipped, with the reason, only where poppler-utils is not installed (CI installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from imdi_ledger.money import format_kroner
from imdi_ledger.rapport import lag_rapport
from imdi_ledger.render.html import BRED_TABELL, aarsregnskap_html, tegnbredde

POPPLER = {n: shutil.which(n) for n in ("pdftoppm", "pdftotext", "pdfinfo")}
pytestmark = pytest.mark.skipif(None in POPPLER.values(),
                                reason="poppler-utils (pdftoppm, pdftotext, pdfinfo) is not installed")

#: A4 in points (portrait width, height) and the page margin at the sides (12 mm).
A4 = (595.28, 841.89)
MARG = 12 / 25.4 * 72


def _kjor(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def _ord(tekst: str) -> str:
    """Whitespace collapsed, so a title wrapped over two lines is found as one string."""
    return re.sub(r"\s+", " ", tekst).strip()


class Pdf:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sider = _kjor(POPPLER["pdftotext"], "-layout", str(path), "-").split("\f")
        if self.sider and not self.sider[-1].strip():
            self.sider.pop()
        info = _kjor(POPPLER["pdfinfo"], "-f", "1", "-l", "9999", str(path))
        self.storrelse = [(float(m.group(1)), float(m.group(2)))
                          for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]
        self.tekst = [_ord(s) for s in self.sider]

    def side_med(self, tekst: str) -> int:
        """Index of the first page after the contents (page 1) whose text holds ``tekst``."""
        t = _ord(tekst)
        return next(i for i, s in enumerate(self.tekst) if i > 0 and t in s)


@pytest.fixture(scope="module")
def kjoring(tmp_path_factory):
    ut = tmp_path_factory.mktemp("pdf") / "ut"
    rapport = lag_rapport(eksempel="imdi-2025", ut=ut)
    return rapport, ut / f"aarsregnskap_{rapport.regnskap.ar}.pdf"


@pytest.fixture(scope="module")
def pdf(kjoring) -> Pdf:
    return Pdf(kjoring[1])


def test_the_example_fits_in_at_most_40_a4_pages(pdf) -> None:
    assert 10 <= len(pdf.sider) <= 40
    assert len(pdf.storrelse) == len(pdf.sider)
    for b, h in pdf.storrelse:
        assert sorted((round(b), round(h))) == [595, 842]   # A4, either way round


def test_every_page_renders_with_ink_and_has_text(pdf, kjoring, tmp_path) -> None:
    """Each page rendered to PNG has ink in the running head, the body and the foot, and text."""
    from PIL import Image

    _kjor(POPPLER["pdftoppm"], "-r", "30", "-gray", "-png", str(kjoring[1]), str(tmp_path / "s"))
    bilder = sorted(tmp_path.glob("s-*.png"))
    assert len(bilder) == len(pdf.sider)
    for n, fil in enumerate(bilder):
        with Image.open(fil) as bilde:
            im = bilde.convert("L")
            b, h = im.size
            for navn, (y0, y1) in (("topp", (0, 0.07)), ("kropp", (0.07, 0.93)), ("fot", (0.93, 1.0))):
                felt = im.crop((0, int(y0 * h), b, int(y1 * h)))
                assert felt.getextrema()[0] < 200, (n + 1, navn)
        assert len(pdf.tekst[n]) > 40, n + 1


def test_running_head_and_page_numbers_on_every_page(pdf, kjoring) -> None:
    rapport = kjoring[0]
    head = _ord(f"Årsregnskap {rapport.regnskap.ar} – {rapport.regnskap.grunnlag.virksomhet}")
    n = len(pdf.sider)
    for i, s in enumerate(pdf.tekst):
        assert head in s, i + 1
        assert f"Side {i + 1} av {n}" in s, i + 1


def test_every_statement_and_note_in_order_with_its_rightmost_column(pdf, kjoring) -> None:
    """Each table's title is on a page together with its rightmost column header (the table is
    not cut at the page edge), in the order of the årsregnskap."""
    forrige = 0
    for t in kjoring[0].regnskap.tabeller():
        # A header wraps over lines in its cell: every word of it is on the title's page.
        side = pdf.side_med(t.tittel)
        assert side >= forrige, t.id
        ord_ = set(pdf.tekst[side].split())
        siste = t.kolonner[-1].overskrift or t.kolonner[-1].navn
        assert set(siste.split()) <= ord_, (t.id, siste)
        forrige = side


def test_the_contents_list_every_table_with_its_page(pdf, kjoring) -> None:
    innhold = pdf.tekst[0]
    for t in kjoring[0].regnskap.tabeller():
        m = re.search(re.escape(_ord(t.tittel)) + r"[ .]*?(\d+)(?: |$)", innhold)
        assert m is not None, t.id
        assert _ord(t.tittel) in pdf.tekst[int(m.group(1)) - 1], t.id


def test_key_figures_on_their_statements_pages(pdf, kjoring) -> None:
    r = kjoring[0].regnskap
    tab = {t.id: t for t in r.tabeller()}
    eiendeler = tab["balanse"].rader.set_index("line_id").loc["sum_eiendeler", "belop"]
    for tittel, ore in ((tab["artskontorapportering"].tittel, r.artskonto.netto_rapportert_ore),
                        (tab["bevilgning_inntekter"].tittel, r.artskonto.netto_rapportert_ore),
                        (tab["balanse"].tittel, int(eiendeler)),
                        (tab["note_7a"].tittel, r.note_7a.kongruensavvik_ore)):
        tekst = " ".join(pdf.tekst[pdf.side_med(tittel):pdf.side_med(tittel) + 2])
        assert format_kroner(ore) in tekst, tittel
    alt = " ".join(pdf.tekst)
    assert "Netto rapportert" in alt and "Sum eiendeler" in alt.replace("SUM EIENDELER", "Sum eiendeler")
    assert "ongruensavvik" in alt


def test_nothing_runs_off_the_page(pdf, kjoring) -> None:
    """No word of any page reaches into the right margin or beyond the page."""
    bbox = _kjor(POPPLER["pdftotext"], "-bbox", str(kjoring[1]), "-")
    sider = re.split(r"<page ", bbox)[1:]
    assert len(sider) == len(pdf.sider)
    for n, side in enumerate(sider):
        bredde = float(re.match(r'width="([\d.]+)"', side).group(1))
        xmax = [float(x) for x in re.findall(r'xMax="([\d.]+)"', side)]
        assert xmax and max(xmax) <= bredde - MARG / 2, (n + 1, max(xmax), bredde)


def test_wide_tables_are_landscape_and_the_others_portrait(pdf, kjoring) -> None:
    tab = kjoring[0].regnskap.tabeller()
    brede = [t for t in tab if tegnbredde(t) > BRED_TABELL]
    assert brede and len(brede) < len(tab)
    for t in tab:
        b, h = pdf.storrelse[pdf.side_med(t.tittel)]
        assert (b > h) == (t in brede), t.id


def test_findings_and_sources_at_the_end(pdf, kjoring) -> None:
    rapport, path = kjoring
    siste_tabell = max(pdf.side_med(t.tittel) for t in rapport.regnskap.tabeller())
    funn = next(i for i, s in enumerate(pdf.tekst) if "Alvorlighet Regel Antall" in s)   # the summary
    kilder = next(i for i, s in enumerate(pdf.tekst) if i > funn and "Kilder (inndata)" in s)
    assert siste_tabell < funn < kilder
    assert "SHA-256" in pdf.tekst[-1]
    for side in range(funn, len(pdf.sider)):
        assert pdf.storrelse[side][0] > pdf.storrelse[side][1], side + 1   # landscape
    slutt = " ".join(pdf.tekst[funn:])
    g = rapport.regnskap.grunnlag
    kildetekst = " ".join(pdf.tekst[kilder:])
    for k in g.kilder():
        assert g.vist_navn(k.file) in kildetekst
        if k.sha256:
            assert k.sha256 in kildetekst
    for f in rapport.findings:
        assert f.rule in slutt
    # The findings table (after the summary) lists every finding, and its header row is on each
    # page it runs over.
    forste = next(i for i in range(funn, kilder + 1) if "Alvorlighet Regel Melding" in pdf.tekst[i])
    sider = [s for s in pdf.tekst[forste:kilder + 1] if any(f.rule in s for f in rapport.findings)]
    assert all(any(f.rule in s for s in sider) for f in rapport.findings)
    for s in sider:
        assert "Alvorlighet Regel Melding" in s and "Differanse" in s


def test_no_finding_is_split_across_two_pages(pdf, kjoring) -> None:
    """A row is never split: the first and the last words of each finding's message are on one
    page (words short enough not to be broken inside the column)."""
    rapport = kjoring[0]
    funn = next(i for i, s in enumerate(pdf.tekst) if "Alvorlighet Regel Antall" in s)
    sider = [set(s.split()) for s in pdf.tekst[funn:]]
    for f in rapport.findings:
        ord_ = [w for w in f.message.split() if len(w) <= 10]
        ender = {*ord_[:2], *ord_[-2:]}
        assert any(ender <= s for s in sider), f.message


def test_the_pdf_fetches_nothing_but_inline_data() -> None:
    import weasyprint
    from weasyprint.urls import fetch

    from imdi_ledger.render.pdf import _henter

    henter = _henter(weasyprint)
    with fetch(henter, "data:text/plain,hei") as svar:
        assert svar.read() == b"hei"
    for url in ("file:aarsregnskap.css", "http://127.0.0.1:9/x.png"):
        with pytest.raises(BaseException, match="Error fetching"):
            with fetch(henter, url):
                pass


def test_a_second_run_gives_identical_bytes(kjoring, tmp_path) -> None:
    rapport, path = kjoring
    lag_rapport(eksempel="imdi-2025", ut=tmp_path / "ut")
    assert (tmp_path / "ut" / path.name).read_bytes() == path.read_bytes()


def test_the_print_page_has_no_script_and_the_browser_page_is_unchanged(kjoring) -> None:
    r = kjoring[0]
    utskrift = aarsregnskap_html(r.regnskap, r.findings, utskrift=True)
    skjerm = aarsregnskap_html(r.regnskap, r.findings)
    assert "<script" not in utskrift and 'tabindex="0"' not in utskrift and "@page bred" in utskrift
    assert "<script" in skjerm and 'tabindex="0"' in skjerm and "@page bred" not in skjerm


def test_the_small_example_has_every_table(tmp_path) -> None:
    from imdi_ledger.render.pdf import skriv_pdf

    r = lag_rapport(eksempel="statlig-gebyr-2025")
    pdf = Pdf(skriv_pdf(r.regnskap, r.findings, tmp_path / "gebyr.pdf"))
    for t in r.regnskap.tabeller():
        assert _ord(t.tittel) in " ".join(pdf.tekst[1:]), t.id
    assert format_kroner(r.regnskap.artskonto.netto_rapportert_ore) in " ".join(pdf.tekst)


def test_a_report_that_fails_stops_its_pdf_process_and_writes_nothing(tmp_path, monkeypatch) -> None:
    """The PDF is laid out in a second process while the other outputs are written; when one of
    them fails, that process is stopped and no output folder appears."""
    from imdi_ledger.rapport import lag_rapport
    from imdi_ledger.render import html as html_mod
    from imdi_ledger.render import pdf as pdf_mod

    avbrutt = []
    avbryt = pdf_mod.PdfJobb.avbryt

    def registrer(self) -> None:
        avbrutt.append(self._prosess)
        avbryt(self)

    def feil(*_a, **_k) -> None:
        raise OSError("disken er full")

    monkeypatch.setattr(pdf_mod.PdfJobb, "avbryt", registrer)
    monkeypatch.setattr(html_mod, "skriv_html", feil)
    with pytest.raises(OSError, match="disken er full"):
        lag_rapport(eksempel="statlig-gebyr-2025", ut=tmp_path / "ut")
    assert not (tmp_path / "ut").exists() and list(tmp_path.iterdir()) == []
    assert len(avbrutt) == 1 and avbrutt[0] is not None and avbrutt[0].poll() is not None


def test_without_a_second_process_the_pdf_is_laid_out_in_this_one(kjoring, tmp_path, monkeypatch) -> None:
    from imdi_ledger.rapport import lag_rapport
    from imdi_ledger.render import pdf as pdf_mod

    monkeypatch.setattr(pdf_mod.sys, "executable", str(tmp_path / "finnes-ikke"))
    r = lag_rapport(eksempel="imdi-2025", ut=tmp_path / "ut")
    assert (tmp_path / "ut" / f"aarsregnskap_{r.regnskap.ar}.pdf").read_bytes() == kjoring[1].read_bytes()


def test_the_pdf_process_starts_with_the_report_and_stops_when_loading_fails(tmp_path, monkeypatch) -> None:
    """The PDF process is started before the year is loaded (it imports WeasyPrint meanwhile);
    a report whose inputs cannot be read stops it and writes nothing."""
    from imdi_ledger.errors import InputError
    from imdi_ledger.rapport import lag_rapport
    from imdi_ledger.render import pdf as pdf_mod

    startet, avbrutt = [], []
    init, avbryt = pdf_mod.PdfJobb.__init__, pdf_mod.PdfJobb.avbryt

    def start(self) -> None:
        init(self)
        startet.append(self._prosess)

    def registrer(self) -> None:
        avbryt(self)
        avbrutt.append(self._prosess)

    monkeypatch.setattr(pdf_mod.PdfJobb, "__init__", start)
    monkeypatch.setattr(pdf_mod.PdfJobb, "avbryt", registrer)
    tom = tmp_path / "inndata"
    tom.mkdir()
    with pytest.raises(InputError):
        lag_rapport(inndata=tom, ut=tmp_path / "ut")
    assert not (tmp_path / "ut").exists()
    assert len(startet) == 1 and startet[0] is not None and avbrutt == startet
    assert startet[0].poll() is not None


def test_a_pdf_process_given_no_page_writes_nothing_and_says_so(tmp_path) -> None:
    """Stdin closed before a page came: the process ends by itself (status 4), with no file."""
    from imdi_ledger.render import pdf as pdf_mod

    jobb = pdf_mod.PdfJobb()
    assert jobb._prosess is not None
    jobb._prosess.stdin.close()
    assert jobb._prosess.wait(timeout=120) == 4
    with pytest.raises(RuntimeError, match="ingen side"):
        jobb.vent()
    assert list(tmp_path.iterdir()) == []


def test_the_plots_drawn_in_the_pdf_process_are_those_drawn_here(kjoring, tmp_path) -> None:
    """``report --out`` has the PDF process draw the plots: the files are byte for byte those
    :func:`skriv_plott` writes in this process, and the PDF's figures are those files."""
    from imdi_ledger.render.plott import skriv_plott

    rapport, pdf_fil = kjoring
    her = tmp_path / "her"
    her.mkdir()
    skrevet = skriv_plott(rapport.regnskap, her)
    assert len(skrevet) == 8
    for fil in skrevet:
        assert (pdf_fil.parent / "plott" / fil.name).read_bytes() == fil.read_bytes(), fil.name
    tekst = " ".join(Pdf(pdf_fil).tekst)
    assert f"Forbruksprofil {rapport.regnskap.ar} per utgiftspost" in tekst   # the figures' text is text
    assert "imdi-ledger-plott" not in tekst


def test_plots_the_pdf_process_cannot_draw_are_drawn_here_and_the_pdf_fails(tmp_path, monkeypatch) -> None:
    """The PDF process fails while drawing (here: it is given a plot it does not know): the
    report draws the plots itself, then fails with the PDF process's error and writes nothing."""
    from imdi_ledger.render import pdf as pdf_mod
    from imdi_ledger.render import plott as plott_mod

    tegnet = []
    tegn, skriv = pdf_mod.PdfJobb.tegn_plott, plott_mod.skriv_plott

    def ukjent(self, data, ar, mappe):
        return tegn(self, [("finnes_ikke", d) for _, d in data], ar, mappe)

    def skriv_her(regnskap, mappe):
        tegnet.append(mappe)
        return skriv(regnskap, mappe)

    monkeypatch.setattr(pdf_mod.PdfJobb, "tegn_plott", ukjent)
    monkeypatch.setattr(plott_mod, "skriv_plott", skriv_her)
    with pytest.raises(RuntimeError, match="PDF-en kunne ikke skrives.*ukjent plott"):
        lag_rapport(eksempel="statlig-gebyr-2025", ut=tmp_path / "ut")
    assert len(tegnet) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_pdf_process_draws_the_plots_without_pandas(tmp_path) -> None:
    """What the PDF process imports (WeasyPrint, matplotlib, the plots' drawing and the page's
    layout) leaves pandas out, and it draws a year's plots from :func:`plottdata`'s columns: the
    same bytes :func:`skriv_plott` writes."""
    import pickle
    import sys

    from imdi_ledger.render.plott import plottdata, skriv_plott

    r = lag_rapport(eksempel="imdi-2025")
    data = tmp_path / "data.pkl"
    data.write_bytes(pickle.dumps((plottdata(r.regnskap), r.regnskap.ar)))
    (tmp_path / "der").mkdir()
    (tmp_path / "her").mkdir()
    kode = ("import pickle, sys\n"
            "from pathlib import Path\n"
            "import imdi_ledger.render.pdf as pdf\n"
            "pdf._weasyprint()\n"
            "from imdi_ledger.render import plott\n"
            "data, ar = pickle.loads(Path(sys.argv[1]).read_bytes())\n"
            "plott.tegn_plott(data, ar, Path(sys.argv[2]))\n"
            "print('pandas' in sys.modules)\n")
    ut = subprocess.run([sys.executable, "-c", kode, str(data), str(tmp_path / "der")], capture_output=True,
                        text=True, check=True)
    assert ut.stdout.strip() == "False"
    skrevet = skriv_plott(r.regnskap, tmp_path / "her")
    assert len(skrevet) == 8
    for f in skrevet:
        assert (tmp_path / "der" / f.name).read_bytes() == f.read_bytes(), f.name
