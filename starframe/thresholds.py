"""Every threshold a figure depends on, in one place, so every face and the docs agree.

docs/figures.md ("What each figure rests on") names each of these and says why it is what it
is; `tests/test_docs.py` fails when one is missing there or shown with another value. A
trainer may set the pass rule for a session (`starframe practice session new --min-same-stage
--max-mad`, or the terminal app's new-session form); the others are fixed. This module imports
nothing, so a command's options can show the defaults without loading the practice core.
"""

from __future__ import annotations

PASS_MIN_SAME_STAGE = 0.8
"""Share of scales a trainee must place in the reference stage: trained raters agree on the
stage far more often than on the exact point, so the stage leads."""

PASS_MAX_MAD = 1.0
"""Largest mean absolute difference from the reference, in points, over the scales both scored
with a point: in the right stage by luck but far off elsewhere does not pass."""

FEWEST_SCALES = 5
"""Fewest scales (units) a kappa, an alpha or an ICC is shown on. Below five, one score moves
kappa by a quarter or more, and the ICC's interval has at most three degrees of freedom between
scales, so it spans nearly everything from poor to excellent: a number would only mislead."""

NARROW_REFERENCE = 0.5
"""A case whose reference points span fewer than this share of the Star's points (1–3 of 10)
gets a note beside its alpha and ICC: with little real spread between scales, the same noise
gives a much lower coefficient than on a case spread over the whole ladder."""

WILCOXON_FEWEST_CHANGES = 6
"""Fewest non-zero changes a Wilcoxon signed-rank test is run on. With five or fewer, even all
of them in one direction give a two-sided p of at least 2/32 = 0.0625: no result could count."""

SMALLEST_GROUP = 5
"""Smallest number of people a count in a cohort output is shown for: a smaller one is shown
as "fewer than 5". A manager or commissioner reading that three people in one team moved
down a stage can often tell who they are; counts of people are withheld below five, and
enough others beside them (secondary suppression, `starframe.stats.small_cells`) that no
withheld count can be worked out by subtracting the shown ones from a total."""

UNSTABLE_BELOW_PEOPLE = 50
"""Figures over fewer people than this are flagged unstable: a handful more readings could move
a median or a share a long way (the pilot sample a new Star's figures are judged on, too)."""

# The pilot report's flags (`starframe pilot report`): Terwee et al. 2007 quality criteria.

PILOT_FLOOR_CEILING_SHARE = 0.15
"""A scale whose first readings sit at its lowest (or highest) point more often than this has
a floor (or ceiling) effect: the ladder cannot show those people getting worse (or better)."""

PILOT_ALPHA_LOW = 0.7
"""Cronbach's alpha below this: the scales hardly hang together as one Star."""

PILOT_ALPHA_HIGH = 0.95
"""Cronbach's alpha above this: some scales probably repeat each other (redundancy)."""

PILOT_ITEM_REST_LOW = 0.3
"""A scale whose corrected item–total (item–rest) correlation is below this measures
something the rest of the Star does not."""

PILOT_REDUNDANT_CORRELATION = 0.8
"""Two scales whose first readings correlate above this may be measuring the same thing."""
