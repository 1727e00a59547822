"""A fixed-window limit per client address for the public join form, counted in the cache.

The cache is shared by all processes in production (Redis, ``CACHE_URL``); the window starts with
the first attempt. Every attempt counts, valid or not, so a bot cannot probe the form endlessly.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _key(client: str) -> str:
    # The address itself is not kept as a key name (cache dumps, monitoring), only a digest.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:32]
    return f"network:join:{digest}"


def join_attempt_allowed(client: str | None) -> bool:
    """Count one attempt from ``client``; False once it exceeds ``NETWORK_JOIN["PER_HOUR"]``."""
    key = _key(client or "unknown")
    if cache.add(key, 1, WINDOW_SECONDS):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this attempt opens a new window
            cache.add(key, 1, WINDOW_SECONDS)
            count = 1
    return count <= settings.NETWORK_JOIN["PER_HOUR"]
