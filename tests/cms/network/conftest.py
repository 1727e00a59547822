"""Fixtures of the network tests: the news index below the start page, a fresh cache (rate limit
and live figures are counted there), a form start time old enough to pass the time trap."""

import time

import pytest
from django.core.cache import cache

from cms.network.forms import started_token
from cms.network.models import NewsIndexPage


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def news_index(site_tree):
    home = site_tree[0]
    index = NewsIndexPage(title="Aktuelles", slug="aktuelles")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def join_data(**overrides) -> dict:
    """A complete, valid submission of the join form, shown a minute ago."""
    data = {
        "organisation_name": "Kreis Mettmann",
        "kind": "kreis",
        "region": "duesseldorf",
        "contact_name": "Dana Dezernentin",
        "contact_email": "Dana.Dezernentin@kreis-mettmann.example",
        "contact_position": "Dezernat Personal",
        "message": "Wir möchten unser Sicherheitskonzept einbringen.",
        "consent": "on",
        "listing_consent": "on",
        "homepage": "",
        "started": started_token(time.time() - 60),
    }
    data.update(overrides)
    return data
