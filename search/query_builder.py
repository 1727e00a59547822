"""The Elasticsearch request for a member's query, built from DSL clauses only (search.queries runs it).

The member's text never reaches ``query_string``/``simple_query_string``: every word is the
``query`` of a ``multi_match``/``match_phrase``, which the server analyses as plain text. Every
request goes through :func:`filtered_search`, which puts the permission filter into the main query.
"""

from __future__ import annotations

from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from . import indexes
from .analysis import ParsedQuery, default_decompounder
from .client import get_client
from .documents import DOCUMENTS
from .facets import FACETS_BY_NAME, SearchParams
from .permissions import Viewer, visible_filter
from .synonyms import SynonymTable

# Where a word is looked for, and how much a hit there counts. The ``*parts`` fields hold the
# decompounded text (search.analysis) and count less than the words as written.
MAIN_FIELDS = ["title^4", "summary^2", "body", "tags", "attachment_text^0.5"]
PARTS_FIELDS = ["title_parts^1.5", "parts^0.5"]
EXCLUDE_FIELDS = ["title", "summary", "body", "tags", "title_parts", "parts", "attachment_text"]
EXACT_TITLE_BOOST = 20.0


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


def _indices() -> list[str]:
    return [indexes.read_alias(kind) for kind in DOCUMENTS]


def _facet_filter(name: str, values: tuple[str, ...]) -> Query:
    facet = FACETS_BY_NAME[name]
    return Q("terms", **{facet.field: facet.term_values(values)})


def filtered_search(viewer: Viewer, query: Query, params: SearchParams) -> Search:
    """The base of every request: permission filter in the main query (so it also bounds the facet
    counts and highlights), the facet selection as ``post_filter`` (hits only)."""
    s = Search(using=get_client(), index=_indices()).query(
        Q("bool", must=[query], filter=[visible_filter(viewer)])
    )
    if params.filters:
        s = s.post_filter(Q("bool", filter=[_facet_filter(n, v) for n, v in params.filters]))
    return s
