"""Local parallelism: code batches of clean documents in worker processes.

``dyads code --workers N`` keeps reading, cleaning, de-duplication, the
unchanged check and writing in the main process, in input order (so the store
has one writer and de-duplication sees documents in the same order as a
one-process run), and sends each batch of clean documents to a pool of N
processes. Each worker builds the pipeline once (spaCy and the dictionaries
take seconds to load) and parses, resolves actors and codes events. Results come
back in input order, so a run with N workers writes exactly what a run with one
process writes.

At most ``max_in_flight`` batches are out at once, so memory stays flat
however large the input. Workers are started with the ``spawn`` method by
default: a forked copy of a process that has loaded spaCy (or started threads)
is not safe.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from dyads.errors import DyadsError
from dyads.model import CleanDocument, Event
from dyads.settings import Settings

log = logging.getLogger(__name__)

#: Batches out at once per worker: one being coded, one waiting, so no worker idles.
IN_FLIGHT_PER_WORKER = 2

#: What a worker sends back per document: its events, sentence count and word count
#: (the main process still holds the document itself, so it does not travel back).
_WorkerResult = tuple[tuple[Event, ...], int, int]


class WorkerError(DyadsError):
    """A named dyads error raised in a worker process, carried back with its message and exit code.

    Some dyads errors take several constructor arguments and cannot be unpickled
    as they are; this one always can.
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message, exit_code)
        self.exit_code = exit_code

    def __str__(self) -> str:
        return str(self.args[0])


def portable_error(error: DyadsError) -> DyadsError:
    """``error`` if it survives pickling unchanged, else a :class:`WorkerError` with its message."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any failure to round-trip means: send a plain copy
        return WorkerError(str(error), getattr(error, "exit_code", 1))
    return error


def _start_worker(settings: Settings) -> None:
    """Pool initializer: build the pipeline once in this worker (cached per process by the API)."""
    from dyads.api import get_pipeline

    started = time.perf_counter()
    get_pipeline(settings)
    log.info("worker %d: pipeline ready in %.1f s", os.getpid(), time.perf_counter() - started)


def _code_in_worker(settings: Settings, documents: list[CleanDocument]) -> list[_WorkerResult]:
    """Code one batch in a worker with its cached pipeline."""
    from dyads.api import get_pipeline

    try:
        coded = get_pipeline(settings).code_batch(documents)
    except DyadsError as error:
        raise portable_error(error) from None
    return [(item.events, item.sentences, item.words) for item in coded]


def _worker_ready(pause: float) -> int:
    """A no-op task that keeps its worker busy for ``pause`` seconds, so that warm-up tasks spread out."""
    time.sleep(pause)
    return os.getpid()


class WorkerPool:
    """N worker processes that each build the pipeline once and code batches of clean documents.

    Use as a context manager; :meth:`code_batches` is a
    :data:`dyads.pipeline.BatchCoder` for :func:`dyads.pipeline.run_files`.
    The pool can code several runs in turn (the benchmark reuses one warm pool).
    """

    def __init__(self, settings: Settings, workers: int, *, max_in_flight: int | None = None,
                 start_method: str = "spawn") -> None:
        if workers < 1:
            raise DyadsError(f"workers must be at least 1, not {workers}")
        self.settings = settings
        self.workers = workers
        self.max_in_flight = max_in_flight or IN_FLIGHT_PER_WORKER * workers
        context = multiprocessing.get_context(start_method)
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                             initializer=_start_worker, initargs=(settings,))

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers; batches not yet started are cancelled."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def warm(self, timeout: float = 300.0) -> list[int]:
        """Start every worker and wait until each has built its pipeline; return their process ids.

        Short tasks are sent a round at a time until every worker has answered one (a worker
        that is ready early may take several of a round).
        """
        seen: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(seen) < self.workers and time.monotonic() < deadline:
            futures = [self._executor.submit(_worker_ready, 0.5) for _ in range(self.workers)]
            seen.update(self._result(future) for future in futures)
        return sorted(seen)

    def code_batches(self, batches: Iterable[list]) -> Iterator[tuple[list, list]]:
        """Code batches of ``(CleanDocument, fingerprints)`` in the workers; yield ``(batch, coded)`` in order.

        ``coded`` holds one :class:`~dyads.pipeline.CodedDocument` per document.
        """
        from dyads.pipeline import CodedDocument

        pending: deque[tuple[list, Future]] = deque()
        try:
            for batch in batches:
                documents = [clean for clean, _ in batch]
                pending.append((batch, self._executor.submit(_code_in_worker, self.settings, documents)))
                if len(pending) >= self.max_in_flight:
                    yield self._collect(pending.popleft(), CodedDocument)
            while pending:
                yield self._collect(pending.popleft(), CodedDocument)
        finally:
            for _, future in pending:
                future.cancel()

    def _collect(self, item: tuple[list, Future], coded_type: type) -> tuple[list, list]:
        batch, future = item
        results = self._result(future)
        coded = [coded_type(clean, events, sentences, words)
                 for (clean, _), (events, sentences, words) in zip(batch, results, strict=True)]
        return batch, coded

    @staticmethod
    def _result(future: Future):
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise DyadsError("a worker process died (out of memory, killed, or it could not build the pipeline: "
                             "see the messages above); batches already written are kept: run the same "
                             "command again to code the rest") from exc


__all__ = ["WorkerPool", "WorkerError", "portable_error", "IN_FLIGHT_PER_WORKER"]
