"""The one place where the search filter is built, from exchange.access' audience rule.

Every query that returns hits, highlights, counts or suggestions goes through :func:`visible_filter`,
which expresses :meth:`exchange.access.Viewer.can_see` in the query language.
"""

from __future__ import annotations

from elasticsearch.dsl import Q
from elasticsearch.dsl.query import Query

from exchange.access import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, Viewer


def visible_filter(viewer: Viewer) -> Query:
    if viewer.is_editor:
        return Q("match_all")
    clauses = [Q("term", audience=AUDIENCE_PUBLIC)]
    if viewer.is_member:
        clauses.append(Q("term", audience=AUDIENCE_MEMBERS))
        if viewer.group_ids:
            clauses.append(
                Q(
                    "bool",
                    filter=[
                        Q("term", audience=AUDIENCE_GROUPS),
                        Q("terms", group_ids=sorted(viewer.group_ids)),
                    ],
                )
            )
    return Q("bool", should=clauses, minimum_should_match=1)
