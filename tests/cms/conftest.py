"""Fixtures of the cms tests."""

import pytest


@pytest.fixture
def no_mfa(settings):
    """Second-factor enforcement for editors is tested in tests/exchange; here it is not the subject."""
    settings.MFA_REQUIRED_FOR_STAFF = False
