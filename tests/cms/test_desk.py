"""The editors' desk on the Wagtail dashboard: each panel per role, with real data built through the
services (membership requests, the review workflow, forum flags, search analytics)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cms.desk import desk_entries
from cms.models import PracticePage
from exchange.forum import services as forum_services
from exchange.models import Membership
from search import analytics
from search.models import SearchQueryLog
from tests.factories import CategoryFactory, member_create, practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


def _submitted(index, *, title, organisation, author) -> PracticePage:
    """A draft practice submitted to the review workflow, as the admin's "Zur Prüfung einreichen"."""
    page = PracticePage(
        title=title, slug=slugify(title), summary="Kurz.", organisation=organisation, live=False
    )
    index.add_child(instance=page)
    page.save_revision(user=author)
    workflow = page.get_workflow()
    assert workflow is not None
    workflow.start(page, author)
    return page


def _overdue(index, *, title, organisation) -> PracticePage:
    page = practice_publish(index, title=title, organisation=organisation)
    PracticePage.objects.filter(pk=page.pk).update(
        review_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    return page


@pytest.fixture
def desk(practice_index, org, other_org, editor, partner, member):
    """Something waiting in every panel, in two organisations (Stadt Bonn = the partner's own)."""
    other_partner = member_create(
        other_org, email="partner@mettmann.example", role=Membership.Role.PARTNER_CONTACT
    )
    member_create(org, email="neu@bonn.example", status=Membership.Status.PENDING)
    member_create(other_org, email="neu@mettmann.example", status=Membership.Status.PENDING)
    own_review = _submitted(
        practice_index, title="Notrufknopf im Bürgerbüro", organisation=org, author=partner
    )
    foreign_review = _submitted(
        practice_index, title="Hausverbot im Jobcenter", organisation=other_org, author=other_partner
    )
    own_overdue = _overdue(practice_index, title="Deeskalationstraining Ordnungsamt", organisation=org)
    foreign_overdue = _overdue(practice_index, title="Doppelbesetzung im Außendienst", organisation=other_org)
    practice_publish(practice_index, title="Raumgestaltung im Sozialamt", organisation=org)  # not overdue
    category = CategoryFactory(name="Allgemeiner Austausch")
    thread = forum_services.thread_create(
        author=member, category=category, title="Bodycams?", body="Erfahrungen?"
    )
    reply = forum_services.post_create(author=partner, thread=thread, body="Ein unfreundlicher Beitrag.")
    forum_services.flag_create(reporter=member, post=reply, reason="Ton")
    for query, hits in [("bodycam", 0), ("bodycam", 0), ("notrufknopf kosten", 0), ("schule", 4)]:
        analytics.analytics_record(query=query, result_count=hits)
    old = analytics.analytics_record(query="uralt", result_count=0)
    SearchQueryLog.objects.filter(pk=old).update(day=timezone.localdate() - datetime.timedelta(days=8))
    return {
        "own_review": own_review,
        "foreign_review": foreign_review,
        "own_overdue": own_overdue,
        "foreign_overdue": foreign_overdue,
        "reply": reply,
    }


def _by_key(user):
    return {entry.key: entry for entry in desk_entries(user)}


def test_editor_sees_every_panel_with_everything_waiting(desk, editor):
    entries = _by_key(editor)
    assert list(entries) == ["memberships", "reviews", "flags", "overdue", "zero-results"]
    assert entries["memberships"].count == 2
    assert {i.meta.split(" · ")[0] for i in entries["memberships"].items} == {"Stadt Bonn", "Kreis Mettmann"}
    assert entries["reviews"].count == 2
    assert [i.label for i in entries["reviews"].items] == [
        "Notrufknopf im Bürgerbüro",
        "Hausverbot im Jobcenter",
    ]
    assert entries["reviews"].items[0].url == reverse("wagtailadmin_pages:edit", args=[desk["own_review"].pk])
    assert entries["flags"].count == 1
    assert entries["flags"].items[0].label == "Bodycams?"
    assert entries["flags"].items[0].url.endswith(f"#beitrag-{desk['reply'].pk}")
    assert entries["flags"].items[0].meta == "1 Meldung"
    assert entries["overdue"].count == 2
    assert entries["overdue"].more_url == reverse("cms_overdue_practices")
    zero = entries["zero-results"]
    assert [(i.label, i.meta) for i in zero.items] == [
        ("bodycam", "2 Suchen"),
        ("notrufknopf kosten", "1 Suche"),
    ]
    assert zero.count == 2  # "schule" had hits, "uralt" is older than a week
    assert "zero_results=on" in zero.more_url


def test_partner_contact_sees_only_their_organisation(desk, partner):
    entries = _by_key(partner)
    assert list(entries) == ["memberships", "overdue"]  # no review task, no moderation, no search report
    assert [i.label for i in entries["memberships"].items] == ["Erika Muster"]
    assert entries["memberships"].items[0].meta.startswith("Stadt Bonn")
    assert entries["overdue"].count == 1
    assert entries["overdue"].items[0].label == "Deeskalationstraining Ordnungsamt"
    assert entries["overdue"].more_url == ""  # the report lists every organisation: editors only


def test_nobody_decides_their_own_request(org, editor, practice_index):
    Membership.objects.create(user=editor, organisation=org, status=Membership.Status.PENDING)
    assert _by_key(editor)["memberships"].count == 0


def test_member_without_admin_gets_no_panel_and_no_dashboard(desk, member, client):
    assert desk_entries(member) == []
    client.force_login(member)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code in (302, 403)
    assert "Gemeldete Beiträge" not in response.content.decode()


def test_empty_panels_say_so_briefly(practice_index, editor):
    entries = _by_key(editor)
    assert [e.count for e in entries.values()] == [0, 0, 0, 0, 0]
    assert entries["flags"].empty == "Keine offenen Meldungen."


def test_dashboard_renders_the_editors_desk(desk, editor, client):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for heading in [
        "Mitgliedschaften warten auf Freigabe (2)",
        "Praxisbeispiele in Prüfung (2)",
        "Gemeldete Beiträge (1)",
        "Praxisbeispiele zur Überprüfung fällig (2)",
        "Suchen ohne Treffer (letzte 7 Tage) (2)",
    ]:
        assert heading in html
    assert reverse("forum-moderation") in html
    assert "Hausverbot im Jobcenter" in html


def test_dashboard_of_partner_contact_leaks_nothing_of_others(desk, partner, client):
    client.force_login(partner)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mitgliedschaften warten auf Freigabe (1)" in html
    assert "Praxisbeispiele zur Überprüfung fällig (1)" in html
    for foreign in ["Kreis Mettmann", "Doppelbesetzung im Außendienst", "Gemeldete Beiträge", "bodycam"]:
        assert foreign not in html
