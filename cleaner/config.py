"""Configuration found like ruff's: ``cleancorpus.toml`` or ``[tool.cleancorpus]``
in ``pyproject.toml``, in the working directory or its parents. Flags override it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError

KEYS = {"select": list, "ignore": list, "rules": list, "text-key": str, "id-key": str,
        "jobs": int, "index": str, "safe-only": bool}


def find_config(start: Path | None = None) -> Path | None:
    d = (start or Path.cwd()).resolve()
    for folder in (d, *d.parents):
        own = folder / "cleancorpus.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                if "cleancorpus" in tomllib.loads(py.read_text("utf-8")).get("tool", {}):
                    return py
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
    return None


def load_config(path: Path | None) -> dict[str, Any]:
    """Validated settings; ``rules`` paths are made relative to the config file."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cleancorpus", {})
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, KEYS[key]) or isinstance(value, bool) != (KEYS[key] is bool):
            raise ConfigError(f"{path}: {key} must be a {KEYS[key].__name__}")
        out[key] = value
    if "rules" in out:
        out["rules"] = [str((path.parent / r).resolve()) for r in out["rules"]]
    return out
