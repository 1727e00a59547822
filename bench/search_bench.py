"""Search benchmark: our Elasticsearch/osmem search next to Wagtail's PostgreSQL search, in one run.

    uv run python bench/search_bench.py [--scale 0.1] [--out bench/results/search-<date>.json]

What it does (see bench/README.md):

1. creates its own PostgreSQL database ``<name>_bench`` next to the one in ``DATABASE_URL`` (dropped
   at the end), migrates it and loads a generated German corpus (bench/corpus.py);
2. starts its own osmem server on a free port (or uses ``ELASTICSEARCH_URL`` when set);
3. times a full index rebuild (``search.rebuild.index_rebuild``);
4. times ~30 German queries N rounds each: the raw search-server query (the body the service
   builds, and a plain multi_match), ``search.queries.search()``, the ``/suche/`` page and the
   ``/api/search`` JSON endpoint (both through the Django test client, session login);
5. starts a real Celery worker on Redis and times commit-to-searchable for writes made through
   ``exchange.forum.services``;
6. builds Wagtail's database search index (PostgreSQL, ``german`` config) for the practices and
   times the same queries against it, twice: with the title only (Wagtail's ``Page.search_fields``,
   what the practices had before; set for the benchmark in this process only) and with the page
   model's own ``search_fields`` (title, summary, body, organisation name).

Needs PostgreSQL (``DATABASE_URL``) and Redis (``CELERY_BROKER_URL``); talks only to the hosts in
those URLs and to its own osmem server.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
sys.path.insert(0, str(BASE_DIR))

import corpus as corpus_gen  # noqa: E402 - bench/ is the script's directory

# Inflections, compounds, coordinations, gender forms, ASCII spellings, typos, acronyms, phrases.
QUERIES = [
    "Deeskalationstraining",
    "Deeskalation",
    "Schulkennzeichnung",
    "Kennzeichnung von Schulen",
    "Meldesystem",
    "Melde- und Auskunftssystem",
    "Bedrohungen im Jobcenter",
    "Bedrohung",
    "Beleidigungen",
    "Angriffe auf Einsatzkräfte",
    "Einsatzkraft",
    "Mitarbeiter:innen Bürgerbüro",
    "Mitarbeiterinnen",
    "Notrufknopf",
    "Alarmierung",
    "Hausverbot Sozialamt",
    "Bodycam KOD",
    "KOD",
    "ÖPNV",
    "JVA",
    "BIUS",
    "Gefährdungsbeurteilung",
    "Gefaehrdungsbeurteilung",
    "Deeskalaitonstraining",
    "Nachsorge nach Übergriffen",
    "Doppelbesetzung Außendienst",
    "Aussendienst",
    "Hass im Netz",
    "sexuelle Belästigung",
    "Gütersloher Modell",
    '"Gütersloher Modell" Gelsenkirchen',
    "Sicherheitskonzept Kreis Mettmann",
]


# --- small helpers ----------------------------------------------------------------------------


_T0 = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _T0:7.1f} s] {message}", flush=True)


def summary(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max in milliseconds of samples given in seconds."""
    ms = sorted(s * 1000 for s in samples)
    if not ms:
        return {}
    if len(ms) == 1:
        p50 = p95 = p99 = ms[0]
    else:
        cuts = statistics.quantiles(ms, n=100, method="inclusive")
        p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    return {
        "n": len(ms),
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "p99_ms": round(p99, 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(ms[-1], 2),
    }


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident set size of a process (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- database ---------------------------------------------------------------------------------


def bench_database(url: str) -> tuple[str, str, str]:
    """(bench database URL, maintenance database URL, bench database name) for a PostgreSQL URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(
            "search_bench: DATABASE_URL must point at PostgreSQL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/sicherimdienst "
            f"(got {parts.scheme or 'nothing'!r}). The benchmark creates and drops its own "
            "database <name>_bench next to it and never touches the named one."
        )
    name = parts.path.lstrip("/") or "sicherimdienst"
    bench = f"{name}_bench"
    scheme = "postgresql"
    return (
        urlunsplit(parts._replace(path=f"/{bench}")),
        urlunsplit(parts._replace(scheme=scheme, path="/postgres")),
        bench,
    )


def database_recreate(maintenance_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))


# --- corpus loading ---------------------------------------------------------------------------


def corpus_load(corpus: corpus_gen.Corpus, timings: dict[str, float]) -> dict[str, Any]:
    """Write the corpus into the bench database; returns the objects the measurements need."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django.utils.html import escape
    from django.utils.text import slugify

    from cms.models import PracticePage
    from cms.setup import site_setup
    from exchange.forum import markdown
    from exchange.models import Category, Membership, Organisation, Post, Thread, User, WorkingGroup

    t = time.perf_counter()
    _home, index, _editors = site_setup()
    timings["site_setup_s"] = time.perf_counter() - t

    t = time.perf_counter()
    orgs = Organisation.objects.bulk_create(
        Organisation(name=n, slug=slugify(n)[:200], kind=k, region=r) for n, k, r in corpus.organisations
    )
    password = make_password(None)  # unusable; the benchmark logs in with force_login
    users = User.objects.bulk_create(
        (User(email=e, first_name=f, last_name=last, password=password) for e, f, last, _ in corpus.users),
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=u, organisation=orgs[o], status=Membership.Status.ACTIVE)
            for u, (_, _, _, o) in zip(users, corpus.users, strict=True)
        ),
        batch_size=1000,
    )
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(name=n, slug=slugify(n)) for n in corpus.working_groups
    )
    categories = Category.objects.bulk_create(
        Category(name=n, slug=slugify(n), position=i) for i, (n, _) in enumerate(corpus.categories)
    )
    for category, (_, group) in zip(categories, corpus.categories, strict=True):
        if group is not None:
            category.working_groups.add(groups[group])
    # the person the searches run as: an approved member of one organisation, in one working group
    member = User.objects.create(
        email="mitglied@bench.example", first_name="Mira", last_name="Mitglied", password=password
    )
    Membership.objects.create(user=member, organisation=orgs[0], status=Membership.Status.ACTIVE)
    member.working_groups.add(groups[0])
    timings["people_s"] = time.perf_counter() - t

    # Practices go through Wagtail's tree API (add_child), created live without revisions: publishing
    # a revision would also fire page_published, i.e. an outbox row and a Celery task per page.
    t = time.perf_counter()
    now = timezone.now()
    pages: list[PracticePage] = []
    page_groups = []
    for chunk in batched(enumerate(corpus.practices), 100):
        with transaction.atomic():
            for i, p in chunk:
                body = [{"type": "text", "value": "".join(f"<p>{escape(par)}</p>" for par in p.paragraphs)}]
                body += [
                    {"type": "step", "value": {"title": title, "text": f"<p>{escape(text)}</p>"}}
                    for title, text in p.steps
                ]
                published = now - datetime.timedelta(hours=len(corpus.practices) - i)
                page = PracticePage(
                    title=p.title,
                    slug=f"{slugify(p.title)[:70]}-{i}",
                    summary=p.summary,
                    organisation=orgs[p.organisation],
                    audience=p.audience,
                    status=p.status,
                    started_year=p.year,
                    region=p.region,
                    body=json.dumps(body),
                    live=True,
                    first_published_at=published,
                    last_published_at=published,
                )
                index.add_child(instance=page)
                pages.append(page)
                if p.group is not None:
                    page_groups.append((page.pk, groups[p.group].pk))
    through = PracticePage.working_groups.through
    through.objects.bulk_create(through(practicepage_id=pk, workinggroup_id=g) for pk, g in page_groups)
    timings["practices_s"] = time.perf_counter() - t

    t = time.perf_counter()
    start = now - datetime.timedelta(days=3 * 365)
    step = datetime.timedelta(days=3 * 365) / max(1, len(corpus.threads))
    thread_rows = []
    for i, th in enumerate(corpus.threads):
        created = start + step * i
        thread_rows.append(
            Thread(
                category=categories[th.category],
                title=th.title,
                author=users[th.author],
                practice=pages[th.practice] if th.practice is not None else None,
                created_at=created,
                last_activity_at=created + datetime.timedelta(minutes=37 * (len(th.posts) - 1)),
                post_count=len(th.posts),
            )
        )
    threads = Thread.objects.bulk_create(thread_rows, batch_size=2000)
    timings["threads_s"] = time.perf_counter() - t

    t = time.perf_counter()

    def post_rows() -> Iterator[Post]:
        for thread, th in zip(threads, corpus.threads, strict=True):
            for j, (author, body) in enumerate(th.posts):
                yield Post(
                    thread=thread,
                    author=users[author],
                    body=body,
                    body_html=markdown.render(body),
                    created_at=thread.created_at + datetime.timedelta(minutes=37 * j),
                )

    for chunk in batched(post_rows(), 5000):
        Post.objects.bulk_create(chunk)
    timings["posts_s"] = time.perf_counter() - t
    return {"member": member, "threads": threads, "categories": categories, "corpus_groups": groups}


