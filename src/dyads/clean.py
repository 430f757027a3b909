"""Cleaning: a raw :class:`Document` in, a :class:`CleanDocument` of passages out.

Scraped news arrives with the page around it: forum user cards, "Reply" and
"Share" buttons, cookie notices. It also arrives damaged in ways that break the
parser downstream: apostrophes stripped ("Russias"), full stops without the
space after them ("Russia.Any"), a name glued to the next word ("Kayanithe").
The :class:`Cleaner` removes the one and repairs the other, and records every
repair as a :class:`Repair` so that a user can see what was changed.

Contract:

* passages are the non-empty lines (or, for hard-wrapped text, paragraphs) of
  the text, whitespace collapsed; offsets are meaningful only inside a passage;
* boilerplate lines are dropped and counted in ``dropped_lines``;
* short title-like lines are marked ``is_headline``;
* a wire dateline opening a passage ("KABUL (Reuters) - ", "THE HAGUE, Netherlands -- ") is
  removed, so that the place of filing is not read as the subject of the first sentence;
* ``content_hash`` depends on the input text only (whitespace and case
  aside), so the same input always hashes the same whatever the cleaner does;
* ``repairs`` lists each distinct change once per document, in the order first
  made (a word repaired twenty times is one entry).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Callable, Iterable, Sequence

from dyads.model import CleanDocument, Document, Passage, Repair

#: Kinds of :class:`Repair` the cleaner makes.
TYPOGRAPHY = "typography"
INVISIBLE = "invisible"
POSSESSIVE = "possessive"
CONTRACTION = "contraction"
MISSING_SPACE = "missing-space"
GLUED_WORD = "glued-word"
DATELINE = "dateline"

#: Curly quotes, dashes and unusual spaces mapped to plain ASCII, so that every
#: later rule (and the parser) sees one form of each.
_TYPOGRAPHY_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    "\u2026": "...",
}
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

#: Words that start a stripped contraction, and their repaired form.
_CONTRACTIONS = {
    "wasnt": "wasn't", "isnt": "isn't", "doesnt": "doesn't", "didnt": "didn't", "dont": "don't",
    "hasnt": "hasn't", "havent": "haven't", "hadnt": "hadn't", "wouldnt": "wouldn't",
    "couldnt": "couldn't", "shouldnt": "shouldn't", "arent": "aren't", "werent": "weren't",
    "wont": "won't",
}
#: "wont" is also a noun ("as was his wont"); after these words it is left alone.
_WONT_NOUN_BEFORE = frozenset({"his", "her", "their", "its", "my", "your", "our"})
#: Common nouns whose stripped possessive ("countrys") is not an English word,
#: so repairing them is always safe.
_Y_NOUN_STEMS = ("countr", "cit", "arm", "part", "ministr", "compan", "agenc", "embass", "econom",
                 "societ", "communit", "authorit", "secretar", "militar", "polic", "strateg",
                 "histor", "industr", "territor", "majorit", "minorit", "presidenc")
#: Words a known name is found glued to ("Kayanithe").
_GLUE_WORDS = ("the", "and", "of", "to", "in", "on", "for", "with", "that")

_SENTENCE_END = ".!?"
_CLOSERS = "\"')]"
_HEADLINE_MAX_WORDS = 14
_HEADLINE_CAPITALISED_SHARE = 0.75
_HEADLINE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or",
                                   "with", "by", "from", "as", "vs", "over", "after", "into"})
#: Hard-wrapped text: lines of similar length no wider than this.
_WRAP_MAX_WIDTH = 100
_WRAP_MIN_WIDTH = 50
_WRAP_SIMILAR = 0.6

# --- boilerplate -----------------------------------------------------------------
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
         rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})")
_BULLET = r"[-\u2022*]\s*"
_CARD_LABELS = (r"joined|messages|posts|reaction score|reactions|points|trophy points|likes received"
                r"|likes|location|country|flag|age|gender|ratings?|credits|threads")
_CARD_LABEL_RE = re.compile(rf"^(?:{_BULLET})?(?:{_CARD_LABELS})\b\s*:?\s*(?P<value>.*)$", re.I)
_CARD_LABEL_WORD_RE = re.compile(rf"\b(?:{_CARD_LABELS})\b", re.I)
_CARD_VALUE_RE = re.compile(rf"^{_BULLET}(?:{_DATE}|[\d.,]+\s*[km]?|[\w .,'-]{{1,30}})$", re.I)
_RANK_RE = re.compile(
    r"^(?:(?:full|senior|junior|new|elite|active|well-known|registered|banned|staff|premium|respected|"
    r"retired|veteran|think tank|military|professional)\s+)*"
    r"(?:member|moderator|administrator|admin|analyst|contributor|professional|guest)s?$", re.I)
#: A byline: "By" and up to four capitalised names, perhaps two joined by "and".
_BYLINE_RE = re.compile(r"^By (?:[A-Z][\w.'-]*(?: |$)){1,4}(?:(?:and|&) (?:[A-Z][\w.'-]*(?: |$)){1,4})?$")
_BOILERPLATE_RES = tuple(re.compile(pattern, re.I) for pattern in (
    r"^click to (?:expand|shrink)\W*$",
    r"^\[/?quote[^\]]*\]$",
    r"^(?:originally posted by|quote from)\b.{0,60}$",
    r"^last edited\b.{0,80}$",
    r"^(?:thread starter|start date)\b.{0,60}$",
    r"^you must (?:log in|login|sign in|register)\b.*$",
    r"^(?:subscribe|sign up|sign in|log in|login)\b.{0,120}$",
    r"^.{0,60}\b(?:subscribe|sign up|sign-up|register)\b.{0,80}\bnewsletters?\b.{0,80}$",
    r"^.{0,200}\bcookies?\b.{0,200}\b(?:use|uses|used|accept|consent|policy|settings|enable)\b.{0,200}$",
    r"^.{0,200}\b(?:use|uses|accept|consent to)\b.{0,200}\bcookies?\b.{0,200}$",
    r"^(?:advertisement|advertising|sponsored(?: content)?|loading\W*|read more\W*|related(?: articles| stories)?"
    r"|share this(?: article| story| page)?|share on \w+|print(?: this (?:page|article))?"
    r"|email this(?: article)?|back to top|skip to (?:main )?content)$",
    rf"^{_BULLET}(?:{_DATE}|[\d.,]+)$",
    r"^\"?\((?:additional |further )?(?:reporting|writing|editing|compiled|research)\b[^()]{0,300}\)(?: \S+)?$",
    r"^[\W\d_]+$",
))
_UI_WORDS = frozenset({"reply", "replies", "share", "like", "likes", "unlike", "quote", "multi-quote",
                       "report", "bookmark", "permalink", "thanks", "agree", "disagree", "love",
                       "haha", "wow", "follow", "tweet", "email", "print", "save", "upvote", "downvote",
                       "with", "reactions", "reaction", "score"})
_UI_MAX_TOKENS = 8
#: "name said:" opening a quoted post. Taken for a quote marker only when the name
#: looks like a forum handle or the quote's "Click to expand..." follows, so that
#: "Lavrov said:" before a quotation in an article stays.
_QUOTE_HEADER_RE = re.compile(r"^(?P<name>\S+(?: \S+){0,2}) said:$", re.I)
_CLICK_TO_EXPAND_RE = re.compile(r"^click to expand", re.I)
_QUOTE_LOOKAHEAD = 6


#: A wire dateline: an upper-case place (with ", Country" and a date), an optional agency in brackets,
#: then a dash or colon (en and em dashes are hyphens by now): "KABUL (Pajhwok) :", "LA PAZ, Bolivia --",
#: "KHARTOUM, March 16 (Xinhua) --"; after an agency also a lone '"', which is what an em dash becomes
#: in some mis-decoded feeds ("WASHINGTON (AP) " President ...").
#: A place in title case counts only with the agency ("Moscow (Sputnik) -"), since "Washington - " may
#: open a sentence.
_AGENCY = r"\((?:[A-Z][\w.&' ]{0,30})\)"
_DATELINE_RE = re.compile(
    r"^(?:(?:Reuters|AFP|AP|Xinhua)\s+)?(?P<line>"
    r"(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,3}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?=,?\s+[^(]*" + _AGENCY + r"))"
    r"(?:,\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,2})?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*" + _AGENCY + r")?"
    r"\s*(?:-{1,2}|:|(?<=\))\s*\"(?=\s)))\s+(?=[\"'A-Z0-9])")


def strip_dateline(text: str) -> tuple[str, str]:
    """``text`` without its opening wire dateline, and the dateline ("" when there is none)."""
    match = _DATELINE_RE.match(text)
    if match is None:
        return text, ""
    line = match.group("line")
    place = line.split("(")[0].strip(" ,:-")
    # "US: ..." and "NATO: ..." open sentences; a colon needs an agency or a longer place name
    if len(place) < 3 or line.endswith(":") and "(" not in line and len(place) < 5:
        return text, ""
    return text[match.end():], text[:match.end()].strip()


def dateline_places(dateline: str) -> list[str]:
    """The place names of a removed dateline, the most telling first: "LA PAZ, Bolivia --" gives
    ["Bolivia", "La Paz"]; "KABUL (Reuters) -" gives ["Kabul"]."""
    head = re.split(r"[(:]|\s-{1,2}(?:\s|$)", dateline, maxsplit=1)[0]
    head = re.sub(r"^(?:Reuters|AFP|AP|Xinhua)\s+", "", head).strip(" ,-")
    parts = [part.strip() for part in head.split(",") if part.strip() and not re.search(r"\d", part)]
    return [part.title() if part.isupper() else part for part in reversed(parts)]


def content_hash(text: str) -> str:
    """sha1 hex of ``text`` Unicode-normalised, lower-cased and whitespace-collapsed."""
    normalised = " ".join(unicodedata.normalize("NFC", text).lower().split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


class Cleaner:
    """Removes boilerplate, repairs scraping damage and marks headlines.

    ``possessable_names`` are the proper names whose stripped possessive is
    repaired ("Russias" -> "Russia's") and which are split from a glued
    function word ("Kayanithe" -> "Kayani the"). Only these names are touched,
    so plurals such as "Afghans" or "Philippines" stay as written.
    """

    def __init__(self, possessable_names: Iterable[str] = ()) -> None:
        names = sorted({name.strip() for name in possessable_names if name and name.strip()},
                       key=len, reverse=True)
        self._canonical = {name.lower(): name for name in names}
        # Names are looked up in sets, not compiled into one pattern: a user's dictionary may bring
        # tens of thousands of names, and an alternation of that size is slow to build and to run.
        self._by_last_word: dict[str, list[str]] = {}
        for name in names:  # longest first, so "Saudi Arabia" is tried before "Arabia"
            self._by_last_word.setdefault(name.split()[-1].lower(), []).append(name)
        self._single_names = frozenset(name for name in names if " " not in name)
        self._y_noun_re = re.compile(rf"\b({'|'.join(_Y_NOUN_STEMS)})ys\b", re.I)
        self._contraction_re = re.compile(
            rf"\b(?:(?P<before>\w+)\s+)?(?P<word>{'|'.join(_CONTRACTIONS)})\b(?!')", re.I)

    def clean(self, document: Document) -> CleanDocument:
        """Clean one document (see the module docstring for the contract)."""
        repairs: dict[Repair, None] = {}
        text = _normalise_characters(unicodedata.normalize("NFC", document.text), repairs)
        lines = _split_lines(text)
        kept = _drop_boilerplate([line for _, line in lines])
        blocks = _group_blocks([(block, line) for (block, line), keep in zip(lines, kept, strict=True) if keep])
        texts = [self._repair(passage, repairs) for block in blocks for passage in _block_passages(block)]
        title = document.title
        if title:
            title = self._repair(" ".join(_normalise_characters(title, repairs).split()), repairs)
        return CleanDocument(
            doc_id=document.doc_id, passages=_mark_headlines(texts), date=document.date,
            title=title or None, url=document.url, source=document.source, origin=document.origin,
            repairs=tuple(repairs), dropped_lines=kept.count(False),
            content_hash=content_hash(document.text))

    def _repair(self, text: str, repairs: dict[Repair, None]) -> str:
        text, dateline = strip_dateline(text)
        if dateline:
            repairs.setdefault(Repair(DATELINE, dateline, ""), None)
        for repair in (self._split_glued, self._restore_possessives, self._restore_contractions,
                       _add_missing_spaces):
            text = repair(text, repairs)
        return text

    def _split_glued(self, text: str, repairs: dict[Repair, None]) -> str:
        if not self._single_names:
            return text

        def fix(match: re.Match[str]) -> str:
            if match.group(0).lower() in self._canonical or match.group("name") not in self._single_names:
                return match.group(0)
            return f"{match.group('name')} {match.group('word')}"

        return _substitute(_GLUED_RE, fix, text, GLUED_WORD, repairs)

    def _possessable(self, written: str, text: str, start: int) -> str | None:
        """The name that ``written`` (a word just before a stripped "s") ends, or None.

        The first letter may differ in case ("russias" in lower-case text), or the
        whole name may be in capitals; the words before a multi-word name must be
        in the text just before ``start``.
        """
        for canonical in self._by_last_word.get(written.lower(), ()):
            *before, last = canonical.split(" ")
            prefix = " ".join(before) + " " if before else ""
            if prefix:
                written_before = text[max(0, start - len(prefix)):start]
                if written_before not in (prefix, prefix.upper()) and not (
                        written_before[:1].lower() == prefix[:1].lower() and written_before[1:] == prefix[1:]):
                    continue
                if written not in (last, last.upper()):
                    continue
            elif not (written[1:] == canonical[1:] and written[:1].lower() == canonical[:1].lower()
                      or written == canonical.upper()):
                continue
            return canonical
        return None

    def _restore_possessives(self, text: str, repairs: dict[Repair, None]) -> str:
        text = _substitute(self._y_noun_re, lambda m: _matching_case(m.group(0), f"{m.group(1)}y's"),
                           text, POSSESSIVE, repairs)
        if not self._by_last_word:
            return text

        lower_case_text = _is_lower_case_text(text)

        def fix(match: re.Match[str]) -> str:
            name, suffix = match.group("name"), match.group("s")
            canonical = self._possessable(name, match.string, match.start())
            if canonical is None:
                return match.group(0)
            first = canonical if " " not in canonical else name
            if (match.group(0).lower() in self._canonical or suffix != _expected_suffix(name, canonical)
                    or (name[0].islower() and first[0].isupper() and not lower_case_text)):
                return match.group(0)
            return f"{name}'{suffix}"

        return _substitute(_POSSESSIVE_RE, fix, text, POSSESSIVE, repairs)

    def _restore_contractions(self, text: str, repairs: dict[Repair, None]) -> str:
        def fix(match: re.Match[str]) -> str:
            word, before = match.group("word"), match.group("before") or ""
            if word.lower() == "wont" and before.lower() in _WONT_NOUN_BEFORE:
                return match.group(0)
            if word.istitle() and not _starts_sentence(match.string, match.start("word")):
                return match.group(0)  # a name ("the law firm Arent Fox")
            repaired = _matching_case(word, _CONTRACTIONS[word.lower()])
            repairs.setdefault(Repair(CONTRACTION, word, repaired))
            return match.group(0)[: match.start("word") - match.start()] + repaired

        return self._contraction_re.sub(fix, text)


# --- characters ---------------------------------------------------------------------

def _normalise_characters(text: str, repairs: dict[Repair, None]) -> str:
    for char in sorted({char for char in text if char in _TYPOGRAPHY_MAP or char in _INVISIBLE_CHARS}):
        if char in _INVISIBLE_CHARS:
            repairs.setdefault(Repair(INVISIBLE, char, ""))
            text = text.replace(char, "")
        else:
            repairs.setdefault(Repair(TYPOGRAPHY, char, _TYPOGRAPHY_MAP[char]))
            text = text.replace(char, _TYPOGRAPHY_MAP[char])
    return text


# --- lines, boilerplate, passages ---------------------------------------------------

def _split_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines, whitespace collapsed, each with the number of its blank-line block."""
    lines: list[tuple[int, str]] = []
    block = 0
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            lines.append((block, line))
        else:
            block += 1
    return lines


