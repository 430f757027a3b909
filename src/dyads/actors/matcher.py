"""Finds knowledge-base phrases in parsed text with spaCy's PhraseMatcher.

Matching is near-linear in the text (one PhraseMatcher pass per Doc, however
many phrases the knowledge base has). Phrases written with a capital in the data
("Turkey", "Chad") match only capitalised text, so the bird and the verb stay
out; short all-capital acronyms ("US", "IS", "RAW") match case-sensitively so
that "us" and "is" never become states (the rule is
:attr:`~dyads.actors.kb.KBEntry.matches_as_written`, which the loader follows too).

A one-word person name (a surname) written after a given name that is none of that
person's, inside one PERSON entity, is someone else: "Jay Carney" is not Mark Carney.

Discards ("Manchester United", "Asian Cup": entries of kind ``discard``) take part in
the longest-match rule like any phrase, so an actor phrase inside one ("Manchester")
is not matched; where a discard and an actor phrase are spelled the same, the discard
wins. A discard match keeps only its discard entries: no resolver rule reads that kind,
and its tokens still count as covered, so a named entity inside it is not taken for an
unknown actor either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dyads.actors.kb import KBEntry, KnowledgeBase

log = logging.getLogger(__name__)


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
            key = entry.phrase if entry.matches_as_written else entry.phrase.lower()
            table = exact_phrases if entry.matches_as_written else lower_phrases
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
        kept = filter_spans(spans)
        covered = {i for span in kept for i in range(span.start, span.end)}
        kept = sorted(kept + self._lower_case_names(doc, covered), key=lambda s: s.start)
        covered |= {i for span in kept for i in range(span.start, span.end)}
        result = []
        for span in sorted(kept, key=lambda s: s.start):
            given = _given_name_before(span, covered)
            entries = tuple(e for e in self._entries[span.label_] if self._case_fits(e, span)
                            and not (given and self._other_person(e, given)))
            if not entries:  # "Jay Carney": no known person; the resolver sees a name it lacks
                continue
            discards = tuple(e for e in entries if e.kind == "discard")
            result.append(PhraseMatch(span.start, span.end, discards or entries))
        return result

    def _other_person(self, entry: KBEntry, given: str) -> bool:
        """``entry`` is a one-word person name and ``given``, the given name written before it,
        is none of that person's: "Jay Carney" is not Mark Carney, "Jeb Bush" not George W. Bush.

        A given name fits when it is one of the words of the person's names, an initial of one
        ("Vladimir V. Putin"), or starts with the same two letters as one, so spelling variants
        and short forms the data lacks ("Sergey"/"Sergei", "Mike"/"Michael") still fit.
        """
        person = self._kb.person(entry.code) if entry.kind == "person" and " " not in entry.phrase else None
        if person is None:
            return False
        surname = entry.phrase.casefold()
        words = {word.rstrip(".").casefold() for name in person.names for word in name.split()} - {surname}
        given = given.casefold()
        if len(given) == 1:
            return not any(word[:1] == given for word in words)
        return not any(word == given or (len(word) > 1 and word[:2] == given[:2]) for word in words)

    def _case_fits(self, entry: KBEntry, span: Span) -> bool:
        """Capitalised data phrases need capitalised text ("Turkey" is not "turkey"), except where the
        text's case is plainly garbled ("iSrael": a capital inside a word that starts lower-case) or a
        capitalised title stands right before the name ("President obama")."""
        if not entry.phrase[:1].isupper() or span.text[:1].isupper():
            return True
        if any(char.isupper() for char in span[0].text[1:]):
            return True
        return entry.kind == "person" and span.start > 0 and self._is_title(span.doc[span.start - 1])

    def _is_title(self, token) -> bool:
        """A capitalised title word of the knowledge base ("President")."""
        return token.is_title and any(e.kind == "agent" and e.sector_kind == "title"
                                      for e in self._kb.lookup(token.text))

    def _lower_case_names(self, doc: Doc, covered: set[int]) -> list[Span]:
        """Surnames written in lower case after a title ("President obama"), which the case-sensitive
        matcher of one-word names cannot see, as spans labelled like the capitalised phrase's."""
        found = []
        for token in doc[1:]:
            if token.i in covered or not token.is_lower or not token.is_alpha or not self._is_title(doc[token.i - 1]):
                continue
            label = "=" + token.text.capitalize()
            if any(e.kind == "person" for e in self._entries.get(label, ())):
                found.append(Span(doc, token.i, token.i + 1, label=label))
        return found


#: Words that may stand before a surname inside a PERSON entity and are no given name.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady",
                        "madam", "madame", "mme", "mlle", "m", "herr", "frau", "senor", "señor", "sheikh",
                        "rev", "fr", "st"})


def _given_name_before(span: Span, covered: set[int]) -> str:
    """The given name just before a one-word match inside one PERSON entity ("Jay" of
    "Jay Carney"), without a trailing ".", or ``""``: no such word, or a word that is itself
    a knowledge-base phrase (a title) or an honorific ("Mr", "Dr")."""
    doc = span.doc
    if len(span) != 1 or span.start == 0 or span[0].ent_type_ != "PERSON" or span[0].ent_iob_ != "I":
        return ""
    before = doc[span.start - 1]
    word = before.text.rstrip(".")
    if before.i in covered or not word.isalpha() or not word[:1].isupper() or word.casefold() in HONORIFICS:
        return ""
    return word
