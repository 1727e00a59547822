"""Bench-only middleware (bench/settings_load.py): for every request one JSON line with its route,
status, total time, the number and time of its SQL queries and the time spent waiting for the
search server, so the load report can say where the time of the slowest page goes.

Queries are counted with Django's ``connection.execute_wrapper`` (works without DEBUG); the search
server's time with a timing wrapper around elastic_transport's ``Transport.perform_request``, which
every request to Elasticsearch/osmem passes. Lines go to ``$LOAD_TIMINGS_DIR/requests-<pid>.jsonl``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection
from django.http import HttpRequest, HttpResponse
from elastic_transport import Transport

_local = threading.local()
_original_perform_request = Transport.perform_request


def _timed_perform_request(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return _original_perform_request(self, *args, **kwargs)
    finally:
        if getattr(_local, "active", False):
            _local.search_ms += (time.perf_counter() - started) * 1000
            _local.search_calls += 1


Transport.perform_request = _timed_perform_request  # bench process only


class TimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        directory = Path(os.environ.get("LOAD_TIMINGS_DIR", "bench/results/load-tmp"))
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"requests-{os.getpid()}.jsonl"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counts = {"queries": 0, "db_ms": 0.0}

        def count(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                counts["queries"] += 1
                counts["db_ms"] += (time.perf_counter() - started) * 1000

        _local.active, _local.search_ms, _local.search_calls = True, 0.0, 0
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        _local.active = False
        match = getattr(request, "resolver_match", None)
        route = str(match.route) if match else ""
        if match and match.view_name == "wagtail_serve":  # one regex for every page: tell them by depth
            route = f"<wagtail page, {request.path.strip('/').count('/') + 1} levels>"
        line = {
            "route": route,
            "view": match.view_name if match else "",
            "method": request.method,
            "status": response.status_code,
            "total_ms": round(total_ms, 2),
            "db_ms": round(counts["db_ms"], 2),
            "queries": counts["queries"],
            "search_ms": round(_local.search_ms, 2),
            "search_calls": _local.search_calls,
        }
        with self.path.open("a") as out:
            out.write(json.dumps(line) + "\n")
        return response
