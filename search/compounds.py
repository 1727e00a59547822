"""German compound splitting: the editors' domain list first, general German vocabulary second.

Two word lists feed :class:`Decompounder`:

- ``lexicon_de.txt``, the domain vocabulary the editors keep (about 300 lemmas). It **wins**: a
  word that splits into domain words is split that way, and a word the list names is never split by
  the general vocabulary (``Notruf``, ``Vollzug``, ``Erziehung`` stay whole).
- The general vocabulary: German word frequencies of the ``wordfreq`` package (data shipped in its
  wheel, ``large_de``; nothing is downloaded), every word form down to :data:`GENERAL_MIN_ZIPF`.
  It splits compounds the domain list does not know (``Schichtübergabe`` → schicht + übergabe).

A split by the general vocabulary must pass rules that keep non-compounds whole:

- parts are at least :data:`MIN_GENERAL_PART` letters (no ``Erz-iehung``, ``Not-ruf``);
- a first part is never a verb particle or prefix (``voll``, ``über``, ``unter`` …: ``Vollzug``,
  ``Übergriff`` are derivations, not compounds);
- a first part ending in -ung, -heit, -keit, -schaft, -ion, -tät, -ling, -tum needs its linking -s-
  (``Ordnungsamt`` is Ordnung + s + Amt, never Ordnung + Samt);
- among splits with the fewest parts the most frequent parts win, and a split is kept only if its
  parts are on average at least :data:`SPLIT_MARGIN` Zipf more frequent than the whole word
  (Koehn & Knight 2003): ``Verbrauch`` is more common than "Verb" and "Rauch" together suggest.

Words it does not know stay whole, which is the safe failure: no false parts, only a missed split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from wordfreq import DATA_PATH, read_cBpack

LEXICON_PATH = Path(__file__).with_name("lexicon_de.txt")
GENERAL_WORDLIST = Path(DATA_PATH) / "large_de.msgpack.gz"
GENERAL_MIN_ZIPF = 2.5  # about 82,000 German word forms (Zipf 2.5: once in 300 million words)
MIN_PART = 3  # domain parts
MIN_GENERAL_PART = 4
SPLIT_MARGIN = 0.5  # Zipf
COMMON_ZIPF = 5.0  # words at least this common (Bereich, Beschäftigte) are never split generally
DOMAIN_WEIGHT = 7.0  # a domain part outranks any general word of the same split length
MAX_WORD_LENGTH = 60  # longer "words" (hashes, URLs) are never decompounded
CACHE_SIZE = 100_000

# Linking elements between the parts of a compound (Fugenelemente), longest first.
LINKERS = ("ens", "es", "en", "er", "s", "n", "e", "")
# The linkers a piece may end with, by its last letter (most pieces end in none but "").
_LINKERS_BY_LAST_LETTER = {
    letter: tuple(linker for linker in LINKERS if linker.endswith(letter) or not linker) for letter in "nsre"
}
# Endings an inflected head may carry (Schulkennzeichnungen, Einsatzkräfte, Orientierungsschilder).
HEAD_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern", "nen")
# Suffixes after which the linking -s- is obligatory (folded spelling: tät → tat).
_S_SUFFIXES = ("ung", "heit", "keit", "schaft", "ion", "tat", "ling", "tum")
# Verb particles and prefixes: a general-vocabulary first part that is one of them marks a
# derivation (Vollzug, Übergriff, Unterkunft, Nachsorge), not a compound. Folded spelling.
PREFIXES = frozenset(
    """
    ab an auf aus bei be da dar durch ein emp ent er fort ge her hin hinter los miss mit nach ob
    uber um un unter ur ver voll vor weg wider zer zu zuruck zusammen gegen entgegen heim
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Verb particles that start a word in coordinations like "Ein- und Ausgang", "Vor- oder Nachsorge".
_PARTICLES = tuple("zurück weiter unter über nach auf aus ein vor mit ab an um zu".split())  # noqa: SIM905

_ALPHA_RE = re.compile(r"^[^\W\d_]+$")


