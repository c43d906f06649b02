"""The inputs of one årsregnskap (:class:`Grunnlag`): the S-rapport of the year and, where
given, of the prior year, tildeling, mellomværende at 1 January, fullmakter, the Note B and
Note C inputs, the SRS hovedbok and the asset register.  Built by the loaders
(:func:`imdi_ledger.load.mappe.last_mappe` for a folder) and read by
:func:`imdi_ledger.regnskap.beregn`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..kontoplan import Kontoplan
from ..tabell import Kolonne, Tabell
from .anleggsregister import Anleggsregister
from .fullmakter import Fullmakter
from .hovedbok import Hovedbok
from .note_c import NoteCInput
from .oppsett import NoteBSpec, Oppsett
from .srapport import Kilde, SRapport
from .tildeling import Tildeling

__all__ = ["Grunnlag"]


@dataclass(frozen=True, eq=False)
class Grunnlag:
    """Inputs of one årsregnskap.  ``mellomvaerende_ib_fjor`` is mellomværende at 1 January
    of the prior year (when ``srapport_fjor`` is given) or of this year (when it is not).
    ``oppsett`` holds the agency's conventions (``oppsett.yaml``; default the regulations');
    ``note_b_spec``, when given, takes precedence over its Note B base."""

    srapport: SRapport
    tildeling: Tildeling | None = None
    srapport_fjor: SRapport | None = None
    tildeling_fjor: Tildeling | None = None
    mellomvaerende_ib_fjor: pd.DataFrame | None = field(default=None, repr=False)
    kontoplan: Kontoplan | None = None
    fullmakter: Fullmakter | None = None
    note_b_spec: NoteBSpec | None = None
    note_c: NoteCInput | None = None
    hovedbok: Hovedbok | None = field(default=None, repr=False)
    anleggsregister: Anleggsregister | None = field(default=None, repr=False)
    virksomhet: str | None = None
    oppsett: Oppsett = field(default_factory=Oppsett)
    ekstra: dict[str, Any] = field(default_factory=dict, repr=False)
    _kilder: list[tuple[Kilde, ...]] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def ar(self) -> int:
        return self.srapport.ar

    def kilder(self) -> tuple[Kilde, ...]:
        """Every input file with rows read, SHA-256 and (for amount files) the sum of amounts:
        rows in = rows accounted for (principle 5).  Computed once (every output lists them; the
        files are hashed once)."""
        if not self._kilder:
            self._kilder.append(self._les_kilder())
        return self._kilder[0]

    def _les_kilder(self) -> tuple[Kilde, ...]:
        out: list[Kilde] = []
        if self.srapport_fjor is not None:
            out.extend(self.srapport_fjor.kilder)
        out.extend(self.srapport.kilder)
        if self.hovedbok is not None:
            per_fil = self.hovedbok.frame.groupby("_file", observed=True, sort=False)["belop_ore"].sum()
            for file, rows, sha in self.hovedbok.filer:
                out.append(Kilde(file, rows, sha, int(per_fil.get(file, 0))))
        if self.anleggsregister is not None:
            reg = self.anleggsregister
            out.append(Kilde(reg.file, len(reg.frame), reg.sha256, int(reg.frame["anskaffelseskost_ore"].sum())))
        ib = self.mellomvaerende_ib_fjor
        if ib is not None and len(ib) and "_file" in ib.columns:
            out.append(Kilde(str(ib["_file"].iloc[0]), len(ib), _sha256(str(ib["_file"].iloc[0])),
                             int(ib["belop_ore"].sum())))
        for t in (self.tildeling_fjor, self.tildeling):
            if t is not None:
                out.append(Kilde(t.kilde, len(t.poster), _sha256(t.kilde), int(t.poster["samlet_tildeling_ore"].sum())))
        nc = self.note_c
        if nc is not None and nc.fra_register:       # a contract register: rows and sum of årlig beløp
            out.append(Kilde(nc.file, nc.rader_lest, nc.sha256 or _sha256(nc.file), nc.sum_lest_ore))
        for other in (self.fullmakter, None if nc is not None and nc.fra_register else nc):
            file = getattr(other, "file", None)
            if file and not file.startswith("<"):
                out.append(Kilde(file, None, _sha256(file), None))
        for file in self.oppsett.filer():
            out.append(Kilde(file, None, _sha256(file), None))
        return tuple(out)

    def kilder_tabell(self) -> Tabell:
        """The input files as a table: each file named relative to the input folder (the full
        SHA-256 is in the workbook's Kilder sheet; the first 16 hex digits identify it here)."""
        rows = [{"line_id": f"kilde-{i}", "kind": "line", "fil": self.vist_navn(k.file),
                 "rader": "" if k.rader is None else str(k.rader),
                 "sum": k.sum_ore, "sha256": (k.sha256 or "")[:16]} for i, k in enumerate(self.kilder())]
        return Tabell.bygg("kilder", "Kilder (inndata)", [
            Kolonne("fil", "Fil"), Kolonne("rader", "Rader"), Kolonne("sum", "Sum beløp", True),
            Kolonne("sha256", "SHA-256, 16 tegn")], rows)

    def vist_navn(self, file: str) -> str:
        """An input file's name as printed: relative to the input folder (so the output of a
        folder does not depend on where the folder is); a name in angle brackets (a frame) as is."""
        if file.startswith("<"):
            return file
        mappe = self.ekstra.get("mappe")
        p = Path(file)
        if mappe:
            try:
                return p.resolve().relative_to(Path(mappe).resolve()).as_posix()
            except ValueError:
                pass
        return p.name


def _sha256(file: str) -> str | None:
    import hashlib
    from pathlib import Path

    p = Path(file)
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
