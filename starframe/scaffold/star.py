"""Write a new Star plugin package: pyproject, hook, draft Star, practice case, tests, README.

The draft is valid from the first minute (it loads, installs and lists), but its wording is
placeholder text that the publication rules report, so it cannot be mistaken for a finished Star.
The package is written into a temporary folder and moved into place whole, so a failure never
leaves half a package behind.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from starframe.definition.models import MAX_POINTS, MAX_SCALES, MIN_POINTS, MIN_SCALES
from starframe.output_files import make_folder, write_text

if TYPE_CHECKING:
    from starframe.definition.models import Star

STANDARD_JOURNEY = ("Stuck", "Accepting help", "Believing", "Learning", "Self-reliance")


class ScaffoldError(ValueError):
    """A request the scaffold cannot fulfil; the message says what to change."""


@dataclass(frozen=True)
class Names:
    star_id: str
    star_name: str
    dist: str
    package: str

    @classmethod
    def from_name(cls, name: str) -> Names:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-").removesuffix("-star")
        if not slug or not slug[0].isalpha():
            raise ScaffoldError(
                f"`{name}` does not make an id: use letters, digits and hyphens, starting with "
                "a letter (e.g. `tenancy`)."
            )
        words = slug.replace("-", " ")
        return cls(
            slug,
            f"{words[0].upper()}{words[1:]} Star",
            f"starframe-{slug}",
            f"starframe_{slug.replace('-', '_')}",
        )


def new_star(name: str, parent: Path, *, scales: int = 6, points: int = 10) -> Path:
    """Create `parent/starframe-<id>/` and return its path."""
    if not MIN_SCALES <= scales <= MAX_SCALES:
        raise ScaffoldError(f"--scales must be from {MIN_SCALES} to {MAX_SCALES}, not {scales}.")
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise ScaffoldError(f"--points must be from {MIN_POINTS} to {MAX_POINTS}, not {points}.")
    names = Names.from_name(name)
    target = parent / names.dist
    if target.exists():
        raise ScaffoldError(f"{target} already exists: choose another name or folder (-o).")
    make_folder(parent)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".starframe-new-") as work:
        root = Path(work) / names.dist
        _write_package(root, names, scales, points)
        root.rename(target)
    return target


def _write_package(root: Path, names: Names, scales: int, points: int) -> None:
    from starframe import __version__
    from starframe.definition.dump import dump_star
    from starframe.schemas import render_schema

    package = root / names.package
    values = {
        "dist": names.dist,
        "package": names.package,
        "star_id": names.star_id,
        "star_name": names.star_name,
        "scales": str(scales),
        "points": str(points),
        "starframe_version": __version__,
    }
    for template, destination in (
        ("pyproject.toml.tmpl", root / "pyproject.toml"),
        ("README.md.tmpl", root / "README.md"),
        ("__init__.py.tmpl", package / "__init__.py"),
        ("test_star.py.tmpl", root / "tests" / f"test_{names.package}.py"),
    ):
        _render(template, destination, values)
    star = draft_star(names, scales, points)
    schema = "../../schemas/star.schema.json"
    _write(package / "stars" / f"{names.star_id}.yaml", dump_star(star, schema=schema))
    _write(package / "practice" / "example.yaml", _practice_case(names, star))
    # Every schema the package's files point at, so an editor finds each of them.
    for name in ("star.schema.json", "practice.schema.json", "translation.schema.json"):
        _write(root / "schemas" / name, render_schema(name))


def _render(template: str, destination: Path, values: dict[str, str]) -> None:
    text = (files("starframe.scaffold") / "templates" / template).read_text(encoding="utf-8")
    _write(destination, Template(text).substitute(values))


def _write(path: Path, text: str) -> None:
    make_folder(path.parent)
    write_text(path, text)


def _journey(points: int) -> list[dict[str, object]]:
    count = 5 if points >= 5 else points
    size, extra = divmod(points, count)
    names = STANDARD_JOURNEY if count == 5 else tuple(f"Stage {i + 1}" for i in range(count))
    stages: list[dict[str, object]] = []
    first = 1
    for index, stage_name in enumerate(names):
        last = first + size - 1 + (1 if index < extra else 0)
        stages.append(
            {
                "id": re.sub(r"[^a-z0-9]+", "-", stage_name.lower()).strip("-"),
                "name": stage_name,
                "points": [first, last],
                "summary": f"TBD: what {stage_name} means on this Star.",
            }
        )
        first = last + 1
    return stages


def draft_star(names: Names, scales: int, points: int) -> Star:
    from starframe.definition.models import Star

    return Star.model_validate(
        {
            "starframe": 1,
            "kind": "star",
            "id": names.star_id,
            "name": names.star_name,
            "edition": "0.1",
            "status": "draft",
            "language": "en",
            "summary": "TBD: who this Star is for and when it is used.",
            "audience": "TBD: who completes it, with whom.",
            "licence": "TBD: the licence of this wording, e.g. CC-BY-4.0.",
            "attribution": "TBD: who wrote the wording.",
            "points": points,
            "journey": _journey(points),
            "scales": [
                {
                    "id": f"scale-{n}",
                    "name": f"Scale {n}",
                    "label": f"Scale {n}",
                    "summary": f"TBD: what scale {n} covers.",
                    "prompts": [f"TBD: a question that opens the conversation about scale {n}."],
                    "ladder": {
                        p: f"TBD: describe point {p} of scale {n}." for p in range(1, points + 1)
                    },
                }
                for n in range(1, scales + 1)
            ],
        }
    )


def _practice_case(names: Names, star: Star) -> str:
    import io

    from ruamel.yaml import YAML

    middle = (star.points + 1) // 2
    case = {
        "starframe": 1,
        "kind": "practice-case",
        "id": "example",
        "star": star.id,
        "edition": star.edition,
        "title": "TBD: a short title for this case",
        "vignette": "TBD: a fictional person's situation, told in a few paragraphs, with enough "
        "detail to place them on every scale.\n",
        "scores": {
            scale.id: {"score": middle, "rationale": "TBD: what in the vignette puts them here."}
            for scale in star.scales
        },
    }
    buffer = io.StringIO()
    YAML(typ="rt", pure=True).dump(case, buffer)
    return (
        "# yaml-language-server: $schema=../../schemas/practice.schema.json\n" + buffer.getvalue()
    )
