"""The folder loader: every input of one årsregnskap from a folder laid out as
``docs/formats.md`` describes (the bundled example ``examples/imdi-2025`` is one)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..kontoplan import Kontoplan, standard_kontoplan
from .anleggsregister import load_anleggsregister
from .avtaler import load_avtaler, til_note_c
from .fullmakter import load_fullmakter
from .grunnlag import Grunnlag
from .hovedbok import Hovedbok, load_hovedbok
from .note_c import NoteCInput, load_note_c
from .oppsett import OPPSETT_FIL, NoteBSpec, Oppsett, les_oppsett
from .saft import load_saft
from .srapport import load_mellomvaerende_ib, load_srapport
from .tildeling import load_tildeling

__all__ = ["last_mappe"]


def last_mappe(mappe: str | Path, *, note_b_spec: NoteBSpec | None = None) -> Grunnlag:
    """Inputs from a folder laid out like ``examples/imdi-2025`` (``docs/formats.md``): the
    latest ``srapport_ÅÅÅÅ.csv`` is the year reported, the year before gives the comparative
    column; ``mellomvaerende_ib.csv``, ``tildeling_ÅÅÅÅ.yaml``, ``fullmakter_ÅÅÅÅ.yaml``,
    ``note_c_ÅÅÅÅ.yaml`` or the contract register ``avtaler_ÅÅÅÅ.csv``/``.xlsx`` (Note C computed
    from the agreements; both at once is an error), ``hovedbok_ÅÅÅÅ.csv`` (or SAF-T ``hovedbok_ÅÅÅÅ.xml``) and ``anleggsregister.csv`` are read when present.  ``oppsett.yaml`` (``docs/oppsett.md``)
    holds the agency's conventions (:class:`~imdi_ledger.load.oppsett.Oppsett`, on
    ``Grunnlag.oppsett``); without it the regulations' defaults apply.  ``note_b_spec``, when
    given, takes precedence over the set-up's Note B base."""
    d = Path(mappe)
    if not d.is_dir():
        raise InputError(str(d), None, None, "inndatamappen finnes ikke eller er ikke en mappe")
    rot = d.resolve()
    years = sorted(int(p.stem.rsplit("_", 1)[-1]) for p in d.glob("srapport_*.csv")
                   if p.stem.rsplit("_", 1)[-1].isdigit())
    if not years:
        raise InputError(str(d), None, None, "fant ingen srapport_ÅÅÅÅ.csv")
    ar = years[-1]

    def fil(name: str) -> Path | None:
        """``d / name`` when it is present: a regular file inside the folder (a symbolic link
        is followed only when its target stays inside the folder; it is refused, unread,
        otherwise)."""
        p = d / name
        if not p.exists() and not p.is_symlink():
            return None
        if p.is_symlink():
            mal = p.resolve()
            if not mal.is_relative_to(rot):
                raise InputError(str(p), None, None, "symbolsk lenke til en fil utenfor inndatamappen; avvist "
                                                     "(filen er ikke lest)")
        if not p.is_file():
            raise InputError(str(p), None, None, "er ikke en vanlig fil (en mappe eller en lenke som ikke peker "
                                                 "på en fil)")
        return p

    def opt(name: str, loader):  # noqa: ANN001, ANN202 - small local helper
        p = fil(name)
        return loader(p) if p is not None else None

    oppsett = _oppsett(fil, d)
    t = opt(f"tildeling_{ar}.yaml", load_tildeling)
    hovedbok = None
    hb_csv = [p for p in (fil(f"hovedbok_{ar - 1}.csv"), fil(f"hovedbok_{ar}.csv")) if p is not None]
    hb_xml = [p for p in (fil(f"hovedbok_{ar - 1}.xml"), fil(f"hovedbok_{ar}.xml")) if p is not None]
    if fil(f"hovedbok_{ar}.csv") is not None:
        hovedbok = load_hovedbok(hb_csv)
    elif fil(f"hovedbok_{ar}.xml") is not None:          # SAF-T Financial, one file per year
        hovedbok = Hovedbok.samle([load_saft(p) for p in hb_xml])
    note_c = _note_c(fil, ar)
    srapport = fil(f"srapport_{ar}.csv")
    if srapport is None:
        raise InputError(str(d / f"srapport_{ar}.csv"), None, None, "finnes ikke")
    return Grunnlag(
        srapport=load_srapport(srapport),
        tildeling=t,
        srapport_fjor=opt(f"srapport_{ar - 1}.csv", load_srapport),
        tildeling_fjor=opt(f"tildeling_{ar - 1}.yaml", load_tildeling),
        mellomvaerende_ib_fjor=opt("mellomvaerende_ib.csv", load_mellomvaerende_ib),
        fullmakter=opt(f"fullmakter_{ar}.yaml", load_fullmakter),
        note_b_spec=note_b_spec,
        oppsett=oppsett,
        kontoplan=_kontoplan(oppsett),
        note_c=note_c,
        hovedbok=hovedbok,
        anleggsregister=opt("anleggsregister.csv", load_anleggsregister),
        virksomhet=oppsett.virksomhet or (t.virksomhet if t else None),
        ekstra={"mappe": str(d)},
    )


def _oppsett(fil, d: Path) -> Oppsett:  # noqa: ANN001 - fil is last_mappe's helper
    """The agency's set-up from ``oppsett.yaml`` (``docs/oppsett.md``); the regulations'
    defaults when the folder has none."""
    p = fil(OPPSETT_FIL)
    return les_oppsett(p, d) if p is not None else Oppsett()


def _kontoplan(oppsett: Oppsett) -> Kontoplan | None:
    """The cash artskonto chart with the set-up's overrides (``None``: the shipped chart)."""
    if oppsett.kontoplan_artskonto is None and oppsett.kontoplan_mellomvaerende is None:
        return None
    kp = standard_kontoplan()
    if oppsett.kontoplan_artskonto is not None:
        kp = kp.med_overstyring(oppsett.kontoplan_artskonto, navn=f"{oppsett.fil}: kontoplan.artskonto")
    if oppsett.kontoplan_mellomvaerende is not None:
        kp = kp.med_overstyring(oppsett.kontoplan_mellomvaerende, del_="mellomvaerende",
                                navn=f"{oppsett.fil}: kontoplan.mellomvaerende")
    return kp


def _note_c(fil, ar: int) -> NoteCInput | None:  # noqa: ANN001 - fil is last_mappe's helper
    """Note C input: from the contract register when there is one, else the typed-in YAML."""
    registre = [p for p in (fil(f"avtaler_{ar}.csv"), fil(f"avtaler_{ar}.xlsx")) if p is not None]
    yaml_fil = fil(f"note_c_{ar}.yaml")
    if len(registre) > 1:
        raise InputError(str(registre[1]), None, None,
                         f"både {registre[0]} og {registre[1]} finnes; bruk ett avtaleregister")
    if registre and yaml_fil is not None:
        raise InputError(str(yaml_fil), None, None,
                         f"både avtaleregisteret {registre[0]} og den innskrevne noten {yaml_fil} finnes; "
                         f"Note C beregnes fra avtaleregisteret, så fjern {yaml_fil.name}")
    if registre:
        return til_note_c(load_avtaler(registre[0], ar))
    return load_note_c(yaml_fil) if yaml_fil is not None else None