# --- search measurements ----------------------------------------------------------------------


class Engines:
    """The ways a query is answered, each a callable(query) -> hit count, timed by the caller."""

    def __init__(self, member: Any) -> None:
        from django.test import Client
        from django.urls import reverse
        from elasticsearch.dsl import Search

        from exchange.access import viewer_for
        from search import queries
        from search.client import get_client

        self.queries = queries
        self.client = get_client()
        self.viewer = viewer_for(member)
        self.http = Client()
        self.http.force_login(member)
        self.url = reverse("search")
        self.api_url = reverse("api:search")
        self.bodies: dict[str, tuple[list[str], dict]] = {}
        self.took: dict[str, list[int]] = {"raw_service_body": [], "raw_multi_match": []}
        # the exact request the service sends, captured once per query
        original = Search.execute
        captured: dict[str, Any] = {}

        def spy(s: Any, *args: Any, **kwargs: Any) -> Any:
            body = s.to_dict()
            if "highlight" in body:  # the result-page query (the typo pass if it ran), not suggestions
                captured["index"], captured["body"] = list(s._index), body
            return original(s, *args, **kwargs)

        Search.execute = spy  # type: ignore[method-assign]
        try:
            for q in QUERIES:
                captured.clear()
                queries.search(self.viewer, q)
                self.bodies[q] = (captured["index"], captured["body"])
        finally:
            Search.execute = original  # type: ignore[method-assign]

    def raw_service_body(self, q: str) -> int:
        index, body = self.bodies[q]
        response = self.client.search(index=index, body=body)
        self.took["raw_service_body"].append(response["took"])
        return response["hits"]["total"]["value"]

    def raw_multi_match(self, q: str) -> int:
        index, _ = self.bodies[q]
        body = {
            "query": {"multi_match": {"query": q, "fields": ["title^4", "summary^2", "body"]}},
            "size": 10,
            "track_total_hits": True,
        }
        response = self.client.search(index=index, body=body)
        self.took["raw_multi_match"].append(response["took"])
        return response["hits"]["total"]["value"]

    def service(self, q: str) -> int:
        return self.queries.search(self.viewer, q).count

    def page(self, q: str) -> int:
        response = self.http.get(self.url, {"q": q})
        if response.status_code != 200:
            raise RuntimeError(f"/suche/?q={q!r} answered {response.status_code}")
        return len(response.content)  # the test client keeps no context outside the test runner

    def api(self, q: str) -> int:
        response = self.http.get(self.api_url, {"q": q})
        if response.status_code != 200:
            raise RuntimeError(f"/api/search?q={q!r} answered {response.status_code}")
        return int(response.json()["count"])

    def service_practices(self, q: str) -> int:
        return self.queries.search(self.viewer, q, types=("practice",)).count


