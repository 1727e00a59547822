"""One crawl per demo role, then every URL found by any role requested as every role."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse

from cms.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from exchange.models import Thread

from .crawler import Visit, crawl, fetch
from .rights import Rights, Role

# name, e-mail (README "Demo accounts"), starts at the Wagtail admin too
ROLES = (
    ("redaktion", "redaktion@sicherimdienst.example", True),
    ("partner", "partner@sicherimdienst.example", True),
    ("mitglied", "mitglied@sicherimdienst.example", False),
    ("kollege", "kollege@sicherimdienst.example", False),
    ("wartend", "wartend@sicherimdienst.example", False),
    ("anonym", None, False),
)
# Bounds (see the docstring of test_crawl.py): GETs per role, and URLs per pattern of the crawler
# (numbers count as one: /forum/thema/<n>/; any query counts as one: ?sortierung=, ?seite=, ?q=).
MAX_PAGES = 400  # the editor reaches ~300 pages of the grown demo (network, events, alerts, guide)
PER_PATH = 4  # site pages: every demo thread, category and practice of a kind
PER_QUERY = 2  # site pages: two sort, page, filter or search variants per page
PER_ADMIN = 1  # Wagtail's generic admin views: one object and one variant per view and model


def cap(key: str) -> int:
    if key.startswith("/cms/"):
        return PER_ADMIN
    return PER_QUERY if key.endswith("?") else PER_PATH


@dataclass
class CrawlRun:
    roles: dict[str, Role]
    rights: Rights
    watched: dict[str, str]
    search_seed: str = ""  # the search page asked for the working group's thread
    search_title: str = ""  # that thread's title
    crawls: dict[str, dict[str, Visit]] = field(default_factory=dict)  # what each role reached
    matrix: dict[str, dict[str, Visit]] = field(default_factory=dict)  # every URL found, per role
    seconds: dict[str, float] = field(default_factory=dict)


def _totp_code() -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


def _log_in(client: Client, email: str) -> None:
    """The real way: allauth's login form, then (for the editor) allauth's TOTP step, so the session
    is exactly the one a person gets and MfaRequiredMiddleware sees an enrolled, verified editor."""
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    if response.get("Location") == reverse("mfa_authenticate"):
        for _attempt in range(2):  # a code computed just before the 30-second step is stale after it
            response = client.post(reverse("mfa_authenticate"), {"code": _totp_code()})
            if response.status_code == 302:
                break
    assert response.status_code == 302, f"login of {email} failed ({response.status_code})"
    assert "_auth_user_id" in client.session, f"login of {email} left no session"


def _starts(role: Role, search_seed: str) -> list[str]:
    starts = ["/"]
    if role.email:
        starts += [reverse("members-home"), search_seed]
    if role.admin:
        starts.append(reverse("wagtailadmin_home"))
    return starts


def crawl_all(roles: list[Role]) -> CrawlRun:
    """Log every role in, crawl from its start URLs, then cross-check the union of what was found."""
    rights = Rights.load()
    run = CrawlRun({role.name: role for role in roles}, rights, rights.watched())
    # The search page asked for a working-group thread (its title without the first word, so the
    # echoed query is not the watched title): hits, snippets and suggestions are content too.
    restricted = Thread.objects.filter(category__working_groups__isnull=False).first()
    assert restricted is not None and " " in restricted.title, "the demo has no working-group thread"
    run.search_title = restricted.title
    run.search_seed = f"{reverse('search')}?{urlencode({'q': restricted.title.split(' ', 1)[1]})}"
    clients = {}
    for role in roles:
        started = time.monotonic()
        clients[role.name] = client = Client(raise_request_exception=False)
        if role.email:
            _log_in(client, role.email)
        starts = _starts(role, run.search_seed)
        run.crawls[role.name] = crawl(client, starts, max_pages=MAX_PAGES, cap=cap, watch=run.watched)
        run.seconds[role.name] = time.monotonic() - started
    started = time.monotonic()
    _cross_check(run, clients)
    run.seconds["cross-check"] = time.monotonic() - started
    return run


def _cross_check(run: CrawlRun, clients: dict[str, Client]) -> None:
    """Every URL any role reached, and every object URL of the demo, as every role (a role's own
    crawl answer is reused)."""
    union: dict[str, str] = {}  # url -> how it was found first
    for name, visits in run.crawls.items():
        for url, visit in visits.items():
            union.setdefault(url, f"{name}'s crawl, from {visit.referrer or 'a start URL'}")
    for url in run.rights.object_urls():
        union.setdefault(url, "an object of the demo content")
    for name, client in clients.items():
        reached = run.crawls[name]
        run.matrix[name] = {
            url: reached.get(url) or fetch(client, url, found_by, run.watched)[0]
            for url, found_by in union.items()
        }
