"""The distributed engine: code partitions of the input on a Dask cluster into a Parquet dataset.

:func:`plan_partitions` cuts the input into partitions: a JSONL file into
ranges of lines (found by one pass over its bytes, so a worker seeks straight
to its range), single-document files (text, HTML) into groups of files, and
every other file (CSV, TSV, WARC) into one partition each. A partition's id
is a hash of what it covers, so the same input always gives the same ids.

:func:`code_partition` runs on a worker: it reads its partition, cleans,
de-duplicates and codes it with the worker's pipeline (built once per worker
process and cached by :func:`dyads.api.get_pipeline`), writes the partition's
Parquet files (:func:`dyads.store.write_partition`, file names fixed by the
partition id) and then its manifest entry, ``_manifest/<id>.json``, through a
temporary file renamed into place. A partition without a manifest entry is
not done: :func:`run_dask` codes exactly those, so a run that was killed, or
lost a worker, finishes when started again, and a partition coded twice
replaces its own files instead of adding events a second time.

Limits: documents are de-duplicated (repeated passages dropped) within a
partition, not across partitions, and repeated document ids are found within
a partition only. The output folder holds one corpus: partitions of inputs that
changed since (other line ranges, other file groups) are not removed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from dyads.errors import DyadsError, InputError, SettingsError
from dyads.model import Document, RunReport
from dyads.parallel import portable_error
from dyads.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

log = logging.getLogger(__name__)

#: Documents per partition: JSONL lines, or files of single-document formats.
DEFAULT_PARTITION_SIZE = 250
#: Partitions submitted at once per worker thread (bounded, so the scheduler's memory stays flat).
IN_FLIGHT_PER_THREAD = 2
MANIFEST = "_manifest"
_LINE_FORMATS = (".jsonl", ".ndjson")
_SINGLE_DOCUMENT_FORMATS = (".txt", ".text", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of the input one task codes: byte range ``[start, end)`` of a JSONL file
    (``first_line`` is the number of its first line), or whole ``files``."""

    partition_id: str
    files: tuple[str, ...]
    start: int = 0
    end: int = -1
    first_line: int = 1

    @property
    def is_line_range(self) -> bool:
        return self.end >= 0


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What coding one partition did (also the content of its manifest entry)."""

    partition_id: str
    files: tuple[str, ...]
    start: int
    end: int
    documents: int
    failed: int
    sentences: int
    words: int
    duplicate_passages: int
    events: int
    outputs: tuple[str, ...]
    errors: tuple[str, ...] = ()
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=1)


# --- planning --------------------------------------------------------------------------------


def plan_partitions(paths: Sequence[str | Path], partition_size: int = DEFAULT_PARTITION_SIZE) -> list[Partition]:
    """Cut the inputs into partitions of about ``partition_size`` documents, in input order."""
    from dyads.readers import iter_input_files

    if partition_size < 1:
        raise SettingsError(f"partition size must be at least 1, not {partition_size}")
    partitions: list[Partition] = []
    group: list[Path] = []
    for path in iter_input_files(paths):
        name = path.name.lower()
        if name.endswith(_SINGLE_DOCUMENT_FORMATS):
            group.append(path)
            if len(group) >= partition_size:
                partitions.append(_file_partition(group))
                group = []
            continue
        if group:
            partitions.append(_file_partition(group))
            group = []
        if name.endswith(_LINE_FORMATS) and _splittable(path):
            partitions.extend(_line_partitions(path, partition_size))
        else:
            partitions.append(_file_partition([path]))
    if group:
        partitions.append(_file_partition(group))
    return partitions


def _partition_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:16]


def _file_partition(paths: Sequence[Path]) -> Partition:
    files = tuple(str(path.resolve()) for path in paths)
    return Partition(_partition_id("files", *files), files)


def _splittable(path: Path) -> bool:
    """Whether the file's lines can be found by splitting its bytes at b"\\n" (not UTF-16/32)."""
    from dyads.readers.common import ENCODING_SAMPLE_BYTES, choose_encoding

    with path.open("rb") as handle:
        sample = handle.read(ENCODING_SAMPLE_BYTES)
    try:
        encoding = choose_encoding(sample, str(path), complete=len(sample) < ENCODING_SAMPLE_BYTES)
    except InputError:
        return False  # the worker reads the whole file and reports the problem
    return not encoding.startswith(("utf-16", "utf-32"))


def _line_partitions(path: Path, lines_per_partition: int) -> Iterator[Partition]:
    """Ranges of ``lines_per_partition`` lines, found in one pass over the file's bytes."""
    resolved = str(path.resolve())
    start, first_line, number, offset = 0, 1, 0, 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            offset += len(line)
            if number - first_line + 1 >= lines_per_partition:
                yield Partition(_partition_id("lines", resolved, start, offset), (resolved,), start, offset, first_line)
                start, first_line = offset, number + 1
    if offset > start:
        yield Partition(_partition_id("lines", resolved, start, offset), (resolved,), start, offset, first_line)


# --- coding one partition (on a worker) ------------------------------------------------------


