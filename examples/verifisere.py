# %% [markdown]
# # Verifying a published årsregnskap
#
# `verify` reads a published årsregnskap (the figures as printed, in the YAML format of
# `docs/verify.md`), runs the rule catalogue (R-115, R-2, SRS 1, SRS 10, SRS 17) and reports each
# inconsistency with the rule it breaks, its amounts and the line of the file. Published figures are
# whole kroner, so an identity over *n* printed figures tolerates ⌊n/2⌋ kr of rounding.
# IMDi's årsregnskap 2025 as printed is bundled with the library.

# %%
import imdi_ledger as il
from imdi_ledger.avstemming import load_aarsregnskap, verify
from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.findings import oppsummering

fil = publisert_fil("imdi-2025")
publisert = load_aarsregnskap(fil)
funn = verify(publisert)
print(oppsummering(funn))

# %% [markdown]
# ## The errors
# Each finding names the rule (`docs/checks.md`), the printed figure, what the rule expects, and
# where the figure stands in the file.

# %%
ramme = il.findings_frame(funn)
feil = ramme[ramme["severity"] == "error"]
il.i_kroner(feil[["rule", "line", "expected_ore", "actual_ore", "difference_ore", "row"]])

# %% [markdown]
# ## Rounding or error?
# A residue within the rounding tolerance is a *merknad* (info); above it the rule's severity
# applies.

# %%
ramme.groupby(["rule", "severity"]).size().rename("antall").reset_index()

# %% [markdown]
# ## The same catalogue on the library's own statements
# Run on the statements the library computes from the inputs, the catalogue works to the øre
# (tolerance 0). What it still finds are the inconsistencies the worked example keeps on purpose.

# %%
from imdi_ledger.avstemming.eksport import kontroller

regnskap = il.beregn(il.last_eksempel("imdi-2025"))
beregnet = kontroller(regnskap)
print(oppsummering(beregnet))
il.i_kroner(il.findings_frame(beregnet)[["rule", "severity", "line", "difference_ore"]])

# %% [markdown]
# ## Where the kongruensavvik comes from
# The kongruensavvik of the computed Note 7A and its parts, for each year the inputs hold: what
# the published note 7 has to explain.

# %%
from imdi_ledger.render.plott import kongruensavvik

kongruensavvik(regnskap)
