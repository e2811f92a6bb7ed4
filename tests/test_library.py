"""The library surface scraping jobs import: typed, thread-safe, streaming."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cleaner
from cleaner import Document, Pipeline, clean_text
from conftest import SEEDS


def test_py_typed_marker_ships():
    assert (Path(cleaner.__file__).parent / "py.typed").exists()


def test_clean_text_is_thread_safe():
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))] * 4
    expected = [clean_text(t).text for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: clean_text(t).text, texts))
    assert got == expected


def test_pipeline_run_streams_lazily():
    pipe = Pipeline(select=["ENC"])
    seen = []

    def docs():
        for i in range(3):
            seen.append(i)
            yield Document(id=str(i), text=f"第{i}篇\u200b。", source=f"mem:{i}")

    stream = pipe.run(docs())
    first = next(stream)
    assert seen == [0]  # nothing read ahead
    assert first.result is not None and first.result.text == "第0篇。"
    assert [d.result.text for d in stream] == ["第1篇。", "第2篇。"]


def test_clean_text_refuses_bytes_with_a_helpful_message():
    import pytest
    with pytest.raises(TypeError, match="decode"):
        clean_text("北京".encode())  # type: ignore[arg-type]
