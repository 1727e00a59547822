"""Crawl test: every demo role follows every link; no page fails and each answer matches the rights.

The safety net for reorganising the code (issue 12, point 6). The demo content is loaded once by
the real loader (``load_demo``); every demo role logs in the real way (allauth's login form, the
editor also allauth's TOTP step with the documented demo secret) and follows every same-site
``<a href>`` breadth-first, GET only: from the start page ``/``; logged-in roles also from the
members' start page and from a search for the working group's thread; the editor and the partner
contact also from the Wagtail admin ``/cms/`` and its menu (a JSON island, read like links).
Not followed: logout, the language switch, static and media files, other hosts, ``mailto:``/``tel:``,
``#`` fragments, Wagtail's bulk-action URL templates.

Bounds (run.py), chosen so that the whole module stays under about a minute on this 2-core
machine: at most 300 GETs per role; per URL pattern (numbers count as one, so /forum/thema/<n>/ is
one pattern) 4 site URLs and 2 query variants (sort, page, filter, search), and 1 URL per pattern in
the admin, whose views are Wagtail's generic ones repeated per object. Measured: about 200 pages for
the editor, 90 for the partner contact, 50 for each member, 20 for the pending person, 7 anonymous.

Then every URL any role found, plus every forum category and thread, every page and every
practice's admin edit form and explorer, is requested as every role, and each answer is compared
with the rights in rights.py (derived from the URL and the database). Failures are collected and
reported together, each with the page that linked to the URL.

Written against URLs, ``reverse`` names, the loader and the models only, never against the views,
permissions or services it protects, so that it survives their move.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from exchange.models import Category, Thread

from .crawler import Visit, pattern
from .run import MAX_PAGES, PER_PATH, CrawlRun

pytestmark = pytest.mark.django_db

# Answers that break a rule today. Each entry must still show up: once it is fixed, the test says so
# and the entry goes. Keys: (role, or None for every role; URL pattern of crawler.pattern).
KNOWN_ERRORS: dict[tuple[str | None, str], str] = {}
KNOWN_GAPS: dict[tuple[str, str], str] = {}
MEMBERS = ("redaktion", "partner", "mitglied", "kollege")
ADMIN_HOME = reverse("wagtailadmin_home")


def _line(role: str, visit: Visit, wanted: str = "") -> str:
    answer = f"{visit.status}" + (f" -> {visit.location}" if visit.location else "")
    detail = f", expected {wanted}" if wanted else (f": {visit.error}" if visit.error else "")
    return f"{role}: GET {visit.url} answered {answer}{detail} (reached: {visit.referrer or 'start URL'})"


def _known(known: dict[tuple[str | None, str], str], role: str, url: str) -> tuple | None:
    for key in ((role, pattern(url)), (None, pattern(url))):
        if key in known:
            return key
    return None


def _split(known: dict, problems: list[tuple[str, Visit, str]]) -> tuple[list[str], set]:
    """Problems not listed in ``known`` (as report lines), and the known entries that showed up."""
    unexpected, seen = [], set()
    for role, visit, wanted in problems:
        key = _known(known, role, visit.url)
        if key is None:
            unexpected.append(_line(role, visit, wanted))
        else:
            seen.add(key)
    return unexpected, seen


def _report(title: str, lines: list[str]) -> str:
    shown = "\n".join(sorted(lines)[:80])
    more = f"\n... and {len(lines) - 80} more" if len(lines) > 80 else ""
    return f"{len(lines)} {title}:\n{shown}{more}"


def test_the_crawl_reaches_the_areas_it_guards(crawl_run: CrawlRun):
    """The bounds cut nothing that matters, so the checks below are not vacuous."""
    crawls = crawl_run.crawls

    def reached(role: str, url: str) -> bool:
        visit = crawls[role].get(url)
        return visit is not None and visit.status == 200

    areas = [reverse(n) for n in ("members-home", "forum-index", "search", "directory", "profile")]
    wanted = [(role, url) for role in MEMBERS for url in areas]
    # by following links alone, the editor and the working-group member reach every category, the
    # working group's thread and as many threads as the bound lets through (PER_PATH per URL pattern;
    # the demo has more threads than that, and the cross-check asks every thread as every role)
    forum = [reverse("forum-category", kwargs={"slug": c.slug}) for c in Category.objects.all()]
    restricted = Thread.objects.filter(category__working_groups__isnull=False).first()
    assert restricted is not None
    forum.append(reverse("forum-thread", args=[restricted.pk]))
    wanted += [(role, url) for role in ("redaktion", "mitglied") for url in forum]
    wanted += [(role, ADMIN_HOME) for role in ("redaktion", "partner")]
    missing = [f"{role} did not reach {url}" for role, url in wanted if not reached(role, url)]
    threads = [reverse("forum-thread", args=[t.pk]) for t in Thread.objects.all()]
    for role in ("redaktion", "mitglied"):
        got = sum(reached(role, url) for url in threads)
        if got < min(PER_PATH, len(threads)):
            missing.append(f"{role} reached only {got} threads by following links")
    for area in ("/cms/pages/", "/cms/documents/", "/cms/images/", "/cms/snippets/", "/cms/reports/"):
        if not any(url.startswith(area) and reached("redaktion", url) for url in crawls["redaktion"]):
            missing.append(f"redaktion reached nothing under {area} from the admin menu")
    missing += [
        f"{role}'s crawl was cut off at {MAX_PAGES} pages"
        for role, v in crawls.items()
        if len(v) >= MAX_PAGES
    ]
    assert not missing, "\n".join(missing)


def test_no_page_answers_a_server_error(crawl_run: CrawlRun):
    problems = [
        (role, visit, "")
        for role, row in crawl_run.matrix.items()
        for visit in row.values()
        if visit.status >= 500
    ]
    unexpected, seen = _split(KNOWN_ERRORS, problems)
    assert not unexpected, _report("pages answered 5xx", unexpected)
    fixed = [f"{key}: {why}" for key, why in KNOWN_ERRORS.items() if key not in seen]
    assert not fixed, "fixed, remove from KNOWN_ERRORS:\n" + "\n".join(fixed)


def test_every_url_answers_each_role_by_its_rights(crawl_run: CrawlRun):
    problems = []
    checked = 0
    for role_name, row in crawl_run.matrix.items():
        role = crawl_run.roles[role_name]
        for url, visit in row.items():
            rule = crawl_run.rights.expect(role, url)
            if rule is None or visit.status >= 500:  # 5xx: test_no_page_answers_a_server_error
                continue
            checked += 1
            if not rule.check(visit.status, visit.location):
                problems.append((role_name, visit, rule.name))
    unexpected, seen = _split(KNOWN_GAPS, problems)
    assert not unexpected, _report(f"of {checked} answers break the rights", unexpected)
    fixed = [f"{key}: {why}" for key, why in KNOWN_GAPS.items() if key not in seen]
    assert not fixed, "fixed, remove from KNOWN_GAPS:\n" + "\n".join(fixed)


def test_working_group_forum_members_area_and_admin_by_hand(crawl_run: CrawlRun):
    """The rules of the issue written out by hand, as a check of the derived rules above."""
    matrix, roles = crawl_run.matrix, crawl_run.roles
    assert not roles["partner"].group_ids and not roles["kollege"].group_ids, "not outsiders any more"
    group = Category.objects.get(working_groups__name="AG Meldesysteme")
    threads = Thread.objects.filter(category=group).values_list("pk", flat=True)
    group_urls = [reverse("forum-category", kwargs={"slug": group.slug})]
    group_urls += [reverse("forum-thread", args=[pk]) for pk in threads]
    assert len(group_urls) > 1, "the working group's category has no thread in the demo"
    members_area = [reverse(name) for name in ("members-home", "forum-index", "search", "directory")]
    expected = {
        url: {"redaktion": 200, "mitglied": 200, "kollege": 404, "partner": 404} for url in group_urls
    }
    expected |= {url: dict.fromkeys(MEMBERS, 200) for url in members_area}
    for url in group_urls + members_area:
        expected[url]["wartend"] = 403
    wrong = [
        _line(role, matrix[role][url], str(status))
        for url, statuses in expected.items()
        for role, status in statuses.items()
        if matrix[role][url].status != status
    ]
    login, admin_login = reverse("account_login"), reverse("wagtailadmin_login")
    wrong += [
        _line("anonym", matrix["anonym"][url], "redirect to the login")
        for url in expected
        if not matrix["anonym"][url].location.startswith(f"{login}?next=")
    ]
    wrong += [
        _line(role, matrix[role][ADMIN_HOME], "redirect to the admin login")
        for role in ("anonym", "mitglied", "kollege", "wartend")
        if not matrix[role][ADMIN_HOME].location.startswith(admin_login)
    ]
    wrong += [
        _line(role, matrix[role][ADMIN_HOME], "200")
        for role in ("redaktion", "partner")
        if matrix[role][ADMIN_HOME].status != 200
    ]
    assert not wrong, "\n".join(wrong)


def test_nobody_reads_titles_they_may_not_see(crawl_run: CrawlRun):
    """Thread titles, working-group category names and non-public practice titles, on every page
    (and every JSON or text answer) a role got, including search results."""
    rights, watched = crawl_run.rights, crawl_run.watched
    leaks = [
        f"{role_name} read {text!r} on {url}"
        for role_name, row in crawl_run.matrix.items()
        for url, visit in row.items()
        for text in visit.found
        if not rights.may_read(crawl_run.roles[role_name], watched[text])
    ]
    assert not leaks, "\n".join(sorted(leaks))
    # the watch works: those who may read the working group's thread find its title, also among the
    # search hits (so the demo content reached the search index through the outbox)
    for role in ("redaktion", "mitglied"):
        search = crawl_run.matrix[role][crawl_run.search_seed]
        assert crawl_run.search_title in search.found, f"{role} did not find the thread by searching"
