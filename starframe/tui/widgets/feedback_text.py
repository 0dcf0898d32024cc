"""One trainee's feedback, as text to read: the verdict and summary, then scale by scale.

Every judgement is a word or a sign (PASSED / NOT YET, ✓ same stage / ✗ other stage), so it
reads the same without colour; each scale shows the trainee's score and stage beside the
reference's, the distance in points, and the reference rationale to learn from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

if TYPE_CHECKING:
    from starframe.practice.agreement import Answer
    from starframe.practice.feedback import Feedback, ScaleFeedback


def verdict(feedback: Feedback) -> str:
    return "PASSED" if feedback.passed else "NOT YET"


def summary(feedback: Feedback) -> Text:
    """The verdict, the counts behind it, the rule in words, and any shortfall."""
    total = len(feedback.scales)
    mad = "none" if feedback.mad is None else f"{feedback.mad:.2f} points"
    text = Text()
    text.append(verdict(feedback), style="bold reverse")
    text.append(
        f"  {feedback.in_stage} of {total} scales in the reference stage · "
        f"{feedback.exact} exact · {feedback.within_one} within one point · "
        f"mean difference {mad}"
    )
    if feedback.unscored:
        text.append(f" · {feedback.unscored} not scored")
    text.append(f"\nThe rule: {feedback.rule.describe()}.")
    for shortfall in feedback.shortfalls:
        text.append(f"\n✗ {shortfall}.")
    return text


def judgement(scale: ScaleFeedback) -> str:
    """`✓ exact`, `✓ same stage`, `✗ other stage` or `✗ not scored`."""
    if scale.own is None:
        return "✗ not scored"
    if scale.same_stage:
        return "✓ exact" if scale.distance == 0 or scale.own == scale.reference else "✓ same stage"
    return "✗ other stage"


def distance(scale: ScaleFeedback) -> str:
    if scale.distance is None:
        return "no distance"
    if scale.distance == 0:
        return "0 points off"
    return f"{scale.distance} point{'' if scale.distance == 1 else 's'} off"


def _answer(value: Answer, stage: str | None) -> str:
    if stage is None:
        return str(value)
    return f"{value} ({stage})"


def scale_block(number: int, scale: ScaleFeedback) -> Group:
    head = Text()
    head.append(f"{judgement(scale):<14} ", style="bold")
    head.append(f"{number}. {scale.name}", style="bold")
    own = "Not scored" if scale.own is None else f"You {_answer(scale.own, scale.own_stage)}"
    compared = Text(
        f"{own} · reference {_answer(scale.reference, scale.reference_stage)} · {distance(scale)}"
    )
    rationale = Text(scale.rationale, style="italic")
    return Group(head, Padding(Group(compared, rationale), (0, 0, 1, 4)))


def scale_blocks(feedback: Feedback) -> Group:
    return Group(
        *(scale_block(number, scale) for number, scale in enumerate(feedback.scales, start=1))
    )
