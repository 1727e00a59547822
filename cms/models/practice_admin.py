"""How the Wagtail admin treats a practice: its edit form and the rights on it (cms.models.practice)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import PagePermissionTester

from exchange.access import AUDIENCE_GROUPS, viewer_for


class PracticePageForm(WagtailAdminPageForm):
    """Partner contacts choose only their own organisations as lead organisation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or "organisation" not in self.fields:
            return
        viewer = viewer_for(user)
        if viewer.is_editor:
            return
        qs = self.fields["organisation"].queryset.filter(pk__in=viewer.partner_organisation_ids)
        self.fields["organisation"].queryset = qs
        if not self.instance.organisation_id and len(viewer.partner_organisation_ids) == 1:
            self.initial["organisation"] = next(iter(viewer.partner_organisation_ids))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == AUDIENCE_GROUPS and not cleaned.get("working_groups"):
            self.add_error(
                "working_groups",
                _("Bitte wählen Sie mindestens eine Arbeitsgruppe oder eine andere Sichtbarkeit."),
            )
        return cleaned


class PracticePermissionTester(PagePermissionTester):
    """Wagtail's page rights, narrowed: only editors and partner contacts of the lead organisation
    may do anything with a practice in the admin (edit, preview, revisions, delete, move, copy)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.allowed = page.is_editable_by(viewer_for(user))

    def can_edit(self):
        return self.allowed and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.allowed and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self.allowed and super().can_unpublish()

    def can_publish(self):
        return self.allowed and super().can_publish()

    def can_submit_for_moderation(self):
        return self.allowed and super().can_submit_for_moderation()

    def can_lock(self):
        return self.allowed and super().can_lock()

    def can_unlock(self):
        return self.allowed and super().can_unlock()

    def can_copy(self):
        return self.allowed and super().can_copy()

    def can_move_to(self, destination):
        return self.allowed and super().can_move_to(destination)

    def can_view_revisions(self):
        return self.allowed and super().can_view_revisions()
