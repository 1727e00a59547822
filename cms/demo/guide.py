"""Demo: the prevention guide (Präventionsleitfaden) with four chapters along the three phases.

Written from public facts of the domain (DOMAIN.md): the phases Vorsorge, Handling and Nachsorge,
the TOP principle of measures, the threat levels 0-3 of the "Aachener Modell" and the typical
measures named there. No figures are invented. Idempotent: pages are found by their slugs.
"""

from __future__ import annotations

from typing import Any

from cms.models import GuideChapterPage, GuideIndexPage, GuidePinnedPractice, HomePage, PracticePage, Term
from cms.models.taxonomy import TERM_VOCABULARIES

INDEX_SLUG = "praeventionsleitfaden"
INTRO = (
    "<p>Der Präventionsleitfaden der Initiative „Mehr Schutz und Sicherheit von Beschäftigten im "
    "öffentlichen Dienst“ richtet sich an alle Berufsgruppen des öffentlichen Dienstes. Er ordnet "
    "Maßnahmen nach den Phasen <b>Vorsorge</b>, <b>Handeln im Vorfall</b> und <b>Nachsorge</b> und "
    "verweist auf Praxisbeispiele aus dem Netzwerk.</p>"
)
LEVELS = [
    "Stufe 0: normales bis kontroverses Gespräch",
    "Stufe 1: verbale Aggression, Sachbeschädigung am Mobiliar",
    "Stufe 2: körperliche Gewalt, Bedrohung, Nötigung",
    "Stufe 3: Waffen, Geiselnahme, Amok",
]


def _section(title: str, *blocks: tuple[str, Any]) -> tuple[str, dict]:
    return ("section", {"title": title, "content": list(blocks)})


def _checklist(title: str, *items: str) -> tuple[str, dict]:
    return ("checklist", {"title": title, "items": list(items)})


