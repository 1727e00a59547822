"""python manage.py import_practices FILE [--create-terms]: JSON Lines in, see README.md."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from cms.models import PracticeIndexPage
from cms.transfer import practice_import_lines


class Command(BaseCommand):
    help = (
        "Praxisbeispiele aus einer JSON-Lines-Datei anlegen oder aktualisieren (Schlüssel: external_id). "
        "Fehlerhafte Zeilen werden mit Zeilennummer gemeldet und nicht geschrieben."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON-Lines-Datei (UTF-8) oder - für die Standardeingabe")
        parser.add_argument(
            "--create-terms",
            action="store_true",
            help="Unbekannte Schlagwörter anlegen statt die Zeile abzulehnen.",
        )

    def handle(self, *args, file: str, create_terms: bool, **options):
        index = PracticeIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "Es gibt noch keine Übersicht der Praxisbeispiele (load_demo oder Einrichtung)."
            )
        try:
            stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Datei kann nicht gelesen werden: {exc}") from exc
        counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
        try:
            for result in practice_import_lines(stream, index=index, create_terms=create_terms):
                counts[result.outcome] += 1
                if result.outcome == "error":
                    label = f" ({result.external_id})" if result.external_id else ""
                    self.stderr.write(f"Zeile {result.line}{label}: {result.error}")
        except UnicodeDecodeError as exc:
            raise CommandError(f"Die Datei ist nicht UTF-8-kodiert: {exc}") from exc
        finally:
            if stream is not sys.stdin:
                stream.close()
        summary = (
            f"{counts['created']} angelegt, {counts['updated']} aktualisiert, "
            f"{counts['unchanged']} unverändert, {counts['error']} fehlerhaft"
        )
        if counts["error"]:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
