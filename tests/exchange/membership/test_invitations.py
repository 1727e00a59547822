"""Invitations: partner contacts invite colleagues; hashed, expiring tokens; accept after verification."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from exchange.membership import services as membership_services
from exchange.models import AuditEvent, Invitation, Membership, User
from tests.factories import PASSWORD, UserFactory, member_create

pytestmark = pytest.mark.django_db


def _invite(partner, org, capture, email="kollegin@bonn.example", role="member"):
    with capture(execute=True):
        invitation, token = membership_services.invitation_create(
            inviter=partner, organisation=org, email=email, role=role
        )
    return invitation, token


def test_partner_invites_by_form_and_mail_carries_link(
    client, partner, org, django_capture_on_commit_callbacks
):
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mitgliedschaften/organisation/{org.pk}/", {"email": "Kollegin@Bonn.example", "role": "member"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "kollegin@bonn.example"
    assert [m.to for m in mail.outbox] == [["kollegin@bonn.example"]]
    token = re.search(r"/einladung/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert invitation.token_hash == membership_services.invitation_token_hash(token) != token
    assert token not in str(list(AuditEvent.objects.values("detail")))
    assert "kollegin@bonn.example" in client.get(f"/mitgliedschaften/organisation/{org.pk}/").content.decode()


def test_new_person_signs_up_from_invitation_and_accepts(partner, org, django_capture_on_commit_callbacks):
    _invitation, token = _invite(partner, org, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    browser = Client()
    assert browser.get(f"/einladung/{token}/").status_code == 200
    response = browser.post(
        "/konto/signup/",
        {
            "email": "kollegin@bonn.example",
            "first_name": "Klara",
            "last_name": "Kollegin",
            "position": "Ordnungsamt",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="kollegin@bonn.example")
    assert not user.memberships.exists()  # no separate request: the invitation is the way in
    link = re.search(r"(/konto/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    response = browser.post(link)
    assert response["Location"] == f"/einladung/{token}/"
    response = browser.post(f"/einladung/{token}/")
    assert response.status_code == 302
    membership = user.memberships.get()
    assert (membership.organisation, membership.status, membership.role) == (org, "active", "member")
    assert browser.get("/mitgliederbereich/").status_code == 200
    # a second use of the same link is refused
    assert Client().get(f"/einladung/{token}/").status_code == 410


def test_accepting_needs_the_invited_verified_address(partner, org, django_capture_on_commit_callbacks):
    _invitation, token = _invite(partner, org, django_capture_on_commit_callbacks)
    stranger = UserFactory(email="fremd@example.org")
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(user=stranger, token=token)
    browser = Client()
    browser.force_login(stranger)
    response = browser.post(f"/einladung/{token}/")
    assert response.status_code == 400
    assert "gilt für kollegin@bonn.example" in response.content.decode()
    assert not stranger.memberships.exists()


def test_existing_pending_person_becomes_active_through_invitation(
    partner, pending_user, org, django_capture_on_commit_callbacks
):
    _invitation, token = _invite(
        partner, org, django_capture_on_commit_callbacks, email="wartend@example.org"
    )
    membership = membership_services.invitation_accept(user=pending_user, token=token)
    assert membership.status == "active"
    assert Membership.objects.filter(user=pending_user).count() == 1


def test_expired_and_revoked_invitations_are_refused(partner, org, django_capture_on_commit_callbacks):
    invitation, token = _invite(partner, org, django_capture_on_commit_callbacks)
    user = UserFactory(email="kollegin@bonn.example")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1), created_at=timezone.now() - timedelta(days=15)
    )
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(user=user, token=token)
    assert Client().get(f"/einladung/{token}/").status_code == 410

    invitation, token = _invite(partner, org, django_capture_on_commit_callbacks)
    membership_services.invitation_revoke(actor=partner, invitation=invitation)
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(user=user, token=token)
    assert not user.memberships.exists()


def test_unknown_token_is_404(client):
    assert client.get("/einladung/erfunden/").status_code == 404


def test_new_invitation_replaces_open_one(partner, org, django_capture_on_commit_callbacks):
    first, first_token = _invite(partner, org, django_capture_on_commit_callbacks)
    _second, _ = _invite(partner, org, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(
            user=UserFactory(email="kollegin@bonn.example"), token=first_token
        )


@pytest.mark.parametrize("who", ["member", "group_member", "pending_user"])
def test_non_contacts_cannot_invite(request, org, who):
    with pytest.raises(PermissionDenied):
        membership_services.invitation_create(
            inviter=request.getfixturevalue(who), organisation=org, email="x@example.org"
        )


def test_partner_cannot_invite_for_other_organisation_or_as_partner(client, partner, other_org, org):
    with pytest.raises(PermissionDenied):
        membership_services.invitation_create(inviter=partner, organisation=other_org, email="x@example.org")
    with pytest.raises(PermissionDenied):
        membership_services.invitation_create(
            inviter=partner, organisation=org, email="x@example.org", role="partner_contact"
        )
    client.force_login(partner)
    assert (
        client.post(f"/mitgliedschaften/organisation/{other_org.pk}/", {"email": "x@example.org"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/mitgliedschaften/organisation/{org.pk}/", {"email": "x@example.org", "role": "partner_contact"}
        ).status_code
        == 403
    )
    assert not Invitation.objects.exists()


def test_editor_invites_partner_contact(editor, org, django_capture_on_commit_callbacks):
    invitation, _token = _invite(editor, org, django_capture_on_commit_callbacks, role="partner_contact")
    assert invitation.role == "partner_contact"


def test_foreign_partner_cannot_revoke(client, partner, org, other_org, django_capture_on_commit_callbacks):
    invitation, _ = _invite(partner, org, django_capture_on_commit_callbacks)
    foreign = member_create(other_org, email="p@mettmann.example", role="partner_contact")
    client.force_login(foreign)
    assert client.post(f"/mitgliedschaften/einladungen/{invitation.pk}/zurueckziehen/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invalid_email_gives_form_error(client, partner, org):
    client.force_login(partner)
    response = client.post(
        f"/mitgliedschaften/organisation/{org.pk}/", {"email": "keine-adresse", "role": "member"}
    )
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.content.decode()


def test_already_member_is_not_invited(partner, member, org):
    with pytest.raises(ValidationError):
        membership_services.invitation_create(inviter=partner, organisation=org, email="MITGLIED@example.org")
