"""A bounded breadth-first crawler on Django's test client: GET only, same site only.

Written against URLs and HTML alone (no project module), so it keeps working while the code behind
the URLs moves.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.db import transaction
from django.test import Client

HOST = "testserver"
# Not pages, or not safe to GET as a visitor would click it: logging out ends the role's session,
# the language switch changes state, static and media files are not views, and Wagtail's bulk-action
# links are templates that its JavaScript completes with the chosen ids before they are followed.
SKIP_PREFIXES = ("/konto/logout/", "/cms/logout/", "/i18n/", "/static/", "/media/", "/cms/bulk/")
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


@dataclass(frozen=True)
class Visit:
    """One GET: what answered, who linked to it, and which watched texts the page showed."""

    url: str
    status: int
    referrer: str | None
    location: str = ""
    error: str = ""
    found: tuple[str, ...] = ()


class _Page(HTMLParser):
    """Every ``<a href>``, the URLs of Wagtail's admin menu (a JSON island, not anchors), and the text
    without tags (a title split by search highlighting is still found)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._json_island = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        self._json_island = tag == "script" and values.get("type") == "application/json"

    def handle_data(self, data: str) -> None:
        if self._json_island:
            self.hrefs += _json_urls(data)
        self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._json_island = False


def _json_urls(data: str) -> list[str]:
    try:
        tree = json.loads(data)
    except ValueError:
        return []
    found: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found += [v for k, v in node.items() if k == "url" and isinstance(v, str)]
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return found


def normalise(href: str, base: str) -> str | None:
    """The same-site path and query of a link, without fragment; None for what is not crawled."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(SKIP_SCHEMES):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", HOST):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def pattern(url: str) -> str:
    """Numbers and the query do not count: /forum/thema/<n>/ and /forum/thema/<n>/? (any sort,
    page, filter or export variant) are one pattern each."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "<n>", parts.path) + ("?" if parts.query else "")


def fetch(client: Client, url: str, referrer: str | None, watch: Iterable[str]) -> tuple[Visit, list[str]]:
    """GET one URL in its own savepoint (a database error is recorded and rolled back, so it cannot
    poison the pages after it); returns the visit and the same-site links of an HTML page."""
    savepoint = transaction.savepoint()
    response = client.get(url)
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    error = ""
    if getattr(response, "exc_info", None):
        error = repr(response.exc_info[1])[:300]
    links: list[str] = []
    found: tuple[str, ...] = ()
    kind = response.get("Content-Type", "")
    if response.status_code == 200 and kind.startswith(("text/", "application/json")):
        # files (attachments, materials, exports) stream; their text counts as much as a page's
        body = b"".join(response.streaming_content) if response.streaming else response.content
        raw = body.decode(errors="replace")
        text = raw
        if kind.startswith("text/html"):
            page = _Page()
            page.feed(raw)
            text = "".join(page.text)
            links = [link for href in page.hrefs if (link := normalise(href, url))]
        found = tuple(t for t in watch if t in text or html.escape(t) in raw)
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    if location and (target := normalise(location, url)):
        links.append(target)
    return Visit(url, response.status_code, referrer, location, error, found), links


def crawl(
    client: Client,
    starts: Iterable[str],
    *,
    max_pages: int,
    cap: Callable[[str], int],
    watch: Iterable[str] = (),
) -> dict[str, Visit]:
    """Breadth-first from ``starts``: at most ``max_pages`` GETs and ``cap(pattern)`` URLs per
    :func:`pattern`. Redirect targets are followed like links."""
    watch = tuple(watch)
    queue: deque[tuple[str, str | None]] = deque()
    seen: set[str] = set()
    per: Counter[str] = Counter()

    def enqueue(url: str, referrer: str | None) -> None:
        key = pattern(url)
        if url in seen or per[key] >= cap(key):
            return
        seen.add(url)
        per[key] += 1
        queue.append((url, referrer))

    for start in starts:
        enqueue(start, None)
    visits: dict[str, Visit] = {}
    while queue and len(visits) < max_pages:
        url, referrer = queue.popleft()
        visits[url], links = fetch(client, url, referrer, watch)
        for link in links:
            enqueue(link, url)
    return visits
