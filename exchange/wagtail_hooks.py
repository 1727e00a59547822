"""Wagtail admin (Wagtail reads only this module of the app): organisations, working groups and forum
categories as snippets for the network office (editors), and links to the security log and to the
forum's reports. Who may use them is decided in the sub-domains' permissions modules."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks  # type: ignore[attr-defined]  # mypy: see pyproject.toml, [tool.mypy]
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import PracticePage

from .access import EDITORS_GROUP, is_editor, viewer_for
from .forum.permissions import can_moderate
from .membership.permissions import can_view_audit_log
from .messages.selectors import contact_person_for
from .models import Category, Organisation, User, WorkingGroup


class EditorsOnlyPolicy(BasePermissionPolicy):
    """Editors (and superusers) may do everything with these snippets, nobody else anything."""

    def user_has_permission(self, user, action) -> bool:
        return is_editor(user)

    def users_with_any_permission(self, actions):
        editors = Group.objects.filter(name=EDITORS_GROUP)
        return User.objects.filter(Q(is_superuser=True) | Q(groups__in=editors), is_active=True).distinct()


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationen")
    list_display = ["name", "kind", "region", "status", "joined_on"]
    list_filter = ["kind", "region", "status"]
    search_fields = ["name"]
    ordering = ["name"]
    panels = [
        FieldPanel("name", heading=_("Name")),
        FieldPanel("slug", heading=_("Kurzname (URL)")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")], heading=_("Einordnung")),
        FieldPanel("website"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("joined_on"), FieldPanel("status")], heading=_("Mitgliedschaft im Netzwerk")
        ),
    ]


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "list-ul"
    menu_label = _("Arbeitsgruppen")
    list_display = ["name"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name", heading=_("Name")),
        FieldPanel("slug", heading=_("Kurzname (URL)")),
        FieldPanel("description"),
        FieldPanel("members"),
    ]


class CategoryViewSet(SnippetViewSet):
    """Forum categories: order, description, working-group restriction, the practice-discussion flag.
    Changing the working groups re-indexes the category's threads (exchange.forum.signals)."""

    model = Category
    icon = "comment"
    menu_label = _("Forenkategorien")
    list_display = ["name", "position", "is_practice_discussion"]
    search_fields = ["name"]
    ordering = ["position", "name"]
    panels = [
        FieldPanel("name", heading=_("Name")),
        FieldPanel("slug", heading=_("Kurzname (URL)")),
        FieldPanel("description"),
        FieldPanel("position"),
        FieldPanel("working_groups"),
        FieldPanel("is_practice_discussion"),
    ]


class MembershipAdminGroup(SnippetViewSetGroup):
    menu_label = _("Netzwerk")
    menu_icon = "group"
    menu_order = 260
    items = (OrganisationViewSet, WorkingGroupViewSet, CategoryViewSet)


register_permission_policy(Organisation, EditorsOnlyPolicy(Organisation), exact_class=True)
register_permission_policy(WorkingGroup, EditorsOnlyPolicy(WorkingGroup), exact_class=True)
register_permission_policy(Category, EditorsOnlyPolicy(Category), exact_class=True)
register_snippet(MembershipAdminGroup)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_view_audit_log(viewer_for(request.user), request.user)


@hooks.register("register_admin_menu_item")
def audit_log_menu_item():
    return AuditLogMenuItem(_("Sicherheitsprotokoll"), reverse("audit-log"), icon_name="warning", order=900)


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_moderate(viewer_for(request.user))


@hooks.register("register_admin_menu_item")
def forum_moderation_menu_item():
    return ModerationMenuItem(
        _("Forum-Meldungen"), reverse("forum-moderation"), icon_name="warning", order=890
    )


@hooks.register("register_admin_menu_item")
def message_reports_menu_item():
    """Reported direct messages (only those: editors never see the others)."""
    return ModerationMenuItem(
        _("Gemeldete Nachrichten"), reverse("message-reports"), icon_name="warning", order=891
    )


@hooks.register(PracticePage.CONTEXT_HOOK)
def practice_contact_member(request, page: PracticePage) -> dict:
    """The practice's contact person as a member the reader may write to (or None)."""
    return {"contact_member": contact_person_for(viewer_for(request.user), page.contact_email)}
