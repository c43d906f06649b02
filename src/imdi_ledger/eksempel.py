"""The bundled worked example: a reconstructed IMDi 2024–2025 input dataset
(``examples/imdi-2025/``, documented in its README).  Every figure computed from it is
computed by the library; the files are input data only."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import InputError
from .load.srapport import load_mellomvaerende_ib, load_srapport
from .load.tildeling import load_tildeling
from .regnskap import Grunnlag

__all__ = ["EKSEMPLER", "eksempel_mappe", "last_eksempel"]

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


def last_eksempel(navn: str = "imdi-2025") -> Grunnlag:
    """Load the example's inputs for its last year (with the prior year for comparison)."""
    d = eksempel_mappe(navn)
    sr_fjor = load_srapport(d / "srapport_2024.csv")
    sr = load_srapport(d / "srapport_2025.csv")
    ib = load_mellomvaerende_ib(d / "mellomvaerende_ib.csv")
    t = load_tildeling(d / "tildeling_2025.yaml")
    t_fjor = load_tildeling(d / "tildeling_2024.yaml") if (d / "tildeling_2024.yaml").exists() else None
    from .bevilgning.note_b import Grunnlag5Prosent, NoteBSpec
    from .bevilgning.note_c import load_note_c
    from .load.fullmakter import load_fullmakter

    # IMDi computed the 5 % cap on samlet tildeling (domain-rules §7 I5); the example follows
    # the agency so that Note B reproduces the published note.  The library's default is
    # årets tildeling (R-115 footnote); docs/note_b.md shows both.
    spec = NoteBSpec(grunnlag_5_prosent=Grunnlag5Prosent.SAMLET_TILDELING)
    from .load.anleggsregister import load_anleggsregister
    from .load.hovedbok import load_hovedbok

    hb = [d / "hovedbok_2024.csv", d / "hovedbok_2025.csv"]
    reg = d / "anleggsregister.csv"
    fm = d / "fullmakter_2025.yaml"
    nc = d / "note_c_2025.yaml"
    return Grunnlag(srapport=sr, tildeling=t, srapport_fjor=sr_fjor, tildeling_fjor=t_fjor,
                    mellomvaerende_ib_fjor=ib, fullmakter=load_fullmakter(fm) if fm.exists() else None,
                    note_b_spec=spec, note_c=load_note_c(nc) if nc.exists() else None,
                    hovedbok=load_hovedbok([p for p in hb if p.exists()]) if hb[1].exists() else None,
                    anleggsregister=load_anleggsregister(reg) if reg.exists() else None,
                    virksomhet=t.virksomhet, ekstra={"mappe": str(d)})
