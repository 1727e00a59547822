"""Fixtures shared by the exchange tests."""

import pytest
from django.core.cache import cache

from tests.factories import CategoryFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth's rate limits and used TOTP codes live in the cache; every test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_category(db):
    return CategoryFactory(name="Praxisfragen", description="Fragen aus der Praxis")


@pytest.fixture
def ag_category(working_group):
    category = CategoryFactory(name="AG intern")
    category.working_groups.add(working_group)
    return category
