"""Seed the vocabularies of the prevention guide (DOMAIN.md). Editors maintain them afterwards."""

from django.db import migrations

VOCABULARIES = {
    "target_group": [
        "Operativ- und Einsatzkräfte",
        "Innendienst mit Publikumsverkehr",
        "Außendienst",
        "Mandatsträgerinnen und Mandatsträger",
        "Führungskräfte",
        "Lehrkräfte / Schulen",
        "Rettungsdienst",
    ],
    "professional_field": [
        "Kommunalverwaltung",
        "Finanzverwaltung",
        "Bildung und Erziehung",
        "Gesundheit und Soziale Dienste",
        "Justiz und Justizvollzug",
        "Landes- und Bundesverwaltung",
        "Polizei und Zoll",
        "Rettungsdienst und Feuerwehr",
        "Verkehr, Infrastruktur, Ver- und Entsorgung",
        "Wissenschaft und Kultur",
    ],
    "phase": ["Vorsorge", "Handling", "Nachsorge"],
    "measure_type": ["baulich-technisch", "organisatorisch", "personenbezogen"],
    "incident_type": [
        "Beleidigung",
        "Bedrohung",
        "Nötigung",
        "körperlicher Angriff",
        "Sachbeschädigung",
        "Hausfriedensbruch",
        "sexuelle Belästigung",
        "digitale Gewalt / Hass im Netz",
    ],
    "threat_level": [
        "Stufe 0: normales bis kontroverses Gespräch",
        "Stufe 1: verbale Aggression, Sachbeschädigung am Mobiliar",
        "Stufe 2: körperliche Gewalt, Bedrohung, Nötigung",
        "Stufe 3: Waffen, Geiselnahme, Amok",
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("cms", "Term")
    for vocabulary, names in VOCABULARIES.items():
        for position, name in enumerate(names):
            Term.objects.get_or_create(vocabulary=vocabulary, name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_practice_structure")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
