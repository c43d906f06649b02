"""The KS codes of the state standard kontoplan shipped as project data
(``kontoplan/data/ks_koder.csv``, :func:`imdi_ledger.kontoplan.ks_koder`), and their conformance
with Skatteetaten's SAF-T code list ``STAT_Grouping_Category_Code`` (v1.30).  Skatteetaten's file
is not redistributed; the conformance test reads it from ``../shared/saft/codelists`` beside the
repository and is skipped where it is absent."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from imdi_ledger.kontoplan import ks_koder

#: Skatteetaten's code list, beside the repository (not redistributed with it).
STAT_KODELISTE = (Path(__file__).resolve().parents[2] / "shared" / "saft" / "codelists" / "stat_v1.30"
                  / "STAT_Grouping_Category_Code.csv")


def test_codes_and_names():
    k = ks_koder()
    assert list(k.columns) == ["kode", "navn"]
    assert len(k) == 772 and k["kode"].is_unique
    assert k["kode"].str.fullmatch(r"\d{3,4}").all()
    assert (k["navn"].str.strip() != "").all() and not k["navn"].str.contains("\n").any()
    navn = dict(zip(k["kode"], k["navn"]))
    assert navn["390"] == "Inntekt fra bevilgninger"
    assert navn["104"] == "Programvarelisenser og egenutviklet programvare"
    assert {"1985", "1986", "1987", "1991"} <= set(navn)
    assert set(k["kode"].str.len()) == {3, 4}
    assert k.loc[k["kode"].str.len() == 4, "kode"].astype(int).between(1970, 1999).all()


@pytest.mark.skipif(not STAT_KODELISTE.exists(),
                    reason="Skatteetaten's STAT_Grouping_Category_Code.csv is not redistributed; "
                           "absent from ../shared/saft/codelists/stat_v1.30")
def test_same_codes_and_names_as_skatteetatens_code_list():
    s = pd.read_csv(STAT_KODELISTE, sep=";", dtype=str, keep_default_na=False)
    assert set(s["GroupingCategory"]) == {"KS"}
    navn = s["CodeDescriptionNOB"].map(lambda t: re.sub(r"\s+", " ", t).strip())
    k = ks_koder()
    assert k["kode"].tolist() == s["GroupingCode"].tolist()
    assert k["navn"].tolist() == navn.tolist()
