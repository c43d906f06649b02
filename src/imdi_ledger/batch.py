"""The ``batch`` job: many agencies at once, with consolidation and cross-agency checks.

Every agency folder under a root (the ``--inndata`` layout, ``docs/formats.md``, with its own
``oppsett.yaml``) is run through the report job (:func:`imdi_ledger.rapport.lag_rapport`, the
code path of ``report --inndata``) into ``OUT/<id>/``, where ``id`` is a slug of the folder's name
(never a path or a name from the input data).  Each agency gives back a small, picklable
:class:`Virksomhetsresultat` (key figures, finding counts and the figures the cross-agency
checks need, :class:`~imdi_ledger.avstemming.tverrgaende.Virksomhetstall`); the consolidation
(:func:`konsolider`) is a pure reduction of those records:

* the bevilgningsregnskap of all agencies per kapittel/post: regnskap summed over every agency,
  samlet tildeling from the agencies that own the post (not from those that charge it under a
  belastningsfullmakt, which would count the bevilgning twice);
* the felleskapitler (kap. 1633, 5309, 5700) summed over every agency;
* the konsernkonto totals (innbetalinger, utbetalinger);
* the cross-agency rules (:data:`~imdi_ledger.avstemming.regler.TVERRGAENDE_REGLER`).

Execution (:func:`kjor_batch`): agencies run in parallel on local processes
(:class:`concurrent.futures.ProcessPoolExecutor`, ``workers``), or on a Dask distributed cluster
(``scheduler`` address or a ``dask.distributed.Client``), one task per agency and the
consolidation as one reduction task on the cluster.  The per-agency job and the reduction are the
same functions either way, so the output is the same bytes.  A failure in one agency (unreadable
input or an internal error) is reported for that agency; the others run on.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .avstemming.tverrgaende import Belastning, Konsern, PostTall, Virksomhetstall, eiere, kontroller_konsern, mottakere
from .errors import InputError
from .findings import ALVORLIGHET, Finding, Severity, antall, findings_json
from .rapport import MERKE, lag_rapport, skriv_atomisk, uten_tidsstempel
from .regelverk import FELLESKAPITTEL_NUMRE

__all__ = ["Virksomhetsresultat", "Konsolidering", "finn_virksomheter", "kjor_virksomhet", "konsolider",
           "kjor_batch", "skriv_batch", "lag_id", "OPPSUMMERING_KOLONNER", "BEVILGNING_KOLONNER",
           "FELLESKAP_KOLONNER", "KONSERNKONTO_KOLONNER", "oppsummering_tekst"]

#: matplotlib's pyplot (the plots of every report) keeps global state: on a worker with several
#: threads (a Dask worker) the agencies of that worker run one at a time.
_LAS = threading.Lock()


# --------------------------------------------------------------------------- agencies


def lag_id(navn: str) -> str:
    """A safe id for an agency folder: lower case ``a-z0-9`` and ``-`` (æ, ø, å as ae, o, a;
    other letters without their accents), at most 80 characters, never empty."""
    t = navn.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode("ascii")
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")[:80].strip("-")
    return t or "virksomhet"


def finn_virksomheter(rot: Path, *, utenom: Iterable[Path] = ()) -> list[tuple[str, Path]]:
    """The agency folders directly under ``rot`` as ``(id, folder)``, ordered by folder name:
    every sub-folder except hidden ones (``.name``) and output folders of imdi-ledger (with the
    marker file).  Two folders with the same slug get ``-2``, ``-3`` … in that order."""
    if not rot.is_dir():
        raise InputError(str(rot), None, None, "rotmappen finnes ikke eller er ikke en mappe")
    hopp = {p.resolve() for p in utenom}
    mapper = sorted((p for p in rot.iterdir() if p.is_dir() and not p.name.startswith(".")
                     and not (p / MERKE).is_file() and p.resolve() not in hopp), key=lambda p: p.name)
    brukt: set[str] = set()
    ut: list[tuple[str, Path]] = []
    for p in mapper:
        base = lag_id(p.name)
        vid, n = base, 1
        while vid in brukt:
            n += 1
            vid = f"{base}-{n}"
        brukt.add(vid)
        ut.append((vid, p))
    if not ut:
        raise InputError(str(rot), None, None, "ingen virksomhetsmapper i rotmappen (én undermappe per virksomhet, "
                                               "lagt ut som for report --inndata)")
    return ut


@dataclass(frozen=True, slots=True)
class Virksomhetsresultat:
    """One agency of a batch: ``status`` ``ok`` or ``feil`` (with ``melding``; ``innlesing`` when
    the input could not be read, as ``report``'s exit status 2), the key figures of its report,
    its finding counts and the figures the consolidation needs (``tall``)."""

    id: str
    mappe: str
    status: str
    melding: str | None = None
    innlesing: bool = False
    navn: str | None = None
    ar: int | None = None
    netto_rapportert_ore: int | None = None
    mer_mindreutgift_ore: int | None = None
    kongruensavvik_ore: int | None = None
    feil: int = 0
    advarsler: int = 0
    merknader: int = 0
    tall: Virksomhetstall | None = field(default=None, repr=False)


def _relativ(tekst: str, mappe: Path, navn: str) -> str:
    """An error message with the agency folder's path written as the folder's name."""
    for p in {str(mappe), str(mappe.absolute()), str(mappe.resolve())}:
        tekst = tekst.replace(p + os.sep, navn + "/").replace(p, navn)
    return tekst


def kjor_virksomhet(mappe: str, vid: str, ut: str | None = None, ar: int | None = None,
                    pdf: bool = True) -> Virksomhetsresultat:
    """The report job on one agency folder (written to ``ut/vid`` when ``ut`` is given) and the
    figures the batch needs from it.  Never raises on the agency's data: an unreadable input or
    an internal error is the result's ``status`` ``feil``."""
    d = Path(mappe)
    navn = d.name
    try:
        with _LAS:
            rapport = lag_rapport(inndata=d, ut=Path(ut) / vid if ut is not None else None, ar=ar, pdf=pdf)
        return _resultat(vid, navn, rapport)
    except InputError as exc:
        return Virksomhetsresultat(vid, navn, "feil", _relativ(str(exc), d, navn), innlesing=True)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - one agency's failure must not stop the others
        return Virksomhetsresultat(vid, navn, "feil", _relativ(f"intern feil ({type(exc).__name__}: {str(exc)[:200]}); "
                                                              "dette er en feil i imdi-ledger", d, navn),
                                   innlesing=True)


def _resultat(vid: str, navn: str, rapport: Any) -> Virksomhetsresultat:
    r = rapport.regnskap
    g = r.grunnlag
    p = r.bevilgning.poster
    utg = p[p["type"] == "utgift"]["merutgift_mindreutgift_ore"]
    poster = tuple(PostTall(str(x.kapittel), str(x.post), _tekst(x.kapittelnavn), _tekst(x.posttekst), str(x.type),
                            int(x.samlet_tildeling_ore), int(x.regnskap_ore)) for x in p.itertuples(index=False))
    fm = g.fullmakter
    avgitte = tuple(Belastning(b.kapittel, b.post, b.til, b.innvilget_ore, b.utgiftsfort_ore,
                               g.vist_navn(b.kilde.file), b.kilde.row) for b in (fm.avgitte if fm else ()))
    mottatte = tuple(Belastning(b.kapittel, b.post, b.fra, b.innvilget_ore, b.brukt_ore,
                                g.vist_navn(b.kilde.file), b.kilde.row) for b in (fm.mottatte if fm else ()))
    f = g.srapport.frame
    kk = f[f["kontotype"].isin(["kk_inn", "kk_ut"])].groupby(["kontotype", "statskonto"])["belop_ore"].sum()
    konsernkonto = tuple((str(t), str(s), int(v)) for (t, s), v in sorted(kk.items()))
    tall = Virksomhetstall(vid, g.virksomhet, r.ar, int(r.bevilgning.netto_rapportert_ore), poster, avgitte, mottatte,
                           konsernkonto)
    n = antall(rapport.findings)
    return Virksomhetsresultat(
        vid, navn, "ok", navn=g.virksomhet, ar=r.ar, netto_rapportert_ore=int(r.bevilgning.netto_rapportert_ore),
        mer_mindreutgift_ore=int(utg.dropna().astype("int64").sum()),
        kongruensavvik_ore=int(r.note_7a.kongruensavvik_ore) if r.note_7a is not None else None,
        feil=n[Severity.ERROR], advarsler=n[Severity.WARNING], merknader=n[Severity.INFO], tall=tall)


def _tekst(v: object) -> str | None:
    return v if isinstance(v, str) else None


# --------------------------------------------------------------------------- consolidation

#: The columns of each output table: (key, Norwegian header, kind: ``tekst``, ``tall`` or ``ore``).
OPPSUMMERING_KOLONNER: tuple[tuple[str, str, str], ...] = (
    ("virksomhet", "Virksomhet (id)", "tekst"), ("mappe", "Mappe", "tekst"), ("navn", "Navn", "tekst"),
    ("ar", "År", "tall"), ("status", "Status", "tekst"),
    ("netto_rapportert_ore", "Netto rapportert (øre)", "ore"),
    ("mer_mindreutgift_ore", "Merutgift(-)/mindreutgift (øre)", "ore"),
    ("kongruensavvik_ore", "Kongruensavvik (øre)", "ore"),
    ("feil", "Feil", "tall"), ("advarsler", "Advarsler", "tall"), ("merknader", "Merknader", "tall"),
    ("tverrgaende_funn", "Tverrgående funn", "tall"), ("melding", "Melding", "tekst"),
)
BEVILGNING_KOLONNER: tuple[tuple[str, str, str], ...] = (
    ("line_id", "Linje", "tekst"), ("kind", "Art", "tekst"), ("kapittel", "Kapittel", "tekst"),
    ("post", "Post", "tekst"), ("kapittelnavn", "Kapittelnavn", "tekst"), ("posttekst", "Posttekst", "tekst"),
    ("samlet_tildeling_ore", "Samlet tildeling (øre)", "ore"), ("regnskap_ore", "Regnskap 31.12 (øre)", "ore"),
    ("mer_mindre_ore", "Merutgift(-)/mindreutgift; merinntekt/mindreinntekt(-) (øre)", "ore"),
    ("eier", "Eier", "tekst"), ("belastet_av", "Belastet av (belastningsfullmakt)", "tekst"),
    ("virksomheter", "Antall virksomheter", "tall"),
)
FELLESKAP_KOLONNER: tuple[tuple[str, str, str], ...] = (
    ("kapittel", "Kapittel", "tekst"), ("post", "Post", "tekst"), ("kapittelnavn", "Kapittelnavn", "tekst"),
    ("posttekst", "Posttekst", "tekst"), ("type", "Type", "tekst"), ("regnskap_ore", "Regnskap 31.12 (øre)", "ore"),
    ("virksomheter", "Antall virksomheter", "tall"),
)
KONSERNKONTO_KOLONNER: tuple[tuple[str, str, str], ...] = (
    ("line_id", "Linje", "tekst"), ("kind", "Art", "tekst"), ("tekst", "Tekst", "tekst"),
    ("belop_ore", "Beløp (øre, S-rapportens fortegn)", "ore"), ("kontoer", "Antall konsernkontoer", "tall"),
    ("virksomheter", "Antall virksomheter", "tall"),
)

_KK_TEKST = {"kk_inn": "Konsernkonto innbetalinger", "kk_ut": "Konsernkonto utbetalinger"}


@dataclass(frozen=True)
class Konsolidering:
    """The result of a batch: every agency's record (ordered by id), the summary table, the
    consolidated bevilgningsregnskap, felleskapitler and konsernkonto rows, and the findings of
    the cross-agency rules."""

    resultater: tuple[Virksomhetsresultat, ...]
    oppsummering: tuple[dict[str, Any], ...]
    bevilgning: tuple[dict[str, Any], ...]
    felleskapitler: tuple[dict[str, Any], ...]
    konsernkonto: tuple[dict[str, Any], ...]
    funn: tuple[Finding, ...]

    @property
    def har_feil(self) -> bool:
        """A finding of severity error in any agency's report or among the cross-agency findings."""
        return any(r.feil for r in self.resultater) or any(f.severity == Severity.ERROR for f in self.funn)

    @property
    def innlesingsfeil(self) -> bool:
        """Some agency's input could not be read (or its run failed)."""
        return any(r.innlesing for r in self.resultater)

    def linje(self, line_id: str) -> dict[str, Any]:
        """A row of the consolidated bevilgningsregnskap by line id (``U-0670-01``,
        ``sum_utgiftsfort``, ``netto_rapportert``)."""
        return next(r for r in self.bevilgning if r["line_id"] == line_id)


def _linje_id(kap: str, post: str) -> str:
    return f"{'U' if int(kap) < 3000 else 'I'}-{kap}-{post}"


def konsolider(resultater: Sequence[Virksomhetsresultat]) -> Konsolidering:
    """The reduction of a batch: a pure function of the agencies' records (in any order)."""
    res = tuple(sorted(resultater, key=lambda r: r.id))
    konsern = Konsern.av(r.tall for r in res if r.tall is not None)
    funn = tuple(kontroller_konsern(konsern))
    eier = eiere(konsern)
    mott = mottakere(konsern)
    poster: dict[tuple[str, str], list[tuple[str, PostTall]]] = {}
    for v in konsern:
        for p in v.poster:
            poster.setdefault((p.kapittel, p.post), []).append((v.id, p))
    linjer: list[dict[str, Any]] = []
    for (kap, post), liste in sorted(poster.items(), key=lambda kv: (int(kv[0][0]) >= 3000, kv[0])):
        felles = kap in FELLESKAPITTEL_NUMRE
        eiere_her = eier.get((kap, post), [])
        navnekilde = next((p for vid, p in liste if vid in eiere_her), liste[0][1])
        # samlet tildeling from the post's owners (felleskapitler: every agency's own line)
        tildeling = sum(p.samlet_tildeling_ore for vid, p in liste if felles or vid in eiere_her or
                        vid not in mott.get((kap, post), set()))
        regnskap = sum(p.regnskap_ore for _, p in liste)
        utgift = int(kap) < 3000
        mer: int | None = tildeling - regnskap if utgift else regnskap - tildeling
        if felles or (not utgift and tildeling == 0):
            mer = None
        linjer.append({
            "line_id": _linje_id(kap, post), "kind": "line", "kapittel": kap, "post": post,
            "kapittelnavn": navnekilde.kapittelnavn, "posttekst": navnekilde.posttekst,
            "type": "utgift" if utgift else "inntekt",
            "samlet_tildeling_ore": tildeling, "regnskap_ore": regnskap, "mer_mindre_ore": mer,
            "eier": "; ".join(eiere_her) or None,
            "belastet_av": "; ".join(sorted(mott.get((kap, post), set()))) or None,
            "virksomheter": len({vid for vid, _ in liste}),
        })

    def summer(type_: str, lid: str, tekst: str) -> dict[str, Any]:
        rader = [x for x in linjer if x["type"] == type_]
        mer = [x["mer_mindre_ore"] for x in rader if x["mer_mindre_ore"] is not None]
        return {"line_id": lid, "kind": "sum", "kapittel": None, "post": None, "kapittelnavn": tekst,
                "posttekst": None, "type": type_, "samlet_tildeling_ore": sum(x["samlet_tildeling_ore"] for x in rader),
                "regnskap_ore": sum(x["regnskap_ore"] for x in rader), "mer_mindre_ore": sum(mer) if mer else None,
                "eier": None, "belastet_av": None, "virksomheter": len(konsern.virksomheter)}

    su = summer("utgift", "sum_utgiftsfort", "Sum utgiftsført")
    si = summer("inntekt", "sum_inntektsfort", "Sum inntektsført")
    netto = {**{k: None for k in su}, "line_id": "netto_rapportert", "kind": "netto",
             "kapittelnavn": "Netto rapportert til bevilgningsregnskapet",
             "regnskap_ore": su["regnskap_ore"] - si["regnskap_ore"], "virksomheter": len(konsern.virksomheter)}
    bevilgning = tuple({k: x.get(k) for k, _, _ in BEVILGNING_KOLONNER} for x in [*linjer, su, si, netto])

    felleskap = tuple({"kapittel": x["kapittel"], "post": x["post"], "kapittelnavn": x["kapittelnavn"],
                       "posttekst": x["posttekst"], "type": x["type"], "regnskap_ore": x["regnskap_ore"],
                       "virksomheter": x["virksomheter"]} for x in linjer if x["kapittel"] in FELLESKAPITTEL_NUMRE)

    kk: dict[str, list[tuple[str, str, int]]] = {}
    for v in konsern:
        for t, s, b in v.konsernkonto:
            kk.setdefault(t, []).append((v.id, s, b))
    konsernkonto: list[dict[str, Any]] = []
    for t in ("kk_inn", "kk_ut"):
        rader = kk.get(t, [])
        konsernkonto.append({"line_id": t, "kind": "line", "tekst": _KK_TEKST[t], "belop_ore": sum(b for _, _, b in rader),
                             "kontoer": len({(vid, s) for vid, s, _ in rader}),
                             "virksomheter": len({vid for vid, _, _ in rader})})
    alle = [x for rader in kk.values() for x in rader]
    konsernkonto.append({"line_id": "sum_konsernkonto", "kind": "sum", "tekst": "Sum konsernkontoer",
                         "belop_ore": sum(b for _, _, b in alle), "kontoer": len({(vid, s) for vid, s, _ in alle}),
                         "virksomheter": len({vid for vid, _, _ in alle})})

    tverr: dict[str, int] = {}
    for f in funn:
        for r in res:
            if r.tall is not None and re.search(rf"(?<![\w-]){re.escape(r.tall.visningsnavn)}(?![\w-])", f.message):
                tverr[r.id] = tverr.get(r.id, 0) + 1
    oppsummering = tuple({
        "virksomhet": r.id, "mappe": r.mappe, "navn": r.navn, "ar": r.ar, "status": r.status,
        "netto_rapportert_ore": r.netto_rapportert_ore, "mer_mindreutgift_ore": r.mer_mindreutgift_ore,
        "kongruensavvik_ore": r.kongruensavvik_ore, "feil": r.feil, "advarsler": r.advarsler,
        "merknader": r.merknader, "tverrgaende_funn": tverr.get(r.id, 0), "melding": r.melding,
    } for r in res)
    return Konsolidering(res, oppsummering, bevilgning, felleskap, tuple(konsernkonto), funn)


# --------------------------------------------------------------------------- execution


def kjor_batch(rot: str | Path, ut: str | Path | None = None, *, ar: int | None = None, workers: int | None = None,
               scheduler: str | None = None, client: Any = None, pdf: bool = True) -> Konsolidering:
    """Every agency folder under ``rot`` (:func:`finn_virksomheter`) through the report job, then
    the consolidation and the cross-agency rules.  With ``ut``, every agency's report goes to
    ``ut/<id>/`` and the batch's tables beside them (:func:`skriv_batch`), written atomically:
    ``ut`` is replaced only when the whole batch has run.

    Execution: on local processes (``workers``, default the number of CPUs; 1 runs in this
    process), or on a Dask distributed cluster given as ``client`` (a ``dask.distributed.Client``)
    or ``scheduler`` (its address).  The agencies' folders and ``ut`` must then be on storage the
    cluster's workers see.  The result does not depend on how it ran.  ``pdf=False`` leaves each
    agency's PDF out."""
    rot = Path(rot)
    if workers is not None and workers < 1:
        raise InputError("--workers", None, None, "antall arbeidsprosesser må være minst 1")
    if client is None and scheduler is not None:
        client = _dask_klient(scheduler)
        eier_klient = True
    else:
        eier_klient = False
    try:
        jobber = finn_virksomheter(rot, utenom=[Path(ut)] if ut is not None else [])
        if ut is None:
            return _kjor(jobber, None, ar, workers, client, pdf)
        resultat: list[Konsolidering] = []

        def skriv(ny: Path) -> None:
            k = _kjor(jobber, ny, ar, workers, client, pdf)
            skriv_batch(k, ny)
            resultat.append(k)

        skriv_atomisk(Path(ut), skriv)
        return resultat[0]
    finally:
        if eier_klient:
            client.close()


def _dask_klient(scheduler: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError("--scheduler", None, None, "kjøring på en Dask-klynge krever dask og distributed: "
                                                    "pip install 'imdi-ledger[dask]'") from None
    try:
        return Client(scheduler, timeout=30)
    except OSError as exc:
        raise InputError("--scheduler", None, None, f"får ikke kontakt med Dask-scheduleren {scheduler!r} "
                                                    f"({exc})") from None


def _kjor(jobber: Sequence[tuple[str, Path]], ny: Path | None, ar: int | None, workers: int | None,
          client: Any, pdf: bool = True) -> Konsolidering:
    args = [(str(p), vid, str(ny) if ny is not None else None, ar, pdf) for vid, p in jobber]
    if client is not None:
        futures = client.map(kjor_virksomhet, *zip(*args), pure=False)
        return client.submit(konsolider, futures, pure=False).result()
    n = min(workers or os.cpu_count() or 1, len(args))
    if n <= 1:
        return konsolider([kjor_virksomhet(*a) for a in args])
    resultater: list[Virksomhetsresultat] = []
    with ProcessPoolExecutor(max_workers=n) as pool:
        futures = [(a, pool.submit(kjor_virksomhet, *a)) for a in args]
        for a, fut in futures:
            try:
                resultater.append(fut.result())
            except Exception as exc:  # noqa: BLE001 - a worker process that died
                resultater.append(Virksomhetsresultat(a[1], Path(a[0]).name, "feil",
                                                      f"arbeidsprosessen stoppet ({type(exc).__name__})",
                                                      innlesing=True))
    return konsolider(resultater)


# --------------------------------------------------------------------------- output


def _csv(rader: Sequence[dict[str, Any]], kolonner: Sequence[tuple[str, str, str]]) -> str:
    from .render.csv import noytraliser

    linjer = [";".join(k for k, _, _ in kolonner)]
    for r in rader:
        celler = []
        for k, _, art in kolonner:
            v = r.get(k)
            if v is None:
                celler.append("")
            elif art in ("ore", "tall"):
                celler.append(str(int(v)))
            else:
                celler.append('"' + noytraliser(str(v)).replace('"', '""') + '"')
        linjer.append(";".join(celler))
    return "\n".join(linjer) + "\n"


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def oppsummering_tekst(k: Konsolidering) -> str:
    """The summary table as text (one line per agency), and the consolidated totals."""
    rader = [("Virksomhet", "År", "Status", "Netto rapportert", "Mer-/mindreutgift", "Kongruensavvik",
              "Feil", "Adv.", "Merkn.")]
    for r in k.oppsummering:
        rader.append((r["virksomhet"], str(r["ar"] or ""), r["status"], _kr(r["netto_rapportert_ore"]),
                      _kr(r["mer_mindreutgift_ore"]), _kr(r["kongruensavvik_ore"]), str(r["feil"]),
                      str(r["advarsler"]), str(r["merknader"])))
    bredde = [max(len(x[i]) for x in rader) for i in range(len(rader[0]))]
    ut = io.StringIO()
    ut.write(f"Samlekjøring: {len(k.resultater)} virksomheter\n\n")
    for i, x in enumerate(rader):
        ut.write("  ".join(c.ljust(bredde[j]) if j < 3 else c.rjust(bredde[j]) for j, c in enumerate(x)).rstrip() + "\n")
        if i == 0:
            ut.write("  ".join("-" * b for b in bredde) + "\n")
    for r in k.oppsummering:
        if r["melding"]:
            ut.write(f"\n{r['virksomhet']}: {r['melding']}")
    if any(r["melding"] for r in k.oppsummering):
        ut.write("\n")
    ut.write("\nKonsolidert bevilgningsregnskap (kroner)\n")
    for lid in ("sum_utgiftsfort", "sum_inntektsfort", "netto_rapportert"):
        x = k.linje(lid)
        ut.write(f"  {x['kapittelnavn']:<45} {_kr(x['regnskap_ore']):>20}\n")
    for x in k.felleskapitler:
        ut.write(f"  Kap. {x['kapittel']} post {x['post']} {x['posttekst'] or '':<28} {_kr(x['regnskap_ore']):>20}\n")
    for x in k.konsernkonto:
        ut.write(f"  {x['tekst']:<45} {_kr(x['belop_ore']):>20}\n")
    return ut.getvalue()


def _kr(ore: int | None) -> str:
    from .money import format_ore

    return "" if ore is None else format_ore(ore)


def skriv_batch(k: Konsolidering, mappe: Path) -> None:
    """The batch's own files in ``mappe`` (beside the agencies' folders): ``oppsummering.csv``
    and ``.json``, ``konsolidert_bevilgning.csv``, ``konsolidert_felleskapitler.csv``,
    ``konsolidert_konsernkonto.csv``, ``konsolidert.json`` (all of them), ``funn_tverrgaende.json``,
    ``samlekjoring.txt`` and the workbook ``samlekjoring.xlsx``.  Deterministic bytes."""
    (mappe / "oppsummering.csv").write_text(_csv(k.oppsummering, OPPSUMMERING_KOLONNER), encoding="utf-8")
    (mappe / "oppsummering.json").write_text(_json(list(k.oppsummering)), encoding="utf-8")
    (mappe / "konsolidert_bevilgning.csv").write_text(_csv(k.bevilgning, BEVILGNING_KOLONNER), encoding="utf-8")
    (mappe / "konsolidert_felleskapitler.csv").write_text(_csv(k.felleskapitler, FELLESKAP_KOLONNER), encoding="utf-8")
    (mappe / "konsolidert_konsernkonto.csv").write_text(_csv(k.konsernkonto, KONSERNKONTO_KOLONNER), encoding="utf-8")
    (mappe / "funn_tverrgaende.json").write_text(findings_json(k.funn), encoding="utf-8")
    (mappe / "konsolidert.json").write_text(_json({
        "virksomheter": len(k.resultater), "ar": sorted({r.ar for r in k.resultater if r.ar is not None}),
        "bevilgning": list(k.bevilgning), "felleskapitler": list(k.felleskapitler),
        "konsernkonto": list(k.konsernkonto), "funn": json.loads(findings_json(k.funn)),
    }), encoding="utf-8")
    (mappe / "samlekjoring.txt").write_text(oppsummering_tekst(k), encoding="utf-8")
    for r in k.resultater:
        if r.status != "ok":
            d = mappe / r.id
            d.mkdir(exist_ok=True)
            (d / "feil.txt").write_text(f"{r.mappe}: {r.melding}\n", encoding="utf-8")
    _arbeidsbok(k, mappe / "samlekjoring.xlsx")


def _arbeidsbok(k: Konsolidering, path: Path) -> None:
    from .render.samlekjoring import skriv_samlebok

    funn = [{"regel": f.rule, "alvorlighet": ALVORLIGHET[f.severity], "linje": f.line, "melding": f.message,
             "forventet_ore": f.expected_ore, "faktisk_ore": f.actual_ore, "differanse_ore": f.difference_ore,
             "fil": f.file, "rad": f.row} for f in k.funn]
    funn_kol = (("regel", "Regel", "tekst"), ("alvorlighet", "Alvorlighet", "tekst"), ("linje", "Kapittel/post", "tekst"),
                ("melding", "Melding", "tekst"), ("forventet_ore", "Forventet (øre)", "ore"),
                ("faktisk_ore", "Faktisk (øre)", "ore"), ("differanse_ore", "Differanse (øre)", "ore"),
                ("fil", "Fil", "tekst"), ("rad", "Rad", "tall"))
    skriv_samlebok((("Oppsummering", k.oppsummering, OPPSUMMERING_KOLONNER),
                    ("Bevilgning", k.bevilgning, BEVILGNING_KOLONNER),
                    ("Felleskapitler", k.felleskapitler, FELLESKAP_KOLONNER),
                    ("Konsernkonto", k.konsernkonto, KONSERNKONTO_KOLONNER),
                    ("Tverrgående funn", funn, funn_kol)), path)
    uten_tidsstempel(path)