def service_split(engines: Engines, passes: int = 3) -> dict[str, Any]:
    """Where a service call's time goes: every request the elasticsearch client sends is timed at its
    transport (so HTTP and JSON are on the server's side of the line), the rest is ours (parsing,
    permission filter, synonyms, PostgreSQL for the post links, assembling). Per query the median of
    ``passes`` calls; summarised over the queries."""
    transport = engines.client.transport
    original = transport.perform_request
    spent = {"s": 0.0, "n": 0}

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent["s"] += time.perf_counter() - started
            spent["n"] += 1

    transport.perform_request = timed  # type: ignore[method-assign]
    server: list[float] = []
    ours: list[float] = []
    requests: list[int] = []
    try:
        for q in QUERIES:
            calls = []
            for _ in range(passes):
                spent.update(s=0.0, n=0)
                started = time.perf_counter()
                engines.service(q)
                total = time.perf_counter() - started
                calls.append((total, spent["s"], spent["n"]))
            calls.sort()
            total, in_server, n = calls[len(calls) // 2]
            server.append(in_server)
            ours.append(total - in_server)
            requests.append(n)
    finally:
        transport.perform_request = original  # type: ignore[method-assign]
    return {
        "server": summary(server),
        "ours": summary(ours),
        "requests_per_search": {
            "min": min(requests),
            "max": max(requests),
            "mean": statistics.fmean(requests),
        },
    }


def time_engines(engines: dict[str, Callable[[str], int]], rounds: int, limit: float = 2.0) -> dict[str, Any]:
    """One warm-up pass, then ``rounds`` passes over all queries; engines interleaved per query."""
    for q in QUERIES:
        for fn in engines.values():
            fn(q)
    samples: dict[str, list[float]] = {name: [] for name in engines}
    per_query: dict[str, dict[str, list[float]]] = {name: {q: [] for q in QUERIES} for name in engines}
    for _ in range(rounds):
        for q in QUERIES:
            for name, fn in engines.items():
                t = time.perf_counter()
                fn(q)
                elapsed = time.perf_counter() - t
                samples[name].append(elapsed)
                per_query[name][q].append(elapsed)
    return {
        name: {
            **summary(samples[name]),
            "over_limit": sum(1 for x in samples[name] if x > limit),
            "per_query_p50_ms": {q: summary(v)["p50_ms"] for q, v in per_query[name].items()},
        }
        for name in engines
    }


# --- Celery worker and commit-to-searchable ----------------------------------------------------


class Worker:
    def __init__(self, queue: str, logfile: Path) -> None:
        self.queue = queue
        self.node = f"bench-{queue}@{socket.gethostname()}"
        self.logfile = logfile
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 300.0) -> float:
        from cms.celery import app

        t = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "-l",
                "warning",
                "--pool",
                "solo",
                "-Q",
                self.queue,
                "-n",
                self.node,
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=os.environ.copy(),
            stdout=self.logfile.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Celery worker exited ({self.proc.returncode}); log: {self.logfile}")
            if app.control.ping(destination=[self.node], timeout=0.5):
                return time.perf_counter() - t
        raise RuntimeError(f"Celery worker did not answer within {timeout:.0f} s; log: {self.logfile}")

    def peak_rss_mb(self) -> float | None:
        return vm_hwm_mb(self.proc.pid) if self.proc else None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def measure_lag(loaded: dict[str, Any], writes: int, seed: int, timeout: float = 30.0) -> dict[str, Any]:
    """Writes through exchange.forum.services (committed; on_commit enqueues the drain task to Redis), then
    polls the read alias until the new text is found."""
    from exchange.forum.services import post_create, thread_create
    from search.client import get_client
    from search.indexes import read_alias

    client = get_client()
    rng = random.Random(seed)
    member = loaded["member"]
    category = loaded["categories"][1]  # visible to all members
    existing = [t for t in loaded["threads"] if t.category_id == category.pk] or loaded["threads"]
    lags: dict[str, list[float]] = {"thread_create": [], "post_create": []}
    write_times: list[float] = []
    misses = 0
    run = uuid.uuid4().hex[:6]
    for k in range(writes):
        token = f"messpunkt{run}{k:04d}"
        t0 = time.perf_counter()
        if k % 2 == 0:
            kind = "thread_create"
            thread_create(
                author=member,
                category=category,
                title=f"Messung {token}: Deeskalationstraining im Bürgerbüro",
                body=f"Wie organisiert ihr die Nachsorge nach Bedrohungen? ({token})",
            )
        else:
            kind = "post_create"
            post_create(
                author=member,
                thread=rng.choice(existing),
                body=f"Nachtrag {token}: Bei uns hilft die Doppelbesetzung im Außendienst.",
            )
        committed = time.perf_counter()
        write_times.append(committed - t0)
        query = {"multi_match": {"query": token, "fields": ["title", "summary", "body"]}}
        while True:
            if client.count(index=read_alias("post"), query=query)["count"]:
                lags[kind].append(time.perf_counter() - committed)
                break
            if time.perf_counter() - committed > timeout:
                misses += 1
                break
            time.sleep(0.005)
    every = lags["thread_create"] + lags["post_create"]
    return {
        "writes": writes,
        "not_searchable_within_s": {"timeout": timeout, "count": misses},
        "commit_to_searchable": summary(every),
        "by_kind": {kind: summary(v) for kind, v in lags.items()},
        "service_call_incl_commit": summary(write_times),
        "poll_interval_ms": 5,
    }


