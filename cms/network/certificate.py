"""The joining certificate (Beitrittsurkunde) as a one-page PDF, drawn with reportlab (BSD licence,
a pure-Python wheel: no system libraries). Only the PDF's standard fonts are used, whose WinAnsi
encoding holds German umlauts and ß; the document is reproducible (``invariant``: no creation time
or random id), so generating it twice for the same data gives the same bytes."""

from __future__ import annotations

import datetime
import io

from django.utils import formats, translation
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

BRAND = HexColor("#0b4f8a")
NETWORK_LINE = (
    "Präventionsnetzwerk für mehr Schutz und Sicherheit von Beschäftigten im öffentlichen Dienst "
    "in Nordrhein-Westfalen"
)


def _printable(text: str) -> str:
    """Text the standard fonts can draw: typographic dashes and quotes become their plain forms."""
    table = str.maketrans({"\u2013": "-", "\u2014": "-", "\u201e": '"', "\u201c": '"', "\u201d": '"'})
    return text.translate(table).encode("cp1252", "replace").decode("cp1252")


def _centred(pdf: canvas.Canvas, text: str, y: float, font: str, size: int, width: float) -> float:
    """Draw ``text`` centred, wrapped to ``width``; returns the y below the last line."""
    for line in simpleSplit(_printable(text), font, size, width):
        pdf.setFont(font, size)
        pdf.drawCentredString(A4[0] / 2, y, line)
        y -= size * 1.35
    return y


def certificate_pdf(*, organisation_name: str, joined_on: datetime.date, number: str) -> bytes:
    """The Beitrittsurkunde of one organisation: name, joining date, certificate number."""
    with translation.override("de"):
        date_text = formats.date_format(joined_on, "j. F Y")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(_printable(f"Beitrittsurkunde {organisation_name}"))
    pdf.setAuthor("Geschäftsstelle #sicherimDienst")
    width, height = A4
    text_width = width - 50 * mm
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(3)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFillColor(BRAND)
    y = _centred(pdf, "#sicherimDienst", height - 50 * mm, "Helvetica-Bold", 20, text_width)
    y = _centred(pdf, NETWORK_LINE, y - 4 * mm, "Helvetica", 11, text_width)
    pdf.setFillColor(HexColor("#1b1f24"))
    y = _centred(pdf, "Beitrittsurkunde", y - 25 * mm, "Helvetica-Bold", 34, text_width)
    y = _centred(pdf, "Hiermit bestätigen wir, dass", y - 15 * mm, "Helvetica", 14, text_width)
    y = _centred(pdf, organisation_name, y - 8 * mm, "Helvetica-Bold", 24, text_width)
    y = _centred(pdf, f"am {date_text} dem Netzwerk #sicherimDienst", y - 8 * mm, "Helvetica", 14, text_width)
    y = _centred(pdf, "als Partnerorganisation beigetreten ist.", y, "Helvetica", 14, text_width)
    _centred(
        pdf,
        "Gemeinsam setzen wir uns für den Schutz der Beschäftigten vor Gewalt, Bedrohung und "
        "Beleidigung ein: vorbeugen, im Ereignis richtig handeln, danach unterstützen.",
        y - 15 * mm,
        "Helvetica-Oblique",
        12,
        text_width,
    )
    _centred(pdf, "Geschäftsstelle #sicherimDienst", 60 * mm, "Helvetica-Bold", 12, text_width)
    _centred(pdf, f"Urkunde Nr. {number}", 25 * mm, "Helvetica", 9, text_width)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
