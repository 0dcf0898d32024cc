"""Statistics on plain numbers: no Star, reading or practice case is known here.

`counts` and `wilcoxon` work from (value → how many) counts, which is how summaries hold a
cohort's changes; `f_distribution` gives the F quantiles the ICC interval needs; `agreement`
holds the coefficients of agreement between raters (kappa, alpha, ICC). The rules of what
these numbers mean for a trainee or a cohort stay with readings and practice.
"""
