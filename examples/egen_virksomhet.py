# %% [markdown]
# # Your own agency from files
#
# The inputs of one year are files in one folder (`docs/formats.md`): `srapport_ÅÅÅÅ.csv` (the
# S-rapport, monthly), `tildeling_ÅÅÅÅ.yaml`, `mellomvaerende_ib.csv`, and where you have them
# `fullmakter_ÅÅÅÅ.yaml`, `avtaler_ÅÅÅÅ.csv` (Note C), `hovedbok_ÅÅÅÅ.csv` (the SRS ledger) and
# `anleggsregister.csv`. This notebook writes such a folder for an invented agency with the
# library's simulator, so it runs anywhere; point `MAPPE` at your own folder instead.

# %%
import tempfile
from pathlib import Path

import imdi_ledger as il
from imdi_ledger.load.mappe import last_mappe
from imdi_ledger.testing.simulator import SimuleringsSpec, simuler

MAPPE = Path(tempfile.mkdtemp(prefix="virksomhet-"))
simuler(SimuleringsSpec(ar=2025, seed=7)).skriv(MAPPE)
sorted(p.name for p in MAPPE.iterdir())

# %% [markdown]
# ## Read the folder
# Every file is read with its rows, sum and SHA-256; an unreadable cell is an error naming the
# file, row and column.

# %%
grunnlag = last_mappe(MAPPE)
print(grunnlag.kilder_tabell())

# %% [markdown]
# ## Compute the årsregnskap
# `beregn` gives every statement and note the inputs allow, and every finding.

# %%
regnskap = il.beregn(grunnlag)
print(regnskap.bevilgning.utgifter)
print(regnskap.artskonto.tabell)

# %% [markdown]
# The two cash statements agree on *Netto rapportert til bevilgningsregnskapet*, the S-rapport
# sums to zero, and the balance balances: these are checked in every run.

# %%
assert regnskap.bevilgning.netto_rapportert_ore == regnskap.artskonto.netto_rapportert_ore
assert regnskap.bevilgning.sum_rapportert_ore == 0
balanse = regnskap.virksomhetsregnskap.balanse
assert balanse.verdi("sum_eiendeler", "belop") == balanse.verdi("sum_kapital_gjeld", "belop")
print(balanse)

# %% [markdown]
# ## Findings of the run
# The run's one list of findings: loading and computing, then the rule catalogue on the computed
# statements (tolerance 0 øre) — the same list `report` prints and writes to `funn.json`.

# %%
from imdi_ledger.avstemming.eksport import alle_funn
from imdi_ledger.findings import oppsummering

funn = alle_funn(regnskap)
print(oppsummering(funn))
il.i_kroner(il.findings_frame(funn)[["rule", "severity", "line", "difference_ore"]])

# %% [markdown]
# ## Plots
# The consumption profile per post against samlet tildeling, and Note 7A from netto trekk on the
# konsernkonto to the change in avregnet med statskassen.

# %%
from imdi_ledger.render.plott import forbruksprofil, note7a_fossefall

forbruksprofil(regnskap)

# %%
note7a_fossefall(regnskap)

# %% [markdown]
# ## Write the report
# `lag_rapport` (the `report` command) writes the text, `funn.json`, one CSV per table, the
# auditor's workbook and the plots, all at once into a new folder.

# %%
from imdi_ledger.rapport import lag_rapport

UT = Path(tempfile.mkdtemp(prefix="rapport-")) / "ut"
rapport = lag_rapport(inndata=MAPPE, ut=UT)
sorted(p.name for p in UT.iterdir())
