"""Builds the stages once and runs documents through them in batches.

readers -> clean -> dedupe -> parse -> actors -> events -> store. The
:class:`Pipeline` holds the built stages (knowledge base, spaCy pipeline,
cleaner, actor resolver, event coder); :func:`run_files` streams input files
through it into a store, one transaction per batch.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from spacy.tokens import Doc

from dyads.actors.kb import KnowledgeBase
from dyads.actors.resolver import ActorResolver, DocumentActors
from dyads.clean import DATELINE, Cleaner, dateline_places
from dyads.dedupe import Deduplicator, MemoryPassageIndex
from dyads.errors import DyadsError, InputError
from dyads.events.coder import EventCoder, TraceLine
from dyads.events.ontology import Ontology
from dyads.events.patterns import PatternBook
from dyads.model import CleanDocument, Document, Event, RunReport
from dyads.nlp import load_pipeline
from dyads.readers import read_paths
from dyads.settings import Settings
from dyads.store import DocumentRow, Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]
#: A batch of cleaned, de-duplicated documents with the fingerprints to persist for each.
CleanBatch = list[tuple[CleanDocument, tuple[str, ...]]]
#: Codes a stream of batches, yielding each batch with its coded documents, in input order
#: (in this process by default; :class:`dyads.parallel.WorkerPool` codes them in worker processes).
BatchCoder = Callable[[Iterable[CleanBatch]], Iterator[tuple[CleanBatch, list["CodedDocument"]]]]


@dataclass(frozen=True, slots=True)
class CodedDocument:
    """One document after the whole pipeline: the events and the counts the store keeps."""

    document: CleanDocument
    events: tuple[Event, ...]
    sentences: int
    words: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline knows about one document, for ``dyads explain``."""

    document: CleanDocument
    docs: tuple[Doc, ...]
    actors: DocumentActors
    events: tuple[Event, ...]
    trace: tuple[TraceLine, ...]


