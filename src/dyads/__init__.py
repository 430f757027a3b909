"""dyads: political event data from news text.

Who did what to whom, when and where, coded in CAMEO (with PLOVER, Goldstein
scores and quad classes), each event tied to the sentence that supports it.

    >>> import dyads
    >>> events = dyads.code_texts(["Russian Foreign Minister Sergei Lavrov arrived in Islamabad on October 3."],
    ...                           date=datetime.date(2012, 10, 6))
    >>> store = dyads.open_store("events.duckdb"); store.events(source="RUS")
"""

from dyads.api import Explanation, code_files, code_texts, evaluate_gold, explain, open_store
from dyads.errors import DataFileError, DyadsError, GoldError, InputError, ModelError, SettingsError, StoreError
from dyads.model import EVENT_FIELDS, Actor, CleanDocument, Document, Event, Mention, Passage, RunReport
from dyads.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Actor", "CleanDocument", "DataFileError", "Document", "DyadsError", "EVENT_FIELDS", "Event", "Explanation",
    "GoldError", "InputError", "Mention", "ModelError", "Passage", "RunReport", "Settings", "SettingsError",
    "StoreError", "code_files", "code_texts", "evaluate_gold", "explain", "load_settings", "open_store",
]
