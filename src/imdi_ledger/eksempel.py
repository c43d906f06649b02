"""The bundled worked examples: a reconstructed IMDi 2024–2025 input dataset
(``examples/imdi-2025/``, documented in its README), and a small invented agency checkable by
hand (``examples/statlig-gebyr-2025/``: gebyrer under a merinntektsfullmakt, opening balances
only, no published årsregnskap).  Every figure computed from it is
computed by the library; the files are input data only.

Beside the inputs, ``publisert/aarsregnskap_2025.yaml`` holds the årsregnskap as IMDi printed
it (the format of ``docs/verify.md``): the figures the computed statements are compared with,
and the input of ``imdi-ledger verify``.  :func:`publisert_fil` finds it; the folder loader
does not read it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from .errors import InputError
from .load.grunnlag import Grunnlag
from .load.mappe import last_mappe

__all__ = ["EKSEMPLER", "eksempel_mappe", "last_eksempel", "last_mappe", "publisert_fil"]

EKSEMPLER = ("imdi-2025", "statlig-gebyr-2025")


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


def publisert_fil(navn: str = "imdi-2025") -> Path:
    """The published årsregnskap of a bundled example (``publisert/aarsregnskap_ÅÅÅÅ.yaml`` in its
    folder; ``docs/verify.md`` describes the format, ``avstemming.load_aarsregnskap`` reads it)."""
    mappe = eksempel_mappe(navn) / "publisert"
    filer = sorted(mappe.glob("aarsregnskap_*.yaml"))
    if not filer:
        raise InputError(str(mappe), None, None, "finner ikke publisert årsregnskap (aarsregnskap_ÅÅÅÅ.yaml)")
    return filer[-1]


def last_eksempel(navn: str = "imdi-2025", *, ar: int | None = None,
                  fremdrift: Callable[[str], None] | None = None) -> Grunnlag:
    """Load the example's inputs for its last year, or for ``ar`` (with the prior year for
    comparison): exactly :func:`last_mappe` of its folder.  Its conventions (IMDi computed the 5 %
    cap of Note B on samlet tildeling, prints Note 7B in its own layout, …) are in the folder's
    ``oppsett.yaml`` (``docs/oppsett.md``), as any agency's would be."""
    return last_mappe(eksempel_mappe(navn), ar, fremdrift=fremdrift)
