"""Modal dialogs, one per file: each asks one question and returns the answer to its caller."""
