"""Whether a resource is valid FHIR, by `fhir.resources`' models of R4B or R5.

This is the one module that imports `fhir.resources` (pydantic models of every resource,
about 0.3 s to import), and only when called, so no other command pays for it. The Bundle
reader (`bundle.py`) calls it for each resource it cannot read entirely on its own (an element
starframe does not write, or a value it refuses), so a resource that breaks FHIR's own rules
is reported as that, at its path, rather than as something starframe misread. Validating
every resource costs about 1 ms each, which a 10,000-reading import would feel.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from starframe.fhir.namespace import FhirVersion

MODULES = {"R4B": "fhir.resources.R4B", "R5": "fhir.resources"}


def structure_errors(
    resource: dict[str, Any], version: FhirVersion
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path within the resource, what is wrong) for each way it breaks FHIR `version`."""
    kind = resource.get("resourceType")
    module = importlib.import_module(f"{MODULES[version]}.{str(kind).lower()}")
    model = getattr(module, str(kind))
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            yield tuple(error["loc"]), _worded(error)


def _worded(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return f"`{error['loc'][-1]}` is not an element here in FHIR"
    if error["type"] == "missing":
        return f"`{error['loc'][-1]}` is required here in FHIR"
    return str(error["msg"])