def code_partition(partition: Partition, settings: Settings, out_dir: str, *,
                   default_date: dt.date | None = None, text_column: str = "text") -> PartitionResult:
    """Code one partition into the dataset at ``out_dir`` and record it in the manifest.

    Runs on a Dask worker (or anywhere): the pipeline is built once per process.
    Raises the first bad input when ``settings.on_error`` is ``"fail"``.
    """
    from dyads.api import get_pipeline
    from dyads.store import DocumentRow, write_partition

    started = time.perf_counter()
    errors: list[str] = []
    try:
        documents = _unique(_read_partition(partition, default_date, text_column, settings.on_error, errors),
                            settings.on_error, errors)
        coded = list(get_pipeline(settings).code_documents(documents))
    except DyadsError as error:
        raise portable_error(error) from None
    rows = [DocumentRow.from_clean(item.document, item.sentences, item.words) for item in coded]
    events = [event for item in coded for event in item.events]
    outputs = write_partition(out_dir, partition.partition_id, rows, events)
    result = PartitionResult(
        partition_id=partition.partition_id, files=partition.files, start=partition.start, end=partition.end,
        documents=len(coded), failed=len(errors), sentences=sum(item.sentences for item in coded),
        words=sum(item.words for item in coded),
        duplicate_passages=sum(item.document.duplicate_passages for item in coded), events=len(events),
        outputs=tuple(str(Path(path).relative_to(out_dir)) for path in outputs), errors=tuple(errors),
        seconds=round(time.perf_counter() - started, 3))
    Manifest(out_dir).record(result)
    return result


def _read_partition(partition: Partition, default_date: dt.date | None, text_column: str, on_error: str,
                    errors: list[str]) -> Iterator[Document]:
    from dyads.readers import read_paths

    def skipped(error: InputError) -> None:
        errors.append(str(error))

    if not partition.is_line_range:
        yield from read_paths(partition.files, default_date=default_date, text_column=text_column,
                              on_error=on_error, skipped=skipped)
        return
    for record in _read_line_range(partition, default_date):
        if isinstance(record, InputError):
            if on_error == "fail":
                raise record
            log.warning("skipped %s", record)
            skipped(record)
        else:
            yield record


def _read_line_range(partition: Partition, default_date: dt.date | None) -> Iterator[Document | InputError]:
    """The records of a JSONL byte range, numbered as whole-file reading numbers them."""
    # The JSONL reader's record rules, applied to a range of lines; see readers/jsonl.py.
    from dyads.readers.common import ENCODING_SAMPLE_BYTES, ReadOptions, choose_encoding
    from dyads.readers.jsonl import _document, _parse

    path = Path(partition.files[0])
    options = ReadOptions(default_date=default_date)
    with path.open("rb") as handle:
        sample = handle.read(ENCODING_SAMPLE_BYTES)
        encoding = choose_encoding(sample, str(path), complete=len(sample) < ENCODING_SAMPLE_BYTES)
        handle.seek(partition.start)
        number = partition.first_line - 1
        while handle.tell() < partition.end and (raw := handle.readline()):
            number += 1
            origin = f"{path}:{number}"
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError:
                yield InputError(origin, f"cannot decode the line as {encoding}", "save the file as UTF-8")
                continue
            line = line.lstrip("\ufeff") if number == 1 else line
            if not line.strip():
                continue
            try:
                yield _document(_parse(line, origin), path, number, origin, options)
            except InputError as error:
                yield error


def _unique(documents: Iterable[Document], on_error: str, errors: list[str]) -> Iterator[Document]:
    """The documents with an id not seen before in this partition."""
    seen: set[str] = set()
    for document in documents:
        if document.doc_id in seen:
            error = InputError(document.origin, f"document id {document.doc_id!r} appears twice in this run",
                               "give each record a unique id")
            if on_error == "fail":
                raise error
            errors.append(str(error))
            continue
        seen.add(document.doc_id)
        yield document


# --- the manifest ----------------------------------------------------------------------------


