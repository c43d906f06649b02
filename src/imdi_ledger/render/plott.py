"""Plots of one årsregnskap, with Norwegian labels and number format.

Each plot has a data function (a pandas frame in øre, computed from the statements and the
S-rapport — what the plot shows, testable without drawing) and a drawing function returning a
matplotlib ``Figure`` (shown as is in a notebook):

* **Forbruksprofil** (:func:`forbruksprofil_data`, :func:`forbruksprofil`): per utgiftspost, the
  accumulated regnskap month by month (S-rapport periods) as a share of samlet tildeling; the
  straight line is even spending over the year.
* **Mer-/mindreutgift og mulig overførbart** (:func:`merutgift_data`, :func:`merutgift`): per post,
  merutgift(−)/mindreutgift from the bevilgningsrapportering and mulig overførbart beløp from
  Note B (R-2).
* **Note 7A som fossefall** (:func:`note7a_fossefall_data`, :func:`note7a_fossefall`): from netto
  trekk på konsernkonto, each line of Note 7A, to «Sum endring i avregnet med statskassen»
  (= −endring i avregnet med statskassen).
* **Kongruensavvik** (:func:`kongruensavvik_data`, :func:`kongruensavvik`): per year the books
  give (the year and, where the ledger holds it, the year before): endring i avregnet med
  statskassen, resultat før avregning and the kongruensavvik.

:func:`skriv_plott` writes every plot the inputs allow as SVG and PNG under fixed file names;
the bytes are the same for the same inputs (no dates, fixed SVG ids).  It is
:func:`plottdata` (the frames' columns as lists) then :func:`tegn_plott` (the drawing from
them and the year), so the drawing can be done in another process, which needs neither pandas
nor the year's data (``report --out`` has the PDF process do it).  Only this module imports
matplotlib, and only when a plot is drawn.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..money import format_kroner

if TYPE_CHECKING:  # pragma: no cover - types only
    import pandas as pd
    from matplotlib.figure import Figure

#: A plot's data as its drawing reads it: each column of the data frame as a list, a blank as
#: ``None`` (:func:`kolonner`); no pandas is needed to draw.
Kolonner = dict[str, list[Any]]

__all__ = [
    "forbruksprofil_data",
    "merutgift_data",
    "note7a_fossefall_data",
    "kongruensavvik_data",
    "forbruksprofil",
    "merutgift",
    "note7a_fossefall",
    "kongruensavvik",
    "skriv_plott",
    "plottdata",
    "tegn_plott",
    "tegnbare",
    "svg_tekst",
    "svg_inline",
    "kolonner",
    "PLOTT",
]

#: The file stem of every plot (fixed vocabulary: never a name from input data).
PLOTT: tuple[str, ...] = ("forbruksprofil", "merutgift", "note7a_fossefall", "kongruensavvik")

_MND = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


# --------------------------------------------------------------------------- data

def forbruksprofil_data(regnskap: Any) -> pd.DataFrame:
    """Accumulated regnskap per utgiftspost and month: columns ``kapittel``, ``post``,
    ``periode`` (1–12, and 13 where the S-rapport has a supplementary period),
    ``kumulativt_ore``, ``samlet_tildeling_ore``.  Posts with no samlet tildeling are left out
    (no share to show)."""
    import pandas as pd

    poster = regnskap.bevilgning.poster
    utg = poster[(poster["type"] == "utgift") & (poster["samlet_tildeling_ore"].fillna(0) > 0)]
    f = regnskap.grunnlag.srapport.frame
    f = f[f["kontotype"] == "bevilgning"]
    per = (f.groupby(["kapittel", "post", "periode"], observed=True)["belop_ore"].sum()
           .reset_index())
    perioder = sorted(int(p) for p in f["periode"].unique()) or list(range(1, 13))
    rader = []
    for r in utg.itertuples(index=False):
        mine = per[(per["kapittel"] == r.kapittel) & (per["post"] == r.post)].set_index("periode")["belop_ore"]
        total = 0
        for p in perioder:
            total += int(mine.get(p, 0))
            rader.append({"kapittel": r.kapittel, "post": r.post, "periode": p, "kumulativt_ore": total,
                          "samlet_tildeling_ore": int(r.samlet_tildeling_ore)})
    out = pd.DataFrame(rader, columns=["kapittel", "post", "periode", "kumulativt_ore", "samlet_tildeling_ore"])
    for c in ("periode", "kumulativt_ore", "samlet_tildeling_ore"):
        out[c] = out[c].astype("int64")
    return out


def merutgift_data(regnskap: Any) -> pd.DataFrame:
    """Per utgiftspost: ``merutgift_mindreutgift_ore`` (bevilgningsrapportering) and
    ``mulig_overforbart_ore`` (Note B; blank where the post is not in Note B)."""
    import pandas as pd

    poster = regnskap.bevilgning.poster
    utg = poster[(poster["type"] == "utgift") & poster["merutgift_mindreutgift_ore"].notna()]
    out = utg[["kapittel", "post", "merutgift_mindreutgift_ore"]].reset_index(drop=True).copy()
    nb = getattr(regnskap, "note_b", None)
    if nb is not None:
        k = nb.frame[["kapittel", "post", "mulig_overforbart_ore"]]
        out = out.merge(k, on=["kapittel", "post"], how="left")
    else:
        out["mulig_overforbart_ore"] = pd.array([None] * len(out), dtype="Int64")
    out["merutgift_mindreutgift_ore"] = out["merutgift_mindreutgift_ore"].astype("Int64")
    out["mulig_overforbart_ore"] = out["mulig_overforbart_ore"].astype("Int64")
    return out


def note7a_fossefall_data(regnskap: Any) -> pd.DataFrame:
    """The steps of Note 7A: first row ``netto_trekk`` (the start), then every line of the
    note after it in the note's order, last row ``sum_endring`` (the end, = −endring i avregnet
    med statskassen).  Columns ``line_id``, ``tekst``, ``belop_ore``, ``kind`` (``start``,
    ``steg``, ``slutt``)."""
    import pandas as pd

    t = regnskap.note_7a.tabell
    rader = t.rader
    ids = rader["line_id"].tolist()
    i0, i1 = ids.index("netto_trekk"), ids.index("sum_endring")
    out = [{"line_id": "netto_trekk", "tekst": rader.iloc[i0]["tekst"], "belop_ore": int(rader.iloc[i0]["belop"]),
            "kind": "start"}]
    for _, r in rader.iloc[i0 + 1:i1].iterrows():
        if r["kind"] == "line" and not pd.isna(r["belop"]):
            out.append({"line_id": r["line_id"], "tekst": str(r["tekst"]).lstrip("+−- ").strip(),
                        "belop_ore": int(r["belop"]), "kind": "steg"})
    out.append({"line_id": "sum_endring", "tekst": rader.iloc[i1]["tekst"], "belop_ore": int(rader.iloc[i1]["belop"]),
                "kind": "slutt"})
    return pd.DataFrame(out, columns=["line_id", "tekst", "belop_ore", "kind"])


def kongruensavvik_data(regnskap: Any) -> pd.DataFrame:
    """Per year the books give: ``ar``, ``endring_avregnet_ore``, ``resultat_ore``,
    ``kongruensavvik_ore`` (= endring − resultat, R-115 note 7A)."""
    import pandas as pd

    from ..note7 import note_7a

    g = regnskap.grunnlag
    aar = []
    if g.srapport_fjor is not None and g.hovedbok is not None:
        try:
            aar.append(note_7a(g.srapport_fjor, g.hovedbok))
        except (KeyError, ValueError):  # the ledger does not hold the prior year
            pass
    if regnskap.note_7a is not None:
        aar.append(regnskap.note_7a)
    rader = [{"ar": int(n.ar), "endring_avregnet_ore": int(n.endring_ams_ore), "resultat_ore": int(n.resultat_ore),
              "kongruensavvik_ore": int(n.kongruensavvik_ore)} for n in aar]
    return pd.DataFrame(rader, columns=["ar", "endring_avregnet_ore", "resultat_ore", "kongruensavvik_ore"])


# --------------------------------------------------------------------------- drawing

_INLINE: list[str] = []


def _mpl() -> Any:
    import matplotlib

    # Draw off-screen (no window, no display needed), except where a notebook kernel has chosen
    # its inline backend: there the figures are shown under the cell.
    backend = str(dict.__getitem__(matplotlib.rcParams, "backend"))
    inline = "inline" in backend.lower()
    if not inline:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    if inline and not _INLINE:
        plt.switch_backend(backend)   # loads the inline backend, which registers the figure display
        _INLINE.append(backend)

    plt.rcParams["svg.hashsalt"] = "imdi_ledger"
    plt.rcParams["font.size"] = 9
    return plt


def _figur(figsize: tuple[float, float]) -> "Figure":
    """A figure of its own, not held by pyplot: a notebook shows it once (as the cell's value),
    and a long-running process keeps no figure it has returned."""
    from matplotlib.figure import Figure

    _mpl()
    return Figure(figsize=figsize)


def _kr_akse(ax: Any, axis: str = "y") -> None:
    """Axis ticks in Norwegian number format: whole kroner, space as group separator, in
    millions when the range is large."""
    from matplotlib.ticker import FuncFormatter

    lo, hi = (ax.get_ylim() if axis == "y" else ax.get_xlim())
    mill = max(abs(lo), abs(hi)) >= 1e8  # øre: 1 mill. kr
    def fmt(v: float, _pos: int) -> str:
        if mill:
            return format_kroner(int(round(v / 1e8)) * 100).replace(" ", "\u202f") + " mill."
        return format_kroner(int(round(v))).replace(" ", "\u202f")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(fmt))


def forbruksprofil(regnskap: Any) -> "Figure":
    return _forbruksprofil(kolonner(forbruksprofil_data(regnskap)), regnskap.ar)


def _forbruksprofil(d: Kolonner, ar: int) -> "Figure":
    plt = _mpl()
    fig = _figur((9, 5))
    ax = fig.subplots()
    perioder = sorted(set(d["periode"])) if d["periode"] else list(range(1, 13))
    per_post: dict[tuple[Any, Any], list[tuple[int, float]]] = {}   # in row order within a post
    for kap, post, p, k, t in zip(d["kapittel"], d["post"], d["periode"], d["kumulativt_ore"],
                                  d["samlet_tildeling_ore"]):
        per_post.setdefault((kap, post), []).append((p, 100 * k / t))
    for (kap, post), punkter in sorted(per_post.items()):
        ax.plot([p for p, _ in punkter], [a for _, a in punkter], marker="o", markersize=2.5, linewidth=1.2,
                label=f"{kap}/{post}")
    ax.plot([0, 12], [0, 100], color="grey", linestyle="--", linewidth=1, label="Jevnt forbruk")
    ax.axhline(100, color="black", linewidth=0.8)
    ax.set_xticks(perioder)
    ax.set_xticklabels([_MND[p - 1] if 1 <= p <= 12 else str(p) for p in perioder])
    ax.set_ylabel("Akkumulert regnskap i prosent av samlet tildeling")
    ax.set_title(f"Forbruksprofil {ar} per utgiftspost")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:.0f}\u202f%"))
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def merutgift(regnskap: Any) -> "Figure":
    return _merutgift(kolonner(merutgift_data(regnskap)), regnskap.ar)


def _merutgift(d: Kolonner, ar: int) -> "Figure":
    _mpl()
    n = len(d["kapittel"])
    fig = _figur((9, max(3.0, 0.35 * n + 1.5)))
    ax = fig.subplots()
    y = list(range(n))
    navn = [f"{k}/{p}" for k, p in zip(d["kapittel"], d["post"])]
    mer = [0 if v is None else int(v) for v in d["merutgift_mindreutgift_ore"]]
    mulig = [0 if v is None else int(v) for v in d["mulig_overforbart_ore"]]
    ax.barh([i - 0.2 for i in y], mer, height=0.4, label="Merutgift(−)/mindreutgift",
            color=["#b2182b" if v < 0 else "#2166ac" for v in mer])
    ax.barh([i + 0.2 for i in y], mulig, height=0.4, label="Mulig overførbart beløp (Note B)", color="#66a61e")
    ax.set_yticks(y)
    ax.set_yticklabels(navn)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_title(f"Mer-/mindreutgift og mulig overførbart beløp {ar}")
    _kr_akse(ax, "x")
    ax.set_xlabel("Kroner")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def note7a_fossefall(regnskap: Any) -> "Figure":
    return _note7a_fossefall(kolonner(note7a_fossefall_data(regnskap)), regnskap.ar)


def _note7a_fossefall(d: Kolonner, ar: int) -> "Figure":
    _mpl()
    fig = _figur((10, 5.5))
    ax = fig.subplots()
    niva = 0
    for i, (kind, belop) in enumerate(zip(d["kind"], d["belop_ore"])):
        if kind in ("start", "slutt"):
            ax.bar(i, belop, color="#444444")
            topp = max(0, belop)
            niva = belop
        else:
            ax.bar(i, belop, bottom=niva, color="#2166ac" if belop >= 0 else "#b2182b")
            topp = max(niva, niva + belop)
            niva += belop
        ax.annotate(_mill(belop), (i, topp), textcoords="offset points", xytext=(0, 3),
                    ha="center", fontsize=7)
    ax.set_xticks(range(len(d["kind"])))
    ax.set_xticklabels([_kort(t) for t in d["tekst"]], rotation=35, ha="right", fontsize=7)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.margins(y=0.12)
    ax.set_title(f"Note 7A {ar}: fra netto trekk på konsernkonto til endring i avregnet med statskassen")
    _kr_akse(ax)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def kongruensavvik(regnskap: Any) -> "Figure":
    return _kongruensavvik(kolonner(kongruensavvik_data(regnskap)), regnskap.ar)


def _kongruensavvik(d: Kolonner, _ar: int) -> "Figure":
    _mpl()
    fig = _figur((7, 4.5))
    ax = fig.subplots()
    serier = (("endring_avregnet_ore", "Endring i avregnet med statskassen", "#2166ac"),
              ("resultat_ore", "Resultat før avregning", "#999999"),
              ("kongruensavvik_ore", "Kongruensavvik", "#b2182b"))
    for j, (kol, tekst, farge) in enumerate(serier):
        ax.bar([i + (j - 1) * 0.27 for i in range(len(d["ar"]))], d[kol], width=0.27, label=tekst, color=farge)
    ax.set_xticks(range(len(d["ar"])))
    ax.set_xticklabels([str(a) for a in d["ar"]])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_title("Kongruensavvik (note 7A) per år")
    _kr_akse(ax)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def _mill(ore: int) -> str:
    """Øre as «−24 056,1 mill.» (millions of kroner, one decimal, Norwegian format)."""
    tideler = (abs(ore) + 5_000_000) // 10_000_000 * (1 if ore >= 0 else -1)  # tenths of a million kr
    hele, desimal = divmod(abs(tideler), 10)
    tegn = "−" if tideler < 0 else ""
    return f"{tegn}{format_kroner(hele * 100)},{desimal} mill."


def _kort(tekst: str, n: int = 42) -> str:
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


_SVG_META = {"Date": None, "Creator": "imdi_ledger"}


def _svg(fig: "Figure", ut: Any) -> None:
    """Save ``fig`` as SVG to ``ut`` (a path or a binary file) with its text as ``<text>``
    (``svg.fonttype: none``), not as glyph outlines: the labels can be searched, selected and
    read aloud, the file is less than half the size, and WeasyPrint draws a few hundred text
    elements instead of thousands of glyph paths (the PDF of a year 0.5–1.0 s sooner,
    ``docs/pdf.md``).  The font is named with matplotlib's fallbacks, down to ``sans-serif``."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(ut, format="svg", metadata=_SVG_META)


_SVG_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_SVG_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def svg_inline(svg: str, navn: str) -> str:
    """An SVG file's markup for inlining: no XML prolog or metadata, and every id prefixed with
    the plot's name, so the ids of several plots on one page do not collide."""
    s = _SVG_METADATA.sub("", _SVG_PROLOG.sub("", svg, count=1))
    s = _SVG_ID.sub(lambda m: f'id="{navn}-{m.group(1)}"', s)
    s = _SVG_REF.sub(lambda m: f"{m.group(1)}{navn}-{m.group(2)}", s)
    return s.strip()


def tegnbare(regnskap: Any) -> list[tuple[str, Callable[[Any], "Figure"]]]:
    """(file stem, drawing function) of every plot the inputs allow, in :data:`PLOTT` order:
    forbruksprofil and mer-/mindreutgift need the tildeling; Note 7A and the kongruensavvik
    need the ledger."""
    tegn: list[tuple[str, Callable[[Any], Figure]]] = []
    if regnskap.grunnlag.tildeling is not None:
        tegn += [("forbruksprofil", forbruksprofil), ("merutgift", merutgift)]
    if regnskap.note_7a is not None:
        tegn += [("note7a_fossefall", note7a_fossefall), ("kongruensavvik", kongruensavvik)]
    return tegn


def svg_tekst(fig: "Figure") -> str:
    """A figure as SVG text, the same bytes :func:`skriv_plott` writes; the figure is closed."""
    import io

    plt = _mpl()
    try:
        buf = io.BytesIO()
        _svg(fig, buf)
        return buf.getvalue().decode("utf-8")
    finally:
        plt.close(fig)


#: The data function and the drawing (from the data's columns and the year) of each plot.
_PLOTT: dict[str, tuple[Callable[[Any], "pd.DataFrame"], Callable[[Kolonner, int], "Figure"]]] = {
    "forbruksprofil": (forbruksprofil_data, _forbruksprofil),
    "merutgift": (merutgift_data, _merutgift),
    "note7a_fossefall": (note7a_fossefall_data, _note7a_fossefall),
    "kongruensavvik": (kongruensavvik_data, _kongruensavvik),
}


def plottdata(regnskap: Any) -> list[tuple[str, Kolonner]]:
    """(file stem, data) of every plot the inputs allow, in :data:`PLOTT` order: all
    :func:`tegn_plott` needs besides the year, the data frames' columns as lists
    (:func:`kolonner`), which a second process can be given and draw from without pandas
    (:mod:`imdi_ledger.render.pdf` draws the plots there)."""
    return [(navn, kolonner(_PLOTT[navn][0](regnskap))) for navn, _ in tegnbare(regnskap)]


def kolonner(frame: "pd.DataFrame") -> Kolonner:
    """A plot's data frame as its drawing reads it: each column a list of Python values (whole
    numbers as ``int``), a blank as ``None``."""
    import pandas as pd

    return {str(c): [None if v is None or v is pd.NA or v != v else (v.item() if hasattr(v, "item") else v)
                     for v in frame[c].astype(object).tolist()] for c in frame.columns}


def skriv_plott(regnskap: Any, mappe: Path) -> list[Path]:
    """Write every plot the inputs allow as ``<navn>.svg`` and ``<navn>.png`` in ``mappe``;
    returns the files written.  Forbruksprofil and mer-/mindreutgift need the tildeling;
    Note 7A and the kongruensavvik need the ledger."""
    return tegn_plott(plottdata(regnskap), regnskap.ar, mappe)


def tegn_plott(data: list[tuple[str, Kolonner]], ar: int, mappe: Path) -> list[Path]:
    """:func:`skriv_plott` from :func:`plottdata`'s columns and the year: the same files, the
    same bytes."""
    plt = _mpl()
    ut: list[Path] = []
    for navn, d in data:
        if navn not in _PLOTT:   # a fixed vocabulary: never a file name from elsewhere
            raise ValueError(f"ukjent plott: {navn!r}")
        fig = _PLOTT[navn][1](d, ar)
        try:
            svg, png = mappe / f"{navn}.svg", mappe / f"{navn}.png"
            _svg(fig, svg)
            fig.savefig(png, format="png", dpi=110, metadata={"Software": "imdi_ledger"})
            ut += [svg, png]
        finally:
            plt.close(fig)
    return ut