class Pipeline:
    """The built stages. Build once per process (loading spaCy and the dictionaries takes seconds).

    :meth:`with_settings` gives the same built stages under other run settings
    (database, error policy, progress), so that changing those rebuilds nothing.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.kb = KnowledgeBase.load(extra_paths=[Path(p) for p in settings.actor_dictionaries])
        self.nlp = load_pipeline(settings.spacy_model)
        self.cleaner = Cleaner(self.kb.possessable_names())
        self.resolver = ActorResolver(self.kb, self.nlp)
        self.ontology = Ontology.load()
        self.patterns = PatternBook.load(known_codes=[entry.code for entry in self.ontology])
        self.coder = EventCoder(self.ontology, self.patterns, settings.coder_version, settings.min_confidence,
                                gazetteer=self.resolver.gazetteer)

    def with_settings(self, settings: Settings) -> "Pipeline":
        """This pipeline under ``settings``, which must agree on everything the stages are built from."""
        if build_key(settings) != build_key(self.settings):
            raise ValueError("settings differ in what the stages are built from; build a new Pipeline")
        clone = copy.copy(self)
        clone.settings = settings
        return clone

    # -- coding -------------------------------------------------------------------------------
    def parse(self, documents: Sequence[CleanDocument]) -> list[list[Doc]]:
        """Parse every passage of a batch in one ``nlp.pipe`` stream; docs grouped per document."""
        texts = [passage.text for document in documents for passage in document.passages]
        parsed = iter(self.nlp.pipe(texts, batch_size=self.settings.batch_size))
        return [[next(parsed) for _ in document.passages] for document in documents]

    def code_batch(self, documents: Sequence[CleanDocument]) -> list[CodedDocument]:
        coded = []
        for document, docs in zip(documents, self.parse(documents)):
            actors = self.resolver.resolve(docs, document.date)
            events = self.coder.code_document(document.doc_id, docs, actors, document.date,
                                              home=self.home(document))
            sentences = sum(1 for doc in docs for _ in doc.sents)
            words = sum(1 for doc in docs for token in doc if not token.is_punct and not token.is_space)
            coded.append(CodedDocument(document, tuple(events), sentences, words))
        return coded

    def home(self, document: CleanDocument) -> tuple[str, str]:
        """(country, place) of the document's wire dateline ("KARACHI (Reuters) -"), or ("", "")."""
        for repair in document.repairs:
            if repair.kind == DATELINE:
                for place in dateline_places(repair.before):
                    country = self.resolver.place_country(place)
                    if country:
                        return country, place
        return "", ""

    def code_batches(self, batches: Iterable[CleanBatch]) -> Iterator[tuple[CleanBatch, list[CodedDocument]]]:
        """The in-process :data:`BatchCoder`: each batch with its coded documents."""
        for batch in batches:
            yield batch, self.code_batch([clean for clean, _ in batch])

    def analyse(self, document: Document) -> Analysis:
        """Run one document through every stage, keeping the parse and the coder's trace."""
        clean = self.cleaner.clean(document)
        clean, _ = Deduplicator(MemoryPassageIndex(), self.settings.duplicate_threshold).dedupe(clean)
        docs = self.parse([clean])[0]
        actors = self.resolver.resolve(docs, clean.date)
        trace: list[TraceLine] = []
        events = self.coder.code_document(clean.doc_id, docs, actors, clean.date, trace, home=self.home(clean))
        return Analysis(clean, tuple(docs), actors, tuple(events), tuple(trace))

    def code_documents(self, documents: Iterable[Document], *, across_documents: bool = True
                       ) -> Iterator[CodedDocument]:
        """Clean, de-duplicate and code documents, streaming in batches.

        Passages repeated within a document are always coded once; with ``across_documents`` (the
        default) so are passages repeated in other documents of this call. Scoring gold sets turns it
        off: each gold record is a test of its own, and two records may share a sentence.
        """
        index = MemoryPassageIndex()
        deduplicator = Deduplicator(index, self.settings.duplicate_threshold)
        batch: list[CleanDocument] = []
        for document in documents:
            if not across_documents:
                index = MemoryPassageIndex()
                deduplicator = Deduplicator(index, self.settings.duplicate_threshold)
            clean, fingerprints = deduplicator.dedupe(self.cleaner.clean(document))
            index.add(fingerprints, clean.doc_id)
            batch.append(clean)
            if len(batch) >= self.settings.batch_size:
                yield from self.code_batch(batch)
                batch = []
        if batch:
            yield from self.code_batch(batch)


def build_key(settings: Settings) -> tuple:
    """The settings the built stages depend on (not the database, error policy or progress)."""
    return (settings.spacy_model, settings.actor_dictionaries, settings.coder_version, settings.min_confidence)


def validate_inputs(paths: Sequence[str | Path], default_date: dt.date | None, text_column: str) -> int:
    """Read every input once without coding, so that bad input fails before the store is touched.

    Raises :class:`InputError` for the first unreadable file, malformed record or
    document id that appears twice; returns the number of documents.
    """
    seen: set[str] = set()
    for document in read_paths(paths, default_date=default_date, text_column=text_column, on_error="fail"):
        if document.doc_id in seen:
            raise _repeated_id(document)
        seen.add(document.doc_id)
    return len(seen)


def _repeated_id(document: Document) -> InputError:
    return InputError(document.origin, f"document id {document.doc_id!r} appears twice in this run",
                      "give each record a unique id")


