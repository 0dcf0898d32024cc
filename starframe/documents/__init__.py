"""Positioned documents: the files starframe reads, with every value's line and column.

`inputs` reads a file safely (regular files only, bounded), `document` and `composer` turn
YAML or JSON into plain data that remembers where each value was, `header` checks the
`starframe: 1` / `kind:` header every file starts with, and `validation` validates the data
against a pydantic model with each error worded and placed for an author. The definition,
readings and practice formats all build on these; nothing here knows a Star.
"""
