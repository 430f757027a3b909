"""Date expressions resolved against the document date, with their precision."""

import datetime as dt

import pytest

from dyads.events.dates import precision_of, resolve_expression

DOC_DATE = dt.date(2012, 10, 6)  # a Saturday


@pytest.mark.parametrize("text, expected, precision", [
    ("October 3", dt.date(2012, 10, 3), "day"),
    ("3 October", dt.date(2012, 10, 3), "day"),
    ("Thursday", dt.date(2012, 10, 4), "day"),
    ("May 2011", dt.date(2011, 5, 1), "month"),
    ("2010", dt.date(2010, 1, 1), "year"),
    ("February 9, 2011", dt.date(2011, 2, 9), "day"),
    ("May 1 2012", dt.date(2012, 5, 1), "day"),
    ("June 2, this year", dt.date(2012, 6, 2), "day"),
    ("yesterday", dt.date(2012, 10, 5), "day"),
])
def test_expressions_resolve_against_document_date(text, expected, precision):
    resolved = resolve_expression(text, DOC_DATE)
    assert resolved is not None
    assert (resolved.date, resolved.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["four day", "the last several weeks", "the 1990s", "recent years"])
def test_durations_and_vague_periods_are_not_dates(text):
    assert resolve_expression(text, DOC_DATE) is None


def test_relative_date_without_document_date_is_unresolved():
    assert resolve_expression("Thursday", None) is None
    assert resolve_expression("May 2011", None).date == dt.date(2011, 5, 1)


def test_precision_of():
    assert precision_of("in May 2011") == "month"
    assert precision_of("on 3 October") == "day"
    assert precision_of("2014") == "year"
    assert precision_of("a four day trip") is None
