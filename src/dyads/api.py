"""The public Python API of dyads; the CLI and any other interface call only these.

Heavy imports (spaCy, the dictionaries) happen on first use, so ``import dyads``
stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from dyads.errors import InputError, SettingsError
from dyads.model import Document, Event, Mention, RunReport
from dyads.settings import Settings, load_settings

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

    from dyads.evaluate import EvalReport
    from dyads.pipeline import Analysis, Pipeline
    from dyads.store import Store

log = logging.getLogger(__name__)


def get_pipeline(settings: Settings | None = None) -> "Pipeline":
    """The built pipeline for these settings; the stages are built once per process and model settings."""
    from dyads.pipeline import build_key

    settings = settings or load_settings()
    return _built(build_key(settings)).with_settings(settings)


@lru_cache(maxsize=2)
def _built(key: tuple) -> "Pipeline":
    from dyads.pipeline import Pipeline

    spacy_model, actor_dictionaries, coder_version, min_confidence = key
    return Pipeline(Settings(spacy_model=spacy_model, actor_dictionaries=actor_dictionaries,
                             coder_version=coder_version, min_confidence=min_confidence))


def _as_document(item: str | Document | Mapping[str, Any], number: int, date: dt.date | None) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(doc_id=f"text-{number}", text=item, date=date, origin=f"text {number}")
    if isinstance(item, Mapping):
        if not isinstance(item.get("text"), str) or not item["text"].strip():
            raise InputError(f"text {number}", "record has no text")
        raw_date = item.get("date")
        try:
            when = dt.date.fromisoformat(str(raw_date)[:10]) if raw_date else date
        except ValueError:
            raise InputError(f"text {number}", f"date {raw_date!r} is not YYYY-MM-DD") from None
        return Document(doc_id=str(item.get("id") or f"text-{number}"), text=item["text"], date=when,
                        title=item.get("title"), url=item.get("url"), source=item.get("source"),
                        origin=f"text {number}")
    raise InputError(f"text {number}", f"cannot code a {type(item).__name__}; give a str, dict or Document")


def code_texts(texts: Iterable[str | Document | Mapping[str, Any]], *, date: dt.date | None = None,
               settings: Settings | None = None) -> list[Event]:
    """Code texts in memory (nothing is stored); ``date`` is the document date of plain strings."""
    pipeline = get_pipeline(settings)
    documents = [_as_document(item, number, date) for number, item in enumerate(texts, start=1)]
    return [event for coded in pipeline.code_documents(documents) for event in coded.events]


def code_files(paths: Sequence[str | Path], *, db: str | Path | None = None, out: str | Path | None = None,
               default_date: dt.date | None = None, text_column: str = "text",
               settings: Settings | None = None, progress: Callable[[int], None] | None = None,
               workers: int = 1, dask: "str | Client | None" = None, out_dir: str | Path | None = None,
               partition_size: int | None = None) -> RunReport:
    """Code files and folders into the store at ``db``; with ``out``, also export this run's events.

    ``workers`` > 1 codes batches in that many processes (same results as one).
    ``dask`` (a scheduler address such as ``tcp://host:8786``, ``local`` or
    ``local:N`` for a LocalCluster of N workers, or a connected
    ``distributed.Client``) codes partitions of the input on a Dask cluster
    into the Parquet dataset ``out_dir`` instead of a DuckDB file; a run
    started again skips the partitions already done (see :mod:`dyads.distributed`).
    """
    from dyads.pipeline import run_files, validate_inputs
    from dyads.store import export_events, format_from_path, open_store as _open

    settings = settings or load_settings()
    if out is not None:
        format_from_path(out)  # an unknown export format fails before any coding
    if dask is not None:
        return _code_files_dask(paths, dask=dask, out_dir=out_dir, out=out, default_date=default_date,
                                text_column=text_column, settings=settings, progress=progress,
                                partition_size=partition_size)
    if workers < 1:
        raise SettingsError(f"workers must be at least 1, not {workers}")
    if settings.on_error == "fail":
        validate_inputs(paths, default_date, text_column)  # bad input fails before the store is touched
    with _open(db or settings.db_path) as store, _batch_coder(settings, workers) as coder:
        document_ids: list[str] = []
        report = run_files(get_pipeline(settings), paths, store, default_date=default_date,
                           text_column=text_column, progress=progress, document_ids=document_ids, coder=coder)
        if out is not None:
            # the events of every input document, including those unchanged since an earlier run
            export_events(store.event_records(doc_id=document_ids) if document_ids else [], out)
    return report


@contextlib.contextmanager
def _batch_coder(settings: Settings, workers: int) -> Iterator[Any]:
    """None (code in this process) for one worker, else a worker pool's batch coder."""
    if workers == 1:
        yield None
        return
    from dyads.parallel import WorkerPool

    with WorkerPool(settings, workers) as pool:
        yield pool.code_batches


