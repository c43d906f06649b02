"""Hypothesis properties of the SRS statements over generated balanced ledgers."""

from datetime import date

import pandas as pd
from hypothesis import given, settings, strategies as st

from imdi_ledger.load.anleggsregister import load_anleggsregister
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.srs import anleggsnoter, load_anleggsgrupper, load_kontoplan, virksomhetsregnskap
from imdi_ledger.srs.oppstilling import presentert

KP = load_kontoplan()
KONTI = ["1040", "1070", "1250", "1500", "1540", "1700", "1930", "1940", "2400", "2600", "2940",
         "2960", "1985", "1986", "1987", "3000", "3400", "5000", "5080", "5400", "6000", "6300",
         "6420", "6700", "8050", "8150", "8400", "8700", "8550"]
BALANSE = [k for k in KONTI if k[0] in "12"]


@st.composite
def bilag(draw, nr: int, ar: int):
    n = draw(st.integers(2, 4))
    konti = draw(st.lists(st.sampled_from(KONTI), min_size=n, max_size=n))
    belop = draw(st.lists(st.integers(-10**9, 10**9), min_size=n - 1, max_size=n - 1))
    belop.append(-sum(belop))
    dag = date(ar, draw(st.integers(1, 12)), draw(st.integers(1, 28))).isoformat()
    kap = draw(st.sampled_from(["0671", "0672"]))
    return [{"bilag": f"{ar}-{nr}", "dato": dag, "konto": k, "belop_ore": b,
             "kapittel": kap if k.startswith(("87", "85")) else "", "post": "60" if k.startswith(("87", "85")) else ""}
            for k, b in zip(konti, belop)]


@st.composite
def hovedbok(draw):
    rows = []
    ib = draw(st.lists(st.integers(-10**8, 10**8), min_size=len(BALANSE) - 1, max_size=len(BALANSE) - 1))
    ib.append(-sum(ib))
    rows += [{"bilag": "IB", "dato": "2024-01-01", "konto": k, "belop_ore": b, "kapittel": "", "post": ""}
             for k, b in zip(BALANSE, ib)]
    for i in range(draw(st.integers(1, 6))):
        rows += draw(bilag(i, 2024))
    # opening balance 2025 = closing balance 2024, with avregning collapsed on 1990
    ub = pd.DataFrame(rows).groupby("konto")["belop_ore"].sum()
    drift = {k: int(v) for k, v in ub.items() if k[0] in "12" and not k.startswith(("193", "194", "198", "199"))}
    drift["1990"] = -sum(drift.values())
    rows += [{"bilag": "IB", "dato": "2025-01-01", "konto": k, "belop_ore": v, "kapittel": "", "post": ""}
             for k, v in drift.items()]
    for i in range(draw(st.integers(1, 6))):
        rows += draw(bilag(i, 2025))
    f = pd.DataFrame(rows)
    f["belop"] = f.pop("belop_ore").map(lambda o: f"{'-' if o < 0 else ''}{abs(o) // 100}.{abs(o) % 100:02d}")
    return f


def _p(r, stm):
    g = r.grunnlag
    return presentert(KP, stm, g.linjesum(stm))


@settings(max_examples=12, deadline=None)
@given(hovedbok())
def test_balanse_balanserer_og_resultatet_er_null(frame):
    r = virksomhetsregnskap(load_hovedbok(frame), 2025, kontoplan=KP)
    bal, res = _p(r, "balanse"), _p(r, "resultat")
    assert bal["sum_eiendeler"] == bal["sum_kapital_gjeld"]
    assert res["resultat_aktiviteter"] == 0
    assert res["sum_innkreving"] == 0 and res["sum_tilskudd"] == 0
    errors = [f for f in r.findings if f.severity == "error"]
    assert errors == []


@settings(max_examples=10, deadline=None)
@given(hovedbok(), st.randoms(use_true_random=False))
def test_rekkefolge_endrer_ikke_oppstillingene(frame, rnd):
    idx = list(frame.index)
    rnd.shuffle(idx)
    a = virksomhetsregnskap(load_hovedbok(frame), 2025, kontoplan=KP)
    b = virksomhetsregnskap(load_hovedbok(frame.loc[idx].reset_index(drop=True)), 2025, kontoplan=KP)
    for x, y in zip(a.tabeller, b.tabeller):
        pd.testing.assert_frame_equal(x.to_frame(), y.to_frame())


@settings(max_examples=12, deadline=None)
@given(hovedbok())
def test_notesummer_er_lik_oppstillingslinjene(frame):
    r = virksomhetsregnskap(load_hovedbok(frame), 2025, kontoplan=KP)
    res, bal = _p(r, "resultat"), _p(r, "balanse")
    n = r.noter
    val = lambda t, line: t.verdi(line, "belop") if t.har_linje(line) else 0  # noqa: E731
    assert val(n["note_2"], "sum") == res["lonnskostnader"]
    assert val(n["note_5"], "sum") == res["andre_driftskostnader"]
    assert val(n["note_8"], "sum") == res["avgifter_direkte"]
    assert n["note_9"].verdi("sum", "belop") == res["tilskudd_andre"]
    assert val(n["note_11"], "sum") == bal["andre_fordringer"]
    assert val(n["note_12"], "sum") == bal["annen_kortsiktig_gjeld"]
    assert val(n["note_1"], "sum_bevilgninger") == res["inntekt_bevilgninger"]


