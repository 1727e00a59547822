"""No user HTML survives: a corpus of XSS payloads through Markdown + nh3, in posts, previews and
the API; links get rel="nofollow noopener"."""

import re
from html.parser import HTMLParser

import pytest

from exchange.forum import services as forum_services
from exchange.forum.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](java&#09;script:alert(1))",
    "[klick](&#106;avascript:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klick](vbscript:msgbox(1))",
    '[klick](https://example.org "title" onclick="alert(1)")',
    "![bild](https://evil.example/x.png)",
    "![bild](javascript:alert(1))",
    '<a href="https://example.org" onclick="x()">a</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>*{display:none}</style>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:alert(1)//>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<a href='https://ok.example' target=_blank>x</a>",
    "[x](https://ok.example)<!-- <script>alert(1)</script> -->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]

BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def _parse(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def assert_clean(html: str) -> None:
    for tag, attrs in _parse(html):
        assert tag in ALLOWED_TAGS, tag
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            assert name in allowed, (tag, name)
            assert not name.startswith("on")
            if name == "href":
                assert not BAD_SCHEMES.match(value or ""), value


def assert_no_active_content(html: str) -> None:
    """Page fragments contain the site's own markup too: no script/iframe/img, no event handlers,
    no dangerous URLs (payload text shown escaped is fine)."""
    for tag, attrs in _parse(html):
        assert tag not in {"script", "iframe", "img", "svg", "object", "embed", "style", "meta", "base"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert not BAD_SCHEMES.match(value or ""), value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    html = render(payload)
    assert_clean(html)
    assert "<script" not in html.lower()


def test_links_get_nofollow_noopener():
    html = render("[Leitfaden](https://example.org/leitfaden) und <https://example.org/auto>")
    anchors = [dict(attrs) for tag, attrs in _parse(html) if tag == "a"]
    assert len(anchors) == 2
    for anchor in anchors:
        rel = set((anchor.get("rel") or "").split())
        assert {"nofollow", "noopener"} <= rel


def test_corpus_through_post_page_preview_and_api(client, member, thread):
    client.force_login(member)
    body = "\n\n".join(PAYLOADS)
    post = forum_services.post_create(author=member, thread=thread, body=body)
    assert_clean(post.body_html)
    page = client.get(f"/forum/thema/{thread.pk}/").content.decode()
    article = page[page.index(f'id="beitrag-{post.pk}"') :]
    article = article[: article.index("</article>")]
    assert_no_active_content(article)
    preview = client.post(
        f"/forum/thema/{thread.pk}/antworten/", {"body": body, "vorschau": "1"}
    ).content.decode()
    section = preview[preview.index('class="preview"') : preview.index("</section>")]
    assert_no_active_content(section)
    for item in client.get(f"/api/forum/threads/{thread.pk}/posts").json()["results"]:
        assert_clean(item["body_html"])
