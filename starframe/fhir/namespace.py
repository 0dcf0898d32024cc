"""Every URL starframe writes into FHIR, built from one base the organisation may change.

Canonical URLs (`{base}/Questionnaire/{star}`), the code system of a Star's points, the
extensions starframe defines (`{base}/StructureDefinition/{name}`) and the identifier systems
of people and workers all come from here, so an import reads exactly what an export wrote and
docs/organisations.md can list them once. The default base is a placeholder under the
reserved `.example` domain: an organisation that shares records sets its own with `--base-url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FhirVersion = Literal["R4B", "R5"]
VERSIONS: tuple[FhirVersion, ...] = ("R4B", "R5")

DEFAULT_BASE_URL = "https://starframe.example/fhir"
"""Where starframe's own definitions live unless the organisation names its own base."""

EXTENSIONS = {
    "stage": "on a point's coding: the stage of the journey the point belongs to (valueCoding)",
    "reading-mode": "on a response: who scored it, collaborative / worker-only / person-only "
    "(valueCode)",
    "retrospective": "on a response: scored later, looking back to the date (valueBoolean)",
    "note": "on a response (the reading as a whole) or an item (one scale): a note (valueString)",
    "definition": "on a response: the sha256 of the exact Star text the reading used (valueString)",
    "person-score": "on an answer: the person's own score where it differs from the "
    "worker's (valueCoding)",
    "not-applicable-reason": "on an `n/a` answer: why the scale does not apply (valueString)",
    "action": "on a response: one item of the action plan, with the parts `scale` (valueCode), "
    "`goal`, `steps`, `who` (valueString), `by` (valueDate) and `status` (valueCode: open / done "
    "/ dropped)",
    "consent-date": "on a Patient: the date the person consented to records being kept (valueDate)",
    "birth-years": "on a Patient: the range of years of birth, e.g. 1980-1989 (valueString)",
    "support-need": "on a Patient: the organisation's own category of support need (valueString)",
}
"""The extensions starframe defines, each `{base}/StructureDefinition/{name}`, and what each
holds (docs/organisations.md lists them; a test keeps the two the same)."""

ORDINAL = {
    "R4B": "http://hl7.org/fhir/StructureDefinition/ordinalValue",
    "R5": "http://hl7.org/fhir/StructureDefinition/itemWeight",
}
"""The SDC extension giving a point its number: `ordinalValue` in R4, `itemWeight` in R5."""
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_CODES = "http://hl7.org/fhir/questionnaire-item-control"

_URL = re.compile(r"^https?://[^\s|#?]+[^\s|#?/]$")


class NamespaceError(ValueError):
    """A base URL or identifier system that cannot be used; the message says what to give."""


@dataclass(frozen=True)
class Namespace:
    """The base of every starframe URL and the root of the identifier systems.

    `system` defaults to `{base}/identifier`; people are identified in `{system}/person` and
    workers in `{system}/worker`.
    """

    base: str = DEFAULT_BASE_URL
    system: str | None = None

    def __post_init__(self) -> None:
        for name, value in (("--base-url", self.base), ("--system", self.system)):
            if value is not None and not _URL.fullmatch(value):
                raise NamespaceError(
                    f"{name} `{value}` is not an http(s) URL without a trailing slash, query or "
                    f"`|`, e.g. {DEFAULT_BASE_URL}."
                )

    @property
    def people(self) -> str:
        return f"{self.system or self.base + '/identifier'}/person"

    @property
    def workers(self) -> str:
        return f"{self.system or self.base + '/identifier'}/worker"

    def extension(self, name: str) -> str:
        assert name in EXTENSIONS, name
        return f"{self.base}/StructureDefinition/{name}"

    def questionnaire(self, star_id: str) -> str:
        return f"{self.base}/Questionnaire/{star_id}"

    def questionnaire_ref(self, star_id: str, edition: str) -> str:
        """The canonical reference `url|version` a response points at."""
        return f"{self.questionnaire(star_id)}|{edition}"

    def points(self, star_id: str) -> str:
        """The code system of a Star's points (codes `1`..`points` and `n/a`)."""
        return f"{self.base}/CodeSystem/{star_id}-points"

    def scales(self, star_id: str) -> str:
        """The code system of a Star's scales (its scale ids), coding each item."""
        return f"{self.base}/CodeSystem/{star_id}-scales"

    def stages(self, star_id: str) -> str:
        return f"{self.base}/CodeSystem/{star_id}-stages"

    def star_of(self, reference: str) -> tuple[str, str] | None:
        """(star id, edition) from a canonical `url|version` of ours; None when it is not."""
        url, bar, edition = reference.partition("|")
        prefix = f"{self.base}/Questionnaire/"
        if not bar or not edition or not url.startswith(prefix):
            return None
        star_id = url.removeprefix(prefix)
        return (star_id, edition) if star_id and "/" not in star_id else None

    def extension_name(self, url: str) -> str | None:
        """The name of one of starframe's extensions; None for another's."""
        prefix = f"{self.base}/StructureDefinition/"
        return url.removeprefix(prefix) if url.startswith(prefix) else None
