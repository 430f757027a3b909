"""Finds knowledge-base phrases in parsed text with spaCy's PhraseMatcher.

Matching is near-linear in the text (one PhraseMatcher pass per Doc, however
many phrases the knowledge base has). Phrases written with a capital in the data
("Turkey", "Chad") match only capitalised text, so the bird and the verb stay
out; short all-capital acronyms ("US", "IS", "RAW") match case-sensitively so
that "us" and "is" never become states.

Discards ("Manchester United", "Asian Cup": entries of kind ``discard``) take part in
the longest-match rule like any phrase, so an actor phrase inside one ("Manchester")
is not matched; where a discard and an actor phrase are spelled the same, the discard
wins. A discard match keeps only its discard entries: no resolver rule reads that kind,
and its tokens still count as covered, so a named entity inside it is not taken for an
unknown actor either.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dyads.actors.kb import KBEntry, KnowledgeBase

log = logging.getLogger(__name__)

_ACRONYM = re.compile(r"^[A-Z0-9.&-]{1,6}$")


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A knowledge-base phrase found in a Doc: the span and every entry for it."""

    start: int
    end: int
    entries: tuple[KBEntry, ...]

    @property
    def is_discard(self) -> bool:
        """The phrase is a discard: it means no actor, and nothing inside it does."""
        return bool(self.entries) and all(entry.kind == "discard" for entry in self.entries)


def _case_sensitive(entry: KBEntry) -> bool:
    return entry.case_sensitive or bool(_ACRONYM.match(entry.phrase)) and any(c.isalpha() for c in entry.phrase)


class KBMatcher:
    """Matches every phrase of a knowledge base; build once per process."""

    def __init__(self, kb: KnowledgeBase, nlp) -> None:
        self._kb = kb
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._entries: dict[str, list[KBEntry]] = {}
        lower_phrases: dict[str, str] = {}
        exact_phrases: dict[str, str] = {}
        for entry in kb.entries():
            key = entry.phrase if _case_sensitive(entry) else entry.phrase.lower()
            table = exact_phrases if _case_sensitive(entry) else lower_phrases
            label = ("=" if table is exact_phrases else "~") + key
            self._entries.setdefault(label, []).append(entry)
            table[label] = key
        for matcher, phrases in ((self._lower, lower_phrases), (self._exact, exact_phrases)):
            labels = list(phrases)
            docs = list(nlp.tokenizer.pipe([phrases[label] for label in labels]))
            for label, doc in zip(labels, docs):
                matcher.add(label, [doc])
        log.debug("phrase matcher built: %d phrases", len(self._entries))

    def matches(self, doc: Doc) -> list[PhraseMatch]:
        """Non-overlapping matches, longest first, in text order; discards included
        (see :attr:`PhraseMatch.is_discard`)."""
        spans: list[Span] = []
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                label = doc.vocab.strings[match_id]
                entries = [e for e in self._entries[label] if self._case_fits(e, doc[start:end])]
                if entries:
                    spans.append(Span(doc, start, end, label=label))
        result = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            entries = tuple(e for e in self._entries[span.label_] if self._case_fits(e, span))
            discards = tuple(e for e in entries if e.kind == "discard")
            result.append(PhraseMatch(span.start, span.end, discards or entries))
        return result

    @staticmethod
    def _case_fits(entry: KBEntry, span: Span) -> bool:
        """Capitalised data phrases need capitalised text ("Turkey" is not "turkey")."""
        first = entry.phrase[:1]
        if first.isupper():
            return span.text[:1].isupper()
        return True
