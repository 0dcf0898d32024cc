"""The Parent and Baby Star and its practice cases, registered through the entry point."""

from importlib.resources import files

from starframe.plugin_api import RegisterPracticeCase, RegisterStar, hookimpl

STARS = files(__name__) / "stars"
PRACTICE = files(__name__) / "practice"


@hookimpl
def starframe_register_stars(register: RegisterStar) -> None:
    register(STARS / "parent-baby.yaml")


@hookimpl
def starframe_register_practice_cases(register: RegisterPracticeCase) -> None:
    register(PRACTICE)
