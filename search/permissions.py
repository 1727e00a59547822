"""Who may see what on the search side: the one place where the search filter is built from the
apps' rules, and the only module of the query side that imports them.

Every query that returns hits, highlights, counts or suggestions goes through :func:`visible_filter`,
which expresses :meth:`exchange.access.Viewer.can_see` in the query language; :func:`can_see_document`
is the same rule for a document built from the database. Views and the API take the viewer and the
members-only check from here, so the rest of search imports nothing from cms or exchange (the
document classes in search.documents aside).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from elasticsearch.dsl import Q
from elasticsearch.dsl.query import Query

from exchange.access import AUDIENCE_GROUPS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, Viewer, is_admin, viewer_for
from exchange.decorators import member_required

__all__ = [
    "Viewer",
    "can_see_document",
    "can_view_search_report",
    "member_required",
    "viewer_for",
    "visible_filter",
]


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


def can_see_document(viewer: Viewer, document: Mapping[str, Any]) -> bool:
    """:func:`visible_filter` for one document in Python (``audience`` and ``group_ids`` fields)."""
    return viewer.can_see(document["audience"], document.get("group_ids") or ())


def can_view_search_report(user: Any) -> bool:
    """The report "Suchanfragen": editors and administrators only."""
    return bool(user.is_authenticated and (user.is_superuser or is_admin(user) or viewer_for(user).is_editor))
