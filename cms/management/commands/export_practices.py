"""python manage.py export_practices [FILE]: all practices as JSON Lines in the import schema."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from cms.models import PracticePage
from cms.transfer import practice_export_record


class Command(BaseCommand):
    help = "Alle Praxisbeispiele als JSON Lines im Import-Schema ausgeben (neueste Fassung, auch Entwürfe)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="Zieldatei; ohne Angabe die Standardausgabe")

    def handle(self, *args, file: str, **options):
        out = sys.stdout if file == "-" else open(file, "w", encoding="utf-8")  # noqa: SIM115
        count = 0
        try:
            for page in PracticePage.objects.select_related("organisation", "owner").order_by("pk"):
                latest = page.get_latest_revision_as_object()
                out.write(json.dumps(practice_export_record(latest), ensure_ascii=False) + "\n")
                count += 1
        finally:
            if out is not sys.stdout:
                out.close()
        if file != "-":
            self.stdout.write(self.style.SUCCESS(f"{count} Praxisbeispiele exportiert."))
