"""A Star as a FHIR `Questionnaire`, with every translation of its wording on the same text.

One `choice` item (R5: `coding`, options only) per scale: its summary is the item's text,
its name the display of its code (`{base}/CodeSystem/{star}-scales`), its prompts and
guidance `help` items. Each point is an `answerOption` whose coding has the point as code
and the ladder wording as display, the point as its ordinal value (SDC `ordinalValue`, R5
`itemWeight`) and its stage as starframe's `stage` extension; `n/a` is offered only on the
scales that allow it. Translations are FHIR `translation` extensions beside each text, for
every language installed, where the wording differs. Nothing here depends on the clock, so
the same Star gives the same JSON.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from starframe.catalog import Catalog
from starframe.definition.models import NA, Scale, Star
from starframe.fhir.namespace import (
    ITEM_CONTROL,
    ITEM_CONTROL_CODES,
    ORDINAL,
    TRANSLATION,
    FhirVersion,
    Namespace,
)

NOT_APPLICABLE = "Not applicable"
STATUS = {"draft": "draft", "pilot": "active", "published": "active", "retired": "retired"}
"""A Star's status → the Questionnaire's publication status (a pilot is also `experimental`)."""
TRANSLATED = ("title", "description", "purpose", "text", "display")
"""The keys whose values are wording, so translations are put beside them."""


def questionnaire(
    star: Star,
    namespace: Namespace,
    version: FhirVersion = "R4B",
    translations: Mapping[str, Star] | None = None,
) -> dict[str, Any]:
    """`star` as a Questionnaire; `translations` (language → the Star in it) go beside each
    text."""
    found = _questionnaire(star, namespace, version)
    for language, translated in sorted((translations or {}).items()):
        if language != star.language:
            _translate(found, _questionnaire(translated, namespace, version), language)
    return found


def installed_questionnaire(
    catalog: Catalog,
    star_id: str,
    edition: str | None,
    namespace: Namespace,
    version: FhirVersion = "R4B",
    language: str | None = None,
) -> dict[str, Any]:
    """An installed Star as a Questionnaire: in `language` (default: its own), with every
    other installed language as translations. Raises StarNotFound, saying what there is."""
    own = catalog.find(star_id, edition)
    star = catalog.find(star_id, own.edition, language)
    others = {
        lang: catalog.find(star_id, own.edition, lang)
        for lang in catalog.languages(star_id, own.edition)
        if lang != star.language
    }
    return questionnaire(star, namespace, version, others)


def _questionnaire(star: Star, ns: Namespace, version: FhirVersion) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": f"{star.id}-{star.edition}",
        "language": star.language,
        "url": ns.questionnaire(star.id),
        "version": star.edition,
        "name": _computable(star.id),
        "title": star.name,
        "status": STATUS[star.status],
        **({"experimental": True} if star.status in ("draft", "pilot") else {}),
        "subjectType": ["Patient"],
        "publisher": star.attribution,
        "description": star.summary,
        "purpose": star.audience,
        "copyright": star.licence,
        "item": [_item(star, scale, ns, version) for scale in star.scales],
    }


def _computable(star_id: str) -> str:
    """The Questionnaire's `name`: a machine-usable form of the id, `parent-baby` → ParentBaby."""
    return "".join(part.capitalize() for part in re.split(r"-", star_id))


def _item(star: Star, scale: Scale, ns: Namespace, version: FhirVersion) -> dict[str, Any]:
    kind: dict[str, Any] = (
        {"type": "choice"}
        if version == "R4B"
        else {"type": "coding", "answerConstraint": "optionsOnly"}
    )
    options = [_option(star, scale, point, ns, version) for point in range(1, star.points + 1)]
    if scale.not_applicable:
        options.append(
            {"valueCoding": {"system": ns.points(star.id), "code": NA, "display": NOT_APPLICABLE}}
        )
    helps = [(f"{scale.id}.prompt-{n}", text) for n, text in enumerate(scale.prompts, start=1)]
    if scale.guidance:
        helps.append((f"{scale.id}.guidance", scale.guidance))
    return {
        "linkId": scale.id,
        "code": [{"system": ns.scales(star.id), "code": scale.id, "display": scale.name}],
        "text": scale.summary,
        **kind,
        "required": True,
        "answerOption": options,
        **({"item": [_help(link, text) for link, text in helps]} if helps else {}),
    }


def _option(
    star: Star, scale: Scale, point: int, ns: Namespace, version: FhirVersion
) -> dict[str, Any]:
    stage = star.stage_of(point)
    return {
        "valueCoding": {
            "extension": [
                {"url": ORDINAL[version], "valueDecimal": point},
                {
                    "url": ns.extension("stage"),
                    "valueCoding": {
                        "system": ns.stages(star.id),
                        "code": stage.id,
                        "display": stage.name,
                    },
                },
            ],
            "system": ns.points(star.id),
            "code": str(point),
            "display": scale.ladder[point],
        }
    }


def _help(link_id: str, text: str) -> dict[str, Any]:
    control = {"coding": [{"system": ITEM_CONTROL_CODES, "code": "help"}]}
    return {
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
        "linkId": link_id,
        "text": text,
        "type": "display",
    }


def _translate(target: Any, other: Any, language: str) -> None:
    """Put `other`'s wording beside `target`'s where it differs: both have one structure."""
    if isinstance(target, list):
        # Items pair by linkId: a translation may give a scale more or fewer prompts.
        linked = {o.get("linkId"): o for o in other if isinstance(o, dict) and "linkId" in o}
        for index, mine in enumerate(target):
            link = mine.get("linkId") if isinstance(mine, dict) else None
            theirs = linked.get(link) if link else (other[index] if index < len(other) else None)
            _translate(mine, theirs, language)
        return
    if not isinstance(target, dict) or not isinstance(other, dict):
        return
    for key in list(target):
        value, given = target[key], other.get(key)
        if key in TRANSLATED and isinstance(value, str) and isinstance(given, str):
            if given != value:
                entry = {
                    "url": TRANSLATION,
                    "extension": [
                        {"url": "lang", "valueCode": language},
                        {"url": "content", "valueString": given},
                    ],
                }
                target.setdefault(f"_{key}", {"extension": []})["extension"].append(entry)
        elif not key.startswith("_"):
            _translate(value, given, language)
