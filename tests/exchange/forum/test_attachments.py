"""Attachments: type by content, size limit, safe names, private storage, permission-checked download."""

import os

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from exchange.forum import services as forum_services
from exchange.forum.attachments import safe_display_name
from exchange.models import Attachment, Post, Thread
from tests.exchange.forum.files import PDF, PNG, docx_bytes, upload

pytestmark = pytest.mark.django_db


def test_pdf_upload_is_stored_privately_and_served_with_safe_headers(client, member, thread, private_storage):
    client.force_login(member)
    response = client.post(
        f"/forum/thema/{thread.pk}/antworten/",
        {"body": "Unser Konzept im Anhang.", "attachments": [upload("Konzept 2024.pdf", PDF)]},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Konzept_2024.pdf"
    assert attachment.content_type == "application/pdf"
    stored = private_storage / attachment.stored_name
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    assert attachment.stored_name != attachment.original_name

    download = client.get(f"/forum/anhang/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Konzept_2024.pdf" in download["Content-Disposition"]
    assert f"/forum/anhang/{attachment.pk}/" in client.get(f"/forum/thema/{thread.pk}/").content.decode()


def test_office_document_detected_by_content(member, thread):
    post = forum_services.post_create(
        author=member, thread=thread, body="Vorlage", attachments=[upload("vorlage.docx", docx_bytes())]
    )
    assert post.attachments.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rechnung.pdf", b"<html><script>alert(1)</script></html>"),  # HTML with a good extension
        ("bild.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # a Windows executable
        ("notiz.pdf", b"GIF89a\x01\x00\x01\x00\x80\x00\x00"),  # GIF is not on the list
        ("skript.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("leer.pdf", b""),
    ],
)
def test_wrong_content_is_refused_and_nothing_written(client, member, thread, private_storage, name, content):
    client.force_login(member)
    response = client.post(
        f"/forum/thema/{thread.pk}/antworten/", {"body": "Anbei", "attachments": [upload(name, content)]}
    )
    assert response.status_code == 400
    assert "nicht erlaubt" in response.content.decode() or "leer" in response.content.decode()
    assert thread.posts.count() == 1
    assert not Attachment.objects.exists()
    assert not private_storage.exists() or not any(private_storage.iterdir())


def test_oversized_file_is_refused(member, thread, settings):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError, match="zu groß"):
        forum_services.post_create(
            author=member, thread=thread, body="x", attachments=[upload("gross.pdf", big)]
        )
    assert Post.objects.count() == 1


def test_too_many_files_are_refused(member, thread, settings):
    settings.FORUM_ATTACHMENTS_PER_POST = 2
    files = [upload(f"{i}.png", PNG) for i in range(3)]
    with pytest.raises(ValidationError, match="Höchstens 2"):
        forum_services.post_create(author=member, thread=thread, body="x", attachments=files)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("/absolute/path/report.pdf", "report.pdf"),
        ("seite.html", "seite.pdf"),  # the extension follows the detected type
        ("..", "anhang.pdf"),
        ("", "anhang.pdf"),
        ("a\x00b\r\nc.pdf", "abc.pdf"),
        ('"; filename="x.html', "filenamex.pdf"),
        ("???.pdf", "anhang.pdf"),
    ],
)
def test_safe_display_name(raw, expected):
    name = safe_display_name(raw, "pdf")
    assert name == expected
    assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_path_tricks_never_reach_the_storage(member, thread, private_storage):
    post = forum_services.post_create(
        author=member, thread=thread, body="x", attachments=[upload("../../../outside.pdf", PDF)]
    )
    attachment = post.attachments.get()
    assert attachment.original_name == "outside.pdf"
    assert os.path.dirname(attachment.stored_name) == ""
    assert (private_storage / attachment.stored_name).exists()
    assert not (private_storage.parent / "outside.pdf").exists()


def test_download_only_for_those_who_see_the_post(
    client, member, group_member, editor, ag_category, private_storage
):
    thread = forum_services.thread_create(
        author=group_member,
        category=ag_category,
        title="Intern",
        body="Nur AG",
        attachments=[upload("intern.pdf", PDF)],
    )
    attachment = Attachment.objects.get()
    client.force_login(member)
    assert client.get(f"/forum/anhang/{attachment.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/forum/anhang/{attachment.pk}/").status_code == 302
    client.force_login(group_member)
    assert client.get(f"/forum/anhang/{attachment.pk}/").status_code == 200
    forum_services.post_hide(actor=editor, post=thread.posts.get(), reason="Test")
    assert client.get(f"/forum/anhang/{attachment.pk}/").status_code == 404
    client.force_login(editor)
    assert client.get(f"/forum/anhang/{attachment.pk}/").status_code == 200
    assert Thread.objects.count() == 1