# --- Wagtail database search baseline ----------------------------------------------------------


def wagtail_baseline(rounds: int, *, extended: bool) -> dict[str, Any]:
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from cms.models import PracticePage

    original = PracticePage.search_fields
    if not extended:  # for this process only; cms/models/practice.py is unchanged
        PracticePage.search_fields = list(Page.search_fields)
    try:
        backend = get_search_backend("default")
        backend.reset_indexes()
        qs = PracticePage.objects.live().select_related("organisation").order_by("pk")
        t = time.perf_counter()
        count = 0
        for chunk in batched(qs.iterator(chunk_size=500), 500):
            backend.add_bulk(PracticePage, chunk)
            count += len(chunk)
        build = time.perf_counter() - t

        def search(q: str) -> int:
            results = PracticePage.objects.live().search(q)
            list(results[:10])
            return results.count()

        timed = time_engines({"wagtail": search}, rounds)["wagtail"]
        timed.pop("over_limit")
        hits = {q: search(q) for q in QUERIES}
    finally:
        PracticePage.search_fields = original
    return {
        "backend": f"{type(backend).__module__}.{type(backend).__name__}",
        "config": backend.config,
        "fields": (
            "title, summary, body, organisation (PracticePage.search_fields as in cms/)"
            if extended
            else "title only (Page.search_fields)"
        ),
        "index_build_s": round(build, 2),
        "indexed": count,
        "docs_per_s": round(count / build, 1) if build else None,
        "latency": timed,
        "hits": hits,
    }