def run_files(pipeline: Pipeline, paths: Sequence[str | Path], store: Store, *,
              default_date: dt.date | None = None, text_column: str = "text",
              progress: ProgressCallback | None = None, document_ids: list[str] | None = None,
              coder: BatchCoder | None = None) -> RunReport:
    """Code input files into ``store``: one transaction per batch, unchanged documents skipped.

    The caller validates the inputs first (:func:`validate_inputs`) when bad input
    must stop the run before anything is written. ``document_ids``, when
    given, receives the id of every input document (coded or unchanged).
    Reading, cleaning, de-duplication and writing happen here, in input order;
    ``coder`` (default: :meth:`Pipeline.code_batch` in this process) does the rest.
    """
    settings = pipeline.settings
    inputs = tuple(str(path) for path in paths)
    run_id = f"run-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    started = dt.datetime.now(dt.timezone.utc)
    store.start_run(run_id, inputs, asdict(settings))
    counts = _Counts()
    errors: list[str] = []
    try:
        batches = _batches(_clean_new(pipeline, paths, store, counts, errors, default_date, text_column,
                                      document_ids), settings.batch_size)
        for batch, coded in (coder or pipeline.code_batches)(batches):
            _write(batch, coded, store, run_id, counts)
            if progress is not None:
                progress(len(batch))
    except BaseException:
        report = counts.report(run_id, started, inputs, errors)
        store.finish_run(report, status="failed")
        raise
    report = counts.report(run_id, started, inputs, errors)
    store.finish_run(report, status="ok")
    return report


@dataclass(slots=True)
class _Counts:
    read: int = 0
    coded: int = 0
    unchanged: int = 0
    failed: int = 0
    sentences: int = 0
    words: int = 0
    duplicates: int = 0
    events: int = 0

    def report(self, run_id: str, started: dt.datetime, inputs: tuple[str, ...], errors: list[str]) -> RunReport:
        return RunReport(run_id=run_id, started=started, finished=dt.datetime.now(dt.timezone.utc), inputs=inputs,
                         documents_read=self.read, documents_coded=self.coded,
                         documents_unchanged=self.unchanged, documents_failed=self.failed,
                         sentences=self.sentences, words=self.words, duplicate_passages=self.duplicates,
                         events=self.events, errors=tuple(errors))


def _clean_new(pipeline: Pipeline, paths: Sequence[str | Path], store: Store, counts: _Counts, errors: list[str],
               default_date: dt.date | None, text_column: str,
               document_ids: list[str] | None) -> Iterator[tuple[CleanDocument, tuple[str, ...]]]:
    """Cleaned, de-duplicated documents that are new or changed since they were last stored."""
    seen_ids: set[str] = set()
    index = store.passage_index()
    deduplicator = Deduplicator(index, pipeline.settings.duplicate_threshold)

    def skipped(error: InputError) -> None:
        errors.append(str(error))
        counts.failed += 1

    documents = read_paths(paths, default_date=default_date, text_column=text_column,
                           on_error=pipeline.settings.on_error, skipped=skipped)
    for document in documents:
        counts.read += 1
        if document.doc_id in seen_ids:
            error = _repeated_id(document)
            if pipeline.settings.on_error == "fail":
                raise error
            skipped(error)
            continue
        seen_ids.add(document.doc_id)
        if document_ids is not None:
            document_ids.append(document.doc_id)
        clean = pipeline.cleaner.clean(document)
        if store.document_status(clean.doc_id, clean.content_hash) == "unchanged":
            counts.unchanged += 1
            continue
        clean, fingerprints = deduplicator.dedupe(clean)
        index.add(fingerprints, clean.doc_id)  # later documents of this run de-duplicate against it
        counts.duplicates += clean.duplicate_passages
        yield clean, fingerprints


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(batch: CleanBatch, coded: list[CodedDocument], store: Store, run_id: str, counts: _Counts) -> None:
    rows = [DocumentRow.from_clean(item.document, item.sentences, item.words) for item in coded]
    events = [event for item in coded for event in item.events]
    fingerprints = [(fingerprint, clean.doc_id) for clean, prints in batch for fingerprint in prints]
    store.write_batch(rows, events, fingerprints, run_id)
    counts.coded += len(coded)
    counts.sentences += sum(item.sentences for item in coded)
    counts.words += sum(item.words for item in coded)
    counts.events += len(events)


__all__ = ["Pipeline", "CodedDocument", "Analysis", "BatchCoder", "CleanBatch", "run_files", "validate_inputs",
           "DyadsError"]
