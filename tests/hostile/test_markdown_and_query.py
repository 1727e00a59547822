"""Hypothesis: Markdown rendering stays safe, and the member's query cannot reach Elasticsearch raw.

tests/search/test_analysis.py already proves that ``parse_query`` never raises and keeps its caps;
this adds what the query becomes (no raw-query clause, whatever the input) and hostile Markdown.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.forum.markdown import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_TAGS, render
from search.analysis import parse_query
from search.queries import build_query

# Pieces attackers use; Hypothesis mixes them with random text and Markdown syntax.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](&#106;avascript:alert(1))",
    "[klick](java\tscript:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD4=)",
    "[klick](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[y][x]",
    '[t](https://example.org "title" onmouseover=alert(1))',
    "<svg/onload=alert(1)>",
    "<iframe src=//evil.example>",
    "<style>*{}</style>",
    "`<script>`",
    "```html\n<script>alert(1)</script>\n```",
    "![bild](https://evil.example/x.png)",
    "<<script>script>alert(1)<</script>/script>",
    "\x00",
    "\u202e",
    "**",
    "> ",
    "\n\n",
    "- ",
    "[",
    "](",
]
markdown_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=30), max_size=12).map("".join)


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


@settings(max_examples=400, deadline=None)
@given(markdown_text)
def test_rendered_markdown_has_no_script_handler_or_dangerous_url(text):
    html = render(text)
    parser = Collector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            if name == "class":  # only the classes nh3 lets through (the @mention link)
                assert set((value or "").split()) <= ALLOWED_CLASSES.get(tag, set()), (tag, value, html)
                continue
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name, html)
            assert not name.startswith("on")
            if name == "href":
                scheme = (value or "").split(":", 1)[0].lower() if ":" in (value or "") else ""
                assert scheme in ("", "http", "https", "mailto"), (value, html)
                if not scheme:
                    assert ":" not in (value or "").split("/", 1)[0]
    # user HTML survives only as escaped text ("&lt;script"), never as markup
    assert "<script" not in html.lower() and "<iframe" not in html.lower()


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=400)
    | st.lists(st.sampled_from(['"', "-", "NOT", "*", "~", "\\", ":", "^", "("])).map(" ".join)
)
def test_query_built_from_any_input_has_no_raw_query_clause(raw):
    query = json.dumps(build_query(parse_query(raw)).to_dict())
    for clause in ('"query_string"', '"simple_query_string"', '"script"', '"regexp"', '"wildcard"'):
        assert clause not in query, (raw, query)
