"""How much of a file starframe reads: every bound an input is held to, in one place.

Each bound is far beyond any real file and far below what would exhaust memory, the stack or
the patience of the person waiting; docs/format.md ("Limits") lists them for authors.
"""

from __future__ import annotations

MAX_BYTES = 2 * 1024 * 1024
"""Larger than any real Star with translations (a 16-scale Star is about 40 KB)."""

MAX_DEPTH = 100
"""Lists and mappings nested in one another; a Star nests 4 deep. Checked while parsing,
before anything is built, so no nesting can exhaust the stack."""

MAX_DIGITS = 100
"""Characters in one whole number (decimal, hex, octal or binary). Python refuses to convert
decimal numbers over 4,300 digits, and no score, year or version needs more than a few."""

MAX_ALIAS_VALUES = 200_000
"""Values an alias (`*name`) may add by repeating its anchor: stops 'billion laughs' documents
early. Values written out in the file do not count: the size limit bounds those."""

MAX_PROBLEMS = 10_000
"""Problems collected per file; past that, checking the file stops and says how many more
were not checked (../shared/CONVENTIONS.md "Problems")."""

SHOWN_PROBLEMS = 100
"""Problems printed as text per run; `--format json` lists every one collected."""

MAX_BUNDLE_BYTES = 1024 * 1024 * 1024
"""A FHIR Bundle of readings (`starframe fhir import`): 10,000 readings of a 10-scale Star
are about 60 MB, since each answer carries its ladder wording; 1 GiB is about 170,000."""

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
"""A wording workbook (`starframe wording import`): a 16-scale Star in four languages is about
60 KB; anything near 20 MB is not a wording workbook."""

MAX_WORKBOOK_UNPACKED = 200 * 1024 * 1024
"""What a workbook's archive may unpack to, checked before it is opened: a small .xlsx that
unpacks to gigabytes (a zip bomb) is refused unread."""
