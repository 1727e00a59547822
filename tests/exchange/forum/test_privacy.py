"""The privacy hint: table-driven, true positives and the false alarms it must not raise."""

import pytest

from exchange.forum.privacy import personal_data_hints


def kinds(text: str) -> list[str]:
    return [h.kind for h in personal_data_hints(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Mann (geb. 03.04.1980) kam wieder.", ["birth_date"]),
        ("Herr X, geboren am 3.4.1975, drohte mit Gewalt.", ["birth_date"]),
        ("Geburtsdatum: 12.11.1969", ["birth_date"]),
        ("Max Mustermann (12.03.1985) ist bekannt.", ["birth_date"]),
        ("Erika Muster-Frau, 01.01.1990, Hausverbot", ["birth_date"]),
        ("Er wohnt in der Hauptstraße 12 in Bonn.", ["address"]),
        ("Anschrift: Am Ring, Berliner Allee 5a", ["address"]),
        ("Kennzeichen MS-AB 123 fiel auf.", ["plate"]),
        ("Das Auto mit K XY 1234 parkte vor dem Amt.", ["plate"]),
        ("E-Auto B-EV 12E", ["plate"]),
        ("Az. 12/345-2023 der Stadt", ["file_number"]),
        ("Aktenzeichen: 4711/22", ["file_number"]),
        ("Das Verfahren 12 Js 345/23 läuft.", ["file_number"]),
        (
            "Max Mustermann, 12.03.1985, Lindenweg 4, Kennzeichen D-MM 42, Az. 3 O 123/22",
            ["birth_date", "address", "plate", "file_number"],
        ),
    ],
)
def test_detects_personal_data(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Am 12.03.2024 hatten wir eine Schulung zur Deeskalation.",  # an incident date, not a birth
        "Die Sitzung ist am 01.02.2025 um 10 Uhr.",
        "Wir nutzen DIN EN 1234 und ISO 9001 für die Alarmierung.",
        "Der Personalrat hat zugestimmt, die Kosten lagen bei 5000 Euro.",
        "Der Dienstweg ist lang, aber die Straßenbahn hält vor der Tür.",
        "Stand 12/2024: Melde- und Auskunftssystem läuft.",
        "Gütersloher Modell: Kennzeichnung von Schulen, Stufe 2 des Aachener Modells.",
        "SGB II 12 Fälle im Jobcenter",
        "",
    ],
)
def test_no_false_alarm(text):
    assert kinds(text) == []
