"""Named errors keep their parts when pickled (they cross process boundaries with --workers and Dask)."""

import pickle

from dyads.errors import DataFileError, InputError


def test_input_error_survives_pickling():
    error = pickle.loads(pickle.dumps(InputError("news.jsonl:3", "not valid JSON", "fix the line")))
    assert (error.origin, error.problem, error.hint) == ("news.jsonl:3", "not valid JSON", "fix the line")
    assert str(error) == "news.jsonl:3: not valid JSON (fix the line)" and error.exit_code == 2


def test_data_file_error_survives_pickling():
    error = pickle.loads(pickle.dumps(DataFileError("patterns.tsv", 12, "unknown slot")))
    assert (error.path, error.line, str(error)) == ("patterns.tsv", 12, "patterns.tsv:12: unknown slot")
