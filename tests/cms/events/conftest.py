"""Events built the way the admin builds them (add_child, revision, publish)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cms.events.models import EventPage
from cms.events.services import event_index_ensure


@pytest.fixture
def event_index(site_tree):
    return event_index_ensure(home=site_tree[0])


def event_publish(
    index,
    *,
    title: str = "Netzwerktreffen Münster",
    days: float = 10,
    hours: float = 3,
    capacity: int | None = None,
    audience: str = "members",
    groups=(),
    deadline_days: float | None = None,
    online_url: str = "",
    kind: str = EventPage.Kind.NETWORK_MEETING,
) -> EventPage:
    start = timezone.now() + datetime.timedelta(days=days)
    event = EventPage(
        title=title,
        slug=f"e-{abs(hash((title, days))) % 10**8}",
        kind=kind,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        place="" if online_url else "Polizeipräsidium Münster",
        online_url=online_url,
        audience=audience,
        capacity=capacity,
        registration_deadline=(
            timezone.now() + datetime.timedelta(days=deadline_days) if deadline_days is not None else None
        ),
        summary="Austausch der Partner.",
    )
    index.add_child(instance=event)
    if groups:
        event.working_groups.set(groups)
        event.save()
    event.save_revision().publish()
    return event


@pytest.fixture
def publish(event_index):
    return lambda **kwargs: event_publish(event_index, **kwargs)
