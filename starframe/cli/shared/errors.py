"""The one error a command raises for a mistake the user can fix."""

from __future__ import annotations


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 1."""
