"""Index definitions. Every document carries what the permission filter needs: audience, groups.

German text fields use Elasticsearch's built-in ``german`` analyzer (lower-casing, German
normalisation of umlauts and ß, light stemming), which the embedded osmem server also applies at
index time. ``title.exact`` keeps the unstemmed words so that exact title matches rank first.

``title_parts`` and ``parts`` hold the text prepared in Python by :mod:`search.analysis` (gender
forms normalised, compounds split into their parts, hyphenated coordinations written out), because
osmem ignores decompounder and synonym filters. They are searched with a lower weight.
"""

from __future__ import annotations

from elasticsearch.dsl import Date, Document, Integer, Keyword, Text

GERMAN = "german"


def _title() -> Text:
    return Text(analyzer=GERMAN, fields={"exact": Text(analyzer="standard"), "raw": Keyword()})


class BaseDocument(Document):
    type = Keyword()
    title = _title()
    summary = Text(analyzer=GERMAN)
    body = Text(analyzer=GERMAN)
    title_parts = Text(analyzer=GERMAN)
    parts = Text(analyzer=GERMAN)
    organisation = Keyword()
    audience = Keyword()
    group_ids = Integer()
    url = Keyword(index=False)
    date = Date()


class PracticeDocument(BaseDocument):
    organisation_id = Integer()
    status = Keyword()
    year = Integer()


class ThreadDocument(BaseDocument):
    category_id = Integer()
    category = Keyword()


DOCUMENTS: dict[str, type[BaseDocument]] = {
    "practice": PracticeDocument,
    "thread": ThreadDocument,
}
