"""The Justice Star, registered with starframe through the `starframe` entry point."""

from importlib.resources import files

from starframe import hookimpl
from starframe.hookspecs import RegisterStar


@hookimpl
def starframe_register_stars(register: RegisterStar) -> None:
    stars = files(__name__) / "stars"
    register(stars / "justice.yaml")
    register(stars / "justice.cy.yaml")
