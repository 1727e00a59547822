"""Reads from the search side: turn a member's query into a safe, permission-filtered search."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from elasticsearch import ApiError
from elasticsearch.dsl import Q, Response, Search
from elasticsearch.dsl.query import Query

from exchange.permissions import Viewer

from . import indexes
from .analysis import MAX_QUERY_LENGTH, ParsedQuery, clean_query, default_decompounder, parse_query
from .client import get_client
from .permissions import visible_filter
from .services import UNAVAILABLE, SearchUnavailable
from .synonyms import SynonymTable, synonym_table

__all__ = ["MAX_QUERY_LENGTH", "Hit", "Results", "build_query", "normalise_query", "search"]

PAGE_SIZE = 10
MAX_PAGE = (10_000 // PAGE_SIZE) - 1  # from + size stays inside the default result window
TYPES = ("practice", "thread")
# Highlight markers that cannot occur in stored text; replaced after HTML escaping.
_PRE, _POST = "\ue000", "\ue001"

# Where a word is looked for, and how much a hit there counts. The ``*parts`` fields hold the
# decompounded text (search.analysis) and count less than the words as written.
MAIN_FIELDS = ["title^4", "summary^2", "body"]
PARTS_FIELDS = ["title_parts^1.5", "parts^0.5"]
EXCLUDE_FIELDS = ["title", "summary", "body", "title_parts", "parts"]
EXACT_TITLE_BOOST = 20.0


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


@dataclass
class Results:
    query: str
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < min(self.count, 10_000)


def normalise_query(raw: str) -> str:
    """The query as shown back to the member: control characters dropped, spaces collapsed, capped."""
    return clean_query(raw)


def _word_query(word: str, *, fuzzy: bool) -> Query:
    """One query word, found as written (stemmed), as a compound part, or split into its parts."""
    should: list[Query] = [
        Q("multi_match", query=word, fields=MAIN_FIELDS, type="best_fields", operator="and", boost=2.0),
        Q("multi_match", query=word, fields=PARTS_FIELDS, type="best_fields", operator="and"),
    ]
    parts = default_decompounder().query_parts(word)
    if parts:  # Schulkennzeichnung also finds "Kennzeichnung von Schulen"
        should.append(
            Q(
                "multi_match",
                query=" ".join(parts),
                fields=["title_parts^1.5", "parts"],
                type="cross_fields",
                operator="and",
                boost=0.8,
            )
        )
    if fuzzy:  # typos; never on title.exact, and worth less than the same word spelled right
        should.append(
            Q(
                "multi_match",
                query=word,
                fields=MAIN_FIELDS + PARTS_FIELDS,
                type="best_fields",
                operator="and",
                fuzziness="AUTO",
                prefix_length=1,
                max_expansions=25,
                boost=0.5,
            )
        )
    return Q("bool", should=should, minimum_should_match=1)


def _alternative_query(text: str) -> Query:
    """A synonym or acronym of what was typed: found as a phrase, worth a little less."""
    return Q("multi_match", query=text, fields=MAIN_FIELDS + PARTS_FIELDS, type="phrase", boost=0.8)


def _units(parsed: ParsedQuery, synonyms: SynonymTable, *, fuzzy: bool) -> list[Query]:
    """One clause per query word; words that form a synonym-table entry become one clause."""
    words = list(parsed.terms)
    expansions = {e.start: e for e in synonyms.expand(words)}
    units: list[Query] = []
    i = 0
    while i < len(words):
        expansion = expansions.get(i)
        if expansion is None:
            units.append(_word_query(words[i], fuzzy=fuzzy))
            i += 1
            continue
        typed = [_word_query(w, fuzzy=fuzzy) for w in words[expansion.start : expansion.end]]
        typed_query = typed[0] if len(typed) == 1 else Q("bool", must=typed)
        alternatives = [_alternative_query(a) for a in expansion.alternatives]
        units.append(Q("bool", should=[typed_query, *alternatives], minimum_should_match=1))
        i = expansion.end
    return units


def _required(count: int) -> int:
    """All words up to three; of longer queries three quarters (a forgotten filler word still finds)."""
    return count if count <= 3 else -(-count * 3 // 4)


def _match_query(parsed: ParsedQuery, synonyms: SynonymTable, *, fuzzy: bool) -> Query:
    units = _units(parsed, synonyms, fuzzy=fuzzy)
    must: list[Query] = [
        Q("multi_match", query=phrase, fields=MAIN_FIELDS, type="phrase", boost=2.0)
        for phrase in parsed.phrases
    ]
    if units:
        must.append(Q("bool", should=units, minimum_should_match=_required(len(units))))
    return Q("bool", must=must)


def build_query(parsed: ParsedQuery, synonyms: SynonymTable | None = None, *, fuzzy: bool = False) -> Query:
    """The Elasticsearch query for a parsed member query, built from DSL clauses only.

    The member's text never reaches ``query_string``/``simple_query_string``: every word is the
    ``query`` of a ``multi_match``/``match_phrase``, which the server analyses as plain text.
    Ranking: an exact title phrase first, then title, summary, body; decompounded parts and
    synonyms count less. Typo tolerance (``fuzzy``) is a second pass that :func:`search` runs only
    when the words as written find nothing, so an exact match can never be outranked by a fuzzy one
    and the common case pays for no fuzzy expansion.
    """
    synonyms = synonyms or SynonymTable([])
    should: list[Query] = []
    if parsed.text:
        should += [
            Q("match_phrase", **{"title.exact": {"query": parsed.text, "boost": EXACT_TITLE_BOOST}}),
            Q("match_phrase", title={"query": parsed.text, "boost": 4.0}),
            Q("multi_match", query=parsed.text, fields=["summary", "body"], type="phrase", slop=2),
        ]
    must_not: list[Query] = [
        Q("multi_match", query=term, fields=EXCLUDE_FIELDS, type="best_fields", operator="and")
        for term in parsed.excluded_terms
    ] + [
        Q("multi_match", query=phrase, fields=["title", "summary", "body"], type="phrase")
        for phrase in parsed.excluded_phrases
    ]
    return Q("bool", must=[_match_query(parsed, synonyms, fuzzy=fuzzy)], should=should, must_not=must_not)


def _snippet(fragments: list[str] | None, fallback: str) -> SafeString:
    if fragments:
        text = " … ".join(fragments)
    else:
        text = fallback[:240] + ("…" if len(fallback) > 240 else "")
    html = escape(text).replace(_PRE, "<mark>").replace(_POST, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


def search(viewer: Viewer, raw_query: str, *, types: tuple[str, ...] = TYPES, page: int = 1) -> Results:
    page = max(1, min(int(page), MAX_PAGE))
    results = Results(query=normalise_query(raw_query), page=page)
    parsed = parse_query(raw_query)
    if parsed.is_empty:
        return results
    kinds = [t for t in TYPES if t in types] or list(TYPES)
    synonyms = synonym_table()
    response = _execute(viewer, build_query(parsed, synonyms), kinds, page)
    if response is not None and response.hits.total.value == 0 and parsed.terms:  # type: ignore[attr-defined]
        response = _execute(viewer, build_query(parsed, synonyms, fuzzy=True), kinds, page)
    if response is None:  # no index yet: nothing has been indexed
        return results
    results.count = response.hits.total.value  # type: ignore[attr-defined]
    for hit in response:
        hl = getattr(hit.meta, "highlight", None)
        fragments = None
        if hl is not None:
            fragments = list(getattr(hl, "summary", []) or []) + list(getattr(hl, "body", []) or [])
        results.hits.append(
            Hit(
                type=hit.type,
                id=int(hit.meta.id),
                title=hit.title,
                url=hit.url,
                snippet=_snippet(fragments[:2] if fragments else None, getattr(hit, "summary", "") or ""),
                organisation=getattr(hit, "organisation", "") or "",
                date=_parse_date(getattr(hit, "date", None)),
                score=hit.meta.score or 0.0,
            )
        )
    return results


def _execute(viewer: Viewer, query: Query, kinds: list[str], page: int) -> Response | None:
    """Run one permission-filtered, highlighted page of results; None when there is no index yet."""
    s = (
        Search(using=get_client(), index=[indexes.read_alias(t) for t in kinds])
        .query(Q("bool", must=[query], filter=[visible_filter(viewer)]))
        .highlight(
            "summary",
            "body",
            "title",
            fragment_size=160,
            number_of_fragments=2,
            pre_tags=[_PRE],
            post_tags=[_POST],
        )
        .source(["type", "title", "url", "organisation", "date", "summary"])
        .extra(track_total_hits=True)
    )
    start = (page - 1) * PAGE_SIZE
    s = s[start : start + PAGE_SIZE]
    try:
        return s.execute()
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    except ApiError as exc:
        if exc.meta.status == 404:
            return None
        raise


def _parse_date(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
