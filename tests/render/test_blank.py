"""The blank paper pack: every scale's wording by stage, and an empty numbered chart."""

from __future__ import annotations

import pytest

from starframe.definition.models import Star
from starframe.render.blank import blank_pack
from tests.render.conftest import GREEK, MARKUP_NOTE, POLISH, WELSH, read_pdf, tiny_variant


@pytest.fixture(scope="module")
def justice_pack(justice: Star) -> bytes:
    return blank_pack(justice)


def test_every_label_stage_and_ladder_wording_is_printed(
    justice: Star, justice_pack: bytes
) -> None:
    pdf = read_pdf(justice_pack)
    for scale in justice.scales:
        assert scale.label in pdf.text
        assert " ".join(scale.name.split()) in pdf.words
        for wording in scale.ladder.values():
            assert " ".join(wording.split()) in pdf.words
    for stage in justice.journey:
        assert stage.name in pdf.text
    assert "Page 1 of" in pdf.page_texts[0]
    assert f"Page {pdf.pages} of {pdf.pages}" in pdf.page_texts[-1]


def test_the_pack_has_a_chart_page_a_sheet_and_a_booklet(justice_pack: bytes, tiny: Star) -> None:
    assert read_pdf(justice_pack).pages == 12
    small = read_pdf(blank_pack(tiny))
    assert small.pages == 3
    assert "Reading sheet" in small.page_texts[1]
    assert "Ladder booklet" in small.page_texts[2]


def test_every_page_carries_the_licence_and_attribution(parent_baby: Star) -> None:
    pdf = read_pdf(blank_pack(parent_baby))
    for text in pdf.page_texts:
        assert parent_baby.licence in text
        assert " ".join(parent_baby.attribution.split())[:40] in " ".join(text.split())


def test_rendering_twice_gives_identical_bytes(justice: Star, justice_pack: bytes) -> None:
    assert blank_pack(justice) == justice_pack


def test_a_draft_says_it_is_a_draft(tiny: Star) -> None:
    pdf = read_pdf(blank_pack(tiny))
    assert tiny.status == "draft"
    assert "DRAFT" in pdf.page_texts[0]
    assert "wording may still change" in pdf.words


def test_welsh_polish_and_greek_survive_into_the_pdf(multilingual: Star) -> None:
    pdf = read_pdf(blank_pack(multilingual))
    for text in (WELSH, POLISH, GREEK, "Cartref ŵ ŷ", "Pieniądze łżś", "Υγεία", "Dyddiau cynnar"):
        assert text in pdf.words


def test_wording_that_looks_like_markup_prints_as_typed() -> None:
    star = tiny_variant(("1: I have nowhere to live.", f'1: "{MARKUP_NOTE}"'))
    assert MARKUP_NOTE in read_pdf(blank_pack(star)).words
