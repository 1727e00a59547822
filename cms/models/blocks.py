"""The blocks of a practice's body (StreamField)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Schritt"))
    text = blocks.RichTextBlock(label=_("Beschreibung"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "list-ol"
        label = _("Umsetzungsschritt")


class PracticeBodyBlock(blocks.StreamBlock):
    """Problem, goals and implementation: text, images, documents, quotes and implementation steps."""

    text = blocks.RichTextBlock(label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ul", "ol"])
    image = ImageBlock(label=_("Bild"))
    document = DocumentChooserBlock(label=_("Dokument"))
    quote = blocks.BlockQuoteBlock(label=_("Zitat"))
    step = StepBlock()
