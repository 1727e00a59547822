"""Partner contacts in the Wagtail admin: own organisation only; the review workflow with e-mail."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import PracticePage, Term
from exchange.models import Membership
from tests.factories import member_create, practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


def term_ids(vocabulary, *names):
    return [Term.objects.get(vocabulary=vocabulary, name=n).pk for n in names]


def practice_form(org, **overrides):
    data = {
        "title": "Notrufknopf im Bürgerbüro",
        "slug": "notrufknopf-im-buergerbuero",
        "summary": "Ein stiller Alarm an jedem Schalter.",
        "organisation": org.pk,
        "partner_organisations": [],
        "region": "",
        "target_groups": term_ids("target_group", "Innendienst mit Publikumsverkehr"),
        "professional_fields": [],
        "phases": term_ids("phase", "Handling"),
        "measure_types": term_ids("measure_type", "baulich-technisch"),
        "incident_types": [],
        "threat_levels": [],
        "status": "operation",
        "started_year": "2023",
        "body": streamfield([("text", rich_text("<p>Ein Knopf unter dem Tresen.</p>"))]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        "costs": "",
        "staffing": "",
        "duration": "",
        "involvement_notes": "",
        "pros": "",
        "cons": "",
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
        "contact_phone": "",
        "audience": "members",
        "working_groups": [],
        "review_date": "2027-06-30",
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    nested = {k: data.pop(k) for k in ("body", "attachments", "comments")}
    return {**data, **nested_form_data(nested)}


@pytest.fixture
def other_partner(other_org):
    return member_create(other_org, email="partner@mettmann.example", role=Membership.Role.PARTNER_CONTACT)


@pytest.fixture
def foreign_practice(practice_index, other_org):
    return practice_publish(practice_index, title="Doppelbesetzung im Außendienst", organisation=other_org)


@pytest.fixture
def own_practice(practice_index, org):
    return practice_publish(practice_index, title="Meldesystem der Stadt Bonn", organisation=org)


def test_partner_contact_gets_admin_access_through_membership(partner, practice_index):
    assert partner.groups.filter(name="Ansprechpersonen").exists()
    assert partner.has_perm("wagtailadmin.access_admin")
    membership = partner.memberships.get()
    membership.status = Membership.Status.ENDED
    membership.save()
    assert not partner.groups.filter(name__startswith="Ansprechpersonen").exists()


def test_plain_member_has_no_admin_access(client, member, practice_index):
    client.force_login(member)
    response = client.get("/cms/")
    assert response.status_code == 302
    assert "/cms/" not in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize(
    "url_name,extra",
    [
        ("wagtailadmin_pages:edit", ()),
        ("wagtailadmin_pages:preview_on_edit", ()),
        ("wagtailadmin_pages:view_draft", ()),
        ("wagtailadmin_pages:history", ()),
        ("wagtailadmin_pages:delete", ()),
        ("wagtailadmin_pages:unpublish", ()),
        ("wagtailadmin_pages:copy", ()),
        ("wagtailadmin_pages:move", ()),
        ("wagtailadmin_pages:lock", ()),
        ("wagtailadmin_pages:usage", ()),
        ("wagtailadmin_pages:revisions_view", ("revision",)),
        ("wagtailadmin_pages:revisions_revert", ("revision",)),
    ],
)
def test_partner_of_other_organisation_gets_404_on_foreign_practice(
    client, partner, foreign_practice, url_name, extra
):
    args = [foreign_practice.pk] + [foreign_practice.latest_revision_id for _ in extra]
    url = reverse(url_name, args=args)
    client.force_login(partner)
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert PracticePage.objects.filter(pk=foreign_practice.pk, live=True).exists()


@pytest.mark.parametrize("url_name", ["wagtailadmin_explore", "wagtailadmin_explore_results"])
def test_explorer_of_a_foreign_practice_is_404(client, partner, own_practice, foreign_practice, url_name):
    """Wagtail routes a page's explorer by parent type (the base viewset), not by the page's own type."""
    client.force_login(partner)
    response = client.get(reverse(url_name, args=[foreign_practice.pk]))
    assert response.status_code == 404
    assert "Doppelbesetzung" not in response.content.decode()
    assert client.get(reverse(url_name, args=[own_practice.pk])).status_code == 200


def test_revisions_compare_of_foreign_practice_is_404(client, partner, foreign_practice):
    revision = foreign_practice.latest_revision
    url = reverse("wagtailadmin_pages:revisions_compare", args=[foreign_practice.pk, "earliest", revision.pk])
    client.force_login(partner)
    assert client.get(url).status_code == 404


def test_partner_edits_own_practice_but_cannot_publish(client, partner, own_practice, org):
    client.force_login(partner)
    url = reverse("wagtailadmin_pages:edit", args=[own_practice.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        practice_form(
            org, title="Meldesystem (überarbeitet)", slug=own_practice.slug, **{"action-publish": "1"}
        ),
    )
    assert response.status_code in (200, 302)
    own_practice.refresh_from_db()
    assert own_practice.title == "Meldesystem der Stadt Bonn"  # the live version is unchanged
    assert own_practice.get_latest_revision_as_object().title == "Meldesystem (überarbeitet)"


def test_explorer_lists_only_own_practices(client, partner, own_practice, foreign_practice, practice_index):
    client.force_login(partner)
    html = client.get(reverse("wagtailadmin_explore", args=[practice_index.pk])).content.decode()
    assert "Meldesystem der Stadt Bonn" in html
    assert "Doppelbesetzung" not in html


def test_admin_page_search_hides_foreign_practices(client, partner, own_practice, foreign_practice):
    client.force_login(partner)
    for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
        response = client.get(reverse(name), {"q": "Doppelbesetzung"})
        assert response.status_code == 200
        assert "Doppelbesetzung im Außendienst" not in response.content.decode()
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "Meldesystem"}).content.decode()
    assert "Meldesystem der Stadt Bonn" in html


def admin_search_titles(client, q):
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": q})
    assert response.status_code == 200
    return [page.title for page in response.context["pages"]]


def test_admin_page_search_finds_practices_by_summary_organisation_and_body(
    client, editor, practice_index, org
):
    """Editors search the admin for what they wrote, not only for titles."""
    practice_publish(
        practice_index,
        title="Meldesystem",
        organisation=org,
        summary="Ein stiller Alarm verbindet Schalterkräfte mit dem Sicherheitsdienst.",
        body="Der Notrufknopf sitzt unter dem Tresen.",
    )
    client.force_login(editor)
    for q in ("Sicherheitsdienst", "Bonn", "Tresen", "Meldesystem"):
        assert admin_search_titles(client, q) == ["Meldesystem"], q


def test_admin_page_search_by_text_keeps_foreign_practices_hidden(client, partner, practice_index, other_org):
    practice_publish(
        practice_index,
        title="Doppelbesetzung im Außendienst",
        organisation=other_org,
        summary="Zwei Kräfte fahren gemeinsam raus.",
        body="Vertrauliche Einsatzplanung.",
    )
    client.force_login(partner)
    for q in ("Kräfte", "Mettmann", "Einsatzplanung"):
        assert admin_search_titles(client, q) == [], q


def test_partner_cannot_create_practice_for_another_organisation(client, partner, practice_index, other_org):
    client.force_login(partner)
    url = reverse("wagtailadmin_pages:add", args=["cms", "practicepage", practice_index.pk])
    response = client.post(url, practice_form(other_org, **{"action-submit": "1"}))
    assert response.status_code == 200  # form shown again with an error
    assert "organisation" in response.context["form"].errors
    assert not PracticePage.objects.filter(title="Notrufknopf im Bürgerbüro").exists()


def test_partner_cannot_edit_the_practices_index(client, partner, practice_index):
    client.force_login(partner)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[practice_index.pk]))
    assert response.status_code in (302, 403)
    assert response.status_code != 200


def test_admin_form_requires_summary_organisation_and_classification(client, editor, practice_index, org):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["cms", "practicepage", practice_index.pk])
    data = practice_form(org, summary="", target_groups=[], phases=[], measure_types=[])
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"summary", "target_groups", "phases", "measure_types"} <= set(errors)
    assert not PracticePage.objects.filter(title="Notrufknopf im Bürgerbüro").exists()


def test_group_audience_needs_a_working_group(client, editor, practice_index, org):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["cms", "practicepage", practice_index.pk])
    response = client.post(url, practice_form(org, audience="groups", **{"action-publish": "1"}))
    assert response.status_code == 200
    assert "working_groups" in response.context["form"].errors


def _submit_new_practice(client, partner, practice_index, org):
    client.force_login(partner)
    url = reverse("wagtailadmin_pages:add", args=["cms", "practicepage", practice_index.pk])
    response = client.post(url, practice_form(org, **{"action-submit": "1"}))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = PracticePage.objects.get(title="Notrufknopf im Bürgerbüro")
    assert not page.live
    assert page.owner == partner
    return page


def test_workflow_submit_approve_publishes_and_mails_author(
    client, partner, editor, practice_index, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _submit_new_practice(client, partner, practice_index, org)
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]]
    assert mail.outbox[0].subject == "[#sicherimDienst] Zur Prüfung eingereicht: „Notrufknopf im Bürgerbüro“"
    edit_url = f"{settings.WAGTAILADMIN_BASE_URL}/cms/pages/{page.pk}/edit/"
    assert f"Prüfen: {edit_url}" in mail.outbox[0].body
    mail.outbox.clear()

    client.force_login(editor)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "Sehr anschaulich, danke!"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert len(mail.outbox) == 1  # ours only: Wagtail's own notification is replaced
    message = mail.outbox[0]
    assert message.to == ["partner@example.org"]
    assert (
        message.subject
        == "[#sicherimDienst] Ihr Praxisbeispiel „Notrufknopf im Bürgerbüro“ wurde freigegeben"
    )
    assert "Sehr anschaulich, danke!" in message.body
    assert f"Zum Praxisbeispiel: {edit_url}" in message.body

    # Running the task again (a retry) sends nothing twice.
    from cms.tasks import review_result_notify

    review_result_notify(state.pk, task_state.pk)
    assert len(mail.outbox) == 1


def test_workflow_request_changes_with_comment_then_resubmit(
    client, partner, editor, practice_index, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _submit_new_practice(client, partner, practice_index, org)
    mail.outbox.clear()
    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Bitte die Kosten ergänzen."})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]
    assert "Änderungen erbeten" in mail.outbox[0].subject
    assert "Bitte die Kosten ergänzen." in mail.outbox[0].body
    page.refresh_from_db()
    assert not page.live


def test_workflow_decline_ends_the_review(
    client, partner, editor, practice_index, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _submit_new_practice(client, partner, practice_index, org)
    mail.outbox.clear()
    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "decline", state.current_task_state.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Kein Bezug zur Gewaltprävention."})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert TaskState.objects.get(pk=state.current_task_state_id).status == TaskState.STATUS_REJECTED
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]
    assert "abgelehnt" in mail.outbox[0].subject
    assert not Page.objects.get(pk=page.pk).live


def test_scheduled_publishing_runs_from_the_beat_task(practice_index, org):
    import datetime

    from django.utils import timezone

    from cms.tasks import publish_scheduled

    page = practice_publish(practice_index, title="Deeskalationstraining", organisation=org)
    page.title = "Deeskalationstraining (neu)"
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.title == "Deeskalationstraining (neu)"
