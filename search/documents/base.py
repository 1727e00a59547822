"""What every search document has: the shared mapping, and the way objects become documents.

German text fields use Elasticsearch's built-in ``german`` analyzer (lower-casing, German
normalisation of umlauts and ß, light stemming), which the embedded osmem server also applies at
index time. ``title.exact`` keeps the unstemmed words so that exact title matches rank first.

``title_parts`` and ``parts`` hold the text prepared in Python by :mod:`search.analysis` (gender
forms normalised, compounds split into their parts, hyphenated coordinations written out), because
osmem ignores decompounder and synonym filters. They are searched with a lower weight.

Fields for the result page (all kinds share them, so that one request over all indices can sort,
facet and page; a kind without a value simply leaves it out):

- ``uid`` (``<kind>-<pk>``): the unique, sortable tie-breaker for ``search_after`` paging (``_id``
  repeats across kinds and cannot be sorted on in Elasticsearch 8).
- keyword facets: ``type``, ``organisation``, ``region``, the taxonomy term names
  (``target_groups`` …) and ``year`` (the year of the date shown with the hit).
- ``spell``: the words of title, summary and body as written (``copy_to``, standard analyzer), the
  dictionary of the "Meinten Sie …?" term suggester.
- ``title_suggest``: ``search_as_you_type`` for autocomplete (its 2/3-gram and prefix subfields
  are built by both servers; only standard analysis, which osmem applies at index time too). It
  holds the title's words and compound parts folded in Python (``analysis.suggest_text``: ä/ae → a,
  ß → ss), and the typed text is folded the same way, so both spellings and parts complete.
- ``audience``/``group_ids``: what the permission filter (search.permissions) needs.
- ``fingerprint``: a hash of the rest of the document, so ``search_index --check`` sees stale ones.
"""

# No ``from __future__ import annotations`` here: elasticsearch.dsl reads the class annotations of a
# Document at runtime (a ClassVar is skipped only when it is a real type, not a string).

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.functional import Promise
from elasticsearch.dsl import Date, Document, Integer, Keyword, SearchAsYouType, Text

from ..analysis import suggest_text

GERMAN = "german"
SPELL_FIELD = "spell"


def _title() -> Text:
    return Text(
        analyzer=GERMAN,
        copy_to=SPELL_FIELD,
        fields={"exact": Text(analyzer="standard"), "raw": Keyword()},
    )


def fingerprint(document: dict[str, Any]) -> str:
    """A short hash of everything a document says: equal fingerprints, equal documents."""
    data = json.dumps({k: v for k, v in document.items() if k != "fingerprint"}, sort_keys=True, default=str)
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()


class BaseDocument(Document):
    """One index. A subclass names its ``kind`` (the outbox kind and the ``type`` facet value), says
    which objects exist (:meth:`get_queryset`, with the prefetches :meth:`prepare` needs) and how
    one object becomes a document (:meth:`prepare`)."""

    kind: ClassVar[str] = ""
    facet_type: ClassVar[str] = ""  # the ``type`` facet value when it is not ``kind`` (posts: "thread")
    # An outbox kind whose ids name parents (a thread): such a row re-indexes every document whose
    # ``parent_field`` is one of them and deletes those of the parent that are gone (search.drain).
    parent_kind: ClassVar[str] = ""
    parent_field: ClassVar[str] = ""
    label: ClassVar[str | Promise] = ""  # the ``type`` facet's label

    uid = Keyword()
    group = Keyword()  # one search hit per group: a practice alone, a thread's posts together
    type = Keyword()
    title = _title()
    summary = Text(analyzer=GERMAN, copy_to=SPELL_FIELD)
    body = Text(analyzer=GERMAN, copy_to=SPELL_FIELD)
    tags = Text(analyzer=GERMAN, copy_to=SPELL_FIELD)  # the taxonomy term names, searchable as words
    title_parts = Text(analyzer=GERMAN)
    parts = Text(analyzer=GERMAN)
    spell = Text(analyzer="standard")
    title_suggest = SearchAsYouType(analyzer="standard")
    organisation = Keyword()
    audience = Keyword()
    group_ids = Integer()
    url = Keyword(index=False)
    date = Date()
    fingerprint = Keyword(index=False)
    year = Integer()
    region = Keyword()
    target_groups = Keyword()
    professional_fields = Keyword()
    phases = Keyword()
    measure_types = Keyword()
    incident_types = Keyword()
    threat_levels = Keyword()

    @classmethod
    def get_queryset(cls) -> QuerySet[Any]:
        """Every object that has a document, ordered by pk, with what :meth:`prepare` reads prefetched."""
        raise NotImplementedError

    @classmethod
    def prepare(cls, obj: Any) -> dict[str, Any]:
        """The document of ``obj`` (without the fields :meth:`documents` adds for every kind)."""
        raise NotImplementedError

    @classmethod
    def documents(
        cls, ids: Iterable[int] | None = None, *, parents: Iterable[int] | None = None, chunk: int = 2000
    ) -> Iterator[tuple[int, dict]]:
        """``(pk, document)`` of the objects ``ids`` that exist (all when ``ids`` is None), or of
        every object whose :attr:`parent_field` is one of ``parents``."""
        qs = cls.get_queryset()
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        if parents is not None:
            qs = qs.filter(**{f"{cls.parent_field}__in": list(parents)})
        for obj in qs.iterator(chunk_size=chunk):
            document = cls._finish(obj.pk, cls.prepare(obj))
            document["fingerprint"] = fingerprint(document)
            yield obj.pk, document

    @classmethod
    def _finish(cls, pk: int, doc: dict[str, Any]) -> dict[str, Any]:
        """What every kind's documents carry: the paging tie-breaker, the year facet, autocomplete."""
        date = doc.get("date")
        doc = {k: v for k, v in doc.items() if k not in ("organisation", "region") or v}  # no "" facet
        uid = f"{cls.kind}-{pk}"
        return {
            "group": uid,
            **doc,
            "type": cls.facet_type or cls.kind,
            "uid": uid,
            "year": date.year if date is not None else None,
            "title_suggest": doc.get("title_suggest")
            if "title_suggest" in doc
            else suggest_text(doc.get("title", ""), doc.get("title_parts", "")),
        }
