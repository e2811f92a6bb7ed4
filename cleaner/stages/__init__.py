"""Stage modules: each registers the builtins its rules name.

The pipeline order lives in :data:`STAGES`; which rules run, in what order
inside a stage, lives in ``rules/*.toml``.
"""

from __future__ import annotations

#: Pipeline order. ``user`` holds USR rules without an explicit stage (errata
#: tables), after script unification so they are written in Simplified.
STAGES: tuple[str, ...] = ("encoding", "scripts", "user", "boilerplate", "layout", "duplicates")

#: Rule-id prefix -> stage.
PREFIXES: dict[str, str] = {
    "ENC": "encoding",
    "SCR": "scripts",
    "USR": "user",
    "BOI": "boilerplate",
    "LAY": "layout",
    "DUP": "duplicates",
}

#: Shipped rule files, in load order (rules of a stage run in this order).
#: Mojibake repair runs before hygiene: the bytes hygiene would delete (A0, AD, ESC)
#: are part of what the repairs read.
RULE_FILES: tuple[str, ...] = (
    "encoding.toml", "hygiene.toml", "scripts.toml", "boilerplate.toml", "layout.toml",
    "duplicates.toml",
)

from . import hygiene  # noqa: E402,F401
from . import encoding  # noqa: E402,F401
from . import scripts  # noqa: E402,F401
from . import boilerplate  # noqa: E402,F401
from . import layout  # noqa: E402,F401
from . import duplicates  # noqa: E402,F401
