"""The state chart of accounts as the cash statements need it (R-102 standard kontoplan, R-115).

* :func:`klassifiser_statskonto` — the shape of a statskonto: ``kkkkpp`` (kapittel + post,
  bevilgning), ``60xxxx01`` / ``60xxxx02`` (konsernkonto i Norges Bank, innbetalinger /
  utbetalinger), ``70xxxx`` / ``71xxxx`` (mellomværende med statskassen).
* :class:`Kontoplan` — the shipped mapping of reporting artskonto (KS codes, 3 digits, or the
  4-digit underkontoer 1985/1986/1987) to the lines of the artskontorapportering and of the
  mellomværende overview.  The data files live in ``kontoplan/data/`` and are documented in
  ``docs/kontoplan.md``; the felleskapitler (their underkonto ranges, lines and kapittel/post
  names) are added from :data:`imdi_ledger.regelverk.FELLESKAPITLER`;
  :meth:`Kontoplan.med_overstyring` replaces or extends ranges from a user CSV with the same
  columns.
* :func:`ks_koder` — the KS codes of the state standard kontoplan (R-102) with their Norwegian
  names (``kontoplan/data/ks_koder.csv``): the codes an artskonto may take.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..regelverk import FELLESKAPITLER

__all__ = [
    "Kontoplan",
    "KONTOTYPER",
    "klassifiser_statskonto",
    "er_utgiftskapittel",
    "ks_koder",
    "standard_kontoplan",
]

KONTOTYPER = ("bevilgning", "kk_inn", "kk_ut", "mellomvaerende", "ukjent")
_MAX_KODE = 10000


def klassifiser_statskonto(statskonto: pd.Series) -> pd.Series:
    """Classify statskonto text: bevilgning, kk_inn, kk_ut, mellomvaerende or ukjent."""
    s = statskonto.astype("string").str.strip()
    out = pd.Series("ukjent", index=s.index, dtype="string")
    six = s.str.fullmatch(r"\d{6}").fillna(False)
    eight = s.str.fullmatch(r"\d{8}").fillna(False)
    mv = six & s.str.match(r"7[01]").fillna(False)
    out[six & ~mv & ~s.str.match(r"[6-9]").fillna(False)] = "bevilgning"
    out[mv] = "mellomvaerende"
    kk = eight & s.str.match(r"60").fillna(False)
    out[kk & s.str.endswith("01").fillna(False)] = "kk_inn"
    out[kk & s.str.endswith("02").fillna(False)] = "kk_ut"
    return out


def er_utgiftskapittel(kapittel: pd.Series) -> pd.Series:
    """Kapittel 0001–2999 are utgiftskapitler, 3000–5999 inntektskapitler (R-101)."""
    return kapittel.astype("int64") < 3000


def _read_data_csv(text: str, file: str, required: tuple[str, ...]) -> pd.DataFrame:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    frame = pd.read_csv(io.StringIO("\n".join(lines)), sep=";", dtype=str, keep_default_na=False)
    for c in required:
        if c not in frame.columns:
            raise InputError(file, 1, c, f"mangler kolonnen {c!r}")
    return frame


def _range_lookup(ranges: pd.DataFrame, file: str) -> np.ndarray:
    lookup = np.full(_MAX_KODE, "", dtype=object)
    r = ranges.copy()
    for col in ("fra", "til"):
        bad = ~r[col].str.fullmatch(r"\d{3,4}")
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(file, i + 2, col, f"{r[col].iloc[i]!r} er ikke en artskonto (3 eller 4 siffer)")
    r["fra_i"] = r["fra"].astype(int)
    r["til_i"] = r["til"].astype(int)
    r["bredde"] = r["til_i"] - r["fra_i"]
    for _, row in r.sort_values("bredde", ascending=False, kind="stable").iterrows():
        lookup[row["fra_i"] : row["til_i"] + 1] = row["linje"]
    return lookup


@dataclass(frozen=True, eq=False)
class Kontoplan:
    """Artskonto → statement line mapping (immutable; build a new one to override)."""

    artskonto: pd.DataFrame = field(repr=False)
    mellomvaerende: pd.DataFrame = field(repr=False)
    linjer: pd.DataFrame = field(repr=False)
    kapitler: pd.DataFrame = field(repr=False)
    _art_lookup: np.ndarray = field(repr=False)
    _mv_lookup: np.ndarray = field(repr=False)

    @staticmethod
    def bygg(artskonto: pd.DataFrame, mellomvaerende: pd.DataFrame, linjer: pd.DataFrame,
             kapitler: pd.DataFrame, kilde: str = "kontoplan") -> "Kontoplan":
        known = set(linjer["linje"]) | {"ikke_rapportert"}
        for name, frame in (("artskonto", artskonto), ("mellomvaerende", mellomvaerende)):
            unknown = sorted(set(frame["linje"]) - known)
            if unknown:
                raise InputError(kilde, None, "linje", f"{name}: ukjente linjer {unknown}")
        return Kontoplan(artskonto, mellomvaerende, linjer, kapitler,
                         _range_lookup(artskonto, kilde), _range_lookup(mellomvaerende, kilde))

    def med_overstyring(self, path: str | Path | pd.DataFrame, *, del_: str = "artskonto",
                        navn: str | None = None) -> "Kontoplan":
        """A copy where the ranges in a user CSV (``fra;til;linje;kilde``), or a frame with those
        columns (text; ``navn`` names it in errors), are added; being narrower or later, they win
        over the shipped ranges they overlap."""
        if isinstance(path, pd.DataFrame):
            kilde = navn or "<overstyring>"
            frame = path.astype(str).copy()
            for c in ("fra", "til", "linje"):
                if c not in frame.columns:
                    raise InputError(kilde, None, c, f"mangler kolonnen {c!r}")
        else:
            p = Path(path)
            kilde = str(p)
            frame = _read_data_csv(p.read_text(encoding="utf-8-sig"), kilde, ("fra", "til", "linje"))
        if "kilde" not in frame.columns:
            frame["kilde"] = kilde
        frame["kilde"] = frame["kilde"].where(frame["kilde"] != "", kilde)
        p = kilde
        if del_ == "artskonto":
            return Kontoplan.bygg(pd.concat([self.artskonto, frame], ignore_index=True),
                                  self.mellomvaerende, self.linjer, self.kapitler, str(p))
        if del_ == "mellomvaerende":
            return Kontoplan.bygg(self.artskonto, pd.concat([self.mellomvaerende, frame], ignore_index=True),
                                  self.linjer, self.kapitler, str(p))
        raise ValueError("del_ må være 'artskonto' eller 'mellomvaerende'")

    @staticmethod
    def _lookup(table: np.ndarray, artskonto: pd.Series, default: str) -> pd.Series:
        # once per distinct artskonto (a year has hundreds, not millions), then taken per row
        rad, unike = pd.factorize(artskonto.astype("string").fillna(""), sort=False)
        s = pd.Series(unike, dtype="string").str.strip()
        ok = s.str.fullmatch(r"\d{3,4}").fillna(False).to_numpy(dtype=bool)
        codes = np.zeros(len(s), dtype=np.int64)
        codes[ok] = s[ok].astype("int64").to_numpy()
        found = np.where(ok, table[codes], "")
        per_verdi = pd.Series(np.where(found == "", default, found), dtype="string")
        ut = per_verdi.take(rad) if len(rad) else pd.Series([], dtype="string")
        ut.index = artskonto.index
        return ut

    def artskonto_linje(self, artskonto: pd.Series) -> pd.Series:
        """Statement line of each artskonto; ``ikke_klassifisert`` when unmapped."""
        return self._lookup(self._art_lookup, artskonto, "ikke_klassifisert")

    def mellomvaerende_linje(self, artskonto: pd.Series) -> pd.Series:
        return self._lookup(self._mv_lookup, artskonto, "mv_ikke_klassifisert")


def standard_kontoplan() -> Kontoplan:
    """The shipped default mapping (``kontoplan/data/*.csv``)."""
    base = resources.files(__package__) / "data"

    def read(name: str, req: tuple[str, ...]) -> pd.DataFrame:
        return _read_data_csv((base / name).read_text(encoding="utf-8"), f"kontoplan/data/{name}", req)

    felles = FELLESKAPITLER
    artskonto = pd.concat([read("artskontolinjer.csv", ("fra", "til", "linje")), pd.DataFrame(
        {"fra": [f.underkonto for f in felles], "til": [f.underkonto for f in felles],
         "linje": [f.linje for f in felles], "kilde": [f.kilde for f in felles]})], ignore_index=True)
    linjer = read("linjer.csv", ("linje", "seksjon", "tekst", "fortegn"))
    # The felleskapitler lines print after tilskudd, before «Ikke klassifisert».
    ved = int(np.flatnonzero((linjer["seksjon"] == "ukjent").to_numpy())[0])
    felles_linjer = pd.DataFrame({"linje": [f.linje for f in felles], "seksjon": "felles",
                                  "tekst": [f.linjetekst for f in felles], "fortegn": [str(f.fortegn) for f in felles]})
    linjer = pd.concat([linjer.iloc[:ved], felles_linjer, linjer.iloc[ved:]], ignore_index=True)
    etter_kapittel = sorted(felles, key=lambda f: f.kapittel_post)
    kapitler = pd.DataFrame({"kapittel": [f.kapittel for f in etter_kapittel], "post": [f.post for f in etter_kapittel],
                             "kapittelnavn": [f.kapittelnavn for f in etter_kapittel],
                             "posttekst": [f.posttekst for f in etter_kapittel]})
    return Kontoplan.bygg(artskonto, read("mellomvaerendelinjer.csv", ("fra", "til", "linje")), linjer, kapitler,
                          "kontoplan/data")


def ks_koder() -> pd.DataFrame:
    """The KS codes of the state standard kontoplan (R-102), one row per code: ``kode`` (3 digits,
    or 4 for the underkontoer 1970–1999) and ``navn`` (the Norwegian name; «Reservert» for a code
    not in use), in the order of ``kontoplan/data/ks_koder.csv``."""
    name = "kontoplan/data/ks_koder.csv"
    text = (resources.files(__package__) / "data" / "ks_koder.csv").read_text(encoding="utf-8")
    frame = _read_data_csv(text, name, ("kode", "navn"))[["kode", "navn"]]
    bad = ~frame["kode"].str.fullmatch(r"\d{3,4}")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(name, None, "kode", f"{frame['kode'].iloc[i]!r} er ikke en KS-kode (3 eller 4 siffer)")
    if not frame["kode"].is_unique:
        raise InputError(name, None, "kode", "KS-koder står mer enn én gang: "
                         + ", ".join(sorted(set(frame["kode"][frame["kode"].duplicated()]))))
    return frame.reset_index(drop=True)
