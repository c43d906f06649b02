# %% [markdown]
# # imdi_ledger: a walk through IMDi's årsregnskap 2025
#
# A notebook in percent format: open it in Jupyter (with jupytext) or VS Code and run cell by
# cell, or run it as a script (`python examples/gjennomgang.py`). Every figure below is computed
# from the reconstructed inputs in `examples/imdi-2025/`; money is integer øre.

# %%
import imdi_ledger as il
from imdi_ledger.money import format_kroner

grunnlag = il.last_eksempel("imdi-2025")
regnskap = il.beregn(grunnlag)
print(grunnlag.srapport.n_rader, "S-rapport rows in", regnskap.ar)

# %% [markdown]
# ## Bevilgningsrapportering and Note A
# Statements are `Tabell`s: print them in R-115 layout, or take a pandas frame.

# %%
print(regnskap.bevilgning.utgifter)
poster = regnskap.bevilgning.poster           # one row per kapittel/post, øre (Int64)
# amounts are integer øre; il.i_kroner shows them as Norwegian kroner for reading
il.i_kroner(poster[["kapittel", "post", "samlet_tildeling_ore", "regnskap_ore", "merutgift_mindreutgift_ore"]])

# %% [markdown]
# The two cash statements agree on *Netto rapportert til bevilgningsregnskapet* to the øre.

# %%
assert regnskap.bevilgning.netto_rapportert_ore == regnskap.artskonto.netto_rapportert_ore
print(format_kroner(regnskap.artskonto.netto_rapportert_ore), "kr")

# %% [markdown]
# ## Note B and the autumn question: what if we spend more on post 01?

# %%
from imdi_ledger.bevilgning.hva_om import hva_om

note_b = regnskap.note_b
print(note_b.tabell)
svar = hva_om(poster, grunnlag.fullmakter, {("0670", "01"): 5_000_000 * 100}, spec=note_b.spec)
il.i_kroner(svar[svar["kapittel"] == "0670"])

# %% [markdown]
# ## SRS: resultatregnskap, balanse and Note 7 (kongruensavvik)

# %%
srs = regnskap.virksomhetsregnskap
print(srs.resultat)
note_7a = regnskap.note_7a
print(note_7a.tabell)
print("kongruensavvik:", format_kroner(note_7a.kongruensavvik_ore), "kr; uforklart:", note_7a.uforklart_ore, "øre")

# %% [markdown]
# ## Plots
# The consumption profile per post against samlet tildeling, and Note 7A as a waterfall from
# netto trekk på konsernkonto to the change in avregnet med statskassen (`report --out` writes
# these and two more as SVG and PNG under `plott/`).

# %%
from imdi_ledger.render.plott import forbruksprofil, note7a_fossefall

forbruksprofil(regnskap)

# %%
note7a_fossefall(regnskap)

# %% [markdown]
# ## Findings: every problem as a record, with rule, amounts and source

# %%
from imdi_ledger.avstemming.eksport import alle_funn

funn = il.findings_frame(alle_funn(regnskap))   # what the report prints: one finding per fact
il.i_kroner(funn[["rule", "severity", "line", "difference_ore", "file", "row"]])

# %% [markdown]
# ## Checking a published årsregnskap
# `verify` reads a published årsregnskap (the format of `docs/verify.md`; IMDi's, as printed, is
# `examples/imdi-2025/publisert/aarsregnskap_2025.yaml`) and reports each inconsistency with the
# rule it breaks.

# %%
from imdi_ledger.avstemming import verify_file
from imdi_ledger.eksempel import publisert_fil

publisert = il.findings_frame(verify_file(publisert_fil("imdi-2025")))
print(publisert[publisert["severity"] == "error"][["rule", "line", "difference_ore"]].to_string())
