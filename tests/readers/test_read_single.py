"""Single-document inputs: plain text and HTML pages, and the decoding rules all readers share."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

import pytest

from dyads.errors import InputError
from dyads.readers import read_paths

VISIT = ("The foreign minister of Chile arrived in Wellington on Tuesday for talks on fisheries.\n"
         "Both delegations said the meeting was cordial.\n")

ARTICLE_HTML = """<!DOCTYPE html>
<html><head>
<title>Chile and New Zealand agree on fisheries patrols | Southern Wire</title>
<meta property="og:title" content="Chile and New Zealand agree on fisheries patrols">
<meta property="article:published_time" content="2019-03-12T08:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Chile and New Zealand agree on fisheries patrols</h1>
<p>The foreign minister of Chile arrived in Wellington on Tuesday for two days of talks on fisheries
and Antarctic research, the first such visit in a decade.</p>
<p>Officials from both governments said they expected to sign an agreement on joint patrols of the
southern fishing grounds before the minister flies home on Thursday.</p>
<p>The minister also met the speaker of parliament and laid a wreath at the national war memorial.</p>
</article>
<section class="comments" id="comments">
<div class="comment"><p>About time somebody patrolled those waters, the trawlers have been a menace.</p></div>
</section>
<footer>Copyright Southern Wire</footer>
</body></html>
"""


def only_document(path, **options):
    documents = list(read_paths([path], **options))
    assert len(documents) == 1
    return documents[0]


def test_text_file_is_one_document_with_a_stable_id(tmp_path):
    path = tmp_path / "visit.txt"
    path.write_text(VISIT, encoding="utf-8")
    document = only_document(path)
    expected_hash = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    assert document.doc_id == f"visit-{expected_hash}"
    assert document.text == VISIT
    assert document.origin == str(path)
    assert document.date is None
    assert only_document(path).doc_id == document.doc_id


def test_two_files_with_the_same_name_get_different_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "visit.text").write_text(VISIT, encoding="utf-8")
    ids = {document.doc_id for document in read_paths([tmp_path])}
    assert len(ids) == 2
    assert all(doc_id.startswith("visit-") for doc_id in ids)


def test_default_date_applies_when_the_input_has_none(tmp_path):
    path = tmp_path / "visit.txt"
    path.write_text(VISIT, encoding="utf-8")
    assert only_document(path, default_date=dt.date(2019, 3, 12)).date == dt.date(2019, 3, 12)


def test_utf8_with_bom_loses_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + VISIT.encode("utf-8"))
    assert only_document(path).text == VISIT


def test_latin1_file_is_detected_and_logged(tmp_path, caplog):
    text = ("Le ministre chilien est arrivé à Wellington mardi pour deux jours de négociations. "
            "Les délégations ont évoqué la pêche, la sécurité maritime et la coopération polaire; "
            "elles se réuniront à nouveau à Valparaíso l'année prochaine, a-t-on appris.\n")
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    with caplog.at_level(logging.INFO, logger="dyads.readers"):
        document = only_document(path)
    assert document.text == text
    assert "not UTF-8" in caplog.text


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(VISIT.encode("utf-16"))
    assert only_document(path).text == VISIT


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert caught.value.origin == str(path)
    assert caught.value.problem == "binary file, not text"
    assert caught.value.hint


@pytest.mark.parametrize("content", [b"", b"  \n\t\n  "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        list(read_paths([path]))


def test_html_page_gives_main_text_title_and_date(tmp_path):
    path = tmp_path / "patrols.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    document = only_document(path)
    assert document.title == "Chile and New Zealand agree on fisheries patrols"
    assert document.date == dt.date(2019, 3, 12)
    assert "joint patrols of the southern fishing grounds" in document.text
    assert "trawlers have been a menace" not in document.text  # comments are left out
    assert "Sport" not in document.text  # navigation is not main text
    assert document.doc_id.startswith("patrols-")


def test_html_date_from_the_page_wins_over_the_default(tmp_path):
    path = tmp_path / "patrols.htm"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    assert only_document(path, default_date=dt.date(2000, 1, 1)).date == dt.date(2019, 3, 12)


def test_html_page_without_main_text_is_an_input_error(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><head><title>Menu</title></head><body><script>var x = 1;</script></body></html>",
                    encoding="utf-8")
    with pytest.raises(InputError, match="no main text"):
        list(read_paths([path]))
