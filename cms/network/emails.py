"""E-mails about join requests, rendered in German from templates/network/email/. Only tasks call
these (after commit). The confirmation to the contact never repeats the free-text message: the form
is public, so the address may be a stranger's, and our mail must not carry someone else's text."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

from cms.mail import mail_send, site_url
from exchange.access import EDITORS_GROUP

from .models import JoinRequest


def editor_addresses() -> list[str]:
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return []
    return list(group.user_set.filter(is_active=True).values_list("email", flat=True))


def join_request_received(join_request: JoinRequest) -> int:
    return mail_send(
        template="network/email/received",
        recipients=[join_request.contact_email],
        context={"join_request": join_request, "url": site_url(reverse("network-partners"))},
    )


def join_request_editors_notice(join_request: JoinRequest) -> int:
    return mail_send(
        template="network/email/editors_notice",
        recipients=editor_addresses(),
        context={
            "join_request": join_request,
            "url": site_url(reverse("network-join-request", args=[join_request.pk])),
        },
    )


def join_request_decided(join_request: JoinRequest) -> int:
    template = {
        JoinRequest.Status.APPROVED: "approved",
        JoinRequest.Status.REJECTED: "rejected",
    }.get(JoinRequest.Status(join_request.status))
    if template is None:
        return 0
    return mail_send(
        template=f"network/email/{template}",
        recipients=[join_request.contact_email],
        context={"join_request": join_request, "url": site_url(reverse("network-partners"))},
    )
