"""“Meinten Sie …?” and autocomplete, both bounded by the viewer's permission filter.

Elasticsearch's suggesters read the whole term dictionary of an index, whatever the query says:
a term suggester would happily offer a word that stands only in a members-of-one-group practice.
So a suggested word is never shown as the suggester gives it. Every candidate word is checked with
a ``term`` query on the same field *inside the viewer's filter*, and the corrected query as a whole
must find visible hits, before it is offered. A typo inside a compound that the index holds only as
its parts ("Schulkenzeichnung" for "Kennzeichnung von Schulen") has no term to be suggested; its
candidates come from the compound splitter (one part one edit away, search.compounds) and are
checked the same way: each must find a visible document as a query of its own. Autocomplete is an
ordinary search (prefixes of the title words) inside the same filter, so it can only list titles the
viewer may open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from elasticsearch import ApiError
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query

from .analysis import GERMAN_STOP_WORDS, ParsedQuery, clean_query, default_decompounder, fold, parse_query
from .client import UNAVAILABLE, SearchUnavailable, get_client
from .compounds import edits1
from .documents import SPELL_FIELD
from .facets import SearchParams
from .permissions import Viewer, visible_filter
from .query_builder import _facet_filter, _indices, build_query, filtered_search
from .synonyms import synonym_table

log = logging.getLogger(__name__)

MAX_OPTIONS = 5
AUTOCOMPLETE_MIN = 2
AUTOCOMPLETE_MAX = 100
AUTOCOMPLETE_LIMIT = 8


def _visible_terms(viewer: Viewer, tokens: list[str]) -> dict[str, bool]:
    """Which of ``tokens`` occur in at least one document the viewer may see (one request)."""
    return _visible(viewer, {token: Q("term", **{SPELL_FIELD: token}) for token in tokens})


def _visible_words(viewer: Viewer, words: list[str]) -> dict[str, bool]:
    """Which of ``words``, searched as a member's query, find a document the viewer may see."""
    return _visible(viewer, {word: build_query(parse_query(word)) for word in words})


def _visible(viewer: Viewer, checks: dict[str, Query]) -> dict[str, bool]:
    if not checks:
        return {}
    s = Search(using=get_client(), index=_indices()).query(visible_filter(viewer)).extra(size=0)
    keys = list(checks)
    for i, key in enumerate(keys):
        s.aggs.bucket(f"t{i}", "filter", filter=checks[key])
    response = s.execute()
    return {key: response.aggregations[f"t{i}"].doc_count > 0 for i, key in enumerate(keys)}


def _compose(parsed: ParsedQuery, terms: str) -> str:
    parts = [f'"{p}"' for p in parsed.phrases] + ([terms] if terms else [])
    parts += [f"-{t}" for t in parsed.excluded_terms] + [f'-"{p}"' for p in parsed.excluded_phrases]
    return " ".join(parts)


# The ``spell`` field keeps stop words (standard analyzer); never offer one ("auch" for "Rauch").
STOP_WORDS = GERMAN_STOP_WORDS


def _one_edit(typed: str, option: str) -> bool:
    return fold(option) in edits1(fold(typed))


def _one_word(candidates: list[str]) -> bool:
    """All candidates are one word up to an ending (Übergabe, Übergaben, übergab): one meaning."""
    return len({fold(c).rstrip("en") for c in candidates}) == 1


@dataclass(frozen=True)
class Correction:
    """A corrected query made only of words the viewer may see, that finds visible hits."""

    query: str
    # Every changed word had exactly one visible candidate one edit away: the search may show the
    # corrected query's hits at once ("Ergebnisse für … (statt …)") instead of asking.
    certain: bool


@dataclass
class _Word:
    start: int
    end: int
    typed: str
    options: list[str]  # the term suggester's, best first
    choice: str | None = None
    certain: bool = False


def _term_suggestions(text: str) -> list[_Word]:
    """The term suggester over the ``spell`` field (words as written in titles, summaries, bodies)."""
    raw = get_client().search(
        index=_indices(),
        size=0,
        suggest={
            "text": text,
            "words": {
                "term": {
                    "field": SPELL_FIELD,
                    "suggest_mode": "always",
                    "size": MAX_OPTIONS,
                    "min_word_length": 3,
                }
            },
        },
    )
    return [
        _Word(
            start=e["offset"],
            end=e["offset"] + e["length"],
            typed=text[e["offset"] : e["offset"] + e["length"]],
            options=[o["text"] for o in e["options"] if o["text"] not in STOP_WORDS],
        )
        for e in raw.body.get("suggest", {}).get("words", [])
    ]