CHAPTERS: list[dict[str, Any]] = [
    {
        "slug": "gewalt-erkennen-und-einordnen",
        "title": "Gewalt erkennen und einordnen: das Aachener Modell",
        "summary": "Von der kontroversen Auseinandersetzung bis zum Amoklauf: Die vier Gefährdungsstufen "
        "des Aachener Modells helfen, Situationen einzuordnen und passende Maßnahmen festzulegen.",
        "audience": "public",
        "terms": {
            "phases": ["Vorsorge", "Handling"],
            "measure_types": ["organisatorisch"],
            "threat_levels": LEVELS,
            "incident_types": ["Beleidigung", "Bedrohung", "Nötigung", "körperlicher Angriff"],
        },
        "body": [
            _section(
                "Vier Stufen",
                (
                    "text",
                    "<p>Das Aachener Modell unterscheidet vier Gefährdungsstufen:</p><ul>"
                    "<li><b>Stufe 0</b>: normales bis kontroverses Gespräch</li>"
                    "<li><b>Stufe 1</b>: verbale Aggression, Sachbeschädigung am Mobiliar</li>"
                    "<li><b>Stufe 2</b>: körperliche Gewalt, Bedrohung, Nötigung</li>"
                    "<li><b>Stufe 3</b>: Waffen, Geiselnahme, Amok</li></ul>",
                ),
                (
                    "quote",
                    "Übergriffe reichen von Pöbeleien, Beleidigungen und Bedrohungen bis zu "
                    "körperlichen Angriffen und Sachbeschädigungen.",
                ),
            ),
            _section(
                "Für jede Stufe festlegen, wer was tut",
                (
                    "text",
                    "<p>Für jede Stufe wird vorab vereinbart, wie Beschäftigte reagieren, wen sie "
                    "hinzuziehen und wann Polizei oder Rettungsdienst alarmiert werden.</p>",
                ),
                _checklist(
                    "Checkliste: Stufenmodell einführen",
                    "Arbeitsplätze mit Publikumsverkehr und Außendienst erfassen",
                    "Für jede Stufe Verhalten, Hilfe und Alarmierung festlegen",
                    "Personalrat und Fachkraft für Arbeitssicherheit beteiligen",
                    "Alle Beschäftigten unterweisen, neue Beschäftigte beim Einstieg",
                    "Stufenmodell jährlich mit den Erfahrungen aus Vorfällen überprüfen",
                ),
            ),
        ],
    },
    {
        "slug": "vorsorge-nach-dem-top-prinzip",
        "title": "Vorsorge: Gefährdungsbeurteilung und Maßnahmen nach dem TOP-Prinzip",
        "summary": "Eine Grundsatzerklärung gegen Gewalt, eine Gefährdungsbeurteilung und Maßnahmen, die "
        "baulich-technisch, organisatorisch und personenbezogen ineinandergreifen.",
        "audience": "public",
        "pins": ["Gütersloher Modell: Kennzeichnung von Schulen"],
        "terms": {
            "phases": ["Vorsorge"],
            "measure_types": ["baulich-technisch", "organisatorisch", "personenbezogen"],
            "target_groups": ["Innendienst mit Publikumsverkehr", "Außendienst", "Führungskräfte"],
        },
        "body": [
            _section(
                "Grundsatzerklärung und Gefährdungsbeurteilung",
                (
                    "text",
                    "<p>Die Leitung erklärt, dass Gewalt gegen Beschäftigte nicht hingenommen wird, "
                    "und beauftragt eine Gefährdungsbeurteilung, die Übergriffe durch Dritte ausdrücklich "
                    "einbezieht.</p>",
                ),
                _checklist(
                    "Checkliste: Grundlagen",
                    "Grundsatzerklärung gegen Gewalt veröffentlichen",
                    "Gefährdungsbeurteilung um Übergriffe durch Dritte ergänzen",
                    "Verantwortliche und Ansprechpersonen benennen",
                ),
            ),
            _section(
                "Maßnahmen nach dem TOP-Prinzip",
                _checklist(
                    "Baulich-technisch",
                    "Notrufknopf oder stille Alarmierung an Arbeitsplätzen mit Publikumsverkehr",
                    "Zweiten Ausgang und freie Fluchtwege in Beratungsräumen sichern",
                    "Gebäude und Räume für Einsatzkräfte kennzeichnen",
                ),
                _checklist(
                    "Organisatorisch",
                    "Doppelbesetzung oder Rufbereitschaft bei kritischen Terminen",
                    "Verfahren für Hausverbote festlegen",
                    "Meldesystem für Vorfälle einführen",
                ),
                _checklist(
                    "Personenbezogen",
                    "Deeskalationstraining für alle Beschäftigten mit Publikumskontakt",
                    "Führungskräfte zu ihrer Fürsorgepflicht schulen",
                ),
            ),
        ],
    },
    {
        "slug": "handeln-im-vorfall",
        "title": "Handeln im Vorfall: deeskalieren, alarmieren, Hilfe holen",
        "summary": "Was Beschäftigte tun, wenn ein Gespräch kippt: Abstand halten, deeskalieren, "
        "Kolleginnen und Kollegen hinzuziehen und rechtzeitig alarmieren.",
        "audience": "members",
        "terms": {
            "phases": ["Handling"],
            "measure_types": ["personenbezogen", "organisatorisch"],
            "threat_levels": LEVELS[1:],
            "incident_types": ["Bedrohung", "Nötigung", "körperlicher Angriff"],
        },
        "body": [
            _section(
                "Deeskalieren",
                (
                    "text",
                    "<p>Ruhig sprechen, Abstand halten, den eigenen Fluchtweg frei lassen. Wer "
                    "sich bedroht fühlt, bricht das Gespräch ab; das ist keine Schwäche, sondern "
                    "vereinbartes Vorgehen.</p>",
                ),
                _checklist(
                    "Checkliste: im Gespräch",
                    "Abstand halten und Fluchtweg freihalten",
                    "Ruhig sprechen, Forderungen nicht sofort ablehnen",
                    "Kollegin oder Kollegen mit vereinbartem Codewort hinzuziehen",
                    "Gespräch abbrechen, wenn die Lage kippt",
                ),
            ),
            _section(
                "Alarmieren",
                _checklist(
                    "Checkliste: Alarmierung",
                    "Stufe 2 und 3: Notruf 110 wählen oder Notrufknopf auslösen",
                    "Den Bereich verlassen und andere warnen",
                    "Einsatzkräfte am Eingang empfangen und einweisen",
                ),
            ),
        ],
    },
    {
        "slug": "nachsorge",
        "title": "Nachsorge: Betroffene unterstützen, Vorfälle melden und auswerten",
        "summary": "Nach einem Übergriff brauchen Betroffene Zuwendung und Unterstützung; die "
        "Organisation dokumentiert, meldet und lernt aus dem Vorfall.",
        "audience": "members",
        "terms": {
            "phases": ["Nachsorge"],
            "measure_types": ["organisatorisch", "personenbezogen"],
            "target_groups": ["Führungskräfte"],
        },
        "body": [
            _section(
                "Erste Hilfe und Betreuung",
                _checklist(
                    "Checkliste: am selben Tag",
                    "Betroffene nicht allein lassen, Erste Hilfe leisten",
                    "Führungskraft informieren",
                    "Psychosoziale Unterstützung anbieten",
                ),
            ),
            _section(
                "Melden, anzeigen, auswerten",
                (
                    "text",
                    "<p>Ein Vorfall wird dokumentiert und gemeldet, auch wenn niemand verletzt "
                    "wurde. Nur so sieht die Organisation, wo Maßnahmen fehlen.</p>",
                ),
                _checklist(
                    "Checkliste: in den Tagen danach",
                    "Vorfall im Meldesystem dokumentieren",
                    "Dienstunfall melden, wenn Beschäftigte verletzt wurden",
                    "Strafanzeige und Strafantrag durch die Dienststelle prüfen",
                    "Hausverbot prüfen",
                    "Vorfall auswerten und Gefährdungsbeurteilung anpassen",
                ),
            ),
        ],
    },
]


def load() -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    index = GuideIndexPage.objects.filter(slug=INDEX_SLUG).first()  # site_setup creates it, empty
    if index is None:
        index = GuideIndexPage(title="Präventionsleitfaden", slug=INDEX_SLUG)
        home.add_child(instance=index)
    if not index.intro:
        index.intro = INTRO
        index.save_revision().publish()
    for spec in CHAPTERS:
        if GuideChapterPage.objects.filter(slug=spec["slug"]).exists():
            continue
        chapter = GuideChapterPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            audience=spec["audience"],
            body=spec["body"],
        )
        index.add_child(instance=chapter)
        for field, names in spec["terms"].items():
            vocabulary = TERM_VOCABULARIES[field]
            getattr(chapter, field).set(Term.objects.filter(vocabulary=vocabulary, name__in=names))
        chapter.pinned_practices.add(
            *(
                GuidePinnedPractice(practice=practice, sort_order=position)
                for position, practice in enumerate(
                    PracticePage.objects.filter(title__in=spec.get("pins", []))
                )
            )
        )
        chapter.save_revision().publish()
