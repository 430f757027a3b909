"""Web archives: HTML response records through the same extraction as HTML files."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyads.errors import InputError
from dyads.readers import read_paths

PAGE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="{date}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{title}</h1>
<p>{body} The delegations met for three hours at the foreign ministry and agreed to meet again.</p>
<p>Diplomats on both sides described the atmosphere as constructive and businesslike throughout.</p>
</article></body></html>"""


def response(writer, url, payload, content_type="text/html; charset=utf-8", status="200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=BytesIO(payload), http_headers=headers)


def write_archive(path, records_of):
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for record in records_of(writer):
            writer.write_record(record)
    return path


def two_pages(writer):
    first = PAGE.format(title="Kenya and Ethiopia sign water deal", date="2017-02-20",
                        body="Kenya and Ethiopia signed an agreement on sharing the waters of the Omo river.")
    second = PAGE.format(title="Uganda hosts regional security meeting", date="2017-02-21",
                         body="Uganda hosted interior ministers from five neighbouring states in Entebbe.")
    yield writer.create_warc_record("https://news.example/a", "request", payload=BytesIO(b"GET /a"))
    yield response(writer, "https://news.example/a", first.encode("utf-8"))
    yield response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png")
    yield response(writer, "https://news.example/b", second.encode("utf-8"))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_documents(tmp_path, name):
    path = write_archive(tmp_path / name, two_pages)
    documents = list(read_paths([path]))
    assert [document.url for document in documents] == ["https://news.example/a", "https://news.example/b"]
    first = documents[0]
    assert first.title == "Kenya and Ethiopia sign water deal"
    assert first.date == dt.date(2017, 2, 20)
    assert "waters of the Omo river" in first.text
    assert first.doc_id.startswith("urn:uuid:")
    assert first.origin == f"{path}:2"
    assert len({document.doc_id for document in documents}) == 2


def test_page_without_main_text_fails_or_is_skipped(tmp_path):
    def pages(writer):
        yield response(writer, "https://news.example/empty", b"<html><body><script>1</script></body></html>")
        yield from two_pages(writer)

    path = write_archive(tmp_path / "mixed.warc.gz", pages)
    with pytest.raises(InputError) as caught:
        list(read_paths([path]))
    assert caught.value.origin == f"{path}:1"
    assert len(list(read_paths([path], on_error="skip"))) == 2


def test_declared_charset_is_used(tmp_path):
    def pages(writer):
        page = PAGE.format(title="Visite du ministre à Dakar", date="2016-06-01",
                           body="Le ministre français est arrivé à Dakar pour une visite d'État.")
        yield response(writer, "https://news.example/fr", page.encode("latin-1"),
                       content_type="text/html; charset=iso-8859-1")

    (document,) = read_paths([write_archive(tmp_path / "fr.warc", pages)])
    assert "arrivé à Dakar" in document.text


def test_a_file_that_is_not_an_archive_is_an_input_error(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("this is not a web archive\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable WARC"):
        list(read_paths([path]))
