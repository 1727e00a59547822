"""Writes around best practices: adoptions, partner-contact admin access, notifications, reminders.

Services are keyword-only, check permission, own their transaction and leave e-mail to Celery
tasks that run after commit.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    TaskState,
    WorkflowState,
)

from exchange.access import EDITORS_GROUP, viewer_for
from exchange.forum.markdown import render as markdown_render
from exchange.models import Membership, Organisation, User

from . import permissions
from .mail import mail_send, site_url
from .models import PracticeAdoption, PracticeIndexPage, PracticeMailSent, PracticePage

log = logging.getLogger(__name__)

PARTNERS_GROUP = "Ansprechpersonen"
PARTNER_ORG_GROUP_PREFIX = "Ansprechpersonen: "
PRACTICES_COLLECTION = "Praxisbeispiele"

COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


# --- Adoption ----------------------------------------------------------------------------------


def practice_adoption_create(
    *, user: User, page: PracticePage, organisation_id: int, experience: str = ""
) -> PracticeAdoption:
    """Record that ``organisation`` uses ``page`` too. One adoption per organisation and practice."""
    viewer = viewer_for(user)
    if not permissions.can_adopt_practice(viewer, page):
        raise PermissionDenied
    if organisation_id not in viewer.organisation_ids:
        raise ValidationError(_("Sie können nur für Ihre eigene Organisation eintragen."))
    experience = (experience or "").strip()
    if len(experience) > 4000:
        raise ValidationError(_("Der Erfahrungsbericht darf höchstens 4000 Zeichen lang sein."))
    try:
        with transaction.atomic():
            return PracticeAdoption.objects.create(
                page=page,
                organisation_id=organisation_id,
                created_by=user,
                experience=experience,
                experience_html=markdown_render(experience) if experience else "",
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Ihre Organisation hat bereits eingetragen, dass sie dieses Praxisbeispiel einsetzt.")
        ) from exc


# --- Admin access of partner contacts --------------------------------------------------------


def root_collection_ensure():
    """Wagtail's migrations create the root collection; a flushed database has none."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _practices_collection():
    root = root_collection_ensure()
    existing = root.get_children().filter(name=PRACTICES_COLLECTION).first()
    return existing or root.add_child(name=PRACTICES_COLLECTION)