def _choose(viewer: Viewer, words: list[_Word]) -> None:
    """Pick each misspelled word's correction among the visible candidates.

    First the term suggester's options (whole words of the index); for a word they cannot fix,
    spellings one edit away in one part of a compound (search.compounds), which find the compound
    through its parts even when the index holds it only as "Kennzeichnung von Schulen".
    """
    tokens = sorted({w.typed.lower() for w in words} | {o for w in words for o in w.options})
    visible = _visible_terms(viewer, tokens)
    open_words = []
    for word in words:
        if visible.get(word.typed.lower()):
            continue  # the word as typed is found in a visible document
        found = [o for o in word.options if visible.get(o)]
        if found:
            word.choice = found[0]
            word.certain = _one_edit(word.typed, found[0]) and _one_word(
                [o for o in found if _one_edit(word.typed, o)]
            )
        else:
            open_words.append(word)
    candidates = {w.typed: default_decompounder().corrections(w.typed) for w in open_words}
    visible = _visible_words(viewer, sorted({c for cs in candidates.values() for c in cs}))
    for word in open_words:
        found = [c for c in candidates[word.typed] if visible.get(c)]
        if found:
            word.choice, word.certain = found[0], _one_word(found)


def correction(viewer: Viewer, params: SearchParams, parsed: ParsedQuery) -> Correction | None:
    """A corrected query made only of words the viewer may see, that finds visible hits; or None."""
    text = " ".join(parsed.terms)
    if not text:
        return None
    try:
        words = _term_suggestions(text)
        _choose(viewer, words)
        changed = [w for w in words if w.choice is not None]
        if not changed:
            return None
        corrected = text
        for word in sorted(changed, key=lambda w: w.start, reverse=True):  # right to left
            choice = str(word.choice)
            if word.typed[:1].isupper():
                choice = choice[:1].upper() + choice[1:]
            corrected = corrected[: word.start] + choice + corrected[word.end :]
        candidate = _compose(parsed, corrected)
        check = filtered_search(viewer, build_query(parse_query(candidate), synonym_table()), params)
        if params.filters:  # the suggestion link keeps the filters: it must find hits with them
            check = check.filter(Q("bool", filter=[_facet_filter(n, v) for n, v in params.filters]))
        found = check.extra(size=0, track_total_hits=True).execute().hits.total.value  # type: ignore[attr-defined]
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    except ApiError as exc:
        if exc.meta.status == 404:
            return None
        if exc.meta.status == 400:  # an index from before the ``spell`` field: no suggestion yet
            log.warning("search: no suggestion for this index (%s); run search_index --rebuild", exc)
            return None
        raise
    return Correction(candidate, certain=all(w.certain for w in changed)) if found else None


@dataclass(frozen=True)
class Completion:
    type: str
    id: int
    title: str
    url: str


def autocomplete(viewer: Viewer, raw: str, *, limit: int = AUTOCOMPLETE_LIMIT) -> list[Completion]:
    """Titles the viewer may see whose words or compound parts start with what was typed (the last
    word a prefix), with or without umlauts."""
    text = fold(clean_query(raw)[:AUTOCOMPLETE_MAX])  # as the titles were folded (suggest_text)
    if len(text) < AUTOCOMPLETE_MIN:
        return []
    prefix = Q(
        "multi_match",
        query=text,
        type="bool_prefix",
        operator="and",
        fields=["title_suggest", "title_suggest._2gram", "title_suggest._3gram"],
    )
    s = (
        Search(using=get_client(), index=_indices())
        .query(Q("bool", must=[prefix], filter=[visible_filter(viewer)]))
        .source(["type", "title", "url", "thread_id"])
        .sort("_score", {"uid": {"order": "asc", "unmapped_type": "keyword"}})
        .extra(size=limit)
    )
    try:
        response = s.execute()
    except UNAVAILABLE as exc:
        raise SearchUnavailable(str(exc)) from exc
    except ApiError as exc:
        if exc.meta.status == 404:
            return []
        raise
    return [
        Completion(
            type=hit.type,
            id=int(getattr(hit, "thread_id", None) or hit.meta.id),
            title=hit.title,
            url=hit.url,
        )
        for hit in response
    ]
