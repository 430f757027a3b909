"""Named exceptions. Library code raises these; only the CLI turns them into exit codes.

Every message says what went wrong, where (file and line when there is one),
and what to do next.
"""

from __future__ import annotations


class DyadsError(Exception):
    """Base class of every error dyads raises on purpose."""

    exit_code = 1


class InputError(DyadsError):
    """An input file cannot be read or holds malformed records.

    ``origin`` is ``path`` or ``path:line``.
    """

    exit_code = 2

    def __init__(self, origin: str, problem: str, hint: str = "") -> None:
        self.origin = origin
        self.problem = problem
        self.hint = hint
        message = f"{origin}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)

    def __reduce__(self):  # picklable, so that it crosses process boundaries (--workers, Dask)
        return (type(self), (self.origin, self.problem, self.hint))


class DataFileError(DyadsError):
    """A dictionary or table (ours or a user's) is malformed; names file:line."""

    exit_code = 3

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        return (type(self), (self.path, self.line, self.problem))


class ModelError(DyadsError):
    """The spaCy pipeline named in the settings cannot be loaded."""

    exit_code = 4


class StoreError(DyadsError):
    """The event database cannot be opened, read or written."""

    exit_code = 5


class SettingsError(DyadsError):
    """A setting has an invalid value (from a config file, the environment or an argument)."""

    exit_code = 6


class GoldError(DyadsError):
    """A gold-standard file does not follow the format of the gold README."""

    exit_code = 7