class Manifest:
    """The partitions done in a dataset: one JSON entry per partition under ``_manifest/``.

    An entry is written (temporary file, then rename) only after the partition's
    Parquet files are in place, so an entry always means complete output.
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.folder = Path(out_dir) / MANIFEST

    def record(self, result: PartitionResult) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{result.partition_id}.json"
        temporary = self.folder / f".{path.name}.{uuid.uuid4().hex}.tmp"
        try:
            temporary.write_text(result.to_json() + "\n", encoding="utf-8")
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        return path

    def done(self) -> dict[str, PartitionResult]:
        """Entries of the partitions done, by partition id (an unreadable entry counts as not done)."""
        found: dict[str, PartitionResult] = {}
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                result = PartitionResult(**{**data, "files": tuple(data["files"]),
                                            "outputs": tuple(data["outputs"]), "errors": tuple(data["errors"])})
            except (OSError, ValueError, TypeError, KeyError) as exc:
                log.warning("%s: unreadable manifest entry, the partition will be coded again (%s)", path, exc)
                continue
            found[result.partition_id] = result
        return found


# --- running on a cluster --------------------------------------------------------------------


@contextlib.contextmanager
def dask_client(spec: "str | Client") -> Iterator["Client"]:
    """A Dask client for ``spec``: a connected Client (used as is), ``local`` / ``local:N``
    (a LocalCluster of N single-threaded worker processes, default 2), or a scheduler address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SettingsError("Dask runs need the dask extra: pip install 'dyads[dask]'") from exc
    if isinstance(spec, Client):
        yield spec
        return
    if spec == "local" or spec.startswith("local:"):
        workers = _local_workers(spec)
        # One thread per worker: a built pipeline is not shared between threads.
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=logging.WARNING) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(spec, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise DyadsError(f"cannot reach the Dask scheduler at {spec}: {exc}; start it with `dask scheduler` "
                         "and give its address (tcp://HOST:8786)") from exc
    with client:
        yield client


def _local_workers(spec: str) -> int:
    count = spec.partition(":")[2] or "2"
    if not count.isdigit() or int(count) < 1:
        raise SettingsError(f"--dask {spec}: write local or local:N with N workers (N at least 1)")
    return int(count)


def warm_workers(client: "Client", settings: Settings) -> None:
    """Build the pipeline on every worker now (one task per worker), so that timing starts warm."""
    workers = list(client.scheduler_info()["workers"])
    futures = [client.submit(_build_pipeline, settings, workers=[address], pure=False, allow_other_workers=False)
               for address in workers]
    client.gather(futures)


def _build_pipeline(settings: Settings) -> int:
    from dyads.api import get_pipeline

    get_pipeline(settings)
    return os.getpid()


def run_dask(paths: Sequence[str | Path], out_dir: str | Path, client: "Client", settings: Settings, *,
             default_date: dt.date | None = None, text_column: str = "text",
             partition_size: int = DEFAULT_PARTITION_SIZE, progress: Callable[[int], None] | None = None,
             on_partition: Callable[[PartitionResult], None] | None = None) -> RunReport:
    """Code the partitions of ``paths`` not yet done in ``out_dir`` on the cluster of ``client``.

    ``out_dir`` must be on a filesystem every worker writes to. ``progress``
    receives the number of documents of each partition done; ``on_partition``
    each partition's result once its manifest entry is written. Partitions
    already done count as ``documents_unchanged``.
    """
    from distributed import as_completed

    out_dir = Path(out_dir).resolve()
    run_id = f"dask-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    started = dt.datetime.now(dt.timezone.utc)
    out_dir.mkdir(parents=True, exist_ok=True)
    partitions = plan_partitions(paths, partition_size)
    done = Manifest(out_dir).done()
    todo = [partition for partition in partitions if partition.partition_id not in done]
    planned = {partition.partition_id for partition in partitions}
    log.info("%d partitions: %d done before, %d to code", len(partitions), len(partitions) - len(todo), len(todo))
    results: list[PartitionResult] = []
    window = max(1, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    waiting = iter(todo)
    submit = _submitter(client, settings, str(out_dir), default_date, text_column)
    in_flight = {submit(partition) for partition in _take(waiting, window)}
    finished = as_completed(in_flight)
    try:
        for future in finished:
            in_flight.discard(future)
            result: PartitionResult = future.result()
            results.append(result)
            if progress is not None:
                progress(result.documents)
            if on_partition is not None:
                on_partition(result)
            for partition in _take(waiting, 1):
                in_flight.add(new := submit(partition))
                finished.add(new)
    except BaseException:
        client.cancel(list(in_flight))
        raise
    earlier = [result for pid, result in done.items() if pid in planned]
    return _report(run_id, started, tuple(str(path) for path in paths), results, earlier)


def _submitter(client: "Client", settings: Settings, out_dir: str, default_date: dt.date | None,
               text_column: str) -> Callable[[Partition], object]:
    def submit(partition: Partition):
        return client.submit(code_partition, partition, settings, out_dir, default_date=default_date,
                             text_column=text_column, pure=False,
                             key=f"dyads-partition-{partition.partition_id}-{uuid.uuid4().hex[:8]}")
    return submit


def _take(items: Iterator[Partition], count: int) -> list[Partition]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) >= count:
            break
    return taken


def _report(run_id: str, started: dt.datetime, inputs: tuple[str, ...], results: list[PartitionResult],
            earlier: list[PartitionResult]) -> RunReport:
    return RunReport(run_id=run_id, started=started, finished=dt.datetime.now(dt.timezone.utc), inputs=inputs,
                     documents_read=sum(r.documents + r.failed for r in results) + sum(r.documents for r in earlier),
                     documents_coded=sum(r.documents for r in results),
                     documents_unchanged=sum(r.documents for r in earlier),
                     documents_failed=sum(r.failed for r in results),
                     sentences=sum(r.sentences for r in results), words=sum(r.words for r in results),
                     duplicate_passages=sum(r.duplicate_passages for r in results),
                     events=sum(r.events for r in results),
                     errors=tuple(error for r in results for error in r.errors))


__all__ = ["Partition", "PartitionResult", "Manifest", "plan_partitions", "code_partition", "run_dask",
           "dask_client", "warm_workers", "DEFAULT_PARTITION_SIZE"]