def _drop_boilerplate(lines: Sequence[str]) -> list[bool]:
    """A keep flag per line: False for user cards and single boilerplate lines."""
    keep = [True] * len(lines)
    for start, end in _card_spans(lines):
        keep[start:end] = [False] * (end - start)
    for index, line in enumerate(lines):
        if keep[index] and (_is_boilerplate_line(line) or _is_quote_header(lines, index)):
            keep[index] = False
    return keep


def _is_quote_header(lines: Sequence[str], index: int) -> bool:
    match = _QUOTE_HEADER_RE.match(lines[index])
    if match is None:
        return False
    name = match.group("name")
    if " " not in name and (name[:1].islower() or any(char.isdigit() or char == "_" for char in name)):
        return True
    following = lines[index + 1: index + 1 + _QUOTE_LOOKAHEAD]
    return any(_CLICK_TO_EXPAND_RE.match(line) for line in following)


def _card_labels(line: str) -> int:
    """How many user-card field labels the line holds (0 when it is not a card line)."""
    match = _CARD_LABEL_RE.match(line)
    if match is None or len(line.split()) > 16:
        return 0
    value = match.group("value")
    if len(value.split()) > 4 and len(_CARD_LABEL_WORD_RE.findall(line)) < 2:
        return 0
    return max(1, len(_CARD_LABEL_WORD_RE.findall(line)))


