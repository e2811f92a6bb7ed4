"""The one place CLI commands turn errors into a stderr line and an exit code.

A user never sees a traceback (CLEANCORPUS_DEBUG=1 shows one); a password in a
redis:// URL never reaches the message.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable

import click

from .dedup.redact import redact
from .errors import CleanCorpusError


def friendly(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors (and anything unexpected) into one line and an exit code."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except CleanCorpusError as exc:
            click.echo(f"error: {redact(exc)}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `cleancorpus explain f | head`: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {redact(where)}{redact(exc.strerror or exc)}", err=True)
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("CLEANCORPUS_DEBUG"):
                raise
            click.echo(f"error: internal error: {type(exc).__name__}: {redact(exc)} (set "
                       "CLEANCORPUS_DEBUG=1 for a traceback and please report it)", err=True)
            sys.exit(2)

    return wrapper
