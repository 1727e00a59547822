"""Fixtures of the direct-message tests: members in two organisations and a helper that writes."""

import pytest

from exchange.messages import services
from exchange.models import Membership
from tests.factories import member_create


@pytest.fixture
def colleague(org):
    """A second member of the first member's organisation."""
    return member_create(org, email="kollegin@example.org")


@pytest.fixture
def outsider(other_org):
    """A member of another organisation."""
    return member_create(other_org, email="aussen@example.org")


@pytest.fixture
def ended(org):
    return member_create(org, email="ausgetreten@example.org", status=Membership.Status.ENDED)


@pytest.fixture
def conversation(member, colleague):
    return services.conversation_start(author=member, recipients=[colleague], body="Hallo **Kollegin**")
