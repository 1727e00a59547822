"""German text preparation done in Python, so that it behaves the same on osmem and Elasticsearch.

The index mappings use only the built-in ``german`` and ``standard`` analyzers (see documents.py):
osmem ignores synonym, decompounder, mapping and word-delimiter filters and breaks custom chains
with a German stemmer. What those filters would do happens here instead, at index time (the
``parts`` fields) and at query time (:mod:`search.queries`):

- :func:`normalise_gender` – ``Mitarbeiter:innen``, ``Mitarbeiter*innen``, ``MitarbeiterInnen`` →
  ``Mitarbeiter``.
- :func:`expand_coordination` – ``Melde- und Auskunftssystem`` → also ``Meldesystem Auskunftssystem``.
- :func:`decompose` / :class:`Decompounder` – ``Schulkennzeichnung`` → ``schule kennzeichnung``.
- :func:`parse_query` – a member's query as terms, phrases and exclusions; never a query string.

The compound splitter (:mod:`search.compounds`) is dictionary based: the editors' domain list
``lexicon_de.txt`` first, then a general German vocabulary (wordfreq), joined by the German linking
elements (-s-, -es-, -n-, -en-, -e-, -er-, -ens-, or a dropped -e as in Schul-). Words it does not
know stay whole, which is the safe failure: no false parts, only a missed split. Inflection and
umlaut/ß spellings of the parts are left to the ``german`` analyzer of the field the parts are
indexed in. Index time (:func:`german_fields`) and query time (search.queries) use the same
:func:`default_decompounder`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .compounds import MAX_WORD_LENGTH, Decompounder, default_decompounder, fold, load_lexicon

__all__ = [
    "MAX_WORD_LENGTH",
    "Decompounder",
    "ParsedQuery",
    "decompose",
    "default_decompounder",
    "fold",
    "german_fields",
    "index_text",
    "load_lexicon",
    "parse_query",
]

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12  # terms, phrases and exclusions together
MAX_PHRASE_WORDS = 8
MAX_TERM_LENGTH = 40

# Elasticsearch's ``_german_`` stop words (the Snowball list the ``german`` analyzer removes); the
# query builder drops them so that a word the analyzer removes cannot make a required clause empty.
GERMAN_STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das
    daß dass derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein
    deine deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser
    dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen einiger
    einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe
    haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in
    indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine
    keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches
    mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder
    ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem
    solchen solcher solches soll sollte sondern sonst über um und uns unse unsem unsen unser unses
    unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen
    welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden
    zu zum zur zwar zwischen
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_LETTER = r"[^\W\d_]"
_WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*-?", re.UNICODE)


# --- Normalisation ----------------------------------------------------------------------------


_GENDER_PATTERNS = (
    # Mitarbeiter:innen, Mitarbeiter*innen, Mitarbeiter_innen, Mitarbeiter/innen, Mitarbeiter/-innen,
    # Mitarbeiter·innen and the singular forms (…:in).
    re.compile(rf"(?<={_LETTER})[:*_/·|]-?in(?:nen)?\b"),
    # Mitarbeiter(innen), Mitarbeiter(in)
    re.compile(rf"(?<={_LETTER})\((?:-?in|-?innen)\)"),
    # Binnen-I: MitarbeiterInnen, MitarbeiterIn (the capital I follows a lower-case letter).
    re.compile(r"(?<=[a-zäöüß])In(?:nen)?\b"),
)


# Cheap test whether any of the patterns can match (most text has no gender form): one scan.
_GENDER_HINT = re.compile(r"[:*_/·|(]-?in|[a-zäöüß]In")


def normalise_gender(text: str) -> str:
    """Reduce gender-inclusive spellings to the base form: ``Bürger:innen`` → ``Bürger``.

    Applied until nothing changes, so the result is stable (idempotent).
    """
    if not _GENDER_HINT.search(text):
        return text
    previous = None
    while previous != text:
        previous = text
        for pattern in _GENDER_PATTERNS:
            text = pattern.sub("", text)
    return text


_CONJUNCTION = r"(?:und|oder|bzw\.?|sowie|beziehungsweise|&)"
# "Melde- und Auskunftssystem", "Melde-, Auskunfts- und Informationssystem"
_FORWARD_RE = re.compile(
    rf"((?:{_LETTER}+-,?\s+)+){_CONJUNCTION}\s+({_LETTER}{{3,}})",
    re.UNICODE,
)
# "Schulleitung und -verwaltung"
_BACKWARD_RE = re.compile(rf"({_LETTER}{{4,}})\s+{_CONJUNCTION}\s+-({_LETTER}{{3,}})", re.UNICODE)


def coordination_words(text: str, decompounder: Decompounder | None = None) -> list[str]:
    """The full words a hyphenated coordination stands for.

    ``Melde- und Auskunftssystem`` → ``["Meldesystem", "Auskunftssystem"]``;
    ``Ein- und Ausgang`` → ``["Eingang", "Ausgang"]``; ``Schulleitung und -verwaltung`` →
    ``["Schulleitung", "Schulverwaltung"]``. Unknown heads give nothing.
    """
    dc = decompounder or default_decompounder()
    words: list[str] = []
    if "-" not in text:  # no coordination without a hyphen; skips the costly scans (indexing speed)
        return words
    for match in _FORWARD_RE.finditer(text):
        last = match.group(2)
        head = dc.head(last)
        if not head:
            continue
        firsts = re.findall(rf"({_LETTER}+)-", match.group(1))
        words.extend(f"{first}{head}" for first in firsts)
        words.append(last)
    for match in _BACKWARD_RE.finditer(text):
        first, second = match.group(1), match.group(2)
        modifier = dc.modifier(first)
        if modifier:
            words.extend([first, f"{modifier}{second.lower()}"])
    return words


def expand_coordination(text: str, decompounder: Decompounder | None = None) -> str:
    """Add the full words after each hyphenated coordination (see :func:`coordination_words`)."""

    def add(match: re.Match[str]) -> str:
        words = coordination_words(match.group(0), decompounder)
        return f"{match.group(0)} ({' '.join(words)})" if words else match.group(0)

    text = _FORWARD_RE.sub(add, text)
    return _BACKWARD_RE.sub(add, text)


# --- Compounds (search.compounds) ------------------------------------------------------------


def decompose(word: str) -> list[str]:
    """Split a German compound: ``Schulkennzeichnung`` → schule, kennzeichnung (search.compounds)."""
    return default_decompounder().decompose(word)


def index_text(text: str, decompounder: Decompounder | None = None) -> str:
    """Text for a ``parts`` field: every word, gender-normalised, followed by its parts,
    plus the full words of hyphenated coordinations."""
    dc = decompounder or default_decompounder()
    text = normalise_gender(text or "")
    out: list[str] = []
    for word in coordination_words(text, dc):
        out.append(word)
        out.extend(dc.all_parts(word))
    for match in _WORD_RE.finditer(text):
        token = match.group(0).strip("-")
        if not token:
            continue
        out.append(token)
        if "-" in token:  # Notruf-Knopf: its pieces and the joined word
            pieces = [p for p in token.split("-") if p]
            joined = "".join(pieces)
            out.append(joined)
            out.extend(dc.all_parts(joined))
            for piece in pieces:
                out.extend(dc.all_parts(piece))
        else:
            out.extend(dc.all_parts(token))
    return " ".join(out)


def german_fields(title: str, summary: str, body: str) -> dict[str, str]:
    """The extra, decompounded fields of a document (see documents.py: ``title_parts``, ``parts``)."""
    return {
        "title_parts": index_text(title),
        "parts": index_text(f"{summary or ''}\n{body or ''}"),
    }


def suggest_text(title: str, title_parts: str = "") -> str:
    """The autocomplete text of a title: its words, then the compound parts it does not already
    contain, all folded (:func:`fold`), so that ``Gefaehrd``, ``gefährd`` and ``beurteil`` all
    complete ``Gefährdungsbeurteilung``. The typed text is folded the same way (search.suggest)."""
    words = fold(title).split()
    for part in fold(title_parts).split():
        if part not in words:
            words.append(part)
    return " ".join(words)


# --- Query parsing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """What a member typed: words, "phrases in quotes", and -excluded words or -"phrases"."""

    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded_terms: tuple[str, ...] = ()
    excluded_phrases: tuple[str, ...] = ()
    # The positive words as typed, stop words included (for the exact-title phrase boost).
    words: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (only exclusions or nothing at all)."""
        return not (self.terms or self.phrases)

    @property
    def text(self) -> str:
        """The positive part as plain words, for phrase boosts on the title."""
        return " ".join([*self.phrases, *(self.words or self.terms)])


