"""Statistics on plain numbers: no Star, reading or practice case is known here.

`counts` and `wilcoxon` work from (value → how many) counts, which is how summaries hold a
cohort's changes (the test itself is scipy's); `agreement` holds the coefficients of agreement
between raters (kappa, alpha, ICC), which scipy lacks, with scipy's F quantiles for the ICC's
interval; `consistency` holds what a pilot report needs (Cronbach's alpha with Feldt's
interval, Spearman correlations). scipy and numpy are imported inside the functions that use
them, so a command that runs no statistic never loads them. The rules of what
these numbers mean for a trainee or a cohort stay with readings and practice.
"""
