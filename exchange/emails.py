"""E-mails of the exchange app, rendered in German from templates/exchange/email/ and sent plainly.

Only tasks call these functions (after commit, outside the request); they take fresh objects.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation, Membership, User
from .permissions import EDITORS_GROUP


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template: str, recipients: list[str], context: dict) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": "#sicherimDienst", **context}
        subject = render_to_string(f"exchange/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"exchange/email/{template}_message.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return send_mail(f"{prefix}{subject}", body, None, recipients)


def deciders_for(membership: Membership) -> list[str]:
    """Partner contacts of the organisation; without any, the network office (editors)."""
    contacts = list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=membership.organisation_id,
            memberships__role=Membership.Role.PARTNER_CONTACT,
            memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(pk=membership.user_id)
        .values_list("email", flat=True)
    )
    if contacts:
        return contacts
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return []
    return list(group.user_set.filter(is_active=True).values_list("email", flat=True))


def membership_requested(membership: Membership) -> int:
    return _send(
        "membership_requested",
        deciders_for(membership),
        {
            "person": membership.user,
            "organisation": membership.organisation,
            "url": _site_url(reverse("membership-list")),
        },
    )


def membership_decided(membership: Membership) -> int:
    template = {
        Membership.Status.ACTIVE: "membership_approved",
        Membership.Status.REJECTED: "membership_rejected",
    }.get(Membership.Status(membership.status))
    if template is None:
        return 0
    return _send(
        template,
        [membership.user.email],
        {
            "person": membership.user,
            "organisation": membership.organisation,
            "reason": membership.reason,
            "url": _site_url(reverse("members-home")),
        },
    )


def invitation(invitation: Invitation, token: str) -> int:
    return _send(
        "invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "url": _site_url(reverse("invitation-detail", args=[token])),
        },
    )
