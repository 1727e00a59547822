"""Content for the operations tests, made through the project's services: the one place of
tests/cms/ops that imports them."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.models import PracticeAttachment, PracticeIndexPage
from exchange.access import viewer_for
from exchange.forum import services as forum
from exchange.membership import services as membership
from exchange.models import Membership, Post, Thread, User
from search import queries
from tests.exchange.forum.files import PDF, PNG, docx_bytes, upload
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
    editor_create,
    member_create,
    practice_publish,
)
from tests.search.pdfs import pdf_bytes

SECRET_WORD = "Panikraumschleuse"  # only in the working group's practice and thread


@dataclass
class Content:
    people: dict[str, User]
    threads: list[Thread]


def content_create(index: PracticeIndexPage) -> Content:
    """Two organisations, a partner contact who approves two requested memberships, an editor, a
    working group with a restricted category, a public and a group-only practice (attachment, image),
    and threads with attachments and replies in both categories."""
    bonn, mettmann = OrganisationFactory(name="Stadt Bonn"), OrganisationFactory(name="Kreis Mettmann")
    partner = member_create(bonn, email="partner@example.org", role=Membership.Role.PARTNER_CONTACT)
    editor = editor_create(email="redaktion@example.org")
    member, group_member = UserFactory(email="mitglied@example.org"), UserFactory(email="ag@example.org")
    for person in (member, group_member):
        requested = membership.membership_request(user=person, organisation=bonn)
        membership.membership_approve(actor=partner, membership=requested)
    other = member_create(mettmann, email="kollege@example.org")
    pending = UserFactory(email="wartend@example.org")
    membership.membership_request(user=pending, organisation=bonn)
    group = WorkingGroupFactory(name="AG Meldesysteme")
    group.members.add(group_member)

    image = get_image_model()(title="Schild", file=ContentFile(png_bytes(), name="schild.png"))
    image.save()
    document = get_document_model()(
        title="Leitfaden",
        file=ContentFile(pdf_bytes("Leitfaden Gesprächsführung am Empfang"), name="leitfaden.pdf"),
    )
    document.save()
    public = practice_publish(
        index,
        title="Deeskalationstraining am Empfang",
        organisation=bonn,
        summary="Rollenspiele zur Deeskalation.",
    )
    public.attachments.add(PracticeAttachment(document=document, title="Leitfaden (PDF)"))
    public.save_revision().publish()
    practice_publish(
        index,
        title="Auswertung der Deeskalation",
        organisation=bonn,
        audience="groups",
        groups=[group],
        summary=f"Interne Auswertung, Stichwort {SECRET_WORD}.",
    )

    open_category = CategoryFactory(name="Praxisfragen")
    ag_category = CategoryFactory(name="AG intern")
    ag_category.working_groups.add(group)
    threads = [
        forum.thread_create(
            author=member,
            category=open_category,
            title="Deeskalation im Bürgerbüro",
            body="Wie schult ihr Deeskalation?",
            attachments=[upload("bericht.pdf", PDF)],
        ),
        forum.thread_create(
            author=group_member,
            category=ag_category,
            title="Einsatzbericht der AG",
            body=f"Nur für die AG: {SECRET_WORD} und Deeskalation.",
            attachments=[upload("skizze.png", PNG)],
        ),
    ]
    forum.post_create(author=other, thread=threads[0], body="Wir üben Deeskalation im Rollenspiel.")
    forum.post_create(
        author=partner,
        thread=threads[0],
        body="Unser Konzept hängt an.",
        attachments=[upload("konzept.docx", docx_bytes())],
    )
    forum.post_create(author=editor, thread=threads[1], body="Danke, übernehmen wir.")
    people = {
        "editor": editor,
        "partner": partner,
        "member": member,
        "group_member": group_member,
        "other": other,
        "pending": pending,
    }
    return Content(people=people, threads=threads)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def search_hits(user: User, query: str) -> list[tuple[str, int]]:
    """What search finds for the person (sorted: the order of hits with equal scores is the index's)."""
    results = queries.search(viewer_for(user), query)
    return sorted((hit.type, hit.id) for hit in results.hits)


def reply_create(author: User, thread: Thread, body: str) -> Post:
    return forum.post_create(author=author, thread=thread, body=body)


def membership_requested(person: User, organisation_name: str) -> Membership:
    """``person`` asks to join; returns the pending membership."""
    organisation = OrganisationFactory(name=organisation_name)
    return membership.membership_request(user=person, organisation=organisation)


def open_thread_create(author: User) -> Thread:
    category = CategoryFactory(name="Praxisfragen")
    return forum.thread_create(author=author, category=category, title="Hausverbot", body="Wie geht ihr vor?")
