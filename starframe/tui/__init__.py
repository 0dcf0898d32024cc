"""The terminal UI, built with Textual: readings, the star chart, history and the Star browser.

Only `starframe tui` (and `starframe` alone, at a terminal) imports this package, so no other
command pays for Textual. Screens call core functions and the store; they keep no rules of
their own. See docs/tui.md for what a worker sees and which keys do what.
"""
