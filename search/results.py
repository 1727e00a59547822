"""What a search returns: hits, facet counts, paging. Plain data, shared by the query side."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.safestring import SafeString

from . import indexes
from .facets import PAGE_SIZE, SearchParams


@dataclass(frozen=True)
class Hit:
    type: str
    id: int
    title: str
    url: str
    snippet: SafeString
    organisation: str
    date: datetime | None
    score: float
    promoted: bool = False  # an editor's promotion for this query (search.promotions)
    # A forum hit is its thread's best matching post: ``url`` opens it, ``date`` is when it was written.
    post_id: int | None = None
    author: str = ""  # the post's author as the forum shows it
    matching: int = 1  # how many posts of the thread matched

    @property
    def more_posts(self) -> int:
        return max(0, self.matching - 1)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Results:
    query: str
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: list[FacetResult] = field(default_factory=list)
    suggestion: str | None = None
    # The member's query when the hits are those of the corrected ``query`` (search.suggest: a
    # typo with one certain correction): "Ergebnisse für <query> (statt <corrected_from>)".
    corrected_from: str | None = None
    next_cursor: str | None = None
    params: SearchParams = field(default_factory=SearchParams)
    searched: bool = False  # False: nothing to look for (empty query, no filters)

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.count

    @property
    def numbered_pages(self) -> int:
        """How many pages can be reached by number (the rest through ``next_cursor``)."""
        last = -(-self.count // self.page_size)
        return min(last, max(1, indexes.max_result_window() // self.page_size))

    @property
    def next_is_numbered(self) -> bool:
        return self.page + 1 <= self.numbered_pages

    def page_links(self, around: int = 2) -> list[int]:
        """Page numbers to offer: the first, the last numbered one, and those around the current."""
        last = self.numbered_pages
        pages = {1, last, *range(self.page - around, self.page + around + 1)}
        return sorted(p for p in pages if 1 <= p <= last)
