"""One module per command group; `starframe.cli.group` registers them.

No command module imports another (tests/test_cli_layout.py checks): what two commands share
is in `starframe.cli.options` or `starframe.cli.shared`.
"""
