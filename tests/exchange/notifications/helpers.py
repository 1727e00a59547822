"""People and checks the participation tests share."""

from __future__ import annotations

from exchange.models import Membership, Notification, NotificationSettings
from exchange.notifications import services as notification_services
from tests.factories import UserFactory


def person(org, email, first, last, **kwargs):
    user = UserFactory(email=email, first_name=first, last_name=last)
    Membership.objects.create(user=user, organisation=org, status=Membership.Status.ACTIVE, **kwargs)
    return user


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def immediate(*users):
    for user in users:
        notification_services.notification_settings_set(user=user, email=NotificationSettings.Email.IMMEDIATE)
