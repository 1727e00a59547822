"""The embedded development and test search server (osmem, in memory, OpenSearch-compatible).

Used only when ``ELASTICSEARCH_URL`` is unset. `make run` starts it on ``SEARCH_EMBEDDED_ADDR``;
its content lives in memory, so the index is rebuilt from the database whenever it starts.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from osmem_server import OsmemServer


def is_reachable(url: str, timeout: float = 0.5) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own address
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start(addr: str = "127.0.0.1:0") -> OsmemServer:
    """Start osmem; it exits by itself when this process ends (it watches our pid and stdin)."""
    return OsmemServer.start(addr=addr, japanese=False)
