"""“Meinten Sie …?” and autocomplete, both bounded by the viewer's permission filter.

Elasticsearch's suggesters read the whole term dictionary of an index, whatever the query says:
a term suggester would happily offer a word that stands only in a members-of-one-group practice.
So a suggested word is never shown as the suggester gives it. Every candidate word is checked with
a ``term`` query on the same field *inside the viewer's filter*, and the corrected query as a whole
must find visible hits, before it is offered. Autocomplete is an ordinary search (prefixes of the
title words) inside the same filter, so it can only list titles the viewer may open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from elasticsearch import ApiError
from elasticsearch.dsl import Q, Search

from .analysis import ParsedQuery, clean_query, fold, parse_query
from .client import UNAVAILABLE, SearchUnavailable, get_client
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
    if not tokens:
        return {}
    s = Search(using=get_client(), index=_indices()).query(visible_filter(viewer)).extra(size=0)
    for i, token in enumerate(tokens):
        s.aggs.bucket(f"t{i}", "filter", filter=Q("term", **{SPELL_FIELD: token}))
    response = s.execute()
    return {token: response.aggregations[f"t{i}"].doc_count > 0 for i, token in enumerate(tokens)}


def _compose(parsed: ParsedQuery, terms: str) -> str:
    parts = [f'"{p}"' for p in parsed.phrases] + ([terms] if terms else [])
    parts += [f"-{t}" for t in parsed.excluded_terms] + [f'-"{p}"' for p in parsed.excluded_phrases]
    return " ".join(parts)


def suggestion(viewer: Viewer, params: SearchParams, parsed: ParsedQuery) -> str | None:
    """A corrected query made only of words the viewer may see, that finds visible hits; or None."""
    text = " ".join(parsed.terms)
    if not text:
        return None
    client = get_client()
    try:
        raw = client.search(
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
        entries = raw.body.get("suggest", {}).get("words", [])
        tokens = sorted({e["text"] for e in entries} | {o["text"] for e in entries for o in e["options"]})
        visible = _visible_terms(viewer, tokens)
        corrected, changed = text, False
        for entry in sorted(entries, key=lambda e: e["offset"], reverse=True):  # right to left
            if visible.get(entry["text"]):
                continue  # the word as typed is found in a visible document
            choice = next((o["text"] for o in entry["options"] if visible.get(o["text"])), None)
            if choice is None:
                continue
            start, end = entry["offset"], entry["offset"] + entry["length"]
            if corrected[start:end][:1].isupper():
                choice = choice[:1].upper() + choice[1:]
            corrected = corrected[:start] + choice + corrected[end:]
            changed = True
        if not changed:
            return None
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
    return candidate if found else None


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
        .source(["type", "title", "url"])
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
    return [Completion(type=hit.type, id=int(hit.meta.id), title=hit.title, url=hit.url) for hit in response]
