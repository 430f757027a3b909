"""De-duplication: drop passages already seen, in this document or in another one.

Scraped threads repost whole articles, sometimes with the first paragraph of
the copy cut short; wire stories reappear across outlets. Coding them twice
would count every event twice. Passages are compared by their sentences: each
sentence is normalised (case, punctuation and apostrophes aside) and hashed
into a fingerprint, and a passage whose sentences were mostly seen before is a
repeat.

A passage is dropped when at least ``threshold`` of its sentences were seen
earlier in the same document, or belong to a different document in the
:class:`PassageIndex`. Fingerprints a document itself owns do not count, so
coding a document again finds the same passages. A cut-off sentence at the
start of a passage ("...force and by occupying ...") counts as seen when it is
part of a sentence seen earlier in the document, and is left out of the share
when the passage has other sentences (it cannot be matched across documents).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Protocol

from dyads.errors import SettingsError
from dyads.model import CleanDocument, Passage

#: Sentences shorter than this (in words) are too common to identify a passage.
MIN_SENTENCE_WORDS = 4
FINGERPRINT_BYTES = 8

_BOUNDARY_RE = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_NOT_ALNUM_RE = re.compile(r"[\W_]+")
#: A full stop after these is not the end of a sentence ("Gen. Kayani").
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "adm", "brig", "cmdr", "prof",
    "sen", "rep", "gov", "pres", "st", "jr", "sr", "no", "vs", "inc", "corp", "ltd", "co", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "u.n", "e.g", "i.e",
})


@dataclass(frozen=True, slots=True)
class _Sentence:
    normalised: str
    fingerprint: str
    #: Cut off at the start of the passage (it starts mid-sentence).
    truncated: bool = False


def _ends_with_abbreviation(piece: str) -> bool:
    last_word = piece.rstrip().rsplit(maxsplit=1)[-1].rstrip(".!?\"')]").split("-")[-1].lower()
    return last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` by punctuation; a full stop after an abbreviation or initial does not split."""
    sentences: list[str] = []
    start = 0
    for boundary in _BOUNDARY_RE.finditer(text):
        piece = text[start:boundary.end()]
        if _ends_with_abbreviation(piece):
            continue
        sentences.append(piece.strip())
        start = boundary.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def normalise(text: str) -> str:
    """Lower case, apostrophes removed (so "Russias" and "Russia's" agree), other non-alphanumerics as spaces."""
    return " ".join(_NOT_ALNUM_RE.sub(" ", text.lower().replace("'", "")).split())


def fingerprint(normalised_text: str) -> str:
    return hashlib.blake2b(normalised_text.encode("utf-8"), digest_size=FINGERPRINT_BYTES).hexdigest()


def _sentences(text: str) -> list[_Sentence]:
    found = []
    for index, sentence in enumerate(split_sentences(text)):
        normalised = normalise(sentence)
        if len(normalised.split()) < MIN_SENTENCE_WORDS:
            continue
        truncated = index == 0 and (sentence.startswith("...") or sentence[:1].islower())
        found.append(_Sentence(normalised, fingerprint(normalised), truncated))
    return found


def sentence_fingerprints(text: str) -> tuple[str, ...]:
    """16-hex fingerprints of the sentences of ``text`` with at least 4 words, in order."""
    return tuple(sentence.fingerprint for sentence in _sentences(text))


class PassageIndex(Protocol):
    """Which document first had each fingerprint (the store keeps a persistent one)."""

    def owners(self, fingerprints: Iterable[str]) -> dict[str, str]:
        """fingerprint -> doc_id that first had it, for the known fingerprints only."""
        ...

    def add(self, fingerprints: Iterable[str], doc_id: str) -> None:
        """Record ``doc_id`` as the owner of those ``fingerprints`` that have no owner yet."""
        ...


class MemoryPassageIndex:
    """A :class:`PassageIndex` held in memory for one run."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def owners(self, fingerprints: Iterable[str]) -> dict[str, str]:
        return {fp: self._owners[fp] for fp in fingerprints if fp in self._owners}

    def add(self, fingerprints: Iterable[str], doc_id: str) -> None:
        for fp in fingerprints:
            self._owners.setdefault(fp, doc_id)

    def __len__(self) -> int:
        return len(self._owners)


@dataclass
class _Seen:
    """What the document has shown so far (kept passages only)."""

    fingerprints: set[str] = dataclasses.field(default_factory=set)
    sentences: list[str] = dataclasses.field(default_factory=list)
    passages: set[str] = dataclasses.field(default_factory=set)

    def contains_part(self, sentence: _Sentence) -> bool:
        padded = f" {sentence.normalised} "
        return any(padded in f" {seen} " for seen in self.sentences)


class Deduplicator:
    """Drops repeated passages of a :class:`CleanDocument` (see the module docstring).

    The caller persists what :meth:`dedupe` returns with ``index.add(fingerprints,
    doc_id)`` once the document is coded, so that later documents see it.
    """

    def __init__(self, index: PassageIndex, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise SettingsError(f"duplicate threshold must be in (0, 1], not {threshold}")
        self._index = index
        self._threshold = threshold

    def dedupe(self, document: CleanDocument) -> tuple[CleanDocument, tuple[str, ...]]:
        """The document without repeated passages, and the fingerprints of its kept passages
        that no other document owns (to persist)."""
        analysed = [(passage, _sentences(passage.text)) for passage in document.passages]
        owners = self._index.owners({s.fingerprint for _, sentences in analysed for s in sentences})
        foreign = {fp for fp, owner in owners.items() if owner != document.doc_id}
        seen = _Seen()
        kept: list[Passage] = []
        new_fingerprints: dict[str, None] = {}
        for passage, sentences in analysed:
            if self._is_repeat(passage, sentences, seen, foreign):
                continue
            kept.append(passage)
            seen.passages.add(normalise(passage.text))
            for sentence in sentences:
                seen.fingerprints.add(sentence.fingerprint)
                seen.sentences.append(sentence.normalised)
                if sentence.fingerprint not in foreign:
                    new_fingerprints.setdefault(sentence.fingerprint)
        result = dataclasses.replace(document, passages=tuple(kept),
                                     duplicate_passages=len(document.passages) - len(kept))
        return result, tuple(new_fingerprints)

    def _is_repeat(self, passage: Passage, sentences: list[_Sentence], seen: _Seen,
                   foreign: set[str]) -> bool:
        if not sentences:
            return normalise(passage.text) in seen.passages
        repeated = counted = 0
        for sentence in sentences:
            if (sentence.fingerprint in seen.fingerprints or sentence.fingerprint in foreign
                    or (sentence.truncated and seen.contains_part(sentence))):
                repeated += 1
                counted += 1
            elif not (sentence.truncated and len(sentences) > 1):
                counted += 1
        return repeated >= self._threshold * counted
