"""Who may download a document: attachments of practices, documents of guide chapters and materials
of events follow the audience of the pages that use them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from exchange.access import viewer_for

from . import permissions
from .events.permissions import material_document_allowed
from .models import GuideChapterPage, PracticeAttachment, PracticePage
from .services import collection_is_restricted, organisation_for_collection


def chapter_ids_using(document) -> set[int]:
    """Guide chapters that use the document in their body (a document block)."""
    chapter_type = ContentType.objects.get_for_model(GuideChapterPage)
    return {
        int(pk)
        for pk in ReferenceIndex.get_references_to(document)
        .filter(content_type=chapter_type)
        .values_list("object_id", flat=True)
    }


def practice_ids_using(document) -> set[int]:
    """Practices that list the document as an attachment or use it in their body."""
    ids = set(PracticeAttachment.objects.filter(document=document).values_list("page_id", flat=True))
    practice_type = ContentType.objects.get_for_model(PracticePage)
    ids |= {
        int(pk)
        for pk in ReferenceIndex.get_references_to(document)
        .filter(content_type=practice_type)
        .values_list("object_id", flat=True)
    }
    return ids


def can_download_document(user, document) -> bool:
    """Documents used by practices, guide chapters or events, or kept in a partner collection, are
    not public.

    They are served to editors, to partner contacts of the collection's organisation and to
    whoever may see at least one live practice, chapter or event that uses them.
    """
    practice_ids = practice_ids_using(document)
    chapter_ids = chapter_ids_using(document)
    restricted_collection = collection_is_restricted(document.collection)
    event_rule = material_document_allowed(user, document)  # None: no event lists it as material
    if not practice_ids and not chapter_ids and not restricted_collection and event_rule is None:
        return True
    if event_rule:  # materials travel with their events' visibility
        return True
    viewer = viewer_for(user)
    if viewer.is_editor or getattr(user, "is_superuser", False):
        return True
    if restricted_collection:
        org = organisation_for_collection(document.collection)
        if org is not None and org.pk in viewer.partner_organisation_ids:
            return True
    for page in PracticePage.objects.live().filter(pk__in=practice_ids).prefetch_related("working_groups"):
        if permissions.can_view_practice(viewer, page):
            return True
    chapters = GuideChapterPage.objects.live().filter(pk__in=chapter_ids).prefetch_related("working_groups")
    return any(permissions.can_view_page(viewer, chapter) for chapter in chapters)