_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‟": '"', "″": '"'})
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ue000-\uf8ff\ufeff]")
_PHRASE_RE = re.compile(r'(-?)"([^"]*)(?:"|$)')
_OPERATORS = frozenset({"AND", "OR", "UND", "ODER", "&&", "||"})
_NEGATIONS = frozenset({"NOT", "NICHT"})


def clean_query(raw: str | None) -> str:
    """Unicode-normalise, drop control and invisible characters, collapse spaces, cap the length."""
    text = unicodedata.normalize("NFC", str(raw or "")[: MAX_QUERY_LENGTH * 4])
    text = _CONTROL_RE.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _words(text: str) -> list[str]:
    """Words of a query fragment: letters and digits with inner hyphens; everything else is a gap."""
    out = []
    for match in _WORD_RE.finditer(text):
        word = match.group(0).strip("-")[:MAX_TERM_LENGTH].strip("-")
        if word:
            out.append(word)
    return out


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse a member's query safely. Never raises; never returns more than :data:`MAX_TERMS` items.

    ``"…"`` is a phrase (an unclosed quote runs to the end), a leading ``-`` excludes a word or a
    phrase, ``NOT``/``NICHT`` excludes the next word, ``AND``/``OR`` and other punctuation are
    ignored. Gender-inclusive spellings are normalised; German stop words are dropped from the
    terms (:attr:`ParsedQuery.words` keeps them) unless nothing else is left.
    """
    text = normalise_gender(clean_query(raw).translate(_QUOTES))
    terms: list[str] = []
    phrases: list[str] = []
    excluded_terms: list[str] = []
    excluded_phrases: list[str] = []
    seen: set[tuple[str, str]] = set()

    def room() -> bool:
        return len(terms) + len(phrases) + len(excluded_terms) + len(excluded_phrases) < MAX_TERMS

    def add(bucket: list[str], kind: str, value: str) -> None:
        key = (kind, value.lower())
        if value and key not in seen and room():
            seen.add(key)
            bucket.append(value)

    rest: list[tuple[bool, str]] = []  # text outside quotes, with "was it negated"
    position = 0
    for match in _PHRASE_RE.finditer(text):
        rest.append((False, text[position : match.start()]))
        position = match.end()
        negated, words = match.group(1) == "-", _words(match.group(2))[:MAX_PHRASE_WORDS]
        if not words:
            continue
        if len(words) == 1:  # "Schule" in quotes: one word, searched as a word
            add(excluded_terms if negated else terms, "-t" if negated else "t", words[0])
        else:
            phrase = " ".join(words)
            add(excluded_phrases if negated else phrases, "-p" if negated else "p", phrase)
    rest.append((False, text[position:]))

    for _, chunk in rest:
        negate_next = False
        for token in chunk.split():
            if token in _OPERATORS:
                continue
            if token in _NEGATIONS:
                negate_next = True
                continue
            negated = negate_next or (token.startswith("-") and len(token.lstrip("-")) > 0)
            negate_next = False
            for word in _words(token.lstrip("-+")):
                if negated:
                    add(excluded_terms, "-t", word)
                else:
                    add(terms, "t", word)

    typed = tuple(terms)
    content = [t for t in terms if t.lower() not in GERMAN_STOP_WORDS]
    if content or phrases:
        terms = content
    return ParsedQuery(
        terms=tuple(terms),
        phrases=tuple(phrases),
        excluded_terms=tuple(excluded_terms),
        excluded_phrases=tuple(excluded_phrases),
        words=typed,
    )
