"""cleancorpus: turn scraped and OCR'd Chinese text into clean corpus files.

Every change is an :class:`Edit` attributed to a rule id; :func:`apply_edits`
replays them. See the README for the library API and the CLI.
"""

from __future__ import annotations

from .pipeline import Pipeline, clean_text
from .records import Change, Document, Drop, Edit, Result, apply_edits

__version__ = "0.1.0"

__all__ = ["Change", "Document", "Drop", "Edit", "NearDupIndex", "Pipeline", "Result",
           "__version__", "apply_edits", "clean_text"]


def __getattr__(name: str):  # lazy: datasketch loads only when an index is used
    if name == "NearDupIndex":
        from .dedup import NearDupIndex
        return NearDupIndex
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