def fold(text: str) -> str:
    """A spelling-insensitive key: lower case, ä/ae → a, ö/oe → o, ü/ue → u, ß → ss.

    The same folding as Elasticsearch's ``german_normalization``, for dictionary look-ups in Python.
    """
    text = text.lower().replace("ß", "ss").replace("ẞ", "ss")
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return text.replace("ä", "a").replace("ö", "o").replace("ü", "u")


def load_lexicon(path: Path = LEXICON_PATH) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


Vocabulary = Mapping[str, tuple[str, float]]  # folded form -> (spelling, Zipf frequency)


def load_general_vocabulary(min_zipf: float = GENERAL_MIN_ZIPF, path: Path = GENERAL_WORDLIST) -> dict:
    """wordfreq's German list, every alphabetic form of at least 3 letters down to ``min_zipf``.

    The list is ordered by frequency (one bucket per centibel, Zipf = 9 - index/100), so the first
    spelling of a folded form is its most frequent one.
    """
    vocabulary: dict[str, tuple[str, float]] = {}
    for index, words in enumerate(read_cBpack(str(path))):
        zipf = 9 - index / 100
        if zipf < min_zipf:
            break
        for word in words:
            if len(word) >= MIN_PART and _ALPHA_RE.match(word):
                vocabulary.setdefault(fold(word), (word, zipf))
    return vocabulary


Split = tuple[int, float, int, tuple[str, ...]]  # parts, -weight, -length², lemmas


