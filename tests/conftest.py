"""Shared fixtures: a real embedded search server for every test, real services for data."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings

from cms.celery import app as celery_app
from search import client as search_client
from search import embedded


def pytest_configure(config):
    # Hashing speed only; authentication code paths stay the same.
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def search_server():
    """One osmem process for the whole run; each test gets its own clone of it."""
    server = embedded.start()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def search_clone(search_server, settings):
    """Point the search client at a fresh, empty clone (copy-on-write, milliseconds)."""
    clone = search_server.clone()
    settings.SEARCH = {**settings.SEARCH, "URL": clone.url, "EMBEDDED": True}
    search_client.reset()
    yield clone
    search_client.reset()
    clone.close()


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tasks run in-process unless a test is about the queue (marker ``queue``)."""
    if request.node.get_closest_marker("queue"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def site_tree(db):
    from cms.setup import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def practice_index(site_tree):
    return site_tree[1]


@pytest.fixture
def org(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Stadt Bonn")


@pytest.fixture
def other_org(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Kreis Mettmann")


@pytest.fixture
def working_group(db):
    from tests.factories import WorkingGroupFactory

    return WorkingGroupFactory(name="AG Meldesysteme")


@pytest.fixture
def member(org):
    from tests.factories import member_create

    return member_create(org, email="mitglied@example.org")


@pytest.fixture
def group_member(org, working_group):
    from tests.factories import member_create

    user = member_create(org, email="ag@example.org")
    working_group.members.add(user)
    return user


@pytest.fixture
def partner(org):
    from exchange.models import Membership
    from tests.factories import member_create

    return member_create(org, email="partner@example.org", role=Membership.Role.PARTNER_CONTACT)


@pytest.fixture
def pending_user(org):
    from exchange.models import Membership
    from tests.factories import member_create

    return member_create(org, email="wartend@example.org", status=Membership.Status.PENDING)


@pytest.fixture
def editor(db):
    from cms.setup import editors_group_ensure
    from tests.factories import UserFactory

    user = UserFactory(email="redaktion@example.org")
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture(autouse=True)
def editors_have_second_factor(request):
    """Editors and administrators must use TOTP (exchange.people.middleware.MfaRequiredMiddleware); like real
    ones, editors made in tests get it when they join the group. Tests about the MFA requirement
    remove it again (tests/exchange/people/test_security.py)."""
    from django.db.models.signals import m2m_changed

    from exchange.access import ADMINS_GROUP, EDITORS_GROUP
    from exchange.models import User

    def enrol(sender, instance, action, reverse, pk_set, **kwargs):
        if action != "post_add":
            return
        from django.contrib.auth.models import Group

        from exchange.people import services as people_services

        if reverse:  # group.user_set.add(user)
            if instance.name in (EDITORS_GROUP, ADMINS_GROUP):
                for user in User.objects.filter(pk__in=pk_set):
                    people_services.totp_enrol(user=user)
        elif Group.objects.filter(pk__in=pk_set, name__in=(EDITORS_GROUP, ADMINS_GROUP)).exists():
            people_services.totp_enrol(user=instance)

    m2m_changed.connect(enrol, sender=User.groups.through, dispatch_uid="tests_editor_mfa")
    yield
    m2m_changed.disconnect(sender=User.groups.through, dispatch_uid="tests_editor_mfa")


@pytest.fixture
def mfa_enrol():
    """Give a user TOTP; returns the secret (to compute codes in login tests)."""
    from exchange.people import services as people_services

    return lambda user: people_services.totp_enrol(user=user)


@pytest.fixture(autouse=True)
def cache_fresh():
    """Each test starts with an empty cache, as a test starts with an empty database: counters kept in
    it (the join form's per-address limit) would otherwise carry from one test into the next, and a
    form test late in the run would meet a 429 that its own requests did not cause."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def search_synonyms_fresh():
    """The synonym table is cached; a test's rolled-back synonyms must not leak into the next test."""
    from search.synonyms import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture
def queue_worker():
    """A Celery worker (solo pool, in a thread of this process) on the configured Redis; tasks are
    sent to it instead of running eagerly. The queue is purged first, so nothing earlier runs."""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    ) as worker:
        yield worker
