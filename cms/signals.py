"""Signal receivers of the cms app.

- Every change to a best practice that the index must see records an outbox row in its transaction.
- Review workflow e-mails go through Celery after commit (cms.tasks); see ``connect_workflow_mail``.
- Partner contacts get or lose their admin access when their memberships change.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from exchange.models import Membership, Organisation, User
from search import outbox

from . import tasks
from .celery import after_commit
from .models import TERM_FIELDS, GuideChapterPage, PracticePage, Term
from .services import partner_access_sync


@receiver(page_published, sender=PracticePage)
@receiver(page_unpublished, sender=PracticePage)
@receiver(post_delete, sender=PracticePage)
def practice_changed(sender, instance, **kwargs) -> None:
    outbox.record(outbox.PRACTICE, [instance.pk])


@receiver(page_published, sender=GuideChapterPage)
@receiver(page_unpublished, sender=GuideChapterPage)
@receiver(post_delete, sender=GuideChapterPage)
def guide_chapter_changed(sender, instance, **kwargs) -> None:
    outbox.record(outbox.GUIDE, [instance.pk])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs) -> None:
    # A moved page changes URL; moving an index page moves all practices (or chapters) below it.
    ids = PracticePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    outbox.record(outbox.PRACTICE, list(ids))
    chapters = GuideChapterPage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    outbox.record(outbox.GUIDE, list(chapters))


@receiver(post_save, sender=Term)
def term_changed(sender, instance, created, **kwargs) -> None:
    """A renamed term changes the practices and guide chapters that carry it."""
    if created:
        return
    ids: set[int] = set()
    chapter_ids: set[int] = set()
    for name in TERM_FIELDS:
        through = PracticePage.term_through(name)
        ids.update(through.objects.filter(term_id=instance.pk).values_list("practicepage_id", flat=True))
        chapters = GuideChapterPage.term_through(name).objects.filter(term_id=instance.pk)
        chapter_ids.update(chapters.values_list("guidechapterpage_id", flat=True))
    if ids:
        outbox.record(outbox.PRACTICE, ids)
    if chapter_ids:
        outbox.record(outbox.GUIDE, chapter_ids)


# --- Partner-contact admin access --------------------------------------------------------------


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs) -> None:
    partner_access_sync(user=instance.user)


@receiver(post_save, sender=Organisation)
def organisation_changed(sender, instance, created, **kwargs) -> None:
    if created:
        return
    for user in User.objects.filter(memberships__organisation=instance, memberships__role="partner_contact"):
        partner_access_sync(user=user)


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    partner_access_sync(user=user)


# --- Review workflow e-mail ----------------------------------------------------------------------


def _is_practice(workflow_state) -> bool:
    return workflow_state.content_type.model_class() is PracticePage


def connect_workflow_mail() -> None:
    """Replace Wagtail's in-request workflow e-mails for practices by Celery tasks after commit.

    Wagtail's admin app connects its notifiers with fixed ``dispatch_uid`` values in its ``ready()``.
    The cms app comes first in INSTALLED_APPS, so connecting our receivers with the same uid first
    makes Wagtail's later ``connect`` a no-op. Other page types keep Wagtail's behaviour: our
    receivers hand them to Wagtail's notifiers.
    """

    def on_task_submitted(sender, instance, **kwargs):
        if _is_practice(instance.workflow_state):
            after_commit(tasks.review_submitted_notify, task_state_id=instance.pk)
        else:
            wagtail_mail.task_submission_email_notifier(sender=sender, instance=instance, **kwargs)

    def on_workflow_submitted(sender, instance, **kwargs):
        if not _is_practice(instance):
            wagtail_mail.workflow_submission_email_notifier(sender=sender, instance=instance, **kwargs)

    def on_workflow_result(notifier):
        def handler(sender, instance, **kwargs):
            if _is_practice(instance):
                after_commit(
                    tasks.review_result_notify,
                    workflow_state_id=instance.pk,
                    task_state_id=instance.current_task_state_id,
                )
            else:
                notifier(sender=sender, instance=instance, **kwargs)

        return handler

    task_submitted.connect(
        on_task_submitted,
        sender=TaskState,
        dispatch_uid="group_approval_task_submitted_email_notification",
        weak=False,
    )
    workflow_submitted.connect(
        on_workflow_submitted,
        sender=WorkflowState,
        dispatch_uid="workflow_state_submitted_email_notification",
        weak=False,
    )
    workflow_rejected.connect(
        on_workflow_result(wagtail_mail.workflow_rejection_email_notifier),
        sender=WorkflowState,
        dispatch_uid="workflow_state_rejected_email_notification",
        weak=False,
    )
    workflow_approved.connect(
        on_workflow_result(wagtail_mail.workflow_approval_email_notifier),
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
        weak=False,
    )
