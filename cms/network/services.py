"""Join requests: submit (public), approve and reject (editors). Each owns its transaction; e-mails
go out from Celery after commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.celery import after_commit
from exchange.access import viewer_for
from exchange.membership.services import invitation_create
from exchange.models import Membership, Organisation, User
from exchange.validation import MAX_REASON, clean_text

from .certificate import certificate_pdf
from .models import JoinRequest, NewsIndexPage, NewsPage, PartnerListing
from .permissions import can_decide_join_requests
from .tasks import join_request_decided_notify, join_request_received_notify


@transaction.atomic
def join_request_submit(
    *,
    organisation_name: str,
    kind: str,
    region: str,
    contact_name: str,
    contact_email: str,
    contact_position: str = "",
    message: str = "",
    consent: bool,
    listing_consent: bool = False,
) -> JoinRequest:
    """A new request from the public form; the contact gets a confirmation, the editors a notice."""
    if not consent:
        raise ValidationError(
            {"consent": _("Ohne Ihre Einwilligung können wir die Anfrage nicht bearbeiten.")}
        )
    join_request = JoinRequest(
        organisation_name=" ".join(organisation_name.split()),
        kind=kind,
        region=region,
        contact_name=" ".join(contact_name.split()),
        contact_email=contact_email.strip().lower(),
        contact_position=contact_position.strip(),
        message=message.strip(),
        consent=True,
        listing_consent=listing_consent,
    )
    join_request.full_clean(exclude=["organisation", "decided_by"])
    join_request.save()
    after_commit(join_request_received_notify, join_request.pk)
    return join_request


def _locked_pending(actor: User, join_request: JoinRequest) -> JoinRequest:
    if not can_decide_join_requests(viewer_for(actor)):
        raise PermissionDenied
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("Über diese Anfrage wurde bereits entschieden."))
    return locked


def _slug_free(model, base: str, **scope) -> str:
    base = slugify(base)[:180] or "organisation"
    slug, n = base, 1
    while model.objects.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _organisation_for(join_request: JoinRequest) -> Organisation:
    """The organisation of the request: the one of that name (case-insensitive), active again if it
    had left, or a new one. Its joining date is today unless it has one."""
    today = timezone.localdate()
    organisation = Organisation.objects.select_for_update().filter(
        name__iexact=join_request.organisation_name
    )
    found = organisation.first()
    if found is None:
        return Organisation.objects.create(
            name=join_request.organisation_name,
            slug=_slug_free(Organisation, join_request.organisation_name),
            kind=join_request.kind,
            region=join_request.region,
            joined_on=today,
        )
    if found.status != Organisation.Status.ACTIVE:
        found.status, found.joined_on = Organisation.Status.ACTIVE, today
    found.joined_on = found.joined_on or today
    found.save(update_fields=["status", "joined_on"])
    return found


def certificate_number(join_request: JoinRequest) -> str:
    return f"SID-{join_request.created_at:%Y}-{join_request.pk:04d}"


def _news_draft(actor: User, organisation: Organisation) -> NewsPage | None:
    """A draft announcement of the new partner below Aktuelles (not published; editors finish it)."""
    index = NewsIndexPage.objects.first()
    if index is None:
        return None
    with translation.override("de"):
        joined = formats.date_format(organisation.joined_on, "j. F Y") if organisation.joined_on else ""
        title = _("%(name)s tritt dem Netzwerk bei") % {"name": organisation.name}
        teaser = _("%(name)s ist seit dem %(date)s Partner von #sicherimDienst.") % {
            "name": organisation.name,
            "date": joined,
        }
    page = NewsPage(
        title=title,
        slug=_slug_free(NewsPage, title),
        teaser=teaser,
        body=f"<p>{teaser}</p>",
        live=False,
        owner=actor,
    )
    index.add_child(instance=page)
    page.save_revision(user=actor, log_action=True)
    return page


@transaction.atomic
def join_request_approve(
    *, actor: User, join_request: JoinRequest, news_draft: bool = True, ip_address: str | None = None
) -> JoinRequest:
    """Approve in one transaction: the organisation exists (or is matched), it is listed when it
    agreed, its contact is invited as partner contact, the certificate is generated and, if asked, a
    news item is drafted. A failure in any step leaves nothing behind."""
    join_request = _locked_pending(actor, join_request)
    organisation = _organisation_for(join_request)
    if join_request.listing_consent:
        PartnerListing.objects.get_or_create(
            organisation=organisation,
            defaults={"note": _("Beitrittsanfrage Nr. %(pk)d") % {"pk": join_request.pk}},
        )
    invitation_create(
        inviter=actor,
        organisation=organisation,
        email=join_request.contact_email,
        role=Membership.Role.PARTNER_CONTACT,
        ip_address=ip_address,
    )
    assert organisation.joined_on is not None  # set by _organisation_for
    join_request.certificate_pdf = certificate_pdf(
        organisation_name=organisation.name,
        joined_on=organisation.joined_on,
        number=certificate_number(join_request),
    )
    if news_draft:
        _news_draft(actor, organisation)
    join_request.organisation = organisation
    join_request.status = JoinRequest.Status.APPROVED
    join_request.decided_at, join_request.decided_by = timezone.now(), actor
    join_request.save()
    after_commit(join_request_decided_notify, join_request.pk)
    return join_request


@transaction.atomic
def join_request_reject(*, actor: User, join_request: JoinRequest, reason: str) -> JoinRequest:
    """Reject with a reason, which the contact person receives by e-mail."""
    join_request = _locked_pending(actor, join_request)
    join_request.reason = clean_text(reason, field="reason", max_length=MAX_REASON)
    join_request.status = JoinRequest.Status.REJECTED
    join_request.decided_at, join_request.decided_by = timezone.now(), actor
    join_request.save(update_fields=["reason", "status", "decided_at", "decided_by"])
    after_commit(join_request_decided_notify, join_request.pk)
    return join_request
