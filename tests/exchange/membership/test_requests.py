"""Joining: signup with organisation, e-mail verification, approval or rejection, notifications."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.access import viewer_for
from exchange.membership import services as membership_services
from exchange.membership.permissions import can_approve_membership
from exchange.models import AuditEvent, Membership, User
from exchange.people import services as people_services
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, member_create

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "neu@bonn.example",
    "first_name": "Nina",
    "last_name": "Neu",
    "position": "Bürgerbüro",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def _signup(client, org, **overrides):
    return client.post("/konto/signup/", {**SIGNUP, "organisation": org.pk, **overrides})


def _confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+/)", message.body).group(1)


def test_signup_creates_pending_request_and_verification_mail(client, org, partner):
    response = _signup(client, org)
    assert response.status_code == 302
    user = User.objects.get(email="neu@bonn.example")
    assert (user.first_name, user.last_name, user.position) == ("Nina", "Neu", "Bürgerbüro")
    membership = user.memberships.get()
    assert (membership.organisation, membership.status) == (org, Membership.Status.PENDING)
    # only the verification mail: deciders hear of the request after the address is verified
    assert [m.to for m in mail.outbox] == [["neu@bonn.example"]]
    assert AuditEvent.objects.filter(kind="membership_requested", subject=user).exists()


def test_signup_form_errors_are_german_and_write_nothing(client, org):
    response = _signup(client, org, organisation="", password1="kurz", password2="kurz")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Feld muss ausgefüllt werden." in html
    assert "mindestens 12 Zeichen" in html
    assert not User.objects.filter(email="neu@bonn.example").exists()
    assert not Membership.objects.exists()


def test_signup_for_organisation_that_left_is_refused(client, org):
    left = OrganisationFactory(name="Ausgetreten", status="left")
    response = _signup(client, left)
    assert response.status_code == 200
    assert not User.objects.filter(email="neu@bonn.example").exists()


def test_verification_notifies_partner_contact_then_approval_opens_members_area(
    client, org, partner, django_capture_on_commit_callbacks
):
    _signup(client, org)
    link = _confirm_link(mail.outbox[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]
    assert "Nina Neu" in mail.outbox[0].body and "/mitgliedschaften/" in mail.outbox[0].body

    # logged in after confirmation, but pending: nothing of the members area
    assert client.get("/mitgliederbereich/").status_code == 403

    membership = Membership.objects.get(user__email="neu@bonn.example")
    partner_client = client.__class__()
    partner_client.force_login(partner)
    assert "Nina Neu" in partner_client.get("/mitgliedschaften/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = partner_client.post(f"/mitgliedschaften/{membership.pk}/freigeben/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == partner
    assert [m.to for m in mail.outbox] == [["neu@bonn.example"]]
    assert "freigegeben" in mail.outbox[0].subject
    assert client.get("/mitgliederbereich/").status_code == 200  # next request: a member
    assert AuditEvent.objects.filter(
        kind="membership_approved", actor=partner, subject=membership.user
    ).exists()


def test_without_partner_contact_the_editors_are_notified(
    client, org, editor, django_capture_on_commit_callbacks
):
    _signup(client, org)
    link = _confirm_link(mail.outbox[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]]


def test_reject_needs_reason_and_notifies(client, partner, pending_user, django_capture_on_commit_callbacks):
    membership = pending_user.memberships.get()
    client.force_login(partner)
    response = client.post(f"/mitgliedschaften/{membership.pk}/ablehnen/", {"reason": "  "})
    assert response.status_code == 400
    assert "Dieses Feld muss ausgefüllt werden." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mitgliedschaften/{membership.pk}/ablehnen/", {"reason": "Keine Beschäftigte der Stadt Bonn."}
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.reason) == ("rejected", "Keine Beschäftigte der Stadt Bonn.")
    assert [m.to for m in mail.outbox] == [["wartend@example.org"]]
    assert "Keine Beschäftigte der Stadt Bonn." in mail.outbox[0].body


def test_rejected_person_may_request_again(pending_user, partner):
    membership = pending_user.memberships.get()
    membership_services.membership_reject(
        actor=partner, membership=membership, reason="Bitte Dienstadresse nutzen."
    )
    again = membership_services.membership_request(user=pending_user, organisation=membership.organisation)
    assert again.pk == membership.pk
    assert (again.status, again.reason, again.decided_by) == ("pending", "", None)


def test_duplicate_request_is_refused_with_german_message(pending_user, org):
    with pytest.raises(ValidationError) as exc:
        membership_services.membership_request(user=pending_user, organisation=org)
    assert "bereits eine Mitgliedschaft beantragt" in str(exc.value)


def test_member_requests_second_organisation_in_the_members_area(client, member, other_org):
    client.force_login(member)
    response = client.post("/mitgliedschaften/beantragen/", {"organisation": other_org.pk})
    assert response.status_code == 302
    assert member.memberships.get(organisation=other_org).status == "pending"
    response = client.post("/mitgliedschaften/beantragen/", {"organisation": other_org.pk})
    assert response.status_code == 400
    assert "bereits eine Mitgliedschaft beantragt" in response.content.decode()


def test_unverified_request_cannot_be_approved_and_is_not_listed(client, org, partner):
    _signup(client, org)
    membership = Membership.objects.get(user__email="neu@bonn.example")
    partner_client = client.__class__()
    partner_client.force_login(partner)
    assert "Nina Neu" not in partner_client.get("/mitgliedschaften/").content.decode()
    with pytest.raises(ValidationError):
        membership_services.membership_approve(actor=partner, membership=membership)
    response = partner_client.post(f"/mitgliedschaften/{membership.pk}/freigeben/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "pending"


# --- Who may decide ---------------------------------------------------------------------------


@pytest.fixture
def foreign_partner(other_org):
    return member_create(other_org, email="partner@mettmann.example", role=Membership.Role.PARTNER_CONTACT)


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("partner", True),
        ("editor", True),
        ("member", False),
        ("group_member", False),
        ("foreign_partner", False),
        ("pending_user", False),
    ],
)
def test_who_may_approve(request, pending_user, who, allowed):
    membership = pending_user.memberships.get()
    actor = request.getfixturevalue(who)
    assert can_approve_membership(viewer_for(actor), membership) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            membership_services.membership_approve(actor=actor, membership=membership)
        with pytest.raises(PermissionDenied):
            membership_services.membership_reject(actor=actor, membership=membership, reason="x")


def test_nobody_approves_their_own_request(org):
    contact = member_create(org, email="chefin@example.org", role=Membership.Role.PARTNER_CONTACT)
    other = OrganisationFactory(name="Stadt Köln")
    own = membership_services.membership_request(user=contact, organisation=other)
    assert not can_approve_membership(viewer_for(contact), own)


def test_deactivated_partner_cannot_decide(partner, pending_user):
    people_services.user_deactivate(actor=None, user=partner)
    with pytest.raises(PermissionDenied):
        membership_services.membership_approve(actor=partner, membership=pending_user.memberships.get())


@pytest.mark.parametrize("action", ["freigeben", "ablehnen", "beenden", "rolle"])
def test_foreign_partner_gets_404_for_other_organisations_ids(
    client, foreign_partner, pending_user, member, action
):
    client.force_login(foreign_partner)
    for target in (pending_user.memberships.get(), member.memberships.get()):
        response = client.post(
            f"/mitgliedschaften/{target.pk}/{action}/", {"reason": "x", "role": "partner_contact"}
        )
        assert response.status_code == 404
        target.refresh_from_db()
    assert pending_user.memberships.get().status == "pending"
    assert member.memberships.get().status == "active"
    assert member.memberships.get().role == "member"


def test_member_cannot_approve_within_own_organisation(client, member, pending_user):
    client.force_login(member)
    response = client.post(f"/mitgliedschaften/{pending_user.memberships.get().pk}/freigeben/")
    assert response.status_code == 404
    assert "wartend@example.org" not in client.get("/mitgliedschaften/").content.decode()


def test_pending_and_anonymous_cannot_reach_decisions(client, pending_user, partner):
    target = partner.memberships.get()
    assert client.post(f"/mitgliedschaften/{target.pk}/freigeben/").status_code == 302  # to login
    client.force_login(pending_user)
    assert client.post(f"/mitgliedschaften/{target.pk}/freigeben/").status_code == 403


def test_partner_changes_role_and_it_is_logged(client, partner, member):
    membership = member.memberships.get()
    client.force_login(partner)
    response = client.post(f"/mitgliedschaften/{membership.pk}/rolle/", {"role": "partner_contact"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "partner_contact"
    event = AuditEvent.objects.get(kind="role_changed")
    assert (event.actor, event.subject, event.detail) == (
        partner,
        member,
        {"from": "member", "to": "partner_contact"},
    )


def test_partner_cannot_change_own_role_or_use_unknown_role(client, partner, member):
    client.force_login(partner)
    own = partner.memberships.get()
    assert client.post(f"/mitgliedschaften/{own.pk}/rolle/", {"role": "member"}).status_code == 403
    response = client.post(f"/mitgliedschaften/{member.memberships.get().pk}/rolle/", {"role": "admin"})
    assert response.status_code == 302
    assert member.memberships.get().role == "member"


def test_organisation_page_only_for_its_managers(
    client, org, other_org, partner, member, foreign_partner, editor
):
    url = f"/mitgliedschaften/organisation/{org.pk}/"
    for person, status in ((partner, 200), (editor, 200), (member, 404), (foreign_partner, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(partner)
    assert "mitglied@example.org" in client.get(url).content.decode()


def test_new_user_from_factory_has_private_default_visibility():
    assert UserFactory(email="x@example.org").profile_visibility == "organisation"