# --- report -----------------------------------------------------------------------------------


def environment(server: Any) -> dict[str, Any]:
    import django
    import elasticsearch
    import osmem_server
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "elasticsearch_client": ".".join(map(str, elasticsearch.__versionstr__.split(".")[:3])),
        "search_server": (
            f"osmem-server {osmem_server.__version__} (OpenSearch API {getattr(server, 'version', '?')})"
            if server
            else "Elasticsearch (ELASTICSEARCH_URL)"
        ),
        "postgresql": pg,
    }


def print_report(r: dict[str, Any]) -> None:
    env, sizes = r["environment"], r["corpus"]["sizes"]
    print("\n" + "=" * 96)
    print(
        f"Search benchmark {env['date']}  scale {r['scale']}  "
        f"{sizes['practices']} practices, {sizes['threads']} threads, {sizes['posts']} posts"
    )
    print(
        f"{env['cpu_count']} CPU ({env['cpu']}), Python {env['python']}, Django {env['django']}, "
        f"Wagtail {env['wagtail']}, {env['search_server']}, PostgreSQL {env['postgresql']}"
    )
    print("-" * 96)
    print("Corpus load: " + ", ".join(f"{k} {v:.1f}" for k, v in r["corpus"]["load_timings_s"].items()))
    ix = r["indexing"]
    print(
        f"Full rebuild (osmem, practices + posts): {ix['rebuild_s']:.1f} s for {ix['documents']} docs "
        f"= {ix['docs_per_s']:.0f} docs/s; preparing documents in Python {ix.get('prepare_s', 0):.1f} s"
        + "".join(
            f"; {k} {v['docs']} docs in {v['s']:.1f} s (Python {v.get('prepare_s', 0):.1f} s)"
            for k, v in ix["by_kind"].items()
        )
    )
    if "check" in r:
        sim = r["similar"]
        print(
            f"search_index --check --dry-run: {r['check']['s']:.1f} s (drift {r['check']['drift']}); "
            f"similar practices p50 {sim['p50_ms']:.1f} ms, p95 {sim['p95_ms']:.1f} ms"
        )
    for name in ("wagtail_title", "wagtail_extended"):
        w = r["baseline"][name]
        print(
            f"Wagtail DB index ({w['fields']}): {w['index_build_s']:.1f} s for {w['indexed']} practices "
            f"= {w['docs_per_s']:.0f} docs/s"
        )
    print("-" * 96)
    print(f"{f'Latency over {len(QUERIES)} queries':46} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8}  ms")
    labels = {
        "raw_multi_match": "search server: plain multi_match (raw)",
        "raw_service_body": "search server: the service's query (raw)",
        "service": "search.queries.search() (service)",
        "service_practices": "service, practices only",
        "page": "/suche/ page (Django test client)",
        "api": "/api/search JSON (Django test client)",
    }
    rows = [(labels[k], v) for k, v in r["latency"].items()]
    rows += [
        ("Wagtail DB search, title only", r["baseline"]["wagtail_title"]["latency"]),
        ("Wagtail DB search, PracticePage.search_fields", r["baseline"]["wagtail_extended"]["latency"]),
    ]
    for label, s in rows:
        print(f"{label:46} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} {s['p99_ms']:8.1f} {s['mean_ms']:8.1f}")
    took = r["server_took_ms_p50"]
    print(f"(server-reported 'took' p50: service query {took['raw_service_body']} ms, ", end="")
    print(f"plain multi_match {took['raw_multi_match']} ms)")
    if "service_split" in r:
        t, split = r["server_took_ms"]["raw_service_body"], r["service_split"]
        n = split["requests_per_search"]
        print(
            f"Search server alone, the service's result-page query ('took'): p50 {t['p50_ms']:.1f}, "
            f"p95 {t['p95_ms']:.1f} ms"
        )
        print(
            f"Service split per query (median of 3 calls): in requests to the search server "
            f"p50 {split['server']['p50_ms']:.1f}, p95 {split['server']['p95_ms']:.1f} ms; "
            f"ours (Python, PostgreSQL) p50 {split['ours']['p50_ms']:.1f}, "
            f"p95 {split['ours']['p95_ms']:.1f} ms; "
            f"requests per search {n['min']}-{n['max']} (mean {n['mean']:.1f})"
        )
    over = {k: v for k, v in r["over_site_timeout"].items() if v}
    if over:
        print(f"Samples slower than the site's search timeout ({r['site_search_timeout_s']} s): {over}")
    lag = r["lag"]
    if "commit_to_searchable" in lag:
        c = lag["commit_to_searchable"]
        print(
            f"Commit-to-searchable (Celery worker on Redis, {lag['writes']} writes): "
            f"p50 {c['p50_ms']:.0f} ms, "
            f"p95 {c['p95_ms']:.0f} ms, max {c['max_ms']:.0f} ms; not searchable within "
            f"{lag['not_searchable_within_s']['timeout']:.0f} s: {lag['not_searchable_within_s']['count']}"
        )
        for kind, k in lag.get("by_kind", {}).items():
            if k.get("n"):
                print(
                    f"  {kind}: p50 {k['p50_ms']:.0f} ms, p95 {k['p95_ms']:.0f} ms, max {k['max_ms']:.0f} ms"
                )
    print("-" * 96)
    print(f"{'Hits per query (member)':38} {'service':>8} {'practices':>9} {'WT title':>9} {'WT full':>8}")
    h = r["hits"]
    for q in QUERIES:
        print(
            f"{q[:38]:38} {h['service'][q]:8} {h['service_practices'][q]:9} "
            f"{h['wagtail_title'][q]:9} {h['wagtail_extended'][q]:8}"
        )
    print("-" * 96)
    print(
        "Peak RSS: "
        + ", ".join(f"{k} {v} MB" for k, v in r["peak_rss_mb"].items() if v is not None)
        + f"; total run {r['total_s']:.0f} s"
    )
    print("=" * 96)