@transaction.atomic
def partners_group_ensure() -> Group:
    """The shared group of partner contacts: admin access, add and change below the practices index.

    Which practices they may touch is narrowed to their own organisation by
    ``PracticePage.permissions_for_user`` (cms.permissions.can_edit_practice); publishing is not
    granted, so everything goes through the review workflow.
    """
    group, _created = Group.objects.get_or_create(name=PARTNERS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for index in PracticeIndexPage.objects.all():
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    return group


@transaction.atomic
def partner_org_group_ensure(*, organisation: Organisation) -> Group:
    """Per organisation: a document/image collection and a group that may use only that collection."""
    parent = _practices_collection()
    collection = parent.get_children().filter(name=organisation.name).first()
    if collection is None:
        collection = parent.add_child(name=organisation.name)
    group, _created = Group.objects.get_or_create(name=f"{PARTNER_ORG_GROUP_PREFIX}{organisation.name}"[:150])
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return group


def organisation_for_collection(collection) -> Organisation | None:
    """The organisation whose partner collection holds ``collection`` (None: not a partner collection)."""
    parent = _practices_collection()
    if not collection.is_descendant_of(parent):
        return None
    own = collection.get_ancestors(inclusive=True).filter(depth=parent.depth + 1).first()
    return Organisation.objects.filter(name=own.name).first() if own else None


def collection_is_restricted(collection) -> bool:
    parent = _practices_collection()
    return collection.pk == parent.pk or collection.is_descendant_of(parent)


@transaction.atomic
def partner_access_sync(*, user: User) -> None:
    """Give or take the admin access of a partner contact, from their active memberships."""
    org_ids = set(
        Membership.objects.effective()
        .filter(user=user, role=Membership.Role.PARTNER_CONTACT)
        .values_list("organisation_id", flat=True)
    )
    wanted: set[int] = set()
    if org_ids and user.is_active:
        wanted.add(partners_group_ensure().pk)
        for org in Organisation.objects.filter(pk__in=org_ids):
            wanted.add(partner_org_group_ensure(organisation=org).pk)
    current = set(
        user.groups.filter(name__startswith=PARTNERS_GROUP)
        .exclude(name=EDITORS_GROUP)
        .values_list("pk", flat=True)
    )
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
    if hasattr(user, "_viewer"):
        delattr(user, "_viewer")


# --- Review workflow notifications -----------------------------------------------------------


def _once(key: str) -> bool:
    """True the first time ``key`` is claimed; the row makes repeated tasks send nothing twice."""
    try:
        with transaction.atomic():
            PracticeMailSent.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


def _practice_admin_url(page: PracticePage) -> str:
    return site_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def review_result_notify(*, workflow_state_id: int, task_state_id: int | None) -> bool:
    """Tell the author how the review ended (approved, changes requested, declined). Idempotent."""
    state = WorkflowState.objects.filter(pk=workflow_state_id).select_related("requested_by").first()
    if state is None:
        return False
    page = state.content_object
    if page is None:
        return False
    page = page.specific
    if not isinstance(page, PracticePage):
        return False
    task_state = TaskState.objects.filter(pk=task_state_id).first() if task_state_id else None
    if state.status == WorkflowState.STATUS_APPROVED:
        outcome = "approved"
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        outcome = "changes"
    elif (
        state.status == WorkflowState.STATUS_CANCELLED
        and task_state is not None
        and (task_state.status == TaskState.STATUS_REJECTED)
    ):
        outcome = "declined"
    else:
        return False
    author = state.requested_by or page.owner
    if author is None or not author.is_active or not author.email:
        return False
    if not _once(f"review:{state.pk}:{task_state_id or 0}:{outcome}"):
        return False
    comment = ""
    if task_state is not None:
        comment = task_state.get_comment() if hasattr(task_state, "get_comment") else task_state.comment
    mail_send(
        template="cms/email/review_result",
        recipients=[author.email],
        context={
            "outcome": outcome,
            "page": page,
            "comment": comment,
            "author": author,
            "url": _practice_admin_url(page),
        },
    )
    return True


def review_submitted_notify(*, task_state_id: int) -> bool:
    """Tell the reviewers (Redaktion) that a practice waits for review. Idempotent."""
    task_state = TaskState.objects.filter(pk=task_state_id).select_related("workflow_state").first()
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return False
    page = task_state.workflow_state.content_object
    if page is None:
        return False
    page = page.specific
    task = task_state.task.specific
    groups = list(getattr(task, "groups", Group.objects.none()).all()) or list(
        Group.objects.filter(name=EDITORS_GROUP)
    )
    recipients = sorted(
        {
            u.email
            for u in User.objects.filter(groups__in=groups, is_active=True).distinct()
            if u.email and u.pk != task_state.workflow_state.requested_by_id
        }
    )
    if not recipients or not _once(f"submitted:{task_state.pk}"):
        return False
    requested_by = task_state.workflow_state.requested_by
    mail_send(
        template="cms/email/review_submitted",
        recipients=recipients,
        context={"page": page, "requested_by": requested_by, "url": _practice_admin_url(page)},
    )
    return True


# --- Freshness ---------------------------------------------------------------------------------

REMINDER_DAYS_BEFORE = 14


def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind owners of practices whose review date comes within two weeks. Once per review date."""
    today = today or timezone.localdate()
    due = (
        PracticePage.objects.filter(
            review_date__isnull=False,
            review_date__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE),
        )
        .select_related("owner", "organisation")
        .order_by("review_date")
    )
    sent = 0
    for page in due:
        review_date = page.review_date
        recipients = _reminder_recipients(page)
        if review_date is None or not recipients:  # (no date: excluded by the query already)
            continue
        if not _once(f"reminder:{page.pk}:{review_date.isoformat()}"):
            continue
        mail_send(
            template="cms/email/review_reminder",
            recipients=recipients,
            context={"page": page, "overdue": review_date < today, "url": _practice_admin_url(page)},
        )
        sent += 1
    return sent


def _reminder_recipients(page: PracticePage) -> list[str]:
    owner = page.owner
    if owner is not None and owner.is_active and owner.email:
        viewer = viewer_for(owner)
        if viewer.is_editor or page.organisation_id in viewer.partner_organisation_ids:
            return [owner.email]
    # The owner left or changed role: the organisation's partner contacts take over.
    partners = Membership.objects.effective().filter(
        organisation_id=page.organisation_id, role=Membership.Role.PARTNER_CONTACT
    )
    return sorted(
        User.objects.filter(is_active=True, pk__in=partners.values("user_id"))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


# --- Members-area draft ------------------------------------------------------------------------


@transaction.atomic
def practice_draft_create(
    *,
    user: User,
    title: str,
    summary: str,
    organisation: Organisation,
    target_groups: Any,
    phases: Any,
    measure_types: Any,
    status: str,
    description: str = "",
    submit: bool = False,
) -> PracticePage:
    """Create a practice as an unpublished draft of ``organisation``; optionally submit it for review."""
    viewer = viewer_for(user)
    if not (viewer.is_editor or organisation.pk in viewer.partner_organisation_ids):
        raise PermissionDenied
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("Es gibt noch keine Übersicht der Praxisbeispiele."))
    paragraphs = [p.strip() for p in (description or "").split("\n\n") if p.strip()]
    body = [("text", "".join(f"<p>{escape(p)}</p>" for p in paragraphs))] if paragraphs else []
    page = PracticePage(
        title=title.strip(),
        slug=slug_free_below(index, slugify(title)[:80] or "praxisbeispiel"),
        summary=summary.strip(),
        organisation=organisation,
        status=status,
        body=body,
        owner=user,
        live=False,
    )
    page.full_clean(exclude=["path", "depth"])
    index.add_child(instance=page)
    page.target_groups.set(target_groups)
    page.phases.set(phases)
    page.measure_types.set(measure_types)
    revision = page.save_revision(user=user, log_action=True)
    if submit:
        practice_submit(user=user, page=page, revision=revision)
    return page


def practice_submit(*, user: User, page: PracticePage, revision: Any = None) -> None:
    """Submit the latest revision for review (the workflow on the practices index)."""
    if not permissions.can_submit_practice(user, page):
        raise PermissionDenied
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("Für Praxisbeispiele ist kein Prüfablauf eingerichtet."))
    if page.workflow_in_progress:
        raise ValidationError(_("Dieses Praxisbeispiel ist bereits zur Prüfung eingereicht."))
    workflow.start(page, user)


def slug_free_below(parent: Any, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first slug no child of ``parent`` has yet."""
    slug, n = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug = f"{base}-{n}"[:80]
        n += 1
    return slug
