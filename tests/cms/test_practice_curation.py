"""Curation (featured, Praxis des Monats, Themenschwerpunkte), freshness reminders and report,
and the members-area draft form of partner contacts."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import WorkflowState

from cms import selectors
from cms.models import (
    FeaturedPractice,
    PracticeMailSent,
    PracticeOfTheMonth,
    PracticePage,
    Term,
    TopicCollection,
    TopicCollectionItem,
)
from cms.tasks import review_reminders_send
from exchange.access import viewer_for
from tests.factories import practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


@pytest.fixture
def practices(practice_index, org, working_group):
    return {
        "members": practice_publish(practice_index, title="Hausverbot", organisation=org),
        "groups": practice_publish(
            practice_index, title="AG-Konzept", organisation=org, audience="groups", groups=[working_group]
        ),
        "other": practice_publish(practice_index, title="Notrufknopf", organisation=org),
    }


def test_featured_practices_ordered_time_limited_and_visible_only(client, member, practices):
    now = timezone.now()
    FeaturedPractice.objects.create(page=practices["other"], position=2, teaser="Einfach nachzumachen.")
    FeaturedPractice.objects.create(page=practices["members"], position=1)
    FeaturedPractice.objects.create(page=practices["groups"], position=0)
    FeaturedPractice.objects.create(
        page=practices["other"], position=3, ends_at=now - datetime.timedelta(days=1), teaser="Abgelaufen"
    )
    FeaturedPractice.objects.create(
        page=practices["other"], position=4, starts_at=now + datetime.timedelta(days=1), teaser="Kommt noch"
    )
    featured = selectors.featured_practice_list(viewer_for(member))
    assert [(i.page, i.teaser) for i in featured.items] == [
        (practices["members"], "Kurzbeschreibung."),
        (practices["other"], "Einfach nachzumachen."),
    ]
    client.force_login(member)
    html = client.get("/mitgliederbereich/").content.decode()
    assert "Empfohlen von der Redaktion" in html
    assert "Einfach nachzumachen." in html
    assert "Abgelaufen" not in html and "Kommt noch" not in html


def test_featured_end_must_follow_start(practices):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        FeaturedPractice.objects.create(page=practices["other"], starts_at=now, ends_at=now)


def test_practice_of_the_month(client, member, practices):
    PracticeOfTheMonth.objects.create(
        month=timezone.localdate(), page=practices["other"], teaser="Weil es wirkt."
    )
    assert PracticeOfTheMonth.objects.get().month.day == 1
    featured = selectors.featured_practice_list(viewer_for(member))
    assert featured.of_the_month.page == practices["other"]
    client.force_login(member)
    html = client.get("/mitgliederbereich/").content.decode()
    assert "Praxis des Monats" in html and "Weil es wirkt." in html


def test_topic_collection_shows_visible_practices_in_order(client, member, practices):
    topic = TopicCollection.objects.create(title="Hausrecht", slug="hausrecht")
    TopicCollectionItem.objects.create(collection=topic, page=practices["other"], sort_order=0)
    TopicCollectionItem.objects.create(collection=topic, page=practices["groups"], sort_order=1)
    TopicCollectionItem.objects.create(collection=topic, page=practices["members"], sort_order=2)
    client.force_login(member)
    response = client.get("/themenschwerpunkte/hausrecht/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Notrufknopf") < html.index("Hausverbot")
    assert "AG-Konzept" not in html


def test_review_reminder_once_per_review_date(
    practice_index, org, partner, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    page = practice_publish(practice_index, title="Hausverbot", organisation=org)
    page.owner = partner
    page.review_date = today + datetime.timedelta(days=7)
    page.save_revision().publish()
    practice_publish(practice_index, title="Noch lange gut", organisation=org)  # review date in a year
    review_reminders_send.delay()
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]
    assert "Bitte prüfen: „Hausverbot“" in mail.outbox[0].subject
    review_reminders_send.delay()
    assert len(mail.outbox) == 1
    # A new review date means a new reminder when it comes close.
    page.review_date = today + datetime.timedelta(days=3)
    page.save_revision().publish()
    review_reminders_send.delay()
    assert len(mail.outbox) == 2
    assert PracticeMailSent.objects.filter(key__startswith="reminder:").count() == 2


def test_reminder_goes_to_partner_contacts_when_owner_left(practice_index, org, partner, member):
    page = practice_publish(practice_index, title="Hausverbot", organisation=org)
    page.owner = member  # a plain member, no longer responsible
    page.review_date = timezone.localdate() - datetime.timedelta(days=1)
    page.save_revision().publish()
    review_reminders_send.delay()
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]
    assert "überschritten" in mail.outbox[0].body


def test_overdue_report_lists_overdue_practices_for_editors_only(
    client, editor, partner, practice_index, org
):
    page = practice_publish(practice_index, title="Veraltetes Konzept", organisation=org)
    page.review_date = timezone.localdate() - datetime.timedelta(days=30)
    page.save_revision().publish()
    practice_publish(practice_index, title="Aktuelles Konzept", organisation=org)
    client.force_login(editor)
    response = client.get("/cms/berichte/ueberfaellig/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Veraltetes Konzept" in html
    assert "Aktuelles Konzept" not in html
    client.force_login(partner)
    assert client.get("/cms/berichte/ueberfaellig/").status_code in (302, 403)


def test_partner_creates_draft_in_members_area_and_submits(
    client, partner, editor, practice_index, org, other_org, django_capture_on_commit_callbacks
):
    client.force_login(partner)
    assert client.get("/praxis/neu/").status_code == 200
    terms = {
        v: Term.objects.filter(vocabulary=v).first().pk for v in ("target_group", "phase", "measure_type")
    }
    data = {
        "title": "Kennzeichnung von Fluren",
        "summary": "Flure und Räume einheitlich beschriften.",
        "organisation": org.pk,
        "target_groups": [terms["target_group"]],
        "phases": [terms["phase"]],
        "measure_types": [terms["measure_type"]],
        "status": "pilot",
        "description": "Erster Absatz.\n\nZweiter Absatz mit <b>Tags</b>.",
        "action": "submit",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/praxis/neu/", data)
    page = PracticePage.objects.get(title="Kennzeichnung von Fluren")
    assert response.status_code == 302
    assert response["Location"] == f"/cms/pages/{page.pk}/edit/"
    assert not page.live and page.owner == partner
    assert "&lt;b&gt;Tags&lt;/b&gt;" in page.get_latest_revision_as_object().body[0].value.source
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]]
    # Not for another organisation, and bad input is shown again in German.
    response = client.post("/praxis/neu/", {**data, "title": "Fremd", "organisation": other_org.pk})
    assert response.status_code == 200
    assert not PracticePage.objects.filter(title="Fremd").exists()
    response = client.post("/praxis/neu/", {"title": "", "organisation": org.pk})
    assert "Bitte wählen Sie mindestens einen Eintrag." in response.content.decode()


def test_members_without_partner_role_cannot_use_the_draft_form(client, member):
    client.force_login(member)
    assert client.get("/praxis/neu/").status_code == 403
