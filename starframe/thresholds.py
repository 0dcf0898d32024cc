"""The numbers a trainee's pass rests on, in one place, so every face offers the same defaults.

A trainer may set both for a session (`starframe practice session new --min-same-stage
--max-mad`, or the terminal app's new-session form); these are what a session gets otherwise,
and docs/trainers.md ("The pass rule") explains them. This module imports nothing, so a
command's options can show the defaults without loading the practice core.
"""

from __future__ import annotations

PASS_MIN_SAME_STAGE = 0.8
"""Share of scales a trainee must place in the reference stage: trained raters agree on the
stage far more often than on the exact point, so the stage leads."""

PASS_MAX_MAD = 1.0
"""Largest mean absolute difference from the reference, in points, over the scales both scored
with a point: in the right stage by luck but far off elsewhere does not pass."""
