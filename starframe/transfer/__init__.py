"""Moving a whole database: every reading and every practice record, out of one and into another.

This package sits above both domains, which never import each other: readings
(`readings/export.py`, `readings/importing.py`) and practice (`practice/records.py`) each
describe their own records, and only here are they read, written and counted together, with
the audit log that spans both. `records` reads a file of any kind of record, `export` writes
the whole database, `importing` writes a file's records in one transaction.
"""
