"""`python -m starframe`."""

from starframe.cli import main

main()
