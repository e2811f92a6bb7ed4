"""Near-duplicate detection: MinHash signatures (numpy) and a persistent LSH index.

``NearDupIndex.open(None | path | "redis://...")`` is the entry point; see
:mod:`cleaner.dedup.minhash` for the signature and the threshold math.
"""

from __future__ import annotations

from .index import NearDupIndex
from .minhash import MinHashConfig, Signer, Sketch, normalize_text, shingle_hash32
from .redact import redact

__all__ = ["MinHashConfig", "NearDupIndex", "Signer", "Sketch", "normalize_text", "redact",
           "shingle_hash32"]
