"""E-mails about memberships, rendered in German from templates/exchange/membership/email/.

Only tasks call these functions (after commit, outside the request); they take fresh objects.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

from cms.mail import mail_send, site_url

from ..access import EDITORS_GROUP
from ..models import Invitation, Membership, User


def deciders_for(membership: Membership) -> list[str]:
    """Partner contacts of the organisation; without any, the network office (editors)."""
    partners = Membership.objects.effective().filter(
        organisation_id=membership.organisation_id, role=Membership.Role.PARTNER_CONTACT
    )
    contacts = list(
        User.objects.filter(is_active=True, pk__in=partners.values("user_id"))
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
    return mail_send(
        template="exchange/membership/email/requested",
        recipients=deciders_for(membership),
        context={
            "person": membership.user,
            "organisation": membership.organisation,
            "url": site_url(reverse("membership-list")),
        },
    )


def membership_decided(membership: Membership) -> int:
    template = {
        Membership.Status.ACTIVE: "approved",
        Membership.Status.REJECTED: "rejected",
    }.get(Membership.Status(membership.status))
    if template is None:
        return 0
    return mail_send(
        template=f"exchange/membership/email/{template}",
        recipients=[membership.user.email],
        context={
            "person": membership.user,
            "organisation": membership.organisation,
            "reason": membership.reason,
            "url": site_url(reverse("members-home")),
        },
    )


def invitation(invitation: Invitation, token: str) -> int:
    return mail_send(
        template="exchange/membership/email/invitation",
        recipients=[invitation.email],
        context={
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "url": site_url(reverse("invitation-detail", args=[token])),
        },
    )
