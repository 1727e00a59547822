"""Every form, posted with random, huge, unicode and NUL-byte input: an answer with errors or a
redirect, never a 500 (run on PostgreSQL, which refuses NUL bytes in text, they must be caught
before the database).

The fields are read from the form the page itself shows, so a changed form is covered as it is.
The lead adds the forum's forms here with one line each after merge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.forms import AdoptionForm
from exchange.forum import services as forum_services
from exchange.models import Membership
from tests.factories import CategoryFactory, member_create, practice_publish

pytestmark = pytest.mark.django_db

# Text nobody should be able to break a form with (no lone surrogates: they cannot be sent as UTF-8).
chars = st.characters(exclude_categories=("Cs",))
hostile_value = st.one_of(
    st.text(chars, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "x" * 100_000,
            "🙂" * 300,
            "\u202eevil",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "-1",
            "99999999999999999999",
            "nobody@example.org",
        ]
    ),
)


@dataclass(frozen=True)
class FormCase:
    name: str
    who: str | None  # fixture name of the person posting, None for anonymous
    url: Callable[[dict], str]
    fields: tuple[str, ...] = ()  # when the page shows no form of its own (posted from elsewhere)

    def __str__(self) -> str:
        return self.name


FORMS = [
    FormCase("signup", None, lambda c: reverse("account_signup")),
    FormCase("login", None, lambda c: reverse("account_login")),
    FormCase("password-reset", None, lambda c: reverse("account_reset_password")),
    FormCase("network-join", None, lambda c: reverse("network-join")),
    FormCase("membership-request", "pending_user", lambda c: reverse("membership-request")),
    FormCase("membership-reject", "partner", lambda c: reverse("membership-reject", args=[c["pending"].pk])),
    FormCase(
        "membership-role",
        "partner",
        lambda c: reverse("membership-role", args=[c["colleague"].pk]),
        ("role",),
    ),
    FormCase("invitation", "partner", lambda c: reverse("organisation-members", args=[c["org"].pk])),
    FormCase("profile", "member", lambda c: reverse("profile")),
    FormCase("token", "member", lambda c: reverse("token-create"), ("name",)),
    FormCase("account-delete", "member", lambda c: reverse("account-delete")),
    FormCase(
        "practice-adopt",
        "member",
        lambda c: reverse("practice-adopt", args=[c["practice"].pk]),
        tuple(AdoptionForm.base_fields),  # the form sits on the practice page
    ),
    FormCase("practice-draft", "partner", lambda c: reverse("practice-draft-create")),
    FormCase("forum-thread", "member", lambda c: reverse("forum-thread-create", args=[c["category"].slug])),
    FormCase("forum-reply", "member", lambda c: reverse("forum-post-reply", args=[c["thread"].pk])),
    FormCase("forum-edit", "member", lambda c: reverse("forum-post-edit", args=[c["post"].pk])),
    FormCase("forum-flag", "partner", lambda c: reverse("forum-post-flag", args=[c["post"].pk])),
]

# GET forms and pages that take query parameters
QUERIES = [
    FormCase("search", "member", lambda c: reverse("search"), ("q", "seite")),
    FormCase("directory", "member", lambda c: reverse("directory")),
    FormCase("forum-index", "member", lambda c: reverse("forum-index"), ("seite", "page")),
    FormCase("network-partners", None, lambda c: reverse("network-partners")),
]


class FormFields(HTMLParser):
    """Names of the fields of the page's POST forms (or GET forms for QUERIES)."""

    def __init__(self, method: str) -> None:
        super().__init__()
        self.method, self.inside, self.names = method, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("method") or "get").lower() == self.method
        elif (
            self.inside
            and tag in ("input", "textarea", "select")
            and attrs.get("name") not in (None, "csrfmiddlewaretoken")
            and attrs.get("type") != "submit"
        ):
            self.names.append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


@pytest.fixture
def ctx(site_tree, practice_index, org, member, partner, pending_user):
    colleague = member_create(org, email="kollegin@example.org")
    category = CategoryFactory(name="Praxisfragen")
    thread = forum_services.thread_create(
        author=member, category=category, title="Ein Thema", body="Erster Beitrag"
    )
    return {
        "category": category,
        "thread": thread,
        "post": thread.posts.get(),
        "org": org,
        "practice": practice_publish(practice_index, title="Alarmierungsplan", organisation=org),
        "pending": Membership.objects.get(user=pending_user),
        "colleague": Membership.objects.get(user=colleague),
    }


def client_for(request, case: FormCase) -> Client:
    client = Client(raise_request_exception=True)  # a 500 fails the test with its traceback
    if case.who:
        client.force_login(request.getfixturevalue(case.who))
    return client


def fields_of(client: Client, url: str, method: str, case: FormCase) -> list[str]:
    response = client.get(url)
    assert response.status_code in (200, 405), (url, response.status_code)
    parser = FormFields(method)
    parser.feed(response.content.decode())
    names = sorted(set(parser.names) | set(case.fields))
    assert names, f"{case}: no form fields found on {url}"
    return names


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("case", FORMS, ids=str)
def test_hostile_posts_get_errors_or_a_redirect_never_500(request, ctx, case):
    client = client_for(request, case)
    url = case.url(ctx)
    names = fields_of(client, url, "post", case)

    @SETTINGS
    @given(st.fixed_dictionaries({name: hostile_value for name in names}))
    def post(data):
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400, 403, 404, 429), (case.name, response.status_code)

    post()


@pytest.mark.parametrize("case", QUERIES, ids=str)
def test_hostile_query_strings_never_500(request, ctx, case):
    client = client_for(request, case)
    url = case.url(ctx)
    names = fields_of(client, url, "get", case)

    @SETTINGS
    @given(st.fixed_dictionaries({name: hostile_value for name in names}))
    def get(params):
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), (case.name, response.status_code)

    get()


@pytest.mark.parametrize(
    "path",
    [
        "/suche/?q=%00",
        "/suche/?q=a%00b&seite=%00",
        "/mitglieder/?q=%00",
        "/forum/?seite=%00",
        "/api/me?x=%00",
    ],
)
def test_nul_bytes_in_query_strings(client, member, path):
    client.force_login(member)
    assert client.get(path).status_code in (200, 400)
