"""Storage beneath readings and practice: the database, its schema and the shared transactions.

`database` finds, opens and migrates the database (`migrations/`); `tables` is its schema;
`store`, `reader` and `writer` are the transactions every domain reads and writes through,
which `readings/` and `practice/` extend with their own rules (neither imports the other);
`values` and `fields` are the values and formats every record shares; `health`, `backup`,
`hidden_text` and `kinds` serve `starframe db`; `scrub` removes erased bytes; `actor` says who
changes what, `urls` how a database is named. Nothing here imports SQLAlchemy at package import,
so `starframe.store.fields` stays cheap for the file readers.
"""
