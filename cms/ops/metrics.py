"""``GET /metrics`` for Prometheus, only with ``Authorization: Bearer <METRICS_TOKEN>``.

Request latency by view, requests and responses come from django-prometheus' middleware. They are
counted per process; gunicorn runs several, so with ``PROMETHEUS_MULTIPROC_DIR`` set (docker-compose
does, on a tmpfs) prometheus_client's multiprocess mode adds up the files of all workers
(gunicorn.conf.py marks a worker's files dead when it exits). Everything that is not per process
is read from the database at scrape time (:mod:`cms.ops.health`): task failures (recorded by the
worker), outbox backlog, and whether the search server answers.

Without ``METRICS_TOKEN`` the endpoint does not exist (404); a missing or wrong token gets 401 and
no metric. Nothing here carries a person: labels are view names, task names and outbox names.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric

from search.client import ping

from .health import outbox_backlogs, task_failures_recent


class OperationsCollector:
    def collect(self) -> Iterator[Metric]:
        failures = GaugeMetricFamily(
            "sid_task_failures_recent",
            f"Celery tasks that failed in the last {settings.OPS_TASK_FAILURE_HOURS} h",
            labels=["task"],
        )
        for task, count in sorted(task_failures_recent().items()):
            failures.add_metric([task], count)
        yield failures
        pending = GaugeMetricFamily("sid_outbox_pending", "Outbox rows not processed yet", labels=["outbox"])
        age = GaugeMetricFamily(
            "sid_outbox_oldest_age_seconds",
            "Age of the oldest unprocessed outbox row (0: none)",
            labels=["outbox"],
        )
        for name, backlog in outbox_backlogs().items():
            pending.add_metric([name], backlog.pending)
            age.add_metric([name], backlog.oldest_age_seconds)
        yield pending
        yield age
        yield GaugeMetricFamily(
            "sid_search_up", "1 when the search server answers a ping", value=1 if ping() else 0
        )


def scrape() -> bytes:
    """django-prometheus' request metrics (of all gunicorn workers in multiprocess mode, else of this
    process), then the operations gauges."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        process = CollectorRegistry()
        multiprocess.MultiProcessCollector(process, path=settings.PROMETHEUS_MULTIPROC_DIR)
    else:
        process = REGISTRY
    operations = CollectorRegistry()
    operations.register(OperationsCollector())
    return generate_latest(process) + generate_latest(operations)


def token_matches(request: HttpRequest) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), settings.METRICS_TOKEN.encode()
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_TOKEN:
        raise Http404
    if not token_matches(request):
        response = HttpResponse("Token erforderlich.\n", status=401, content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)
