"""A hint, not a filter: does a text look like it names third parties' personal data?

Members describe incidents; a name with a date of birth, a home address, a vehicle plate or a file
number of a case identifies a person. Before such a post is saved the form asks once more; the member
may still post. Patterns favour few false alarms over completeness (a hint that fires on every date
would be ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_NAME = r"(?:[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
_DATE = r"(?P<day>0?[1-9]|[12]\d|3[01])\.\s?(?P<month>0?[1-9]|1[0-2])\.\s?(?P<year>(?:19|20)\d\d)"

# "geb. 03.04.1980", "geboren am 3.4.1980", "Geburtsdatum: 03.04.1980", "* 03.04.1980"
_BIRTH_MARKER = re.compile(r"(?:\bgeb(?:oren)?\.?(?:\s+am)?|\bGeburtsdatum:?|\*)\s*" + _DATE, re.IGNORECASE)
# "Max Mustermann (03.04.1980)", "Max Mustermann, 03.04.1980"
_NAME_THEN_DATE = re.compile(_NAME + r"\s+" + _NAME + r"\s*[,(]\s*" + _DATE)

_STREET = re.compile(
    r"(?:\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer)"
    r"|\b[A-ZÄÖÜ][a-zäöüß]+\s+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer))"
    r"\s+\d{1,4}\s?[a-h]?\b"
)
# District code, one or two letters, one to four digits, optional E/H: "MS-AB 123", "K XY 1234E".
_PLATE = re.compile(r"\b(?P<district>[A-ZÄÖÜ]{1,3})[- ](?P<letters>[A-Z]{1,2})[- ]?\d{1,4}[EH]?\b")
_NOT_DISTRICTS = {"DIN", "ISO", "EN", "VDE", "SGB", "BGB", "GG", "TOP", "AG", "NR", "ABS", "NRW", "PDF"}
_FILE_NUMBER = re.compile(
    r"(?:\b(?:Az|AZ|Akz|Gz)\.?\s*:?|\bAktenzeichen:?|\bGeschäftszeichen:?)\s*[\w./-]*\d"
    # court and prosecution file numbers: "12 Js 345/23", "3 O 123/22", "1 BvR 2011/20"
    r"|\b\d{1,4}\s+[A-Z][A-Za-z]{0,3}\s+\d{1,6}/\d{2,4}\b"
)


@dataclass(frozen=True)
class Hint:
    kind: str
    label: Promise


LABELS = {
    "birth_date": _("ein Name mit Geburtsdatum"),
    "address": _("eine Anschrift"),
    "plate": _("ein Kfz-Kennzeichen"),
    "file_number": _("ein Aktenzeichen"),
}


def _is_birth_year(match: re.Match[str]) -> bool:
    """Birth dates lie in the past, and not in the last ten years (incident dates do)."""
    return int(match.group("year")) <= timezone.localdate().year - 10


def personal_data_hints(text: str) -> list[Hint]:
    """The kinds of third-party personal data the text seems to contain, in a stable order."""
    text = text or ""
    kinds: list[str] = []
    if any(_is_birth_year(m) for m in (*_BIRTH_MARKER.finditer(text), *_NAME_THEN_DATE.finditer(text))):
        kinds.append("birth_date")
    if _STREET.search(text):
        kinds.append("address")
    if any(m.group("district") not in _NOT_DISTRICTS for m in _PLATE.finditer(text)):
        kinds.append("plate")
    if _FILE_NUMBER.search(text):
        kinds.append("file_number")
    return [Hint(kind, LABELS[kind]) for kind in kinds]
