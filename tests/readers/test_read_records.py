"""Record inputs: JSON Lines and CSV/TSV tables, their errors and the on_error policy."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from dyads.errors import InputError
from dyads.readers import read_paths


def write_jsonl(path, lines):
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
                    encoding="utf-8")
    return path


def test_jsonl_records_with_all_fields_and_extra_keys(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", [
        {"id": "w1", "text": "Ghana and Togo reopened their border crossing.", "date": "2020-09-01",
         "title": "Border reopens", "url": "https://example.org/w1", "source": "Wire", "category": "x"},
        {"id": 7, "text": "Senegal hosted a summit on fisheries.", "date": "2020-09-02T17:45:00Z"},
    ])
    first, second = read_paths([path])
    assert first.doc_id == "w1"
    assert first.date == dt.date(2020, 9, 1)
    assert (first.title, first.url, first.source) == ("Border reopens", "https://example.org/w1", "Wire")
    assert first.origin == f"{path}:1"
    assert second.doc_id == "7"
    assert second.date == dt.date(2020, 9, 2)
    assert second.title is None


def test_jsonl_missing_id_blank_lines_and_default_date(tmp_path):
    path = write_jsonl(tmp_path / "notes.ndjson", [
        "", {"text": "Mali recalled its ambassador.", "date": None}, "   ",
        {"text": "Niger expelled two diplomats."},
    ])
    documents = list(read_paths([path], default_date=dt.date(2021, 5, 5)))
    assert [document.doc_id for document in documents] == ["notes:2", "notes:4"]
    assert [document.origin for document in documents] == [f"{path}:2", f"{path}:4"]
    assert all(document.date == dt.date(2021, 5, 5) for document in documents)


def test_bad_jsonl_line_is_reported_with_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "file.jsonl", [
        {"id": "a", "text": "Peru signed a trade accord with Korea."},
        {"id": "b", "text": "Chile welcomed the accord."},
        '{"id": "c", "text": "unterminated',
    ])
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert "file.jsonl:3" in str(caught.value)
    assert "not valid JSON" in str(caught.value)


@pytest.mark.parametrize("record, problem", [
    ({"id": "x"}, 'missing or empty "text"'),
    ({"id": "x", "text": "   "}, 'missing or empty "text"'),
    ({"id": "x", "text": "Fiji joined the talks.", "date": "12/03/2019"}, "bad date"),
    (["not", "an", "object"], "expected a JSON object"),
])
def test_invalid_jsonl_records_name_their_line(tmp_path, record, problem):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "Tonga sent observers."}, record])
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert caught.value.origin == f"{path}:2"
    assert problem in caught.value.problem


def test_skip_logs_bad_records_and_keeps_the_rest(tmp_path, caplog):
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        {"id": "ok1", "text": "Laos and Vietnam held border talks."}, "{broken",
        {"id": "ok2", "text": "Cambodia sent a delegation."},
    ])
    with caplog.at_level(logging.WARNING, logger="dyads.readers"):
        documents = list(read_paths([path], on_error="skip"))
    assert [document.doc_id for document in documents] == ["ok1", "ok2"]
    assert f"{path}:2" in caplog.text


def test_csv_rows_with_optional_columns_and_row_lines(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(
        "id,text,date,title\n"
        "r1,Iceland offered to host the negotiations.,2018-04-02,Talks venue\n"
        ',"Norway accepted the offer.\nThe first round opens in May.",,\n'
        "r3,Denmark sent an observer.,2018-04-05,\n",
        encoding="utf-8")
    documents = list(read_paths([path]))
    assert [document.doc_id for document in documents] == ["r1", "desk:3", "r3"]
    assert documents[0].title == "Talks venue"
    assert documents[0].date == dt.date(2018, 4, 2)
    assert documents[1].text == "Norway accepted the offer.\nThe first round opens in May."
    assert documents[1].date is None and documents[1].title is None
    assert documents[2].origin == f"{path}:5"


def test_tsv_with_a_named_text_column(tmp_path):
    path = tmp_path / "desk.tsv"
    path.write_text("story_id\tbody\nq1\tQatar mediated between the two sides.\n", encoding="utf-8")
    (document,) = read_paths([path], text_column="body")
    assert document.text == "Qatar mediated between the two sides."
    assert document.doc_id == "desk:2"


def test_csv_without_the_text_column_names_the_columns_it_has(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text("id,body\nr1,Oman hosted the talks.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert caught.value.origin == str(path)
    assert "'text'" in caught.value.problem and "['id', 'body']" in caught.value.problem


def test_csv_row_with_too_many_fields_is_reported_at_its_line(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text("id,text\nr1,Oman hosted the talks.\nr2,Yemen, Oman and Saudi Arabia met.\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert caught.value.origin == f"{path}:3"


def test_empty_csv_is_refused(tmp_path):
    path = tmp_path / "nothing.csv"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        list(read_paths([path]))


def test_csv_with_only_a_header_has_no_documents(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("id,text\n", encoding="utf-8")
    assert list(read_paths([path])) == []


def test_latin1_csv_is_decoded(tmp_path):
    path = tmp_path / "latin.csv"
    text = "Le président a reçu l'ambassadeur à l'Élysée après la cérémonie."
    path.write_bytes(f"id,text\nf1,{text}\n".encode("latin-1"))
    (document,) = read_paths([path])
    assert document.text == text


def test_undecodable_line_after_a_utf8_start_is_reported_at_its_line(tmp_path):
    path = tmp_path / "late.jsonl"
    good = json.dumps({"text": "Chad and Sudan met."}) + "\n"
    path.write_bytes(good.encode() * 5000 + b'{"text": "caf\xe9"}\n')
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert caught.value.origin == f"{path}:5001"
