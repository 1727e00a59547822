"""Deciding on join requests: approval in one transaction (organisation, listing, invitation as
partner contact, certificate, news draft), rejection with a reason, editors only."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from cms.network import services
from cms.network.models import JoinRequest, NewsPage, PartnerListing
from exchange.models import Invitation, Membership, Organisation
from tests.factories import OrganisationFactory, member_create

pytestmark = pytest.mark.django_db


def submitted(**overrides) -> JoinRequest:
    data = {
        "organisation_name": "Kreis Mettmann",
        "kind": "kreis",
        "region": "duesseldorf",
        "contact_name": "Dana Dezernentin",
        "contact_email": "dana@kreis-mettmann.example",
        "consent": True,
        "listing_consent": True,
    }
    data.update(overrides)
    return services.join_request_submit(**data)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_approval_creates_the_organisation_lists_it_invites_the_contact_and_makes_the_certificate(
    editor, news_index, django_capture_on_commit_callbacks
):
    join_request = submitted()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_approve(actor=editor, join_request=join_request)

    join_request.refresh_from_db()
    organisation = Organisation.objects.get(name="Kreis Mettmann")
    assert join_request.status == JoinRequest.Status.APPROVED and join_request.organisation == organisation
    assert organisation.kind == "kreis" and organisation.region == "duesseldorf"
    assert organisation.joined_on is not None
    assert PartnerListing.objects.filter(organisation=organisation).exists()
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "dana@kreis-mettmann.example"
    assert invitation.role == Membership.Role.PARTNER_CONTACT and invitation.is_open
    # The contact gets the invitation and the welcome; both in German.
    subjects = {m.subject for m in mail.outbox if m.to == ["dana@kreis-mettmann.example"]}
    assert any("Willkommen im Netzwerk" in s for s in subjects)
    assert len(subjects) == 2
    # The certificate names the organisation and the joining date, read back from the PDF.
    text = pdf_text(bytes(join_request.certificate_pdf))
    assert "Beitrittsurkunde" in text and "Kreis Mettmann" in text
    assert f"{organisation.joined_on.year}" in text
    assert services.certificate_number(join_request) in text
    # A news item is drafted, not published.
    draft = NewsPage.objects.get()
    assert "Kreis Mettmann" in draft.title and not draft.live


def test_approval_matches_an_existing_organisation_and_keeps_its_joining_date(editor, news_index):
    existing = OrganisationFactory(name="Kreis Mettmann", kind="kreis", region="duesseldorf")
    join_request = submitted(organisation_name="kreis mettmann", listing_consent=False)
    services.join_request_approve(actor=editor, join_request=join_request, news_draft=False)
    assert Organisation.objects.filter(name__iexact="kreis mettmann").count() == 1
    join_request.refresh_from_db()
    assert join_request.organisation == existing
    # Without consent to be listed the organisation stays off the public list.
    assert not PartnerListing.objects.exists()
    assert not NewsPage.objects.exists()


def test_approval_is_one_transaction_nothing_stays_when_the_invitation_fails(editor, news_index):
    organisation = OrganisationFactory(name="Kreis Mettmann")
    contact = submitted().contact_email
    # The contact is a member already: the invitation service refuses, and so the whole approval.
    member_create(organisation, email=contact)
    join_request = JoinRequest.objects.get()
    with pytest.raises(ValidationError):
        services.join_request_approve(actor=editor, join_request=join_request)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING and not join_request.certificate_pdf
    assert not PartnerListing.objects.exists() and not Invitation.objects.exists()
    assert not NewsPage.objects.exists()


def test_a_decided_request_cannot_be_decided_again(editor, news_index):
    join_request = submitted(organisation_name="Stadt Neuhaus")
    services.join_request_approve(actor=editor, join_request=join_request)
    with pytest.raises(ValidationError) as refused:
        services.join_request_approve(actor=editor, join_request=join_request)
    assert "Über diese Anfrage wurde bereits entschieden." in str(refused.value)
    with pytest.raises(ValidationError):
        services.join_request_reject(actor=editor, join_request=join_request, reason="Doch nicht.")
    assert Organisation.objects.filter(name="Stadt Neuhaus").count() == 1
    assert Invitation.objects.count() == 1 and NewsPage.objects.count() == 1


def test_rejection_needs_a_reason_and_mails_it(editor, django_capture_on_commit_callbacks):
    join_request = submitted()
    with pytest.raises(ValidationError) as refused:
        services.join_request_reject(actor=editor, join_request=join_request, reason="   ")
    assert "Dieses Feld darf nicht leer sein." in str(refused.value)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_reject(
            actor=editor, join_request=join_request, reason="Kein öffentlicher Arbeitgeber in NRW."
        )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REJECTED
    assert not Organisation.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["dana@kreis-mettmann.example"]
    assert "Kein öffentlicher Arbeitgeber in NRW." in message.body


def test_only_editors_decide(partner, member):
    join_request = submitted()
    for person in (partner, member):
        with pytest.raises(PermissionDenied):
            services.join_request_approve(actor=person, join_request=join_request)
        with pytest.raises(PermissionDenied):
            services.join_request_reject(actor=person, join_request=join_request, reason="Nein.")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert not Invitation.objects.exists()


def test_the_database_refuses_a_request_without_consent():
    with pytest.raises(ValidationError):
        submitted(consent=False)
    assert not JoinRequest.objects.exists()
