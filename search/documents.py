"""Index definitions. Every document carries what the permission filter needs: audience, groups.

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
"""

from __future__ import annotations

from elasticsearch.dsl import Date, Document, Integer, Keyword, SearchAsYouType, Text

GERMAN = "german"
SPELL_FIELD = "spell"


def _title() -> Text:
    return Text(
        analyzer=GERMAN,
        copy_to=SPELL_FIELD,
        fields={"exact": Text(analyzer="standard"), "raw": Keyword()},
    )


class BaseDocument(Document):
    uid = Keyword()
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
    # A hash of the rest of the document, so ``search_index --check`` sees stale documents (search.check).
    fingerprint = Keyword(index=False)
    year = Integer()
    region = Keyword()
    target_groups = Keyword()
    professional_fields = Keyword()
    phases = Keyword()
    measure_types = Keyword()
    incident_types = Keyword()
    threat_levels = Keyword()


class PracticeDocument(BaseDocument):
    organisation_id = Integer()
    status = Keyword()
    started_year = Integer()
    # Taxonomy term ids, for "similar practices" (search.similar).
    term_ids = Integer()
    # Text of the attached PDFs (search.attachments); same document, so the same visibility.
    attachment_text = Text(analyzer=GERMAN)


class ThreadDocument(BaseDocument):
    category_id = Integer()
    category = Keyword()


DOCUMENTS: dict[str, type[BaseDocument]] = {
    "practice": PracticeDocument,
    "thread": ThreadDocument,
}
