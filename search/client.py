"""The Elasticsearch client: one per process, short timeouts, osmem compatibility when embedded.

Only ``search/`` imports this module (and the health check its :func:`ping`). Real Elasticsearch gets
the stock transport; the embedded
osmem server (used when ``ELASTICSEARCH_URL`` is unset) gets :class:`OsmemNode`, which speaks plain
``application/json`` because osmem 0.1.6 answers HTTP 406 to the ES 8 compatibility media type.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, NodeConfig, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import connections

_COMPAT = {
    "application/vnd.elasticsearch+json; compatible-with=8": "application/json",
    "application/vnd.elasticsearch+x-ndjson; compatible-with=8": "application/x-ndjson",
}

UNAVAILABLE = (TransportConnectionError, ConnectionTimeout)
"""What the client raises when the search server cannot be reached or does not answer in time."""


class SearchUnavailable(Exception):
    """The search server cannot be reached or did not answer in time."""


_lock = threading.Lock()
_clients: dict[str, Elasticsearch] = {}


class OsmemNode(Urllib3HttpNode):
    """Transport node for the embedded osmem server only; never used against Elasticsearch."""

    def __init__(self, config: NodeConfig) -> None:
        super().__init__(config)
        for header in ("accept", "content-type"):
            value = self._headers.get(header)
            if value in _COMPAT:
                self._headers[header] = _COMPAT[value]

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: Any = None,
        request_timeout: Any = ...,
        **kwargs: Any,
    ) -> NodeApiResponse:
        if headers:
            headers = headers.copy()
            for header in ("accept", "content-type"):
                value = headers.get(header)
                if value in _COMPAT:
                    headers[header] = _COMPAT[value]
        if request_timeout is ...:
            response = super().perform_request(method, target, body=body, headers=headers)
        else:
            response = super().perform_request(
                method, target, body=body, headers=headers, request_timeout=request_timeout
            )
        return response


def build_client(url: str, *, embedded: bool, timeout: float) -> Elasticsearch:
    options: dict[str, Any] = {
        "request_timeout": timeout,
        "max_retries": 1,
        "retry_on_timeout": False,
    }
    if embedded:
        options["node_class"] = OsmemNode
    return Elasticsearch(url, **options)


def get_client() -> Elasticsearch:
    """The process-wide client for the configured URL (tests re-point it with :func:`configure`)."""
    conf = settings.SEARCH
    key = conf["URL"]
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = build_client(key, embedded=conf["EMBEDDED"], timeout=conf["TIMEOUT"])
                _clients[key] = client
    connections.add_connection("default", client)
    return client


def reset() -> None:
    """Forget cached clients (after the search settings changed, e.g. in tests)."""
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def ping() -> bool:
    """Whether the search server answers within a second (the health check)."""
    try:
        return bool(get_client().options(request_timeout=1.0).ping())
    except (*UNAVAILABLE, ApiError):
        return False
