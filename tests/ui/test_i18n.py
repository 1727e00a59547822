"""German first, English second: every template string is marked, the English catalogue is complete
and current, and the site answers in English when a person picks English."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MARK = "\x00"
# Text that is the same in every language (the network's name) may stand outside translate tags.
ALLOWED_WORDS = {"#sicherimDienst"}
CHECKED_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}


def _without_template_code(source: str) -> str:
    """The template's literal text; tags and variables become MARK, translated blocks and comments
    disappear (their text is marked or not shown)."""
    out: list[str] = []
    until: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            command = token.contents.split()[0] if token.contents.strip() else ""
            if until is not None:
                if command == until:
                    until = None
                continue
            if command in SKIPPED_BLOCKS:
                until = SKIPPED_BLOCKS[command]
            out.append(MARK)
        elif until is not None:
            continue
        elif token.token_type == TokenType.TEXT:
            out.append(token.contents)
        else:
            out.append(MARK)
    return "".join(out)


def _words(text: str) -> list[str]:
    words = []
    for word in text.replace(MARK, " ").split():
        if word.strip(".,:;!?()") in ALLOWED_WORDS:
            continue
        word = word.strip(".,:;!?()[]{}\"'«»„“”‚‘’–—-·›‹…/|*+=#%&")
        if word and re.search(r"[^\W\d_]", word):
            words.append(word)
    return words


def unmarked_text(source: str) -> list[str]:
    """Human-readable words of a template that are not inside {% translate %}/{% blocktranslate %}."""
    text = _without_template_code(source)
    found = []
    for attribute in CHECKED_ATTRIBUTES:
        for value in re.findall(rf'\s{attribute}\s*=\s*"([^"]*)"', text):
            found += [f'{attribute}="{w}"' for w in _words(value)]
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&#?\w+;", " ", text)
    return found + _words(text)


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


def test_the_check_finds_unmarked_text():
    assert unmarked_text('<p>Hallo <a title="Mehr">x</a></p>') == ['title="Mehr"', "Hallo", "x"]
    assert unmarked_text('<p>{% translate "Hallo" %} {{ name }} · #sicherimDienst</p>') == []
    assert unmarked_text("{% blocktranslate %}Hallo {{ n }}{% endblocktranslate %}") == []
    assert unmarked_text("{% comment %}Notiz{% endcomment %}<b>Text</b>") == ["Text"]
    assert unmarked_text("<input placeholder=\"{% translate 'Suche' %}\">") == []


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_unmarked_text(template):
    assert unmarked_text(template.read_text(encoding="utf-8")) == []


def _entries(po_path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po_path)) if not e.obsolete]


def test_english_catalogue_is_complete():
    entries = _entries(EN_PO)
    assert len(entries) > 400
    missing = [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags]
    assert missing == []
    for entry in entries:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid
        # placeholders survive translation
        for placeholder in re.findall(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}", entry.msgid):
            text = entry.msgstr or " ".join(entry.msgstr_plural.values())
            assert placeholder in text, (entry.msgid, placeholder)


def test_compiled_catalogue_is_current():
    mo = EN_PO.with_suffix(".mo")
    assert mo.exists()
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo)) if e.msgid}
    source = {e.msgid: e.msgstr for e in _entries(EN_PO) if not e.msgid_plural}
    assert {k: v for k, v in source.items() if compiled.get(k) != v} == {}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext (xgettext) is not installed")
def test_catalogue_has_every_msgid_of_templates_and_python(tmp_path):
    """makemessages into a copy of the project finds no msgid that the committed .po lacks."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".tools", "var", ".git", "test-artifacts", "node_modules", "__pycache__", "*.mo"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--ignore=.venv",
            "--ignore=.tools",
            "--ignore=var",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings", "HOME": str(tmp_path)},
    )
    fresh = {e.msgid for e in _entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {e.msgid for e in _entries(EN_PO)}
    assert sorted(fresh - committed) == [], "run makemessages and translate the new strings"
    assert sorted(committed - fresh) == [], "the .po holds strings that are no longer used"


def test_site_is_german_by_default_even_for_english_browsers(client):
    response = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Anmelden" in html
    assert "Passwort vergessen?" in html


def test_language_switcher_turns_the_site_english(client):
    response = client.get("/konto/login/")
    assert 'action="/i18n/setlang/"' in response.content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/konto/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/"
    html = client.get("/konto/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Forgot your password?" in html
    assert "Skip to content" in html
    assert "Passwort vergessen?" not in html
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Passwort vergessen?" in client.get("/konto/login/").content.decode()


def test_members_pages_in_english(client, member, site_tree):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(member)
    html = client.get("/mitgliederbereich/").content.decode()
    assert "Welcome, " in html
    assert "Search practice examples and forum" in html or "Search" in html
    error = client.get("/gibt-es-nicht/")
    assert error.status_code == 404
    assert "What you can do now" in error.content.decode()


def test_emails_stay_german_when_the_sender_browses_in_english(
    client, member, other_org, django_capture_on_commit_callbacks, mailoutbox
):
    from exchange.models import Membership
    from tests.factories import member_create

    member_create(other_org, email="ansprech@mettmann.example", role=Membership.Role.PARTNER_CONTACT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mitgliedschaften/beantragen/", {"organisation": other_org.pk})
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "Your request has been submitted." in follow  # the page answers in English
    [mail] = [m for m in mailoutbox if m.to == ["ansprech@mettmann.example"]]
    assert mail.subject.endswith("Neuer Mitgliedsantrag für Kreis Mettmann")
    assert "Guten Tag," in mail.body
