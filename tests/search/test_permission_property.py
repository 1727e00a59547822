"""Property: no search response contains anything its viewer may not see.

Hypothesis draws organisations, working groups, people (members of some organisations and groups,
pending applicants, editors), practices with random audiences and forum threads in categories
restricted to random groups, with replies, some of them hidden by a moderator. Every practice,
thread and reply carries one secret word of its own. A forum hit is a thread's best post
(search.documents.post): a reply's word finds its thread once, linked to that reply, for exactly
those who may read the thread; a hidden reply's word finds nothing for anyone (hidden posts are not
indexed, moderators read them in the forum). For every viewer
(and an anonymous one) the database permission functions (cms.permissions.practices_visible_to,
exchange.forum.permissions.threads_visible_to, the single source of truth) say what is visible; the
search must then return exactly that: hits, facet counts, snippets, suggestions and autocomplete
entries, with no secret word of an invisible document anywhere. Each example runs in its own
database savepoint against its own empty clone of the search server.
"""

from __future__ import annotations

from collections import Counter
from itertools import count

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings
from django.utils.text import slugify
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cms.models import PracticeIndexPage, PracticePage
from cms.permissions import practices_visible_to
from cms.setup import editors_group_ensure
from exchange.access import ANONYMOUS, viewer_for
from exchange.forum import services as forum_services
from exchange.forum.permissions import threads_visible_to
from exchange.models import Membership
from search import client as search_client
from search import drain, queries
from search.facets import SearchParams
from search.suggest import autocomplete
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
    term,
)

pytestmark = pytest.mark.django_db

COMMON = "Schutzkonzept"
SECRETS = [
    "ampelfuchs",
    "bergdohle",
    "citrusmond",
    "dachsbau",
    "eulenflug",
    "falkenhorst",
    "gemsbock",
    "hummelwiese",
    "igelpfad",
]
PHASES = ["Vorsorge", "Handling", "Nachsorge"]
_serial = count()

person = st.tuples(
    st.frozensets(st.integers(0, 2)),  # organisations with an active membership
    st.frozensets(st.integers(0, 1)),  # working groups
    st.sampled_from(["member", "member", "pending", "editor"]),
)
practice = st.tuples(
    st.sampled_from(["public", "members", "groups"]),
    st.frozensets(st.integers(0, 1), min_size=1),  # groups (used when the audience is "groups")
    st.integers(0, 2),  # lead organisation
    st.sampled_from(PHASES),
    st.booleans(),  # live (published) or a draft
)
thread = st.tuples(
    st.frozensets(st.integers(0, 1)),  # working groups of its category (empty: all members)
    st.lists(st.booleans(), max_size=2),  # replies: hidden by a moderator or not
)
scenario = st.fixed_dictionaries(
    {
        "people": st.lists(person, min_size=1, max_size=3),
        "practices": st.lists(practice, min_size=1, max_size=3),
        "threads": st.lists(thread, max_size=2),
    }
)


def build(index: PracticeIndexPage, data: dict) -> tuple[list, dict]:
    n = next(_serial)
    orgs = [OrganisationFactory(name=f"Organisation {n}-{i}") for i in range(3)]
    groups = [WorkingGroupFactory(name=f"AG {n}-{i}") for i in range(2)]
    users = []
    for i, (org_ids, group_ids, kind) in enumerate(data["people"]):
        user = UserFactory(email=f"p{n}-{i}@example.org")
        status = Membership.Status.PENDING if kind == "pending" else Membership.Status.ACTIVE
        for o in org_ids:
            Membership.objects.create(user=user, organisation=orgs[o], status=status)
        for g in group_ids:
            groups[g].members.add(user)
        if kind == "editor":
            user.groups.add(editors_group_ensure())
        users.append(user)
    secrets: dict[tuple[str, int], str] = {}
    words = iter(SECRETS)
    for audience, group_ids, org, phase, live in data["practices"]:
        secret = next(words)
        page = PracticePage(
            title=f"Praxis {secret}",
            slug=slugify(f"{secret}-{n}"),
            summary=f"{COMMON} mit {secret} für alle Fälle.",
            organisation=orgs[org],
            audience=audience,
            live=False,
        )
        index.add_child(instance=page)
        page.phases.set([term("phase", phase)])
        if audience == "groups":
            page.working_groups.set([groups[g] for g in group_ids])
        page.save()
        if live:
            page.save_revision().publish()
        secrets[("practice", page.pk)] = secret
    author = UserFactory(email=f"autor{n}@example.org")
    editors_group = editors_group_ensure()
    author.groups.add(editors_group)  # editors may write in every category
    for i, (group_ids, replies) in enumerate(data["threads"]):
        secret = next(words)
        category = CategoryFactory(name=f"Kategorie {n}-{i}")
        category.working_groups.set([groups[g] for g in group_ids])
        t = forum_services.thread_create(
            author=author, category=category, title=f"Thema {secret}", body=f"{COMMON} und {secret}."
        )
        secrets[("thread", t.pk)] = secret
        for hidden in replies:
            word = next(words)
            post = forum_services.post_create(author=author, thread=t, body=f"**{COMMON}**: _{word}_ hier.")
            REPLY_THREAD[post.pk] = t.pk
            if hidden:
                forum_services.post_hide(actor=author, post=post)
            secrets[("hidden" if hidden else "post", post.pk)] = word
    return users, secrets


