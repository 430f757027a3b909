"""Throughput and memory of dyads on real news: ``make bench`` (or ``python benchmarks/bench.py --help``).

Measures, on the same documents (the first ``--docs`` records of
``../shared/corpus/news-politics.jsonl``, or all of it with ``--full``):

(a) spaCy parse alone, same pipeline and batch size, over the cleaned, de-duplicated passages;
(b) the whole dyads pipeline in one process (validate, read, clean, de-duplicate, parse,
    actors, events, DuckDB writes), as ``dyads code`` runs it;
(c) the same with ``--workers`` worker processes;
(d) a Dask LocalCluster of ``--workers`` single-threaded worker processes writing Parquet.

Pipelines are built before the clock starts (start-up times are reported apart). For each
mode: words/s, documents/s, peak RSS of each process, and for (b) events per 1,000 words and
the ratio (b)/(a). ``--profile`` adds a py-spy profile of a one-process run (native frames
included, so time in spaCy's compiled code is seen), by stage and by dyads function. Results: a table on the terminal and JSON in ``benchmarks/results/``
(``latest.json`` and a dated copy).

Needs psutil (memory) and, for ``--profile``, py-spy; Dask for mode (d).
The corpus is read from ../shared at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import platform
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpus" / "news-politics.jsonl"
RESULTS = REPO / "benchmarks" / "results"
MODES = ("parse", "one", "workers", "dask")

log = logging.getLogger("bench")


@dataclass
class Measure:
    """One mode's numbers."""

    mode: str
    label: str
    seconds: float
    documents: int
    words: int
    events: int | None = None
    startup_seconds: float | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    rss_series_mb: dict[str, list[float]] = field(default_factory=dict)
    cpu_seconds: float | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "words_per_second": round(self.words_per_second, 1),
                "documents_per_second": round(self.documents_per_second, 3)}


# --- memory --------------------------------------------------------------------------------