def _code_files_dask(paths: Sequence[str | Path], *, dask: "str | Client", out_dir: str | Path | None,
                     out: str | Path | None, default_date: dt.date | None, text_column: str,
                     settings: Settings, progress: Callable[[int], None] | None,
                     partition_size: int | None) -> RunReport:
    from dyads.distributed import DEFAULT_PARTITION_SIZE, dask_client, run_dask
    from dyads.store import export_events, open_store as _open

    if out_dir is None:
        raise SettingsError("a Dask run writes a Parquet dataset: give out_dir (--out-dir DIR)")
    with dask_client(dask) as client:
        report = run_dask(paths, out_dir, client, settings, default_date=default_date, text_column=text_column,
                          partition_size=partition_size or DEFAULT_PARTITION_SIZE, progress=progress)
    if out is not None:
        with _open(out_dir, read_only=True) as dataset:
            export_events(dataset.event_records(), out)
    return report


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> "Store":
    """Open the event database (DuckDB) at ``path`` (default from the settings)."""
    from dyads.store import open_store as _open

    return _open(path or load_settings().db_path, read_only=read_only)


@dataclass(frozen=True, slots=True)
class Explanation:
    """What ``dyads explain`` shows: tokens with their parse, mentions, events and the coder's decisions."""

    tokens: tuple[tuple[int, int, str, str, str, str, int, str], ...]  # sentence, i, text, lemma, pos, dep, head, ent
    mentions: tuple[Mention, ...]
    mention_evidence: tuple[tuple[str, ...], ...]
    events: tuple[Event, ...]
    decisions: tuple[tuple[int, str, str, str], ...]  # sentence, word, rule, outcome
    repairs: tuple[tuple[str, str, str], ...]

    def to_dict(self) -> dict:
        return {"tokens": [dict(zip(("sentence", "i", "text", "lemma", "pos", "dep", "head", "ent"), t))
                           for t in self.tokens],
                "mentions": [{"text": m.text, "codes": list(m.codes), "reason": m.reason,
                              "sentence_index": m.sentence_index, "evidence": list(ev)}
                             for m, ev in zip(self.mentions, self.mention_evidence)],
                "events": [e.to_record() for e in self.events],
                "decisions": [dict(zip(("sentence", "word", "rule", "outcome"), d)) for d in self.decisions],
                "repairs": [dict(zip(("kind", "before", "after"), r)) for r in self.repairs]}


def explain(text: str, *, date: dt.date | None = None, settings: Settings | None = None) -> Explanation:
    """Code one text and keep every step: parse, actor mentions (and why), events and rules."""
    from dyads.actors.resolver import mentions_for_record

    pipeline = get_pipeline(settings)
    analysis: Analysis = pipeline.analyse(Document(doc_id="explain", text=text, date=date, origin="explain"))
    tokens = []
    sentence = 0
    for doc in analysis.docs:
        for sent in doc.sents:
            tokens.extend((sentence, t.i, t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in sent)
            sentence += 1
    mentions = mentions_for_record(analysis.actors, analysis.docs)
    evidence = tuple(m.evidence for m in analysis.actors.all())
    decisions = tuple((d.sentence_index, d.word, d.rule, d.outcome) for d in analysis.trace)
    repairs = tuple((r.kind, r.before, r.after) for r in analysis.document.repairs)
    return Explanation(tuple(tokens), tuple(mentions), evidence, analysis.events, decisions, repairs)


def evaluate_gold(path: str | Path, *, settings: Settings | None = None) -> "EvalReport":
    """Code the texts of a gold file and score them with the gold README's matching rules.

    Each record is coded as a document of its own: a sentence that two records share is coded in
    both (repeats within one record, like a thread that reposts an article, are still coded once).
    """
    from dyads.evaluate import gold_documents, load_gold, score

    records = load_gold(path)
    pipeline = get_pipeline(settings)
    coded_documents = pipeline.code_documents(gold_documents(records), across_documents=False)
    events = [event for coded in coded_documents for event in coded.events]
    return score(records, events, name=Path(path).name)



def import_dictionaries(paths: Sequence[str | Path], out_dir: str | Path, *, strict: bool = False):
    """Convert PETRARCH/TABARI actor, agent and discard dictionaries into dyads' format in ``out_dir``.

    Load the result with the ``actor_dictionaries`` setting (``--dictionaries`` on the command line).
    """
    from dyads.actors.kb import KnowledgeBase
    from dyads.actors.petrarch import import_dictionaries as _import

    countries = KnowledgeBase.load().countries
    return _import(paths, out_dir, countries=countries, strict=strict)
