"""The vocabularies of the prevention guide (DOMAIN.md), seeded once; editors maintain them."""

from .models import Term

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


def vocabularies_ensure() -> None:
    """Seed a vocabulary only while it is empty (a flushed database); editors' changes stay."""
    for vocabulary, names in VOCABULARIES.items():
        if Term.objects.filter(vocabulary=vocabulary).exists():
            continue
        Term.objects.bulk_create(
            [Term(vocabulary=vocabulary, name=name, position=position) for position, name in enumerate(names)]
        )
