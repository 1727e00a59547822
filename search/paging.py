"""Opaque, signed cursors for ``search_after`` paging beyond the result window.

Page numbers (``from``/``size``) reach the first ``max_result_window`` hits; after that a cursor
carries the sort values of the last hit shown. It is signed (a member cannot forge sort values),
expires, and belongs to one query, filter set and sort (its fingerprint): used with other
parameters it is refused, so a page can never silently mix two result lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from .facets import InvalidSearch, SearchParams

SALT = "search.cursor.v1"
MAX_AGE = 24 * 3600  # seconds; a bookmarked deep page older than this starts again


@dataclass(frozen=True)
class Cursor:
    after: list
    page: int
    fuzzy: bool  # which pass (words as written / typo-tolerant) produced the list


def cursor_make(params: SearchParams, *, after: list, page: int, fuzzy: bool) -> str:
    payload = {"f": params.fingerprint(), "a": after, "p": page, "z": fuzzy}
    return signing.dumps(payload, salt=SALT, compress=True)


def cursor_read(params: SearchParams) -> Cursor | None:
    if not params.cursor:
        return None
    invalid = InvalidSearch(_("Ungültiger oder abgelaufener Blätter-Verweis. Bitte suchen Sie erneut."))
    try:
        payload = signing.loads(params.cursor, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:  # also SignatureExpired
        raise invalid from exc
    if not isinstance(payload, dict) or payload.get("f") != params.fingerprint():
        raise invalid
    after, page = payload.get("a"), payload.get("p")
    if not isinstance(after, list) or not isinstance(page, int) or page < 1:
        raise invalid
    return Cursor(after=after, page=page, fuzzy=bool(payload.get("z")))
