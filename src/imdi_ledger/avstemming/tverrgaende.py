"""Cross-agency checks: the rules that need several agencies' reports at once (a batch run of
many virksomheter, :mod:`imdi_ledger.batch`).

Statsregnskapet is the sum of the agencies' S-rapporter, and they must tie with each other: a
belastningsfullmakt given by one agency (R-115 Note B column d, *utgiftsført av andre etter avgitt
belastningsfullmakt*) is spent and reported by another on the giver's kapittel/post, and a
kapittel/post belongs to one agency unless a belastningsfullmakt lets another charge it.  The
felleskapitler (kap. 1633, 5309, 5700) are credited by every agency and are not owned by any.

The input is one :class:`Virksomhetstall` per agency: the figures the cross-agency rules need,
small and plain (picklable, so a batch run can compute them in worker processes or on a Dask
cluster and bring them home).  The rules are :data:`imdi_ledger.avstemming.regler.TVERRGAENDE_REGLER`
(``docs/checks.md``); each is called with a :class:`Konsern` instead of one agency's
:class:`~imdi_ledger.avstemming.aarsregnskap.Figurer`, and every finding names both agencies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from ..findings import Finding, Severity
from ..regelverk import FELLESKAPITTEL_NUMRE
from .kontroll import kr

if TYPE_CHECKING:  # pragma: no cover - type hints only
    from .kontroll import Regel

__all__ = ["Belastning", "PostTall", "Virksomhetstall", "Konsern", "mottakere", "eiere",
           "belastning_avstemt", "mottatt_uten_avgitt", "post_uten_fullmakt", "ulike_ar", "kontroller_konsern",
           "STATEMENT"]

#: The ``statement`` of every cross-agency finding.
STATEMENT = "Tverrgående kontroller"


@dataclass(frozen=True, slots=True)
class Belastning:
    """One belastningsfullmakt as an agency states it: avgitt (``belop_ore`` = utgiftsført av
    den andre) or mottatt (``belop_ore`` = brukt), with the other agency as written (``motpart``)
    and where it stands (the agency's own file, relative to its folder, and row)."""

    kapittel: str
    post: str
    motpart: str
    innvilget_ore: int
    belop_ore: int
    fil: str | None = None
    rad: int | None = None


@dataclass(frozen=True, slots=True)
class PostTall:
    """One kapittel/post of an agency's bevilgningsrapportering (øre; ``regnskap_ore`` as printed:
    utgift positive, inntekt received positive)."""

    kapittel: str
    post: str
    kapittelnavn: str | None
    posttekst: str | None
    type: str
    samlet_tildeling_ore: int
    regnskap_ore: int


@dataclass(frozen=True, slots=True)
class Virksomhetstall:
    """What the cross-agency checks and the consolidation need of one agency's report: its id
    (the batch folder's slug), name, year, posts, belastningsfullmakter and konsernkonto
    totals (``(kontotype, statskonto, belop_ore)``, debit positive as in the S-rapport)."""

    id: str
    navn: str | None
    ar: int
    netto_rapportert_ore: int
    poster: tuple[PostTall, ...] = ()
    avgitte: tuple[Belastning, ...] = ()
    mottatte: tuple[Belastning, ...] = ()
    konsernkonto: tuple[tuple[str, str, int], ...] = ()

    @property
    def visningsnavn(self) -> str:
        """``navn (id)``, or the id alone when the agency has no name."""
        return f"{self.navn} ({self.id})" if self.navn and self.navn != self.id else self.id

    def heter(self, navn: str) -> bool:
        """Whether ``navn`` (a ``til``/``fra`` in another agency's fullmakter) names this agency:
        its name or its folder id, ignoring case and surrounding space."""
        n = _norm(navn)
        return bool(n) and n in {_norm(self.id), _norm(self.navn or "")}

    def regnskap(self, kapittel: str, post: str) -> int:
        """The agency's regnskap on a kapittel/post (0 when it does not report it)."""
        return sum(p.regnskap_ore for p in self.poster if (p.kapittel, p.post) == (kapittel, post))


def _norm(tekst: str) -> str:
    return " ".join(str(tekst).split()).casefold()


@dataclass(frozen=True)
class Konsern:
    """The agencies of one batch run, in a fixed order (by id)."""

    virksomheter: tuple[Virksomhetstall, ...]

    @staticmethod
    def av(virksomheter: Iterable[Virksomhetstall]) -> "Konsern":
        return Konsern(tuple(sorted(virksomheter, key=lambda v: v.id)))

    def __iter__(self) -> Iterator[Virksomhetstall]:
        return iter(self.virksomheter)

    def finn(self, navn: str) -> Virksomhetstall | None:
        """The agency ``navn`` names (:meth:`Virksomhetstall.heter`); ``None`` when none or more
        than one does."""
        treff = [v for v in self.virksomheter if v.heter(navn)]
        return treff[0] if len(treff) == 1 else None


def _rapporterer(p: PostTall) -> bool:
    return p.regnskap_ore != 0 or p.samlet_tildeling_ore != 0


def mottakere(konsern: Konsern) -> dict[tuple[str, str], set[str]]:
    """Per kapittel/post, the agencies that charge it under a belastningsfullmakt: named in an
    avgitt fullmakt of another agency of the batch, or stating a mottatt fullmakt themselves."""
    ut: dict[tuple[str, str], set[str]] = defaultdict(set)
    for v in konsern:
        for b in v.avgitte:
            m = konsern.finn(b.motpart)
            if m is not None and m.id != v.id:
                ut[(b.kapittel, b.post)].add(m.id)
        for b in v.mottatte:
            ut[(b.kapittel, b.post)].add(v.id)
    return ut


def eiere(konsern: Konsern) -> dict[tuple[str, str], list[str]]:
    """Per kapittel/post reported in the batch (felleskapitler excepted), the agencies that
    report it as their own: every reporting agency that does not charge it under a
    belastningsfullmakt (:func:`mottakere`).  Normally one."""
    mott = mottakere(konsern)
    ut: dict[tuple[str, str], list[str]] = {}
    for v in konsern:
        for p in v.poster:
            key = (p.kapittel, p.post)
            if p.kapittel in FELLESKAPITTEL_NUMRE or not _rapporterer(p):
                continue
            ut.setdefault(key, [])
            if v.id not in mott.get(key, set()) and v.id not in ut[key]:
                ut[key].append(v.id)
    return ut


def _finding(regel: "Regel", *, linje: str, melding: str, forventet: int | None = None,
             faktisk: int | None = None, fil: str | None = None, rad: int | None = None,
             alvorlighet: Severity | None = None) -> Finding:
    diff = faktisk - forventet if faktisk is not None and forventet is not None else None
    return Finding(rule=regel.id, severity=alvorlighet or regel.alvorlighet, message=f"{linje}: {melding}",
                   statement=STATEMENT, line=linje, expected_ore=forventet, actual_ore=faktisk,
                   difference_ore=diff, tolerance_ore=0, reference=regel.kilde, file=fil, row=rad)


def _fil(v: Virksomhetstall, b: Belastning) -> str | None:
    return f"{v.id}/{b.fil}" if b.fil else None


def belastning_avstemt(konsern: Konsern, regel: "Regel") -> Iterable[Finding]:
    """Each avgitt belastningsfullmakt (agency A, post X, utgiftsført av andre) equals what the
    receiving agency B reports on post X: B's regnskap on the post (tolerance 0).  A receiver
    that is not in the batch is an observation (it cannot be checked)."""
    for a in konsern:
        gruppert: dict[tuple[str, str, str], list[Belastning]] = {}
        ukjente: list[Belastning] = []
        for b in a.avgitte:
            m = konsern.finn(b.motpart)
            if m is None or m.id == a.id:
                ukjente.append(b)
            else:
                gruppert.setdefault((b.kapittel, b.post, m.id), []).append(b)
        for b in ukjente:
            yield _finding(regel, linje=f"{b.kapittel} {b.post}", alvorlighet=Severity.INFO,
                           melding=(f"{a.visningsnavn} har avgitt belastningsfullmakt til «{b.motpart}», som ikke er "
                                    f"med i kjøringen (eller ikke entydig); utgiftsført {kr(b.belop_ore)} er ikke "
                                    "kontrollert mot mottakerens rapportering"),
                           fil=_fil(a, b), rad=b.rad)
        for (kap, post, mid), liste in sorted(gruppert.items()):
            mottaker = next(v for v in konsern if v.id == mid)
            oppgitt = sum(b.belop_ore for b in liste)
            rapportert = mottaker.regnskap(kap, post)
            if rapportert == oppgitt:
                continue
            yield _finding(regel, linje=f"{kap} {post}", forventet=oppgitt, faktisk=rapportert,
                           fil=_fil(a, liste[0]), rad=liste[0].rad,
                           melding=(f"{a.visningsnavn} oppgir utgiftsført av {mottaker.visningsnavn} etter avgitt "
                                    f"belastningsfullmakt {kr(oppgitt)}, men {mottaker.visningsnavn} rapporterer "
                                    f"{kr(rapportert)} på posten; differanse {kr(rapportert - oppgitt)}"))


def mottatt_uten_avgitt(konsern: Konsern, regel: "Regel") -> Iterable[Finding]:
    """A mottatt belastningsfullmakt from an agency of the batch that has no avgitt
    belastningsfullmakt on that post to the receiver."""
    for b_ag in konsern:
        for b in b_ag.mottatte:
            giver = konsern.finn(b.motpart)
            if giver is None or giver.id == b_ag.id:
                continue
            if any((x.kapittel, x.post) == (b.kapittel, b.post) and konsern.finn(x.motpart) is b_ag
                   for x in giver.avgitte):
                continue
            yield _finding(regel, linje=f"{b.kapittel} {b.post}", fil=_fil(b_ag, b), rad=b.rad,
                           melding=(f"{b_ag.visningsnavn} oppgir mottatt belastningsfullmakt fra "
                                    f"{giver.visningsnavn}, men {giver.visningsnavn} har ingen avgitt "
                                    f"belastningsfullmakt på posten til {b_ag.visningsnavn}"))


def post_uten_fullmakt(konsern: Konsern, regel: "Regel") -> Iterable[Finding]:
    """A kapittel/post (felleskapitler excepted) reported as their own by two or more agencies:
    no belastningsfullmakt lets the others charge it."""
    navn = {v.id: v.visningsnavn for v in konsern}
    for (kap, post), ids in sorted(eiere(konsern).items()):
        if len(ids) < 2:
            continue
        alle = [navn[i] for i in ids]
        yield _finding(regel, linje=f"{kap} {post}",
                       melding=(f"rapportert av både {', '.join(alle[:-1])} og {alle[-1]} uten belastningsfullmakt "
                                "(en post tilhører én virksomhet; andre kan bare belaste den etter avgitt "
                                "belastningsfullmakt)"))


def ulike_ar(konsern: Konsern, regel: "Regel") -> Iterable[Finding]:
    """The agencies of one batch report the same year; a consolidation over several years is
    not statsregnskapet of any year."""
    ar: dict[int, list[str]] = defaultdict(list)
    for v in konsern:
        ar[v.ar].append(v.id)
    if len(ar) < 2:
        return
    vanligst = max(sorted(ar), key=lambda a: len(ar[a]))
    for a in sorted(ar):
        if a == vanligst:
            continue
        yield _finding(regel, linje=str(a),
                       melding=(f"{', '.join(ar[a])} rapporterer året {a}, mens de fleste rapporterer {vanligst} "
                                "(konsolideringen summerer ulike år)"))


def kontroller_konsern(konsern: Konsern, regler: Sequence["Regel"] | None = None) -> list[Finding]:
    """Every cross-agency rule on the batch, in catalogue order."""
    if regler is None:
        from .regler import TVERRGAENDE_REGLER as regler
    return [f for r in regler for f in r(konsern)]  # type: ignore[arg-type]
