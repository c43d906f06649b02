"""Hypothesis strategies over the agency-year simulator: years, simulation specs with
posts and fullmakter, single economic events booked by the rules of R-115 / SRS 10
(:mod:`imdi_ledger.testing.hendelser`), CSV dialects, and tildeling dicts.

``hypothesis`` is imported when a strategy is built, so the library itself runs without it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .generatorer import DIALEKTER, Dialekt
from .hendelser import (
    ANLEGGSGRUPPER,
    BruktBelastningsfullmakt,
    ForskuddsbetaltLeie,
    Gebyr,
    Gruppeliv,
    Hendelse,
    Innkreving,
    Investering,
    Leverandorfaktura,
    Lonn,
    Sykepengerefusjon,
    TilbakebetalingTilskudd,
    Tilskudd,
)
from .simulator import STANDARD_POSTER, SimuleringsSpec

if TYPE_CHECKING:  # pragma: no cover
    from hypothesis.strategies import SearchStrategy

__all__ = ["ar", "belop_ore", "dato_i", "hendelse", "hendelser", "spec", "dialekt", "tildeling"]


def _st() -> Any:
    from hypothesis import strategies as st

    return st


def ar() -> "SearchStrategy[int]":
    """Budget years."""
    return _st().integers(min_value=2015, max_value=2035)


def belop_ore(maks_kr: int = 5_000_000, *, store: bool = True) -> "SearchStrategy[int]":
    """A positive amount in øre (1 øre .. ``maks_kr`` kroner); with ``store`` also amounts just
    beyond 2^53 øre, where a float no longer tells every øre apart, so a property over them
    fails on any øre lost through float."""
    st = _st()
    vanlig = st.integers(min_value=1, max_value=maks_kr * 100)
    if not store:
        return vanlig
    return st.one_of(vanlig, st.integers(min_value=2**53 + 1, max_value=2**53 + 10**6))


def dato_i(ar: int) -> "SearchStrategy[date]":
    """A date in ``ar`` (days 1–28, so every month is valid)."""
    st = _st()
    return st.builds(date, st.just(ar), st.integers(1, 12), st.integers(1, 28))


_ARTER = ("630", "642", "673", "675", "680", "686", "713")


def hendelse(ar: int, ident: str = "E") -> "SearchStrategy[Hendelse]":
    """One event dated in ``ar`` (settlements may fall in January of ``ar + 1``), of any
    kind the simulator knows, on the posts of :data:`STANDARD_POSTER`."""
    st = _st()

    @st.composite
    def _one(draw: Any) -> Hendelse:
        i = f"{ident}{draw(st.integers(0, 10**6))}"
        d = draw(dato_i(ar))
        kind = draw(st.sampled_from((
            "lonn", "sykepenger", "faktura", "leie", "investering", "tilskudd", "innkreving",
            "tilbakebetaling", "gruppeliv", "belastningsfullmakt", "gebyr")))
        n = draw(belop_ore())
        if kind == "lonn":
            return Lonn.fra_brutto(i, d, n)
        if kind == "sykepenger":
            return Sykepengerefusjon(i, d, n)
        if kind == "faktura":
            betalt = draw(st.one_of(st.none(), st.integers(0, 60)))
            bd = None if betalt is None else date.fromordinal(d.toordinal() + betalt)
            mva = draw(st.sampled_from((0, n // 4)))
            return Leverandorfaktura(i, d, bd, draw(st.sampled_from(_ARTER)), n, mva,
                                     "0670", draw(st.sampled_from(("01", "21"))))
        if kind == "leie":
            return ForskuddsbetaltLeie(i, d, date(ar, d.month, 1), draw(st.integers(1, 12)), n)
        if kind == "investering":
            g = draw(st.sampled_from(sorted(ANLEGGSGRUPPER)))
            # an under-utførelse group is never in use; others may still be under utførelse
            ibruk = None if ANLEGGSGRUPPER[g].under_utforelse == g else draw(st.sampled_from((d, None)))
            return Investering(i, d, d, g, n, draw(st.integers(1, 10)), ibruk, n // 4)
        if kind == "tilskudd":
            p = draw(st.sampled_from([p for p in STANDARD_POSTER if "60" <= p.post <= "89"]))
            return Tilskudd(i, d, p.kapittel, p.post, n)
        if kind == "innkreving":
            return Innkreving(i, d, n, draw(st.sampled_from(("840", "842", "847", "848"))))
        if kind == "tilbakebetaling":
            return TilbakebetalingTilskudd(i, d, n)
        if kind == "gruppeliv":
            return Gruppeliv(i, d, n)
        if kind == "gebyr":
            return Gebyr(i, d, n, "3670", "01", draw(st.sampled_from(("370", "371", "372", "373", "374"))))
        return BruktBelastningsfullmakt(i, d, "0601", "21", "673", n, n // 4)

    return _one()


def hendelser(ar: int, *, min_size: int = 1, max_size: int = 12, ident: str = "E") -> "SearchStrategy[list[Hendelse]]":
    """Lists of events with distinct ids (so bilag numbers never collide)."""
    st = _st()
    return st.lists(hendelse(ar, ident), min_size=min_size, max_size=max_size,
                    unique_by=lambda h: h.id)


def spec(*, max_ansatte: int = 60, med: tuple[str, ...] = ()) -> "SearchStrategy[SimuleringsSpec]":
    """Simulation specs: year, seed, size, and which optional posts (and so which
    fullmakter: mottatt belastningsfullmakt, «kan overføres», overslagsbevilgning) exist.
    ``med``: statskontoer of :data:`STANDARD_POSTER` every spec has (``"067045"``: the
    investment post, so the asset register is never empty)."""
    st = _st()
    drift = next(p for p in STANDARD_POSTER if p.post == "01")
    ukjente = set(med) - {p.statskonto for p in STANDARD_POSTER}
    if ukjente:
        raise ValueError(f"ukjente statskontoer i med: {sorted(ukjente)}")
    faste = tuple(p for p in STANDARD_POSTER if p.statskonto in med and p is not drift)
    valgfrie = [p for p in STANDARD_POSTER if p is not drift and p not in faste]

    @st.composite
    def _spec(draw: Any) -> SimuleringsSpec:
        poster = (drift,) + faste + tuple(draw(st.lists(st.sampled_from(valgfrie), unique=True,
                                                        max_size=len(valgfrie))))
        return SimuleringsSpec(ar=draw(ar()), seed=draw(st.integers(0, 2**31 - 1)),
                               antall_ansatte=draw(st.integers(1, max_ansatte)),
                               tilskudd_mnok=draw(st.integers(0, 500)), poster=poster)

    return _spec()


def dialekt() -> "SearchStrategy[Dialekt]":
    """Every CSV dialect the loaders accept."""
    return _st().sampled_from(DIALEKTER)


def tildeling(ar_: int | None = None) -> "SearchStrategy[dict[str, Any]]":
    """Tildeling dicts (YAML shape of ``load_tildeling``) over random posts and stikkord,
    whole kroner."""
    st = _st()
    post = st.builds(
        lambda p, overfort, arets: {"kapittel": p.kapittel, "post": p.post, "kapittelnavn": p.kapittelnavn,
                                    "posttekst": p.posttekst, "overfort_fra_i_fjor": overfort,
                                    "arets_tildeling": arets, "stikkord": p.stikkord},
        st.sampled_from(STANDARD_POSTER), st.integers(0, 10**8), st.integers(0, 10**10))
    return st.builds(
        lambda a, ps: {"ar": a, "virksomhet": "Simulert direktorat", "poster": ps},
        st.just(ar_) if ar_ is not None else ar(),
        st.lists(post, min_size=1, max_size=len(STANDARD_POSTER), unique_by=lambda d: (d["kapittel"], d["post"])))


