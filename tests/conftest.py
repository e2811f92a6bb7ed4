"""Shared fixtures: the project root, the seeds, and a runner for the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI stays deterministic: a
# red run means the change, not the draw); HYPOTHESIS_PROFILE=explore draws anew.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

# The installed console script when there is one (as a user runs it); else the module.
_SCRIPT = Path(sys.executable).parent / "cleancorpus"
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "cleaner"]


def cli(*args: str, cwd: Path | None = None, input: bytes | None = None,
        env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``cleancorpus`` as a user would: a separate process, real exit code."""
    e = dict(os.environ)
    e.pop("CLEANCORPUS_DEBUG", None)
    if COMMAND[0] == sys.executable:  # not installed: run from the checkout
        e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH")]))
    e.update(env or {})
    return subprocess.run([*COMMAND, *args], cwd=cwd, input=input,
                          capture_output=True, timeout=timeout, env=e)


@pytest.fixture
def run_cli():
    return cli


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    d = tmp_path / "seeds"
    d.mkdir()
    for f in SEEDS.glob("*.txt"):
        (d / f.name).write_bytes(f.read_bytes())
    return d
