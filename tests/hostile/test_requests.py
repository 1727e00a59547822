"""Requests that are too big, have too many fields or files, carry no CSRF token, or smuggle a path
in a file name: refused cleanly (400/403 with a message, or a form error), never a 500, nothing stored.
"""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def web(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


# --- CSRF ---------------------------------------------------------------------------------------

# POSTs a person makes in the browser; the lead adds the forum's with one line each.
CSRF_POSTS = [
    (None, lambda: reverse("account_login"), {"login": "mitglied@example.org", "password": "x"}),
    (None, lambda: reverse("account_signup"), {"email": "neu@example.org"}),
    ("member", lambda: reverse("token-create"), {"name": "ohne CSRF"}),
    ("member", lambda: reverse("profile"), {"first_name": "Mallory"}),
    ("member", lambda: reverse("account-delete"), {"password": "x"}),
    ("member", lambda: reverse("account_logout"), {}),
    ("partner", lambda: "/api/memberships/1/approve", {}),
    ("member", lambda: "/forum/thema/1/antworten/", {"body": "ohne CSRF"}),
    ("member", lambda: "/api/forum/threads/1/posts", {"body": "ohne CSRF"}),
]


@pytest.mark.parametrize(
    ("who", "url", "data"), CSRF_POSTS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CSRF_POSTS)]
)
def test_posts_without_csrf_token_are_refused(request, who, url, data):
    client = Client(enforce_csrf_checks=True)
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(url(), data)
    assert response.status_code == 403
    # the page (templates/403_csrf.html) or, for the API, ninja's JSON error
    assert "nicht sicher übermittelt" in response.content.decode() or b"CSRF" in response.content
    assert not APIToken.objects.filter(name="ohne CSRF").exists()


def test_api_with_bearer_token_needs_no_csrf(member):
    from exchange.people.services import api_token_create

    _, token = api_token_create(user=member, name="skript")
    client = Client(enforce_csrf_checks=True)
    assert client.get("/api/me", headers={"authorization": f"Bearer {token}"}).status_code == 200


# --- size and count limits ----------------------------------------------------------------------


def test_body_over_the_upload_memory_limit_is_400(web, settings):
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = web.post(reverse("token-create"), {"name": big})
    assert response.status_code == 400
    assert not APIToken.objects.exists()


def test_too_many_fields_is_400(web, settings):
    data = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = web.post(reverse("token-create"), {**data, "name": "viele Felder"})
    assert response.status_code == 400
    assert not APIToken.objects.exists()


def test_too_many_files_is_400(web, settings):
    files = {
        f"f{i}": SimpleUploadedFile(f"{i}.txt", b"x")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = web.post(reverse("token-create"), {**files, "name": "viele Dateien"})
    assert response.status_code == 400
    assert not APIToken.objects.exists()


def test_huge_json_body_to_the_api_is_refused(web, settings):
    body = '{"reason": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    response = web.post("/api/memberships/1/reject", body, content_type="application/json")
    assert 400 <= response.status_code < 500


# --- attachments: size limit and file names ------------------------------------------------------


@pytest.fixture
def editor_web(editor, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client = Client(raise_request_exception=True)
    client.force_login(editor)
    return client


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "Anhang", "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def test_attachment_over_the_size_limit_is_a_form_error(editor_web, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload(editor_web, "gross.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "1,0\xa0KB" in response.content.decode() or "1.0\xa0KB" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/cron.d/evil.pdf",
        "..\\..\\windows\\evil.pdf",
        "/etc/passwd.pdf",
        "%2e%2e%2fevil.pdf",
        "evil.pdf\x00.exe",
        "normal.pdf",  # the control: an ordinary name is stored
        ".htaccess.pdf",
        "ü" * 300 + ".pdf",
    ],
)
def test_path_tricks_in_attachment_names_stay_inside_the_media_folder(editor_web, settings, name):
    response = upload(editor_web, name, PDF)
    assert response.status_code in (200, 302)
    if name == "normal.pdf":
        assert response.status_code == 302, "the upload itself must work, or this test proves nothing"
    documents = get_document_model().objects.all()
    media = os.path.realpath(settings.MEDIA_ROOT)
    for document in documents:
        stored = os.path.realpath(document.file.path)
        assert stored.startswith(os.path.join(media, "documents") + os.sep), stored
        assert ".." not in document.file.name and "\x00" not in document.file.name
        assert os.path.exists(stored)
    if response.status_code == 200:  # refused with a form error: nothing stored
        assert not documents.exists()
    else:
        assert documents.count() == 1
