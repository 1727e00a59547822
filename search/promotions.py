"""Editors' promotions ("Empfehlung der Redaktion"): a practice first for certain queries.

:func:`promotions_for` gives the promoted practices for a query as :class:`~search.results.Hit`
objects, only live ones inside their dates, and only those the viewer may see. The practices are
read from the database as the hit part of their search documents (``PracticeDocument.cards``: live
only, current state) and checked with the search filter's own rule (``can_see_document``).
:func:`promotions_apply` puts them in front of the first result page without duplicates.

Queries match by :func:`search.synonyms.term_key` (case, umlauts/ß spellings, common endings and
stop words do not matter). The table is cached and dropped whenever a promotion changes.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import clean_query
from .documents import PracticeDocument
from .models import Promotion
from .permissions import Viewer, can_see_document
from .results import Hit
from .synonyms import term_key

CACHE_KEY = "search:promotions:v1"
CACHE_TIMEOUT = 60  # seconds
MAX_PROMOTED = 3


def _table() -> list[tuple[tuple[str, ...], int, str | None, str | None]]:
    """``[(query key, page id, starts_on, ends_on)]`` of the active promotions, in editor order."""
    table = cache.get(CACHE_KEY)
    if table is None:
        table = [
            (
                term_key(q),
                p.page_id,
                p.starts_on and p.starts_on.isoformat(),
                p.ends_on and p.ends_on.isoformat(),
            )
            for p in Promotion.objects.filter(is_active=True).order_by("position", "pk")
            for q in p.query_list()
        ]
        table = [row for row in table if row[0]]
        cache.set(CACHE_KEY, table, CACHE_TIMEOUT)
    return table


def promoted_page_ids(raw_query: str, *, today: datetime.date | None = None) -> list[int]:
    key = term_key(clean_query(raw_query))
    if not key:
        return []
    day = (today or timezone.localdate()).isoformat()
    ids: list[int] = []
    for query_key, page_id, starts, ends in _table():
        if query_key != key or page_id in ids:
            continue
        if (starts and day < starts) or (ends and day > ends):
            continue
        ids.append(page_id)
    return ids[:MAX_PROMOTED]


def promotions_for(viewer: Viewer, raw_query: str, *, today: datetime.date | None = None) -> list[Hit]:
    """The promoted practices for a query that this viewer may see, as hits (best first)."""
    ids = promoted_page_ids(raw_query, today=today)
    if not ids:
        return []
    cards = PracticeDocument.cards(ids)
    hits = []
    for pk in ids:
        card = cards.get(pk)
        if card is None or not can_see_document(viewer, card):
            continue
        summary = card.get("summary") or ""
        text = summary[:240] + ("…" if len(summary) > 240 else "")
        hits.append(
            Hit(
                type=PracticeDocument.kind,
                id=pk,
                title=card["title"],
                url=card.get("url") or "",
                snippet=mark_safe(escape(text)),  # noqa: S308 - escaped here
                organisation=card.get("organisation", ""),
                date=card.get("date"),
                score=0.0,
                promoted=True,
            )
        )
    return hits


def promotions_apply(promoted: list[Hit], hits: list[Hit]) -> list[Hit]:
    """Promoted hits first; a promoted practice found by the search too keeps only its promoted place
    (with the search's highlighted snippet when it has one)."""
    if not promoted:
        return hits
    found = {(h.type, h.id): h for h in hits}
    first = []
    for hit in promoted:
        organic = found.get((hit.type, hit.id))
        first.append(replace(hit, snippet=organic.snippet, score=organic.score) if organic else hit)
    ids = {(h.type, h.id) for h in promoted}
    return first + [h for h in hits if (h.type, h.id) not in ids]


def invalidate() -> None:
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=Promotion)
@receiver(post_delete, sender=Promotion)
def _promotions_changed(**kwargs: object) -> None:
    invalidate()
    transaction.on_commit(invalidate)