class Decompounder:
    """Splits German compounds into known words (see the module docstring)."""

    def __init__(self, words: Iterable[str], general: Vocabulary | None = None) -> None:
        self.modifier_forms: dict[str, str] = {}  # folded surface form of a non-final part -> lemma
        self.head_forms: dict[str, str] = {}  # folded surface form of the final part -> lemma
        for word in words:
            lemma = word.strip().lower()
            key = fold(lemma)
            if len(key) < MIN_PART:
                continue
            forms = [key + linker for linker in LINKERS]
            if key.endswith("e") and len(key) > MIN_PART:  # Schule -> Schul-, Schulsystem
                forms += [key[:-1], key[:-1] + "s"]
            for form in forms:
                self.modifier_forms.setdefault(form, lemma)
            for ending in HEAD_ENDINGS:
                self.head_forms.setdefault(key + ending, lemma)
        self.general: Vocabulary = general or {}
        # Caches by the word as written (a worker indexes the same words over and over): the
        # folded key's split, and every part at every level (all_parts).
        self._cache: dict[str, tuple[str, ...]] = {}
        self._parts_cache: dict[str, tuple[str, ...]] = {}

    # --- splitting ------------------------------------------------------------------------------

    def decompose(self, word: str) -> list[str]:
        """The parts of a compound, fewest parts first; ``[]`` if it is not one we know.

        ``Schulkennzeichnung`` → ``["schule", "kennzeichnung"]``.
        """
        cached = self._cache.get(word)
        if cached is None:
            key = fold(word.strip())
            if 2 * MIN_PART <= len(key) <= MAX_WORD_LENGTH and key.isalpha():
                cached = self._split(key)
            else:
                cached = ()
            _remember(self._cache, word, cached)
        return list(cached)

    def _split(self, key: str) -> tuple[str, ...]:
        best = self._segment(key, general=False)
        if best is None and self._may_split_generally(key):
            best = self._segment(key, general=True)
            if best is not None and not self._worth_splitting(key, best):
                best = None
        return best[3] if best is not None and best[0] > 1 else ()

    def _may_split_generally(self, key: str) -> bool:
        """Not a domain word, long enough for two parts, and not one of the most common words
        (their parts would have to be far more common still: no split, and no time spent on it)."""
        return (
            bool(self.general)
            and key not in self.head_forms
            and len(key) >= MIN_GENERAL_PART + MIN_PART
            and self.general.get(key, ("", 0.0))[1] < COMMON_ZIPF
        )

    def _worth_splitting(self, key: str, split: Split) -> bool:
        """A general split is kept only if its parts are clearly more common than the whole word."""
        whole = self.general.get(key, ("", 0.0))[1]
        if not whole:
            return True
        zipfs = [self.general.get(fold(part), ("", 4.0))[1] for part in split[3]]
        return sum(zipfs) / len(zipfs) - whole >= SPLIT_MARGIN

    def _modifiers(self, piece: str, general: bool) -> list[tuple[str, float]]:
        """Lemmas a non-final piece can stand for, with their weight."""
        lemma = self.modifier_forms.get(piece)
        if lemma is not None:
            return [(lemma, DOMAIN_WEIGHT)]
        if not general:
            return []
        out = []
        for linker in _LINKERS_BY_LAST_LETTER.get(piece[-1], ("",)):
            if not piece.endswith(linker):
                continue
            base = piece[: len(piece) - len(linker)]
            if len(base) < MIN_GENERAL_PART or base in PREFIXES:
                continue
            if linker != "s" and base.endswith(_S_SUFFIXES):
                continue  # Ordnung- needs its -s-: Ordnungsamt, never Ordnung + Samt
            entry = self.general.get(base)
            if entry is None and linker == "":
                entry = self.general.get(base + "e")  # Sach- from Sache
            if entry is not None:
                out.append(entry)
        return out

    def _head(self, rest: str, general: bool) -> tuple[str, float] | None:
        lemma = self.head_forms.get(rest)
        if lemma is not None:
            return lemma, DOMAIN_WEIGHT
        if general and len(rest) >= MIN_GENERAL_PART and rest not in PREFIXES:
            entry = self.general.get(rest)
            if entry is not None:
                return entry
        return None

    def _segment(self, key: str, *, general: bool) -> Split | None:
        """The best split of ``key``: fewest parts, then the heaviest (most frequent) parts, then
        the most even/longest parts. Dynamic programming over the start positions."""
        memo: dict[int, Split | None] = {}

        def seg(start: int) -> Split | None:
            if start in memo:
                return memo[start]
            options: list[Split] = []
            if start > 0:  # the whole word is no split of itself
                head = self._head(key[start:], general)
                if head is not None:
                    lemma, weight = head
                    options.append((1, -weight, -(len(lemma) ** 2), (lemma,)))
            for end in range(start + MIN_PART, len(key) - MIN_PART + 1):
                modifiers = self._modifiers(key[start:end], general)
                if not modifiers:
                    continue
                tail = seg(end)
                if tail is None:
                    continue
                for lemma, weight in modifiers:
                    options.append(
                        (tail[0] + 1, tail[1] - weight, tail[2] - len(lemma) ** 2, (lemma, *tail[3]))
                    )
            memo[start] = min(options) if options else None
            return memo[start]

        return seg(0)

    def all_parts(self, word: str) -> list[str]:
        """Every part at every level: ``Notrufknopf`` → ``notruf, knopf`` and any parts of those."""
        cached = self._parts_cache.get(word)
        if cached is None:
            out: list[str] = []
            todo = self.decompose(word)
            while todo:
                part = todo.pop(0)
                if part not in out:
                    out.append(part)
                    todo.extend(self.decompose(part))
            cached = tuple(out)
            _remember(self._parts_cache, word, cached)
        return list(cached)

    def head(self, word: str) -> str:
        """The last part of a compound (``Auskunftssystem`` → ``system``), or after a verb particle."""
        parts = self.decompose(word)
        if parts:
            return parts[-1]
        lower = word.lower()
        for particle in _PARTICLES:
            if lower.startswith(particle) and len(lower) - len(particle) >= MIN_PART:
                return lower[len(particle) :]
        return ""

    def modifier(self, word: str) -> str:
        """Everything but the last part, as written: ``Schulleitung`` → ``Schul``."""
        parts = self.decompose(word)
        if not parts:
            return ""
        head = fold(parts[-1])
        key = fold(word)
        # The head's surface form ends the folded word; cut it off the original spelling.
        for ending in HEAD_ENDINGS:
            if key.endswith(head + ending):
                folded_prefix = key[: len(key) - len(head + ending)]
                # Map the folded prefix length back onto the original word.
                for i in range(len(word) + 1):
                    if fold(word[:i]) == folded_prefix:
                        return word[:i]
        return ""

    # --- typos inside compounds ------------------------------------------------------------------

    def corrections(self, word: str, limit: int = 5) -> list[str]:
        """Spellings of ``word`` with one part one edit away (Damerau) that split into known words:
        ``Schulkenzeichnung`` → ``Schulkennzeichnung``. Fewest and most frequent parts first.

        Made for compounds the term suggester cannot correct because the index holds only their
        parts ("Kennzeichnung von Schulen"). Whether a correction finds anything the viewer may see
        is for the caller to check (search.suggest).
        """
        lower = word.strip().lower()
        # Edits work on the letters as typed (umlauts and ß spelled out): "…bae" is a typo of
        # "…abe" here, not the ASCII spelling of "…bä". Look-ups fold each piece.
        letters, positions = _spell_out(lower)
        n = len(letters)
        if not (2 * MIN_PART <= n <= MAX_WORD_LENGTH) or not letters.isalpha():
            return []

        def modifier(piece: str) -> bool:
            return bool(self._modifiers(fold(piece), True))

        def head(piece: str) -> bool:
            return self._head(fold(piece), True) is not None

        # Where the word can be cut so that everything before is known first parts (starts), and
        # everything after is a known rest (ends); the misspelled part lies between a start and an end.
        starts = [0]
        for i in range(n):
            if i in starts:
                starts += [j for j in range(i + MIN_PART, n) if j not in starts and modifier(letters[i:j])]
        ends = {n}
        for i in range(n - MIN_PART, 0, -1):
            if head(letters[i:]) or any(
                j in ends and modifier(letters[i:j]) for j in range(i + MIN_PART, n - MIN_PART + 1)
            ):
                ends.add(i)
        found: dict[str, Split] = {}
        for start in starts:
            for end in sorted(e for e in ends if e - start >= MIN_PART and (start, e) != (0, n)):
                for part in edits1(letters[start:end]):
                    if len(part) < MIN_PART or not (head(part) if end == n else modifier(part)):
                        continue
                    split = self._segment(fold(letters[:start] + part + letters[end:]), general=True)
                    if split is not None:
                        spelled = (
                            lower[: positions[start]] + self._spelling(fold(part)) + lower[positions[end] :]
                        )
                        if fold(spelled) != fold(lower):  # one spelling per word, with umlauts if known
                            found[spelled] = split
        by_key = {fold(w): w for w in sorted(found, key=lambda w: w.isascii(), reverse=True)}
        # Swapped letters first (the most common typo), then the best split.
        ranked = sorted(
            by_key.values(), key=lambda w: (sorted(_spell_out(w)[0]) != sorted(letters), found[w][:3], w)
        )
        return [w[:1].upper() + w[1:] if word[:1].isupper() else w for w in ranked[:limit]]

    def _spelling(self, form: str) -> str:
        """The usual spelling of a folded part (umlauts back) where a vocabulary knows it."""
        for linker in LINKERS:
            if not form.endswith(linker):
                continue
            base = form[: len(form) - len(linker)]
            entry = self.general.get(base)
            if entry is not None:
                return entry[0] + linker
            lemma = self.head_forms.get(base) or self.modifier_forms.get(base)
            if lemma is not None and fold(lemma) == base:
                return lemma + linker
        return form

    def query_parts(self, word: str) -> list[str]:
        """The parts to search for a query word (top level only: specific, not every sub-part)."""
        return self.decompose(word.replace("-", ""))


def _remember(cache: dict[str, tuple[str, ...]], word: str, value: tuple[str, ...]) -> None:
    if len(cache) >= CACHE_SIZE:  # bounded: a flood of distinct "words" cannot exhaust memory
        cache.clear()
    cache[word] = value


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str) -> set[str]:
    """Every string one edit away: a letter deleted, two swapped, replaced or inserted."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | swaps | replaces | inserts


def _spell_out(lower: str) -> tuple[str, list[int]]:
    """A lower-case word in the letters a-z (ä → a, ß → ss), and for every letter (plus the end)
    where it starts in the word: ``"straße"`` → ``("strasse", [0, 1, 2, 3, 4, 4, 5, 6])``."""
    out: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(lower):
        letters = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"}.get(ch, ch)
        out.append(letters)
        positions.extend([i] * len(letters))
    positions.append(len(lower))
    return "".join(out), positions


@lru_cache(maxsize=1)
def general_vocabulary() -> Vocabulary:
    return load_general_vocabulary()


@lru_cache(maxsize=1)
def default_decompounder() -> Decompounder:
    return Decompounder(load_lexicon(), general_vocabulary())
