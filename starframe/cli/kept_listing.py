"""`starframe stars list` printed again from the kept listing, before click is imported.

Importing click is half of a warm `stars list` of the installed Stars (about 30 ms of CPU;
the start's target is 60 ms), and printing a kept listing needs none of it. So the entry
point asks here first: for exactly `stars list` or `stars list --json` (the two spellings
the kept listings are made for) whose kept listing is still valid, this prints it and says
so; for anything else it prints nothing, and the full command runs and decides everything
(its options, `--help`, errors, and a stale or missing listing).

What is printed is what `list_stars` prints from the same listing (`listing_cache` decides,
for both, whether it is valid): stdout, then stderr, each written and flushed once with its
control characters escaped (`characters.shown`), as `click.echo` writes through the streams
`main` installs for a command. click.echo also strips ANSI escape sequences when the stream
is no terminal; a listing holding an ESC is left to the command, so this never needs to know
when. Nothing here imports `typing`, `dataclasses` or `pathlib`: each is a few ms of a start
whose whole cost is now about three of an empty interpreter's.
"""

from __future__ import annotations

import os
import sys

from starframe.characters import shown
from starframe.cli.shared.listing_cache import open_listing

SPELLINGS = {("stars", "list"): False, ("stars", "list", "--json"): True}
"""The arguments a kept listing answers, and whether each is the `--json` one."""


def print_kept_listing(args: list[str]) -> bool:
    """Print the kept listing `args` ask for and return True, or print nothing and return
    False when there is none to print."""
    as_json = SPELLINGS.get(tuple(args))
    if as_json is None:
        return False
    try:
        kept = open_listing(as_json, os.environ)
    except Exception:
        # The command opens the same listing and reports whatever failed, as it reports
        # any failure: starting it is the one way this start answers.
        return False
    printed = kept.printed if kept else None
    if printed is None or "\x1b" in printed.out or "\x1b" in printed.err:
        return False
    out, err = shown(printed.out), shown(printed.err)
    if not (_takes(sys.stdout, out) and _takes(sys.stderr, err)):
        return False
    sys.stdout.write(out)
    sys.stdout.flush()
    if err:
        sys.stderr.write(err)
        sys.stderr.flush()
    return True


def _takes(stream: object, text: str) -> bool:
    """Whether `stream` is there and can encode `text`. When it cannot (a Welsh name on an
    ASCII terminal), the command fails as it fails for any command, with exit code 3, and it
    must fail before printing anything: so it is asked before either stream is written."""
    if stream is None:
        return False
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return True
    errors = getattr(stream, "errors", None)
    try:
        text.encode(encoding, errors if isinstance(errors, str) else "strict")
    except (UnicodeError, LookupError):
        return False
    return True
