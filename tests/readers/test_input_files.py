"""Finding input files: folder walks, unsupported and missing paths, and the on_error policy."""

from __future__ import annotations

import logging

import pytest

from dyads.errors import InputError, SettingsError
from dyads.readers import SUPPORTED_EXTENSIONS, iter_input_files, read_paths


@pytest.fixture
def inbox(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Bhutan sent a trade mission to Nepal.", encoding="utf-8")
    (tmp_path / "a" / "deep" / "one.jsonl").write_text('{"id": "j1", "text": "Nepal welcomed it."}\n',
                                                      encoding="utf-8")
    (tmp_path / "a" / "zero.csv").write_text("id,text\nc1,India watched closely.\n", encoding="utf-8")
    (tmp_path / "a" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text("Hidden notes.", encoding="utf-8")
    (tmp_path / ".cache" / "old.txt").write_text("Cached copy.", encoding="utf-8")
    return tmp_path


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_unknown(inbox, caplog):
    with caplog.at_level(logging.WARNING, logger="dyads.readers"):
        files = list(iter_input_files([inbox]))
    relative = [path.relative_to(inbox).as_posix() for path in files]
    assert relative == ["a/deep/one.jsonl", "a/zero.csv", "b/two.txt"]
    assert "notes.docx" in caplog.text


def test_read_paths_reads_every_file_of_a_folder(inbox):
    ids = [document.doc_id for document in read_paths([inbox])]
    assert ids[:2] == ["j1", "c1"]
    assert ids[2].startswith("two-")


def test_explicit_unknown_extension_names_the_supported_ones(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError) as caught:
        list(iter_input_files([path]))
    assert caught.value.problem == "unsupported file type"
    assert all(extension in caught.value.hint for extension in SUPPORTED_EXTENSIONS)


def test_explicit_hidden_file_is_read(tmp_path):
    path = tmp_path / ".draft.txt"
    path.write_text("Brunei joined the talks.", encoding="utf-8")
    assert list(iter_input_files([path])) == [path]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_input_files([tmp_path / "absent"]))


def test_skip_goes_on_past_missing_binary_and_empty_files(tmp_path, caplog):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 10)
    good = tmp_path / "good.txt"
    good.write_text("Malta hosted the mediators.", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="dyads.readers"):
        documents = list(read_paths([tmp_path / "absent.txt", tmp_path / "empty.txt", tmp_path / "blob.txt",
                                     good], on_error="skip"))
    assert [document.text for document in documents] == ["Malta hosted the mediators."]
    assert caplog.text.count("skipped") == 3


def test_fail_stops_at_the_first_bad_file(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        list(read_paths([tmp_path / "empty.txt"]))


def test_unknown_on_error_policy_is_refused(tmp_path):
    with pytest.raises(SettingsError):
        list(read_paths([tmp_path], on_error="ignore"))
