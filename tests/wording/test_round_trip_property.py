"""Property: export → import gives the same Star, and an edited text arrives exactly."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from ruamel.yaml import YAML

from starframe.definition.load import load_star_file
from starframe.wording.exchange import export_wording, import_wording

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny-star.yaml"

WORDS = (
    st.text(alphabet="abcdefghij klmnop'.,-", min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda text: len(text) > 0 and text[0] not in "-'. ,")
)


def _star_with(ladder: list[str]) -> str:
    """The tiny Star with generated wording for its first scale (quoted where YAML needs)."""
    yaml = YAML()
    document = yaml.load(TINY.read_text(encoding="utf-8"))
    for point, text in enumerate(ladder, start=1):
        document["scales"][0]["ladder"][point] = f"Point {point}: {text}"
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ladder=st.lists(WORDS, min_size=4, max_size=4, unique=True),
    edit=WORDS,
    suffix=st.sampled_from([".xlsx", ".csv"]),
)
def test_export_then_import_gives_the_same_star(ladder: list[str], edit: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        star_file = Path(folder) / "tiny.yaml"
        star_file.write_text(_star_with(ladder), encoding="utf-8")
        before = star_file.read_bytes()
        star = load_star_file(star_file).star
        assert star is not None
        workbook = Path(folder) / f"wording{suffix}"
        export_wording(star, {}, workbook)

        unchanged = import_wording(workbook, star_file)
        assert unchanged.ok, unchanged.problems
        assert star_file.read_bytes() == before

        if suffix == ".xlsx":
            book = load_workbook(workbook)
            book["Ladders"]["D3"] = f"New: {edit}"
            book.save(workbook)
        else:
            lines = workbook.read_bytes().decode("utf-8").split("\r\n")
            index = next(i for i, line in enumerate(lines) if line.startswith("Ladders,home,2,"))
            row = io.StringIO()
            csv.writer(row, lineterminator="").writerow(
                ["Ladders", "home", 2, "wording", f"New: {edit}", ""]
            )
            lines[index] = row.getvalue()
            workbook.write_bytes("\r\n".join(lines).encode("utf-8"))
        edited = import_wording(workbook, star_file)
        assert edited.ok, edited.problems
        after = load_star_file(star_file).star
        assert after is not None
        assert after.scales[0].ladder[2] == f"New: {edit}"
        assert after.model_copy(update={"scales": star.scales}) == star
        assert after.scales[1:] == star.scales[1:]
