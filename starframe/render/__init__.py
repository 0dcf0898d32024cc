"""PDF output: the star chart, person, cohort and practice reports, and blank paper packs.

Everything here imports ReportLab, so nothing outside this package imports it at module level:
`import starframe` and the quick CLI commands must not pay for it. Renderers take models and
summaries and return PDF bytes; they never open the store.
"""
