"""The folder loader: every input of one årsregnskap from a folder laid out as
``docs/formats.md`` describes (the bundled example ``examples/imdi-2025`` is one)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..kontoplan import Kontoplan, standard_kontoplan
from .anleggsregister import load_anleggsregister
from .avtaler import load_avtaler, til_note_c
from .fullmakter import load_fullmakter
from .grunnlag import Grunnlag
from .hovedbok import Hovedbok, load_hovedbok, load_inngaende_balanse, med_inngaende_balanse
from .innfiler import Innfiler, finn_innfiler
from .note_c import NoteCInput, load_note_c
from .oppsett import OPPSETT_FIL, NoteBSpec, Oppsett, les_oppsett
from .saft import load_saft
from .srapport import load_mellomvaerende_ib, load_srapport
from .tildeling import load_tildeling

__all__ = ["last_mappe"]


def last_mappe(mappe: str | Path, ar: int | None = None, *, note_b_spec: NoteBSpec | None = None,
               fremdrift: Callable[[str], None] | None = None) -> Grunnlag:
    """Inputs from a folder laid out like ``examples/imdi-2025`` (``docs/formats.md``): the year
    ``ar``, or by default the latest ``srapport_ÅÅÅÅ`` year when every other year-bearing file fits
    it (:mod:`imdi_ledger.load.innfiler`); the year before gives the comparative column.
    ``mellomvaerende_ib``, ``tildeling_ÅÅÅÅ``, ``fullmakter_ÅÅÅÅ`` (YAML, CSV or Excel),
    ``note_c_ÅÅÅÅ.yaml`` or the contract register ``avtaler_ÅÅÅÅ`` (Note C computed from the
    agreements; both at once is an error), ``hovedbok_ÅÅÅÅ`` (CSV, Excel, Parquet or SAF-T
    ``.xml``) with the opening balances ``saldobalanse_ib_ÅÅÅÅ`` and ``anleggsregister`` are read
    when present; two forms of one input are an error naming both files.  ``oppsett.yaml``
    (``docs/oppsett.md``) holds the agency's conventions
    (:class:`~imdi_ledger.load.oppsett.Oppsett`, on ``Grunnlag.oppsett``); without it the
    regulations' defaults apply.  ``note_b_spec``, when given, takes precedence over the set-up's
    Note B base.  ``fremdrift``, when given, is called with each step («leser srapport_2025.csv»)
    before it starts (the command line shows it when loading takes more than a second)."""
    d = Path(mappe)
    if not d.is_dir():
        raise InputError(str(d), None, None, "inndatamappen finnes ikke eller er ikke en mappe")
    rot = d.resolve()
    valg = finn_innfiler(d, ar)
    ar = valg.ar

    def fil(name: str, *, vis: bool = True) -> Path | None:
        """``d / name`` when it is present: a regular file inside the folder (a symbolic link
        is followed only when its target stays inside the folder; it is refused, unread,
        otherwise).  ``vis``: the file is read next (a step for ``fremdrift``)."""
        p = d / name
        if vis and fremdrift is not None:
            fremdrift(f"leser {name}")
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

    def opt(navn: str, aar: int | None, loader):  # noqa: ANN001, ANN202 - small local helper
        p = valg.fil(navn, aar)
        return loader(fil(p.name)) if p is not None else None

    oppsett = _oppsett(fil, d)
    t = opt("tildeling", ar, lambda p: load_tildeling(p, ar=ar))
    hovedbok = _hovedbok(fil, valg, fremdrift)
    note_c = _note_c(fil, valg)
    return Grunnlag(
        srapport=opt("srapport", ar, lambda p: load_srapport(p, ar=ar)),
        tildeling=t,
        srapport_fjor=opt("srapport", ar - 1, lambda p: load_srapport(p, ar=ar - 1)),
        tildeling_fjor=opt("tildeling", ar - 1, lambda p: load_tildeling(p, ar=ar - 1)),
        mellomvaerende_ib_fjor=opt("mellomvaerende_ib", None, load_mellomvaerende_ib),
        fullmakter=opt("fullmakter", ar, lambda p: load_fullmakter(p, ar=ar)),
        note_b_spec=note_b_spec,
        oppsett=oppsett,
        kontoplan=_kontoplan(oppsett),
        note_c=note_c,
        hovedbok=hovedbok,
        anleggsregister=opt("anleggsregister", None, load_anleggsregister),
        virksomhet=oppsett.virksomhet or (t.virksomhet if t else None),
        ekstra={"mappe": str(d)},
    )


def _hovedbok(fil, valg: Innfiler, fremdrift: Callable[[str], None] | None) -> Hovedbok | None:  # noqa: ANN001 - fil is last_mappe's helper
    """The SRS ledger of the year (and of the year before, beside it), each year as CSV, Excel,
    Parquet or SAF-T XML, with the opening balances of a ``saldobalanse_ib_ÅÅÅÅ`` file as its
    bilag IB."""
    ar = valg.ar
    if valg.fil("hovedbok", ar) is None:
        return None
    arene = [a for a in (ar - 1, ar) if valg.fil("hovedbok", a) is not None]
    stier = {a: fil(valg.fil("hovedbok", a).name, vis=len(arene) == 1) for a in arene}
    if len(arene) > 1 and fremdrift is not None:
        fremdrift("leser " + " og ".join(stier[a].name for a in arene))   # both years are read together
    tabeller = [stier[a] for a in arene if stier[a].suffix.lower() != ".xml"]
    deler = [load_hovedbok(tabeller)] if tabeller else []
    deler += [load_saft(stier[a]) for a in arene if stier[a].suffix.lower() == ".xml"]   # one file per year
    hovedbok = deler[0] if len(deler) == 1 else Hovedbok.samle(deler)
    for a in arene:
        p = valg.fil("saldobalanse_ib", a)
        if p is not None:
            hovedbok = med_inngaende_balanse(hovedbok, load_inngaende_balanse(fil(p.name), a))
    return hovedbok


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


def _note_c(fil, valg: Innfiler) -> NoteCInput | None:  # noqa: ANN001 - fil is last_mappe's helper
    """Note C input: from the contract register when there is one, else the typed-in YAML."""
    ar = valg.ar
    register = valg.fil("avtaler", ar)
    yaml_fil = valg.fil("note_c", ar)
    if register is not None and yaml_fil is not None:
        raise InputError(str(yaml_fil), None, None,
                         f"både avtaleregisteret {register} og den innskrevne noten {yaml_fil} finnes; "
                         f"Note C beregnes fra avtaleregisteret, så fjern {yaml_fil.name}")
    if register is not None:
        return til_note_c(load_avtaler(fil(register.name), ar))
    return load_note_c(fil(yaml_fil.name)) if yaml_fil is not None else None
