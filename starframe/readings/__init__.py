"""Readings: people, workers, readings and action plans, the store that keeps them, summaries.

Nothing here is imported by `import starframe` or by the definition commands: the store needs
SQLAlchemy, which costs a quarter of a second to import, so the CLI imports these modules
inside the commands that use them.
"""
