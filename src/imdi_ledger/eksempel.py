"""The bundled worked example: a reconstructed IMDi 2024–2025 input dataset
(``examples/imdi-2025/``, documented in its README).  Every figure computed from it is
computed by the library; the files are input data only."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .load.srapport import load_mellomvaerende_ib, load_srapport
from .load.tildeling import load_tildeling
from .regnskap import Grunnlag

if TYPE_CHECKING:
    from .bevilgning.note_b import NoteBSpec

__all__ = ["EKSEMPLER", "eksempel_mappe", "last_eksempel", "last_mappe"]

EKSEMPLER = ("imdi-2025",)


def eksempel_mappe(navn: str = "imdi-2025") -> Path:
    """Folder of a bundled example: inside the installed package, or ``examples/`` of a checkout."""
    if navn not in EKSEMPLER:
        raise InputError(navn, None, None, f"ukjent eksempel; velg ett av {', '.join(EKSEMPLER)}")
    packaged = resources.files(__package__) / "_examples" / navn
    if packaged.is_dir():
        return Path(str(packaged))
    repo = Path(__file__).resolve().parents[2] / "examples" / navn
    if repo.is_dir():
        return repo
    raise InputError(navn, None, None, "finner ikke eksempeldata (verken i pakken eller i examples/)")


def last_mappe(mappe: str | Path, *, note_b_spec: "NoteBSpec | None" = None) -> Grunnlag:
    """Inputs from a folder laid out like ``examples/imdi-2025`` (``docs/formats.md``): the
    latest ``srapport_ÅÅÅÅ.csv`` is the year reported, the year before gives the comparative
    column; ``mellomvaerende_ib.csv``, ``tildeling_ÅÅÅÅ.yaml``, ``fullmakter_ÅÅÅÅ.yaml``,
    ``note_c_ÅÅÅÅ.yaml``, ``hovedbok_ÅÅÅÅ.csv`` (or SAF-T ``hovedbok_ÅÅÅÅ.xml``) and ``anleggsregister.csv`` are read when present."""
    from .bevilgning.note_c import load_note_c
    from .load.anleggsregister import load_anleggsregister
    from .load.fullmakter import load_fullmakter
    from .load.hovedbok import load_hovedbok

    d = Path(mappe)
    years = sorted(int(p.stem.rsplit("_", 1)[-1]) for p in d.glob("srapport_*.csv")
                   if p.stem.rsplit("_", 1)[-1].isdigit())
    if not years:
        raise InputError(str(d), None, None, "fant ingen srapport_ÅÅÅÅ.csv")
    ar = years[-1]

    def opt(name: str, loader):  # noqa: ANN001, ANN202 - small local helper
        p = d / name
        return loader(p) if p.exists() else None

    t = opt(f"tildeling_{ar}.yaml", load_tildeling)
    hovedbok = None
    hb_csv = [p for p in (d / f"hovedbok_{ar - 1}.csv", d / f"hovedbok_{ar}.csv") if p.exists()]
    hb_xml = [p for p in (d / f"hovedbok_{ar - 1}.xml", d / f"hovedbok_{ar}.xml") if p.exists()]
    if (d / f"hovedbok_{ar}.csv").exists():
        hovedbok = load_hovedbok(hb_csv)
    elif (d / f"hovedbok_{ar}.xml").exists():          # SAF-T Financial, one file per year
        from .load.hovedbok import Hovedbok
        from .load.saft import load_saft

        hovedbok = Hovedbok.samle([load_saft(p) for p in hb_xml])
    return Grunnlag(
        srapport=load_srapport(d / f"srapport_{ar}.csv"),
        tildeling=t,
        srapport_fjor=opt(f"srapport_{ar - 1}.csv", load_srapport),
        tildeling_fjor=opt(f"tildeling_{ar - 1}.yaml", load_tildeling),
        mellomvaerende_ib_fjor=opt("mellomvaerende_ib.csv", load_mellomvaerende_ib),
        fullmakter=opt(f"fullmakter_{ar}.yaml", load_fullmakter),
        note_b_spec=note_b_spec,
        note_c=opt(f"note_c_{ar}.yaml", load_note_c),
        hovedbok=hovedbok,
        anleggsregister=opt("anleggsregister.csv", load_anleggsregister),
        virksomhet=t.virksomhet if t else None,
        ekstra={"mappe": str(d)},
    )


def last_eksempel(navn: str = "imdi-2025") -> Grunnlag:
    """Load the example's inputs for its last year (with the prior year for comparison).

    IMDi computed the 5 % cap of Note B on samlet tildeling (domain-rules §7 I5); the example
    follows the agency so that Note B reproduces the published note.  The library's default is
    årets tildeling (the R-115 footnote); ``docs/note_b.md`` shows both."""
    from .bevilgning.note_b import Grunnlag5Prosent, NoteBSpec

    return last_mappe(eksempel_mappe(navn),
                      note_b_spec=NoteBSpec(grunnlag_5_prosent=Grunnlag5Prosent.SAMLET_TILDELING))
