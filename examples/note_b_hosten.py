# %% [markdown]
# # Note B and the autumn question
#
# Note B explains the fullmakter used and computes *mulig overførbart beløp* per post by
# the mer-/mindreutgift, moved by avgitte belastningsfullmakter, merinntekter, omdisponering
# and innsparinger, capped by *maks. overførbart beløp* (5 % of årets bevilgning on driftspostene
# 01–29 except 24; årets + fjorårets bevilgning for «kan overføres»; 0 otherwise). In the autumn
# a finance officer asks: *if we spend X more on a post before 31 December, what can we still
# carry over?* This notebook answers it on the worked example (IMDi 2025).

# %%
import imdi_ledger as il
from imdi_ledger.bevilgning.hva_om import hva_om
from imdi_ledger.money import format_kroner

grunnlag = il.last_eksempel("imdi-2025")
regnskap = il.beregn(grunnlag)
note_b = regnskap.note_b
print(note_b.tabell)

# %% [markdown]
# Every printed row has an explanation: the rule that set its cap and the fullmakter that moved
# its basis.

# %%
for t in note_b.tabeller()[1:]:
    print(t)

# %% [markdown]
# ## What if we spend 5 million kroner more on 0670 post 01?
# The mindreutgift falls by the same amount; mulig overførbart follows it as long as it stays under
# the cap. With mva on the spending (nettoordningen), kap. 1633 post 01 rises too.

# %%
poster = regnskap.bevilgning.poster
svar = hva_om(poster, grunnlag.fullmakter, {("0670", "01"): 5_000_000 * 100}, spec=note_b.spec, mva_prosent=25)
rad = svar.set_index(["kapittel", "post"]).loc[("0670", "01")]
print("mulig overførbart før:  ", format_kroner(int(rad["mulig_overforbart_for_ore"])), "kr")
print("mulig overførbart etter:", format_kroner(int(rad["mulig_overforbart_etter_ore"])), "kr")
il.i_kroner(svar[svar["regnskap_endring_ore"] != 0])

# %% [markdown]
# ## How much more can we spend before nothing is left to carry over?
# The mulig overførbart beløp of a post is what can still be spent without losing it: spending it
# brings the post's mulig overførbart to zero, and not below.

# %%
k = int(rad["mulig_overforbart_for_ore"])
null = hva_om(poster, grunnlag.fullmakter, {("0670", "01"): k}, spec=note_b.spec)
assert int(null.set_index(["kapittel", "post"]).loc[("0670", "01"), "mulig_overforbart_etter_ore"]) == 0
print("0670/01 can spend", format_kroner(k), "kr more before nothing is left to carry over")

# %% [markdown]
# ## The cap and its base
# The regulations' default base of the 5 % cap is årets tildeling (R-115 Note B footnote); IMDi
# used samlet tildeling in 2025. The plot shows merutgift(−)/mindreutgift and mulig overførbart per
# post.

# %%
from imdi_ledger.render.plott import merutgift

merutgift(regnskap)
