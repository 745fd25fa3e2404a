"""The markdown escaping rules, one construct at a time, checked with a CommonMark parser."""

from __future__ import annotations

import pytest
import yaml
from markdown_it import MarkdownIt

from coachcli.export.markdown import block, inline, yaml_str

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rendered(text: str) -> str:
    return PARSER.render(text)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("# heading", "# heading"),
        ("## heading", "## heading"),
        ("---", "---"),
        ("***", "***"),
        ("> quote", "&gt; quote"),
        ("- item", "- item"),
        ("* item", "* item"),
        ("+ item", "+ item"),
        ("1. item", "1. item"),
        ("12) item", "12) item"),
        ("```python", "```python"),
        ("~~~", "~~~"),
        ("| a | b |", "| a | b |"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("![x](http://evil/x.png)", "![x](http://evil/x.png)"),
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
        ("&lt;b&gt;", "&amp;lt;b&amp;gt;"),
        ("    indented", "indented"),
    ],
)
def test_a_line_that_was_typed_renders_as_the_same_plain_text(typed: str, shown: str) -> None:
    assert rendered(block(typed)) == f"<p>{shown}</p>\n"
    assert rendered(inline(typed)) == f"<p>{shown}</p>\n"


def test_block_keeps_line_breaks_and_paragraphs_without_building_structure() -> None:
    text = "first line\n| a | b |\n|---|---|\n\n\n\n# second paragraph\n==="
    assert rendered(block(text)) == (
        "<p>first line<br />\n| a | b |<br />\n|---|---|</p>\n"
        "<p># second paragraph<br />\n===</p>\n"
    )


def test_inline_folds_newlines_so_a_list_item_stays_one_item() -> None:
    folded = inline("one\n- two\n# three")
    assert rendered(f"- {folded}") == ("<ul>\n<li>one - two # three</li>\n</ul>\n")


def test_indented_block_stays_inside_its_list_item() -> None:
    html = rendered("- item\n\n" + block("note\n---\n# x", "  "))
    assert html.count("<li>") == 1 and "<h" not in html and "<hr" not in html


@pytest.mark.parametrize(
    "value",
    [
        "Dana Lee",
        "José Álvarez",
        "--- x",
        'say "hi": #1',
        "a\u2028b",
        "<b>&</b>",
        "\u202eevil",
        "null",
        "yes",
        42,
        True,
        None,
        ["a", "b: c"],
    ],
)
def test_front_matter_values_read_back_as_the_same_yaml(value: object) -> None:
    text = yaml_str(value)
    assert "\n" not in text and "<" not in text
    assert yaml.safe_load(f"key: {text}") == {"key": value}
