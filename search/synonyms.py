"""Editor-maintained synonyms and acronyms, applied to the query in Python (osmem ignores synonym
filters, and query-time expansion needs no index rebuild on Elasticsearch either).

The table is cached (Django cache) and dropped whenever a :class:`~search.models.Synonym` is saved
or deleted, so a change takes effect with the next search. The short timeout bounds staleness where
the cache is per process (locmem in development).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .analysis import GERMAN_STOP_WORDS, fold
from .models import Synonym

CACHE_KEY = "search:synonyms:v1"
CACHE_TIMEOUT = 60  # seconds
MAX_KEY_WORDS = 4
MAX_ALTERNATIVES = 6
_ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def term_key(text: str) -> tuple[str, ...]:
    """A spelling- and inflection-tolerant key: ``Kommunalen Ordnungsdiensts`` ~ ``kommunaler …``."""
    words = re.findall(r"[^\W_]+", text.lower())
    content = [w for w in words if w not in GERMAN_STOP_WORDS] or words
    return tuple(_stem(fold(w)) for w in content)


@dataclass(frozen=True)
class Expansion:
    """Query words ``start:end`` mean the same as each of ``alternatives``."""

    start: int
    end: int
    alternatives: tuple[str, ...]


class SynonymTable:
    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.table: dict[tuple[str, ...], list[str]] = {}
        for group in groups:
            for term in group:
                key = term_key(term)
                if not key or len(key) > MAX_KEY_WORDS:
                    continue
                alternatives = self.table.setdefault(key, [])
                for other in group:
                    if term_key(other) != key and other not in alternatives:
                        alternatives.append(other)

    def expand(self, words: Sequence[str]) -> list[Expansion]:
        """Longest matches first, left to right, without overlaps."""
        keys = [term_key(w) for w in words]
        out: list[Expansion] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_KEY_WORDS, len(words) - i), 0, -1):
                key = tuple(part for k in keys[i : i + n] for part in k)
                alternatives = self.table.get(key)
                if alternatives:
                    out.append(Expansion(i, i + n, tuple(alternatives[:MAX_ALTERNATIVES])))
                    i += n
                    break
            else:
                i += 1
        return out


def synonym_groups() -> list[list[str]]:
    groups = cache.get(CACHE_KEY)
    if groups is None:
        groups = [s.term_list() for s in Synonym.objects.filter(is_active=True).order_by("pk")]
        groups = [g for g in groups if len(g) > 1]
        cache.set(CACHE_KEY, groups, CACHE_TIMEOUT)
    return groups


def synonym_table() -> SynonymTable:
    return SynonymTable(synonym_groups())


def invalidate() -> None:
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def _synonyms_changed(**kwargs: object) -> None:
    invalidate()  # now, for this process and this transaction
    transaction.on_commit(invalidate)  # and after commit, so no reader re-caches the old state
