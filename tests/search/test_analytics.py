"""Search analytics: queries logged without people, click-through via a safe redirect, editors' report."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing
from django.utils import timezone

from search import analytics, drain
from search.models import SearchClick, SearchQueryLog
from tests.factories import practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa_required")]


@pytest.fixture
def no_mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def practices(practice_index, org):
    made = [
        practice_publish(practice_index, title="Hausverbot im Jobcenter", organisation=org),
        practice_publish(practice_index, title="Hausverbot durchsetzen", organisation=org),
    ]
    drain.outbox_drain(refresh=True)
    return made


def test_search_page_logs_the_query_without_the_person(client, member, practices):
    client.force_login(member)
    client.get("/suche/", {"q": "  HAUSVERBOT  "})
    client.get("/suche/", {"q": "Xylophonunterricht"})
    client.get("/suche/", {"q": "   "})  # empty: nothing to log
    rows = list(SearchQueryLog.objects.order_by("pk").values())
    assert [(r["query"], r["result_count"]) for r in rows] == [("hausverbot", 2), ("xylophonunterricht", 0)]
    assert rows[0]["day"] == timezone.localdate()
    columns = {f.name for f in SearchQueryLog._meta.get_fields()}
    assert not columns & {"user", "user_id", "session", "session_key", "ip_address", "created_at"}


def test_result_links_record_the_click_and_redirect(client, member, practices):
    client.force_login(member)
    html = client.get("/suche/", {"q": "Hausverbot"}).content.decode()
    log = SearchQueryLog.objects.get()
    links = [part.split('"')[0] for part in html.split('href="/suche/weiter/?t=')[1:]]
    assert len(links) == 2
    token = parse_qs(urlparse(f"/?t={links[1]}").query)["t"][0]
    response = client.get("/suche/weiter/", {"t": token})
    assert response.status_code == 302
    assert response["Location"] in {p.url for p in practices}
    click = SearchClick.objects.get()
    assert (click.search_id, click.position, click.url) == (log.pk, 2, response["Location"])


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_no_open_redirect_even_with_a_valid_signature(client, member, target):
    client.force_login(member)
    log_id = analytics.analytics_record(query="Hausverbot", result_count=1)
    response = client.get(analytics.click_url(log_id, 1, target))
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    assert not SearchClick.objects.exists()


def test_forged_or_garbled_tokens_are_refused(client, member):
    client.force_login(member)
    log_id = analytics.analytics_record(query="Hausverbot", result_count=1)
    forged = signing.dumps([log_id, 1, "/"], salt="other-salt", compress=True)
    for token in (forged, "", "kaputt", "x" * 5000):
        assert client.get("/suche/weiter/", {"t": token}).status_code == 400
    assert not SearchClick.objects.exists()


def test_old_links_still_redirect_but_are_not_counted(client, member, monkeypatch):
    client.force_login(member)
    log_id = analytics.analytics_record(query="Hausverbot", result_count=1)
    url = analytics.click_url(log_id, 1, "/suche/?q=x")
    monkeypatch.setattr(analytics, "CLICK_MAX_AGE", -1)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/suche/?q=x"
    assert not SearchClick.objects.exists()


def _log(query, results, *, day, clicks=0):
    log_id = analytics.analytics_record(query=query, result_count=results)
    SearchQueryLog.objects.filter(pk=log_id).update(day=day)
    for position in range(1, clicks + 1):
        analytics.click_record(search_id=log_id, position=position, url="/x/")


def test_editors_report_with_date_range_and_zero_results(client, editor, member):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=60)
    for _ in range(3):
        _log("hausverbot", 5, day=today, clicks=1)
    _log("hausverbot", 5, day=today)
    _log("psnv", 0, day=today)
    _log("bodycam", 2, day=long_ago, clicks=2)
    client.force_login(editor)
    html = client.get("/cms/berichte/suchanfragen/").content.decode()
    assert "Suchanfragen" in html and "hausverbot" in html and "bodycam" in html
    assert "75%" in html  # 3 of 4 "hausverbot" searches led to a click
    assert "6 Suchen, 1 ohne Treffer" in html
    recent = client.get(
        "/cms/berichte/suchanfragen/", {"day_from": (today - datetime.timedelta(days=7)).isoformat()}
    ).content.decode()
    assert "hausverbot" in recent and "bodycam" not in recent
    zero = client.get("/cms/berichte/suchanfragen/", {"zero_results": "on"}).content.decode()
    assert "psnv" in zero and "hausverbot" not in zero
    export = client.get("/cms/berichte/suchanfragen/", {"export": "csv"})
    assert b"hausverbot,4,0,3,3" in b"".join(export.streaming_content)


def test_report_is_for_editors_only(client, member, partner):
    for user in (member, partner):
        client.force_login(user)
        response = client.get("/cms/berichte/suchanfragen/")
        assert response.status_code in (302, 403)
    client.logout()
    assert client.get("/cms/berichte/suchanfragen/").status_code == 302


def test_old_entries_are_pruned():
    _log("alt", 1, day=timezone.localdate() - datetime.timedelta(days=500))
    _log("neu", 1, day=timezone.localdate())
    assert analytics.analytics_prune() == 1
    assert list(SearchQueryLog.objects.values_list("query", flat=True)) == ["neu"]
