"""The demo content of a fresh ``make run``: enough practices and threads to show every feature,
loaded through the services (so search finds them), and idempotent: a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import WorkflowState

from cms.desk import desk_entries
from cms.models import PracticePage
from exchange.access import viewer_for
from exchange.models import Category, Flag, Membership, Post, Reaction, Thread, User
from search import queries
from search.models import SearchQueryLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

MEMBER = "mitglied@sicherimdienst.example"
EDITOR = "redaktion@sicherimdienst.example"


def _counts() -> dict[str, int]:
    return {
        "practices": PracticePage.objects.count(),
        "revisions": sum(p.revisions.count() for p in PracticePage.objects.all()),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "categories": Category.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "reactions": Reaction.objects.count(),
        "flags": Flag.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "searches": SearchQueryLog.objects.count(),
    }


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search outbox drains after commit
        call_command("load_demo", stdout=io.StringIO())


def test_loading_twice_changes_nothing(demo, django_capture_on_commit_callbacks):
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before


def test_at_least_twenty_practices_each_classified_transferable_with_a_member_as_contact(demo):
    live = PracticePage.objects.live().specific()
    assert live.count() >= 20
    members = set(Membership.objects.effective().values_list("user__email", flat=True))
    for page in live:
        assert page.target_groups.exists() and page.phases.exists() and page.measure_types.exists(), (
            page.title
        )
        assert page.pros or page.staffing, f"{page.title}: no transferability"
        assert page.contact_name and page.contact_email in members, (
            f"{page.title}: contact {page.contact_email}"
        )


def test_the_forum_shows_replies_reactions_solutions_a_practice_discussion_and_a_report(demo):
    assert Thread.objects.count() >= 12
    assert Thread.objects.filter(post_count__gt=1).count() >= 9
    assert Reaction.objects.exists()
    solved = Thread.objects.exclude(solution=None)
    assert solved.exists()
    assert all(t.solution.thread_id == t.pk for t in solved)
    discussion = Thread.objects.get(is_practice_discussion=True)
    assert discussion.category.is_practice_discussion
    assert discussion.practice.title == "Codewort und Alarmierungskette im Sozialamt"
    assert Flag.objects.filter(resolved_at__isnull=True).count() == 1


def test_the_practice_page_links_its_discussion(demo):
    discussion = Thread.objects.get(is_practice_discussion=True)
    client = Client()
    client.force_login(User.objects.get(email=MEMBER))
    html = client.get(discussion.practice.url).content.decode()
    assert f"/forum/thema/{discussion.pk}/" in html


def test_search_finds_the_demo_practices_and_threads(demo):
    viewer = viewer_for(User.objects.get(email=MEMBER))
    assert "Notrufknopf und stille Alarmierung im Bürgerbüro" in [
        h.title for h in queries.search(viewer, "Notrufknopf").hits
    ]
    assert "Hausverbot: befristen oder unbefristet aussprechen?" in [
        h.title for h in queries.search(viewer, "Hausverbot").hits
    ]


def test_the_editors_desk_has_something_in_every_panel(demo):
    entries = {e.key: e.count for e in desk_entries(User.objects.get(email=EDITOR))}
    assert entries == {
        key: entries[key] for key in ["memberships", "reviews", "flags", "overdue", "zero-results"]
    }
    assert all(entries.values()), entries
    partner = {e.key: e.count for e in desk_entries(User.objects.get(email="partner@sicherimdienst.example"))}
    assert partner == {"memberships": 1, "overdue": 1}  # Nina Neu's request, the Gütersloh declaration
