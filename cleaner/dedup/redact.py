"""Keep secrets out of anything shown: logs, error messages, stats, reports."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_MASK = "***"
_URL_RE = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^\s/@]*)@")


def redact(target: object) -> str:
    """``target`` as text with any password in a URL replaced by ``***``.

    ``redis://:s3cret@host:6379/0`` -> ``redis://:***@host:6379/0``;
    ``redis://user:s3cret@host/1`` -> ``redis://user:***@host/1``. Also masks
    URLs embedded in longer text (an error message), and the ``password=``
    query parameter. Text without credentials is returned unchanged.
    """
    text = str(target)
    if "://" in text and "@" in text:
        text = _URL_RE.sub(_mask_userinfo, text)
    if "password=" in text.lower():
        text = re.sub(r"(?i)(password=)[^&\s]*", r"\1" + _MASK, text)
    return text


def _mask_userinfo(m: re.Match[str]) -> str:
    scheme, userinfo = m.group(1), m.group(2)
    if ":" in userinfo:
        user = userinfo.split(":", 1)[0]
        return f"{scheme}{user}:{_MASK}@"
    if userinfo:  # redis://secret@host: redis-py reads a lone userinfo as the password
        return f"{scheme}{_MASK}@"
    return m.group(0)


def scrub(text: str, *secrets: str | None) -> str:
    """``text`` with every occurrence of the given secrets masked, then redacted."""
    for s in secrets:
        if s:
            text = text.replace(s, _MASK)
    return redact(text)


def without_password(url: str) -> str:
    """The URL with the userinfo password removed entirely (for display keys)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:{_MASK}@" if parts.username else f":{_MASK}@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))