# --- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    corpus_gen.add_size_arguments(parser)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "10")))
    parser.add_argument("--lag-writes", type=int, default=int(os.environ.get("BENCH_LAG_WRITES", "40")))
    parser.add_argument("--out", type=Path, default=None, help="JSON result file (default bench/results/)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the bench database at the end")
    args = parser.parse_args()
    started = time.perf_counter()

    bench_url, maintenance_url, bench_name = bench_database(os.environ.get("DATABASE_URL", ""))
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith(("redis://", "rediss://")):
        sys.exit(
            "search_bench: CELERY_BROKER_URL must point at Redis (e.g. redis://127.0.0.1:6379/2); "
            "the commit-to-searchable figure needs a real Celery worker."
        )
    out = args.out or RESULTS_DIR / f"search-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    sizes = corpus_gen.sizes_from_args(args)

    # Our own database and search server; the worker subprocess inherits this environment.
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The site gives up on a search after SEARCH_TIMEOUT (2 s); the benchmark waits longer so that
    # slow queries are measured rather than lost, and reports how many passed the site's limit.
    site_timeout = float(os.environ.get("SEARCH_TIMEOUT", "2"))
    os.environ["SEARCH_TIMEOUT"] = os.environ.get("BENCH_SEARCH_TIMEOUT", "60")
    server = None
    if os.environ.get("ELASTICSEARCH_URL"):
        os.environ["SEARCH_INDEX_PREFIX"] = f"bench{uuid.uuid4().hex[:8]}"
    else:
        from search import embedded

        addr = f"127.0.0.1:{free_port()}"
        server = embedded.start(addr=addr)
        os.environ["SEARCH_EMBEDDED_ADDR"] = addr
        os.environ["SEARCH_INDEX_PREFIX"] = "bench"
    queue = f"bench-search-{uuid.uuid4().hex[:8]}"
    worker: Worker | None = None
    report: dict[str, Any] = {"scale": args.scale, "seed": args.seed, "rounds": args.rounds}
    database_recreate(maintenance_url, bench_name)
    log(
        f"database {bench_name} created; "
        f"search server {server.url if server else os.environ['ELASTICSEARCH_URL']}"
    )
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.DEBUG = False  # no query log in this long-running process
        # Wagtail's database search backend with the german config; filled explicitly below.
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "wagtail.search.backends.database",
                "SEARCH_CONFIG": "german",
                "AUTO_UPDATE": False,
            }
        }
        from cms.celery import app

        app.conf.task_default_queue = queue  # our worker only; nobody else's worker takes our tasks

        t = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        log(f"migrated in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        corpus = corpus_gen.generate(sizes, seed=args.seed)
        gen_s = time.perf_counter() - t
        log(f"corpus generated in {gen_s:.1f} s: {corpus.sizes()}")
        timings: dict[str, float] = {"generate_s": gen_s}
        loaded = corpus_load(corpus, timings)
        log("corpus loaded: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
        # A live database has planner statistics (autovacuum analyses after bulk changes); a corpus
        # loaded a second ago has none, and the planner's guesses would be the benchmark's subject.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        report["corpus"] = {
            "sizes": corpus.sizes(),
            "load_timings_s": {k: round(v, 2) for k, v in timings.items()},
        }

        # a. full rebuild
        from search.rebuild import index_rebuild

        marks: dict[str, float] = {}

        def progress(kind: str, sent: int, total: int) -> None:
            if sent >= total:
                marks[kind] = time.perf_counter()

        t = time.perf_counter()
        prepare: dict[str, float] = {}
        counts = index_rebuild(progress=progress, timings=prepare)
        rebuild_s = time.perf_counter() - t
        by_kind, previous = {}, t
        for kind, end in sorted(marks.items(), key=lambda kv: kv[1]):
            by_kind[kind] = {"docs": counts[kind], "s": round(end - previous, 2)}
            by_kind[kind]["docs_per_s"] = round(counts[kind] / (end - previous), 1)
            by_kind[kind]["prepare_s"] = round(prepare.get(f"{kind}_prepare_s", 0.0), 2)
            previous = end
        documents = sum(counts.values())
        report["indexing"] = {
            "rebuild_s": round(rebuild_s, 2),
            "documents": documents,
            "docs_per_s": round(documents / rebuild_s, 1),
            "prepare_s": round(sum(prepare.values()), 2),
            "by_kind": by_kind,
        }
        log(f"rebuild: {documents} docs in {rebuild_s:.1f} s")

        # a2. search_index --check (dry run) and similar practices (search.check, search.similar)
        from cms.selectors import practice_similar_search
        from search.check import index_check

        t = time.perf_counter()
        drifts = index_check(repair=False)
        report["check"] = {
            "s": round(time.perf_counter() - t, 2),
            "drift": {d.kind: len(d.ids) for d in drifts},
        }
        from cms.models import PracticePage
        from exchange.access import viewer_for

        viewer = viewer_for(loaded["member"])
        ids = list(PracticePage.objects.live().order_by("pk").values_list("pk", flat=True))
        sample = PracticePage.objects.filter(pk__in=ids[:: max(1, len(ids) // 50)][:50])
        samples = []
        for page in sample:
            t = time.perf_counter()
            practice_similar_search(viewer, page)
            samples.append(time.perf_counter() - t)
        report["similar"] = summary(samples)
        log(f"check (dry run): {report['check']['s']} s; similar p50 {report['similar']['p50_ms']} ms")

        # b. latency: raw search server, service, page (interleaved per query)
        engines = Engines(loaded["member"])
        timed = time_engines(
            {
                "raw_multi_match": engines.raw_multi_match,
                "raw_service_body": engines.raw_service_body,
                "service": engines.service,
                "service_practices": engines.service_practices,
                "page": engines.page,
                "api": engines.api,
            },
            args.rounds,
            limit=site_timeout,
        )
        report["latency"] = timed
        report["site_search_timeout_s"] = site_timeout
        report["over_site_timeout"] = {k: v.pop("over_limit") for k, v in timed.items()}
        report["server_took_ms_p50"] = {k: statistics.median(v) for k, v in engines.took.items()}
        report["server_took_ms"] = {k: summary([t / 1000 for t in v]) for k, v in engines.took.items()}
        report["service_split"] = service_split(engines)
        report["hits"] = {
            "service": {q: engines.service(q) for q in QUERIES},
            "service_practices": {q: engines.service_practices(q) for q in QUERIES},
            "raw_multi_match": {q: engines.raw_multi_match(q) for q in QUERIES},
        }
        log("latency measured: " + ", ".join(f"{k} p50 {v['p50_ms']} ms" for k, v in timed.items()))

        # c. commit-to-searchable with a real worker
        worker = Worker(queue, Path(tempfile.gettempdir()) / f"{queue}.log")
        startup = worker.start()
        log(f"celery worker up in {startup:.1f} s (queue {queue})")
        report["lag"] = {
            "worker_startup_s": round(startup, 2),
            **measure_lag(loaded, args.lag_writes, args.seed),
        }
        report["lag"]["broker"] = "redis"
        log(f"lag: {report['lag']['commit_to_searchable']}")
        worker_rss = worker.peak_rss_mb()
        worker.stop()

        # d. Wagtail's database search on PostgreSQL (german config), practices only
        report["baseline"] = {
            "wagtail_title": wagtail_baseline(args.rounds, extended=False),
            "wagtail_extended": wagtail_baseline(args.rounds, extended=True),
        }
        report["hits"]["wagtail_title"] = report["baseline"]["wagtail_title"]["hits"]
        report["hits"]["wagtail_extended"] = report["baseline"]["wagtail_extended"]["hits"]
        log("baseline measured")

        # e. environment
        report["environment"] = environment(server)
        report["peak_rss_mb"] = {
            "osmem": vm_hwm_mb(server.pid) if server else None,
            "bench_process": vm_hwm_mb(),
            "celery_worker": worker_rss,
        }
        report["total_s"] = round(time.perf_counter() - started, 1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        print_report(report)
        log(f"results written to {out}")
    finally:
        if worker:
            worker.stop()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if not args.keep_db:
            database_recreate(maintenance_url, bench_name, drop_only=True)
            log(f"database {bench_name} dropped")
        if server:
            server.close()


if __name__ == "__main__":
    main()