def _is_rank(line: str) -> bool:
    """A member rank ("FULL MEMBER"); any short all-capitals line counts just above a card."""
    words = line.split()
    return bool(_RANK_RE.match(line)) or (line.isupper() and len(words) <= 3
                                           and all(word.isalpha() for word in words))


def _is_username(line: str, after_rank: bool) -> bool:
    words = line.split()
    if not words or len(line) > 40 or line[-1] in _SENTENCE_END + ",;:":
        return False
    return len(words) == 1 or (after_rank and len(words) <= 3)


def _card_spans(lines: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` spans of forum user cards: username, rank lines, then field labels and values.

    A card needs at least two field labels ("- Joined", "- Messages") so that a
    lone "Location: Moscow" in an article is not taken for one.
    """
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        if not _card_labels(lines[index]):
            index += 1
            continue
        end, labels = _card_fields_end(lines, index)
        if labels >= 2:
            spans.append((_card_start(lines, index, spans[-1][1] if spans else 0), end))
        index = max(end, index + 1)
    return spans


def _card_fields_end(lines: Sequence[str], index: int) -> tuple[int, int]:
    """Where the run of card fields starting at ``index`` ends, and how many labels it holds.

    A bullet value ("- 776", "- Mar 30, 2012", "- Islamabad") belongs to the card
    only right after a label that has no value of its own.
    """
    end, labels, awaiting_value = index, 0, False
    while end < len(lines):
        line = lines[end]
        count = _card_labels(line)
        if count:
            labels += count
            awaiting_value = not _CARD_LABEL_RE.match(line).group("value")
        elif (awaiting_value and _CARD_VALUE_RE.match(line)) or _RANK_RE.match(line):
            awaiting_value = False
        else:
            break
        end += 1
    return end, labels


def _card_start(lines: Sequence[str], first_label: int, floor: int) -> int:
    start = first_label
    while start > floor and _is_rank(lines[start - 1]):
        start -= 1
    if start > floor and _is_username(lines[start - 1], after_rank=start < first_label):
        start -= 1
    return start


def _is_boilerplate_line(line: str) -> bool:
    if _BYLINE_RE.match(line) or any(pattern.match(line) for pattern in _BOILERPLATE_RES):
        return True
    tokens = re.findall(r"[a-z][a-z-]*|\d+", line.lower())
    words = [token for token in tokens if not token.isdigit()]
    return bool(words) and len(tokens) <= _UI_MAX_TOKENS and all(word in _UI_WORDS for word in words)


def _group_blocks(lines: Sequence[tuple[int, str]]) -> list[list[str]]:
    blocks: list[list[str]] = []
    previous = None
    for block, line in lines:
        if block != previous:
            blocks.append([])
            previous = block
        blocks[-1].append(line)
    return blocks


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _is_wrapped(lines: Sequence[str]) -> bool:
    """Lines of one paragraph broken at a fixed width (all but the last of similar length)."""
    if len(lines) < 2:
        return False
    widest = max(len(line) for line in lines)
    if not _WRAP_MIN_WIDTH <= widest <= _WRAP_MAX_WIDTH:
        return False
    similar = all(len(line) >= _WRAP_SIMILAR * widest for line in lines[:-1])
    return similar and not all(_ends_sentence(line) for line in lines[:-1])


def _join_wrapped(lines: Sequence[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        hyphenated = text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower()
        text = f"{text}{line}" if hyphenated else f"{text} {line}"
    return text


def _block_passages(lines: list[str]) -> list[str]:
    """One passage per line, except that hard-wrapped paragraphs are joined (a title line may lead)."""
    if _is_wrapped(lines):
        return [_join_wrapped(lines)]
    if len(lines) > 2 and _is_wrapped(lines[1:]):
        return [lines[0], _join_wrapped(lines[1:])]
    return list(lines)


# --- headlines -----------------------------------------------------------------------

def _mostly_capitalised(words: Sequence[str]) -> bool:
    content = [word for word in words if word.lower().strip("\"'(") not in _HEADLINE_SMALL_WORDS]
    initials = [next((char for char in word if char.isalnum()), "") for word in content]
    capitalised = [char for char in initials if char.isupper() or char.isdigit()]
    return len(content) >= 2 and len(capitalised) >= _HEADLINE_CAPITALISED_SHARE * len(content)


def _is_headline(text: str, following: str | None) -> bool:
    words = text.split()
    if len(words) > _HEADLINE_MAX_WORDS or text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END + ",;:":
        return False
    first_letter = next((char for char in text if char.isalpha()), "")
    if not first_letter.isupper() or (text.startswith("(") and text.endswith(")")):
        return False
    if _mostly_capitalised(words):
        return True
    return following is not None and _ends_sentence(following) and len(following.split()) > len(words)


def _mark_headlines(texts: Sequence[str]) -> tuple[Passage, ...]:
    passages = []
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else None
        passages.append(Passage(text=text, is_headline=_is_headline(text, following)))
    return tuple(passages)


# --- repairs ---------------------------------------------------------------------------

#: A word that may be a name with its possessive apostrophe stripped ("Russias", "NATOs").
_POSSESSIVE_RE = re.compile(r"(?<![\w'])(?P<name>[^\W\d_][\w.&-]*?)(?P<s>[sS])(?![\w'])")
#: A word that may be a name glued to a function word ("Kayanithe").
_GLUED_RE = re.compile(rf"(?<![\w'])(?P<name>[^\W\d_][\w.&-]*?)(?P<word>{'|'.join(_GLUE_WORDS)})\b")


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in _SENTENCE_END + "\"'(:"


def _is_lower_case_text(text: str) -> bool:
    """Typed without capitals: no capitalised word except at the start of a sentence (or "I").

    Only in such text is a lower-case "russias" taken for a name: elsewhere it
    may be a plural ("turkeys").
    """
    for match in re.finditer(r"[^\W\d_][\w'-]*", text):
        word = match.group(0)
        if word[0].isupper() and word != "I" and not word.isupper() and not _starts_sentence(text, match.start()):
            return False
    return True


def _expected_suffix(written: str, canonical: str) -> str:
    """The "s" a stripped possessive of ``canonical`` has when written as ``written``.

    Acronyms take a small s ("NATOs"; "USS" is not "US's"); a name written in
    capitals takes a capital S ("RUSSIAS"); other names a small s.
    """
    if canonical.isupper() or not (written.isupper() and len(written) > 1):
        return "s"
    return "S"


def _matching_case(original: str, repaired: str) -> str:
    if original.isupper():
        return repaired.upper()
    if original[:1].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired


def _substitute(pattern: re.Pattern[str], fix: Callable[[re.Match[str]], str], text: str,
                kind: str, repairs: dict[Repair, None]) -> str:
    def record(match: re.Match[str]) -> str:
        after = fix(match)
        if after != match.group(0):
            repairs.setdefault(Repair(kind, match.group(0), after))
        return after

    return pattern.sub(record, text)


_TOKEN_RE = re.compile(r"\S+")
_GLUED_STOP_RE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z])")
_URL_LIKE_RE = re.compile(r"://|^www\.|@|/|\.(?:com|org|net|gov|edu|int|info)\b", re.I)


def _add_missing_spaces(text: str, repairs: dict[Repair, None]) -> str:
    """"Russia.Any" -> "Russia. Any"; abbreviations, URLs and decimals are left alone."""
    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        if "." not in token or _URL_LIKE_RE.search(token):
            return token
        fixed = _GLUED_STOP_RE.sub(". ", token)
        if fixed != token:
            repairs.setdefault(Repair(MISSING_SPACE, token, fixed))
        return fixed

    return _TOKEN_RE.sub(fix, text)