KOMPONENT = st.fixed_dictionaries({
    "gruppe": st.sampled_from(["programvare", "driftslosore", "ikt_utstyr"]),
    "a": st.dates(date(2018, 1, 1), date(2025, 12, 31)),
    "lag": st.one_of(st.none(), st.integers(0, 900)),
    "kost": st.integers(1, 10**9),
    "lev": st.integers(3, 10),
    "avgang": st.one_of(st.none(), st.integers(0, 2000)),
})
KONTO = {"programvare": "1040", "driftslosore": "1250", "ikt_utstyr": "1280"}


def _register(komp):
    rows = []
    for i, k in enumerate(komp):
        t = None if k["lag"] is None else date.fromordinal(k["a"].toordinal() + k["lag"])
        d = None if (k["avgang"] is None or t is None) else date.fromordinal(t.toordinal() + k["avgang"])
        rows.append({"eiendel": f"E{i % 4}", "gruppe": k["gruppe"], "konto": KONTO[k["gruppe"]],
                     "anskaffelsesdato": k["a"].isoformat(), "tatt_i_bruk": t.isoformat() if t else "",
                     "anskaffelseskost": f"{k['kost'] // 100}.{k['kost'] % 100:02d}", "levetid_ar": str(k["lev"]),
                     "avgangsdato": d.isoformat() if d else "", "nedskrivning": "0"})
    return load_anleggsregister(pd.DataFrame(rows))


@settings(max_examples=40, deadline=None)
@given(st.lists(KOMPONENT, min_size=1, max_size=8))
def test_anleggsnote_lukker_og_ib_er_fjorarets_ub(komp):
    reg, gr = _register(komp), load_anleggsgrupper()
    a24, a25 = anleggsnoter(reg, gr, 2024), anleggsnoter(reg, gr, 2025)
    for _, r in a25.frame.iterrows():
        assert r["kost_ub"] == r["kost_ib"] + r["tilgang"] + r["avgang"] + r["reklassifisering"]
        assert r["bv_ub"] == (r["kost_ub"] - r["nedskr_ib"] - r["nedskr_aret"] - r["avskr_ib"]
                              - r["avskr_aret"] - r["avskr_avgang"])
    f24, f25 = a24.frame.set_index("gruppe"), a25.frame.set_index("gruppe")
    assert (f25["kost_ib"] == f24["kost_ub"]).all()
    assert (f25["avskr_ib"] == f24["avskr_ib"] + f24["avskr_aret"] + f24["avskr_avgang"]).all()
    assert int(a25.frame["reklassifisering"].sum()) == 0


@settings(max_examples=10, deadline=None)
@given(st.lists(KOMPONENT, min_size=1, max_size=6))
def test_avskrivninger_i_resultatet_er_lik_notene(komp):
    """A ledger that posts the register (cost against KK, avskrivning per year) reconciles."""
    reg, gr = _register(komp), load_anleggsgrupper()
    rows = []
    for ar in (2024, 2025):
        an = anleggsnoter(reg, gr, ar)
        for _, r in an.frame.iterrows():
            kst = r["tilgang"] + r["avgang"] + r["reklassifisering"]
            konto = str(gr.rad(r["gruppe"])["ks"]) + "0"
            avs = r["avskr_aret"] + r["avskr_avgang"]
            for b, k, v in ((f"K{ar}{r['gruppe']}", konto, kst), (f"K{ar}{r['gruppe']}", "1940", -kst),
                            (f"A{ar}{r['gruppe']}", "6000", r["avskr_aret"]),
                            (f"A{ar}{r['gruppe']}", konto[:3] + "9", -avs),
                            (f"A{ar}{r['gruppe']}", "7800", avs - r["avskr_aret"])):
                rows.append({"bilag": b, "dato": f"{ar}-12-31", "konto": k, "belop_ore": int(v)})
        # opening balance of each year from the register
        for _, r in an.frame.iterrows():
            konto = str(gr.rad(r["gruppe"])["ks"]) + "0"
            ib = r["kost_ib"] - r["avskr_ib"]
            rows += [{"bilag": "IB", "dato": f"{ar}-01-01", "konto": konto, "belop_ore": int(ib)},
                     {"bilag": "IB", "dato": f"{ar}-01-01", "konto": "1990", "belop_ore": -int(ib)}]
    f = pd.DataFrame(rows)
    f["belop"] = f.pop("belop_ore").map(lambda o: f"{'-' if o < 0 else ''}{abs(o) // 100}.{abs(o) % 100:02d}")
    r = virksomhetsregnskap(load_hovedbok(f), 2025, register=reg, kontoplan=KP)
    assert [x for x in r.findings if x.rule == "SRS-ANL-02"] == []
    res = _p(r, "resultat")
    assert res["avskrivninger"] == r.anlegg.avskrivninger("3") + r.anlegg.avskrivninger("4")
