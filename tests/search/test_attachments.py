"""PDF text of practice attachments: extracted after publishing, found with the practice's visibility."""

import logging

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.models import PracticeAttachment, PracticePage
from exchange.access import viewer_for
from search import attachments, drain, queries
from search.documents import PracticeDocument
from search.models import AttachmentText, OutboxEntry
from tests.factories import practice_publish
from tests.search.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db

Document = get_document_model()
PDF_ONLY_WORD = "Türschließanlage"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def document(data: bytes, name="leitfaden.pdf", title="Leitfaden"):
    doc = Document(title=title, file=ContentFile(data, name=name))
    doc.save()
    return doc


def attach_and_publish(page, doc, capture):
    with capture(execute=True):
        page.attachments.add(PracticeAttachment(document=doc))
        page.save_revision().publish()


@pytest.fixture
def group_practice(practice_index, org, working_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = practice_publish(
            practice_index,
            title="Sicherer Empfang",
            organisation=org,
            audience="groups",
            groups=[working_group],
            summary="Umbau des Empfangs.",
        )
    pdf = pdf_bytes("Technische Beschreibung", f"Die {PDF_ONLY_WORD} im Bürgerbüro schließt automatisch.")
    attach_and_publish(page, document(pdf), django_capture_on_commit_callbacks)
    return page


def hits(user, q):
    return queries.search(viewer_for(user), q).hits


def test_word_only_in_the_pdf_finds_the_practice_with_its_visibility(group_practice, group_member, member):
    found = hits(group_member, PDF_ONLY_WORD)
    assert [h.id for h in found] == [group_practice.pk]
    assert f"<mark>{PDF_ONLY_WORD}</mark>" in found[0].snippet  # the snippet comes from the PDF
    assert hits(member, PDF_ONLY_WORD) == []  # same audience as the practice: a member outside the AG
    assert hits(member, "Bürgerbüro schließt") == []
    assert not OutboxEntry.objects.filter(processed_at__isnull=True).exists()


def test_extraction_is_idempotent(group_practice):
    stored = AttachmentText.objects.get()
    assert stored.status == AttachmentText.Status.OK and PDF_ONLY_WORD in stored.text
    pending = OutboxEntry.objects.count()
    assert attachments.practice_attachments_extract(page_id=group_practice.pk) == 0  # same file: skipped
    assert AttachmentText.objects.get().extracted_at == stored.extracted_at
    assert OutboxEntry.objects.count() == pending  # nothing to reindex


def test_replaced_file_is_read_again(group_practice, group_member, django_capture_on_commit_callbacks):
    doc = AttachmentText.objects.get().document
    with django_capture_on_commit_callbacks(execute=True):
        doc.file = ContentFile(pdf_bytes("Neue Fassung mit Fluchttür"), name="neu.pdf")
        doc._set_file_hash()
        doc.save()
    assert [h.id for h in hits(group_member, "Fluchttür")] == [group_practice.pk]
    assert hits(group_member, PDF_ONLY_WORD) == []


def test_removed_attachment_leaves_the_index(
    group_practice, group_member, django_capture_on_commit_callbacks
):
    page = PracticePage.objects.get(pk=group_practice.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.attachments.clear()
        page.save_revision().publish()
    assert not PracticeAttachment.objects.filter(page=page).exists()
    assert hits(group_member, PDF_ONLY_WORD) == []


def test_broken_pdf_is_logged_and_the_practice_still_indexed(
    practice_index, org, member, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = practice_publish(practice_index, title="Kaputter Anhang", organisation=org)
    with caplog.at_level(logging.WARNING, logger="search.attachments"):
        attach_and_publish(
            page,
            document(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> kaputt"),
            django_capture_on_commit_callbacks,
        )
    stored = AttachmentText.objects.get()
    assert stored.status == AttachmentText.Status.FAILED and stored.error
    assert "not extracted" in caplog.text
    assert [h.title for h in hits(member, "Kaputter Anhang")] == ["Kaputter Anhang"]
    assert attachments.practice_attachments_extract(page_id=page.pk) == 0  # not retried for the same file


def test_other_file_types_are_skipped(practice_index, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = practice_publish(practice_index, title="Mit Tabelle", organisation=org)
    attach_and_publish(page, document(b"a;b\n1;2\n", name="zahlen.csv"), django_capture_on_commit_callbacks)
    assert AttachmentText.objects.get().status == AttachmentText.Status.UNSUPPORTED


def test_text_is_capped():
    data = pdf_bytes(*[f"Seite {n} " + "Deeskalation " * 40 for n in range(1, 6)])
    text, truncated = attachments.pdf_text(data, max_chars=1000)
    assert truncated and len(text) == 1000
    text, truncated = attachments.pdf_text(data, max_pages=2)
    assert truncated and "Seite 2" in text and "Seite 3" not in text
    text, truncated = attachments.pdf_text(data)
    assert not truncated and "Seite 5" in text


def test_practice_document_caps_the_attachment_text(group_practice, monkeypatch):
    monkeypatch.setattr(PracticeDocument, "MAX_ATTACHMENT_CHARS", 10)
    _, doc = next(PracticeDocument.documents([group_practice.pk]))
    assert len(doc["attachment_text"]) == 10


def test_sweep_extracts_what_a_lost_task_missed(
    practice_index, org, group_member, working_group, django_capture_on_commit_callbacks
):
    from search.tasks import sweep_outbox

    # Published without running the after-commit callbacks: as if the broker had been down.
    page = practice_publish(
        practice_index, title="Empfang", organisation=org, audience="groups", groups=[working_group]
    )
    page.attachments.add(PracticeAttachment(document=document(pdf_bytes(f"Die {PDF_ONLY_WORD} klemmt."))))
    page.save_revision().publish()
    assert not AttachmentText.objects.exists()
    assert attachments.practices_missing_text() == [page.pk]
    with django_capture_on_commit_callbacks(execute=True):
        sweep_outbox()  # beat: extraction queued after commit (eager here), which reindexes the page
    drain.outbox_drain(refresh=True)
    assert [h.id for h in hits(group_member, PDF_ONLY_WORD)] == [page.pk]
    assert attachments.practices_missing_text() == []


def test_extraction_task_survives_a_lost_worker():
    from search.tasks import extract_attachments

    assert extract_attachments.acks_late is True
    assert extract_attachments.reject_on_worker_lost is True