class MemorySampler:
    """Samples the RSS of named processes every ``interval`` seconds in a thread (psutil)."""

    def __init__(self, pids: dict[str, int], interval: float = 1.0) -> None:
        import psutil

        self._processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self._interval = interval
        self.series: dict[str, list[float]] = {name: [] for name in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self) -> None:
        for name, process in self._processes.items():
            with contextlib.suppress(Exception):
                self.series[name].append(process.memory_info().rss / 2**20)

    def peaks(self) -> dict[str, float]:
        peaks = {}
        for name, process in self._processes.items():
            sampled = max(self.series[name], default=0.0)
            peaks[name] = round(max(sampled, _high_water_mark_mb(process.pid) or 0.0), 1)
        return peaks

    def downsampled(self, points: int = 12) -> dict[str, list[float]]:
        result = {}
        for name, values in self.series.items():
            step = max(1, len(values) // points)
            result[name] = [round(value, 1) for value in values[::step]]
        return result


def _high_water_mark_mb(pid: int) -> float | None:
    """Linux's exact peak RSS (VmHWM) of a live process, or None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_seconds(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        with contextlib.suppress(Exception):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


# --- input -----------------------------------------------------------------------------------


def corpus_slice(source: Path, documents: int | None, folder: Path) -> Path:
    """The first ``documents`` records of ``source`` in a file under ``folder`` (``source`` itself for all)."""
    if documents is None:
        return source
    target = folder / f"news-{documents}.jsonl"
    with source.open("rb") as reader, target.open("wb") as writer:
        for number, line in enumerate(reader):
            if number >= documents:
                break
            writer.write(line)
    return target


# --- the modes -------------------------------------------------------------------------------


def clean_passages(pipeline, path: Path) -> tuple[list[str], int, float]:
    """The passages the pipeline would parse (cleaned, de-duplicated in order), the document count,
    and the seconds cleaning and de-duplication took."""
    from dyads.dedupe import Deduplicator, MemoryPassageIndex
    from dyads.readers import read_paths

    started = time.perf_counter()
    index = MemoryPassageIndex()
    deduplicator = Deduplicator(index, pipeline.settings.duplicate_threshold)
    texts: list[str] = []
    documents = 0
    for document in read_paths([path]):
        clean, fingerprints = deduplicator.dedupe(pipeline.cleaner.clean(document))
        index.add(fingerprints, clean.doc_id)
        texts.extend(passage.text for passage in clean.passages)
        documents += 1
    return texts, documents, time.perf_counter() - started


def measure_parse(pipeline, texts: list[str], documents: int) -> Measure:
    nlp, batch_size = pipeline.nlp, pipeline.settings.batch_size
    for _ in nlp.pipe(texts[:20], batch_size=batch_size):  # warm-up
        pass
    words = 0
    cpu = time.process_time()
    with MemorySampler({"main": os.getpid()}) as memory:
        started = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=batch_size):
            words += sum(1 for token in doc if not token.is_punct and not token.is_space)
        seconds = time.perf_counter() - started
    return Measure("parse", "(a) spaCy parse alone", seconds, documents, words,
                   peak_rss_mb=memory.peaks(), rss_series_mb=memory.downsampled(),
                   cpu_seconds=round(time.process_time() - cpu, 2))


def _code_into_store(pipeline, path: Path, db: Path, coder=None):
    """What ``dyads code`` does: validate the input, then code it into a new store."""
    from dyads.pipeline import run_files, validate_inputs
    from dyads.store import open_store

    validate_inputs([path], None, "text")
    with open_store(db) as store:
        return run_files(pipeline, [path], store, coder=coder)


def measure_one_process(pipeline, path: Path, folder: Path) -> Measure:
    cpu = time.process_time()
    with MemorySampler({"main": os.getpid()}) as memory:
        started = time.perf_counter()
        report = _code_into_store(pipeline, path, folder / "one.duckdb")
        seconds = time.perf_counter() - started
    return Measure("one", "(b) dyads, one process", seconds, report.documents_coded, report.words, report.events,
                   peak_rss_mb=memory.peaks(), rss_series_mb=memory.downsampled(),
                   cpu_seconds=round(time.process_time() - cpu, 2))


def measure_workers(pipeline, path: Path, folder: Path, workers: int) -> Measure:
    from dyads.parallel import WorkerPool

    started = time.perf_counter()
    with WorkerPool(pipeline.settings, workers) as pool:
        pids = pool.warm()
        startup = time.perf_counter() - started
        named = {"main": os.getpid(), **{f"worker{n}": pid for n, pid in enumerate(pids, start=1)}}
        cpu = _cpu_seconds(list(named.values()))
        with MemorySampler(named) as memory:
            started = time.perf_counter()
            report = _code_into_store(pipeline, path, folder / "workers.duckdb", coder=pool.code_batches)
            seconds = time.perf_counter() - started
        cpu = _cpu_seconds(list(named.values())) - cpu
    return Measure("workers", f"(c) dyads --workers {workers}", seconds, report.documents_coded, report.words,
                   report.events, round(startup, 1), memory.peaks(), memory.downsampled(), round(cpu, 2))


def measure_dask(settings, path: Path, folder: Path, workers: int, partition_size: int) -> Measure:
    from distributed import Client, LocalCluster

    from dyads.distributed import run_dask, warm_workers

    logging.getLogger("distributed").setLevel(logging.ERROR)
    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        warm_workers(client, settings)
        startup = time.perf_counter() - started
        pids = client.run(os.getpid)
        named = {"main": os.getpid(), **{f"worker{n}": pid for n, pid in enumerate(sorted(pids.values()), 1)}}
        cpu = _cpu_seconds(list(named.values()))
        with MemorySampler(named) as memory:
            started = time.perf_counter()
            report = run_dask([path], folder / "dask-out", client, settings, partition_size=partition_size)
            seconds = time.perf_counter() - started
        cpu = _cpu_seconds(list(named.values())) - cpu
    return Measure("dask", f"(d) Dask LocalCluster, {workers} workers", seconds, report.documents_coded,
                   report.words, report.events, round(startup, 1), memory.peaks(), memory.downsampled(),
                   round(cpu, 2))


# --- profile ---------------------------------------------------------------------------------

#: (path fragment, stage), first match wins; the outermost frame of a sampled stack that matches
#: names the stage of the whole sample (so spaCy calls made by the actor stage count as actors).
_STAGES = (("dyads/pipeline.py:validate_inputs", "validate (read once)"), ("dyads/readers/", "read"),
           ("dyads/clean.py", "clean"), ("dyads/dedupe.py", "dedupe"), ("dyads/actors/", "actors"),
           ("dyads/events/", "events"), ("dyads/store.py", "store"), ("Pipeline.parse", "parse (spaCy)"))
_PROFILED = "_code_into_store"


def profile_one_process(documents: int, folder: Path) -> dict:
    """Sample a one-process run of ``documents`` documents with py-spy (native frames included)."""
    import shutil
    import subprocess

    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return {"skipped": "py-spy is not installed (pip install py-spy)"}
    samples = folder / "profile.txt"
    command = [spy, "record", "--format", "raw", "--rate", "100", "--native", "--output",
               str(samples), "--", sys.executable, str(Path(__file__).resolve()), "--profile-child",
               str(documents), "--results", str(folder)]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0 or not samples.exists():
        return {"skipped": f"py-spy failed: {completed.stderr.strip()[-500:]}"}
    return summarise_samples(samples.read_text(encoding="utf-8").splitlines(), documents)


def summarise_samples(lines: list[str], documents: int) -> dict:
    """Shares of the sampled run by stage and by innermost dyads function (py-spy raw format lines)."""
    stages: dict[str, int] = {}
    functions: dict[str, int] = {}
    for line in lines:
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or not any(_PROFILED in frame for frame in frames):
            continue  # start-up, not the run
        frames = [frame.replace(os.sep, "/") for frame in frames]
        stage = next((name for frame in frames for fragment, name in _STAGES if _frame_matches(frame, fragment)),
                     "other")
        stages[stage] = stages.get(stage, 0) + int(count)
        owner = next((_function_name(frame) for frame in reversed(frames) if "dyads/" in frame), None)
        if owner:
            functions[owner] = functions.get(owner, 0) + int(count)
    total = sum(stages.values()) or 1
    top = sorted(functions.items(), key=lambda item: -item[1])[:15]
    return {"documents": documents, "samples": total, "sampler": "py-spy --native, 100 Hz",
            "stages": {name: {"samples": value, "share": round(value / total, 3)}
                       for name, value in sorted(stages.items(), key=lambda item: -item[1])},
            "top_dyads_functions": [{"function": name, "samples": value, "share": round(value / total, 3)}
                                    for name, value in top]}


def _frame_matches(frame: str, fragment: str) -> bool:
    """``frame`` is ``function (path:line)``; ``fragment`` a path part, ``path:function`` or a function."""
    if ":" in fragment:
        path, function = fragment.split(":")
        return frame.startswith(f"{function} ") and path in frame
    return fragment in frame


def _function_name(frame: str) -> str:
    function, _, where = frame.partition(" (")
    path = where.split("dyads/")[-1].rsplit(":", 1)[0]
    return f"{path}:{function}"


def profile_child(documents: int, folder: Path) -> None:
    """The profiled process: build the pipeline, then code ``documents`` documents once."""
    from dyads.api import get_pipeline
    from dyads.settings import load_settings

    pipeline = get_pipeline(load_settings({"progress": False, "on_error": "fail"}))
    path = corpus_slice(CORPUS, documents, folder)
    _code_into_store(pipeline, path, folder / "profile.duckdb")


# --- output ----------------------------------------------------------------------------------


def print_table(measures: list[Measure], summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("mode", "seconds", "words/s", "docs/s", "events/1k words", "peak RSS MB (per process)",
                  "start-up s", title=f"dyads benchmark: {summary['documents']} documents, {summary['words']} words")
    for measure in measures:
        per_1k = f"{1000 * measure.events / measure.words:.2f}" if measure.events is not None and measure.words else ""
        rss = ", ".join(f"{name} {value:.0f}" for name, value in measure.peak_rss_mb.items())
        table.add_row(measure.label, f"{measure.seconds:.1f}", f"{measure.words_per_second:,.0f}",
                      f"{measure.documents_per_second:.2f}", per_1k, rss,
                      "" if measure.startup_seconds is None else f"{measure.startup_seconds:.1f}")
    console = Console()
    console.print(table)
    for name, value in summary["ratios"].items():
        console.print(f"{name}: {value:.2f}")
    for line in summary.get("notes", []):
        console.print(f"note: {line}")


def print_profile(profile: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if "skipped" in profile:
        console.print(f"profile skipped: {profile['skipped']}")
        return
    stages = Table("stage", "share of samples",
                   title=f"Where one process spends its time ({profile['documents']} documents, "
                         f"{profile['samples']} samples)")
    for name, value in profile["stages"].items():
        stages.add_row(name, f"{100 * value['share']:.1f}%")
    console.print(stages)
    functions = Table("innermost dyads function on the stack", "share of samples")
    for row in profile["top_dyads_functions"]:
        functions.add_row(row["function"], f"{100 * row['share']:.1f}%")
    console.print(functions)


def ratios(measures: dict[str, Measure]) -> dict[str, float]:
    found = {}
    if "one" in measures and "parse" in measures:
        found["(b)/(a) whole pipeline vs parse alone (words/s)"] = (
            measures["one"].words_per_second / measures["parse"].words_per_second)
    for mode in ("workers", "dask"):
        if mode in measures and "one" in measures:
            found[f"({'c' if mode == 'workers' else 'd'})/(b) speed-up over one process (docs/s)"] = (
                measures[mode].documents_per_second / measures["one"].documents_per_second)
    return found


def write_results(result: dict, folder: Path, name: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2) + "\n"
    paths = [folder / "latest.json", folder / f"{dt.date.today():%Y-%m-%d}-{name}.json"]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths


# --- main ------------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL corpus (default: shared news corpus)")
    parser.add_argument("--docs", type=int, default=400, help="first N documents (default 400)")
    parser.add_argument("--full", action="store_true", help="the whole corpus (1.45 M words; about half an hour)")
    parser.add_argument("--batch-size", type=int, default=64, help="parse batch (and transaction) size")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of (c) and (d)")
    parser.add_argument("--partition-size", type=int, help="documents per Dask partition "
                                                             "(default: documents / (4 x workers))")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated subset of {','.join(MODES)}")
    parser.add_argument("--profile", action="store_true", help="also profile a one-process run (py-spy)")
    parser.add_argument("--profile-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile-docs", type=int, default=100, help="documents of the profiled run")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON results")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> dict:
    from dyads.api import get_pipeline
    from dyads.settings import load_settings

    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        raise SystemExit(f"unknown modes {sorted(unknown)}; choose from {MODES}")
    if not args.corpus.is_file():
        raise SystemExit(f"no corpus at {args.corpus}")
    settings = load_settings({"batch_size": args.batch_size, "progress": False, "on_error": "fail"})
    load_before = os.getloadavg()
    started = time.perf_counter()
    pipeline = get_pipeline(settings)
    load_seconds = time.perf_counter() - started
    measures: dict[str, Measure] = {}
    with tempfile.TemporaryDirectory(prefix="dyads-bench-") as temporary:
        folder = Path(temporary)
        path = corpus_slice(args.corpus, None if args.full else args.docs, folder)
        texts, documents, clean_seconds = clean_passages(pipeline, path)
        partition_size = args.partition_size or max(1, documents // (4 * args.workers))
        steps: dict[str, Callable[[], Measure]] = {
            "parse": lambda: measure_parse(pipeline, texts, documents),
            "one": lambda: measure_one_process(pipeline, path, folder),
            "workers": lambda: measure_workers(pipeline, path, folder, args.workers),
            "dask": lambda: measure_dask(settings, path, folder, args.workers, partition_size),
        }
        for mode in modes:
            print(f"running {mode} ...", file=sys.stderr, flush=True)
            measures[mode] = steps[mode]()
        profile = profile_one_process(args.profile_docs, folder) if args.profile else None
    words = measures["one"].words if "one" in measures else (measures[modes[0]].words if modes else 0)
    notes = [f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
             "(other processes on the machine slow every mode)"]
    if "dask" in measures and "one" in measures and measures["dask"].words != measures["one"].words:
        notes.append("Dask de-duplicates within partitions only, so it may parse a few more repeated passages")
    return {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_before": load_before, "load_average_after": os.getloadavg()},
        "corpus": str(args.corpus.name), "documents": documents, "words": words,
        "batch_size": args.batch_size, "workers": args.workers, "partition_size": partition_size,
        "pipeline_load_seconds": round(load_seconds, 1), "clean_and_dedupe_seconds": round(clean_seconds, 1),
        "measures": {mode: measure.to_dict() for mode, measure in measures.items()},
        "events_per_1000_words": round(1000 * measures["one"].events / measures["one"].words, 3)
        if "one" in measures and measures["one"].words else None,
        "ratios": {name: round(value, 3) for name, value in ratios(measures).items()},
        "notes": notes,
        "profile": profile,
        "_measures": measures,
    }


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parse_arguments(argv)
    if args.profile_child:
        profile_child(args.profile_child, args.results)
        return 0
    result = run(args)
    measures = list(result.pop("_measures").values())
    print_table(measures, result)
    if result["profile"]:
        print_profile(result["profile"])
    name = "full" if args.full else f"{result['documents']}docs"
    for path in write_results(result, args.results, name):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