REPLY_THREAD: dict[int, int] = {}  # reply id -> its thread id


def hit_key(key: tuple[str, int]) -> tuple[str, int]:
    """The search hit a document's secret finds: a reply's is its thread."""
    return ("thread", REPLY_THREAD[key[1]]) if key[0] in ("post", "hidden") else key


def visible_to(user) -> set[tuple[str, int]]:
    viewer = viewer_for(user) if user is not None else ANONYMOUS
    practices = practices_visible_to(user if user is not None else AnonymousUser())
    return {("practice", pk) for pk in practices.values_list("pk", flat=True)} | {
        ("thread", pk) for pk in threads_visible_to(viewer).values_list("pk", flat=True)
    }


def check_viewer(user, secrets: dict[tuple[str, int], str]) -> None:
    viewer = viewer_for(user) if user is not None else ANONYMOUS
    allowed = visible_to(user) & set(secrets)  # hits of this example only (practices, threads)
    readable = {k for k in secrets if k[0] != "hidden" and hit_key(k) in allowed}  # whose words it may find
    forbidden_words = [w for key, w in secrets.items() if key not in readable]
    practice_ids = [pk for kind, pk in allowed if kind == "practice"]
    pages = (
        PracticePage.objects.filter(pk__in=practice_ids)
        .select_related("organisation")
        .prefetch_related("phases")
        .in_bulk()
    )

    def no_secret_in(text: str) -> None:
        for word in forbidden_words:
            assert word not in text.lower(), f"{word!r} leaked to {viewer}"

    def text_of(results: queries.Results) -> str:
        parts = [results.suggestion or ""]
        parts += [f"{h.title} {h.snippet} {h.organisation} {h.url}" for h in results.hits]
        parts += [f"{v.value} {v.label}" for f in results.facets for v in f.values]
        return " ".join(parts)

    def facet(results: queries.Results, name: str) -> dict[str, int]:
        return {v.value: v.count for f in results.facets if f.name == name for v in f.values if v.count}

    # 1. the word all documents share finds exactly the visible ones, counted exactly
    everything = queries.search(viewer, COMMON)
    assert {(h.type, h.id) for h in everything.hits} == allowed  # a thread once, however many posts
    assert everything.count == len(allowed)
    for h in everything.hits:  # every visible post of the thread matched, no hidden one counted
        if h.type == "thread":
            posts = 1 + sum(1 for k in readable if k[0] == "post" and REPLY_THREAD[k[1]] == h.id)
            assert h.matching == posts and h.post_id is not None
    no_secret_in(text_of(everything))
    assert facet(everything, "type") == dict(Counter(kind for kind, _ in allowed))
    assert facet(everything, "phase") == dict(Counter(p.phases.all()[0].name for p in pages.values()))
    assert facet(everything, "organisation") == dict(Counter(p.organisation.name for p in pages.values()))

    # 2. a selected facet narrows hits, not its own counts; counts still only from visible documents
    for phase in PHASES[:2]:
        narrowed = queries.search(viewer, params=SearchParams(query=COMMON, filters=(("phase", (phase,)),)))
        expected = {("practice", pk) for pk, p in pages.items() if p.phases.all()[0].name == phase}
        assert {(h.type, h.id) for h in narrowed.hits} == expected
        assert facet(narrowed, "phase") == facet(everything, "phase")
        no_secret_in(text_of(narrowed))

    # 3. every secret: its own word, a misspelling (suggestion), and a prefix (autocomplete)
    for key, word in secrets.items():
        for query in (word, word[:-2] + word[-1], f"{word[:3]}x{word[4:]}"):
            results = queries.search(viewer, query)
            assert {(h.type, h.id) for h in results.hits} <= allowed
            no_secret_in(text_of(results))
        exact = queries.search(viewer, word)
        assert (key in readable) == (hit_key(key) in {(h.type, h.id) for h in exact.hits})
        if key[0] == "post" and key in readable:  # the reply itself: its link, its words, no Markdown
            (hit,) = [h for h in exact.hits if h.id == hit_key(key)[1]]
            assert hit.post_id == key[1] and hit.url.endswith(f"#beitrag-{key[1]}")
            assert (
                f"<mark>{word}</mark>" in hit.snippet and "**" not in hit.snippet and "_" not in hit.snippet
            )
        prefix = "Praxis " + word[:4] if key[0] == "practice" else "Thema " + word[:4]
        completions = autocomplete(viewer, prefix)
        assert {(c.type, c.id) for c in completions} <= allowed
        no_secret_in(" ".join(c.title for c in completions))


@hsettings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=scenario)
def test_no_response_contains_what_its_viewer_may_not_see(data, practice_index, search_server, settings):
    clone = search_server.clone()  # a clean, empty index for every example
    try:
        with override_settings(SEARCH={**settings.SEARCH, "URL": clone.url, "EMBEDDED": True}):
            search_client.reset()
            with transaction.atomic():
                index = PracticeIndexPage.objects.get(pk=practice_index.pk)  # fresh tree state
                users, secrets = build(index, data)
                drain.outbox_drain(refresh=True)
                for user in [*users, None]:
                    check_viewer(user, secrets)
                transaction.set_rollback(True)
    finally:
        search_client.reset()
        clone.close()
