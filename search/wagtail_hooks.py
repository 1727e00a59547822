"""The editors' synonyms in the Wagtail admin (snippets), German first."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyme")
    menu_name = "synonyme"
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["__str__", "note", "is_active", "updated_at"]
    list_filter = ["is_active"]
    panels = [FieldPanel("terms"), FieldPanel("note"), FieldPanel("is_active")]


register_snippet(SynonymViewSet)
