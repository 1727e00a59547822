"""Hostile-input tests: everything here is marked ``hostile``."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/hostile/" in str(item.fspath):
            item.add_marker(pytest.mark.hostile)
