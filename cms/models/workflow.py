"""The review workflow: the editors' review task for practices."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask


class PracticeReviewTask(GroupApprovalTask):
    """The editors' review: approve, request changes with a comment, or decline (ends the workflow)."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions = [
                ("reject", _("Änderungen anfordern"), True),
                ("approve", _("Freigeben"), False),
                ("approve", _("Mit Kommentar freigeben"), True),
                ("decline", _("Ablehnen"), True),
            ]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "decline":
            with transaction.atomic():
                task_state.reject(user=user, **kwargs)
                task_state.workflow_state.refresh_from_db()
                task_state.workflow_state.cancel(user=user)
            return None
        with transaction.atomic():
            return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Die Redaktion gibt frei, fordert Änderungen an oder lehnt ab.")

    class Meta:
        verbose_name = _("Prüfung durch die Redaktion")
        verbose_name_plural = _("Prüfungen durch die Redaktion")
