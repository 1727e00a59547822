"""User text is Markdown, rendered then sanitised with nh3. Templates never mark user text safe.

``@handle`` mentions (see :data:`exchange.models.HANDLE_PATTERN`) become links to the member's
profile address ``/mitglieder/@handle/``. Rendering never looks a handle up: whether the person
exists, and whether the reader may see the profile, is decided by that view (404 otherwise), so a
rendered post does not reveal who is a member. :func:`mentions` gives the handles for the fan-out.
"""

from __future__ import annotations

import re

import nh3
from django.urls import reverse
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

HANDLE_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?"
_MENTION = re.compile(rf"@({HANDLE_PATTERN})(?![\w-])", re.IGNORECASE)
_MAX_MENTIONS = 20  # more than this in one post notifies only the first ones (no mass pings)


def _mention_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "@" or state.linkLevel > 0:
        return False
    if pos > 0 and (state.src[pos - 1].isalnum() or state.src[pos - 1] in "@._-+"):
        return False  # e-mail addresses (anna@example.org) and words with an @ inside
    match = _MENTION.match(state.src, pos)
    if match is None:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": match.group(1).lower()}
    state.pos = match.end()
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    handle = tokens[idx].meta["handle"]
    href = reverse("profile-handle", args=[handle])
    return f'<a href="{href}" class="mention">@{handle}</a>'


_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
_md.inline.ruler.before("emphasis", "mention", _mention_rule)
_md.add_render_rule("mention", _render_mention)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_CLASSES = {"a": {"mention"}}


def render(text: str) -> str:
    """Markdown to safe HTML: no user HTML survives, links get rel="nofollow noopener noreferrer"."""
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def mentions(text: str) -> list[str]:
    """The handles mentioned in the text, in order, without duplicates (not those in code or links)."""
    found: list[str] = []
    for block in _md.parse(text or ""):
        for token in block.children or ():
            handle = token.meta.get("handle") if token.type == "mention" else None
            if handle and handle not in found:
                found.append(handle)
    return found[:_MAX_MENTIONS]
