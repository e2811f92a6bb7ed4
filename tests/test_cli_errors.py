"""Bad input, one test each: a one-line message naming the file (and line), a
non-zero exit, no traceback, and the other documents still written."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli

GOOD_TEXT = "今年是南水北调中线工程通水十周年。\n"


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return d


def _assert_clean_failure(r, *must_contain: str) -> None:
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, err
    assert "Traceback" not in err
    error_lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert error_lines, err
    for s in must_contain:
        assert any(s in ln for ln in error_lines), (s, err)


def test_undecodable_bytes(tmp_path):
    d = _corpus(tmp_path)
    (d / "bad.txt").write_bytes("第一行\n第二行 caf".encode() + b"\xe9 \xff\xfe\n")
    r = cli("clean", str(d), "-o", str(tmp_path / "out"))
    _assert_clean_failure(r, "bad.txt:2", "undecodable")
    assert (tmp_path / "out" / "good.txt").read_text("utf-8") == GOOD_TEXT
    assert not (tmp_path / "out" / "bad.txt").exists()


def test_binary_file(tmp_path):
    d = _corpus(tmp_path)
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    r = cli("clean", str(d), "-o", str(tmp_path / "out"))
    _assert_clean_failure(r, "image.txt", "binary")
    assert not (tmp_path / "out" / "image.txt").exists()
    assert (tmp_path / "out" / "good.txt").exists()


def test_broken_jsonl_line(tmp_path):
    d = _corpus(tmp_path)
    lines = [json.dumps({"id": "a", "text": "第一篇。", "url": "u1"}, ensure_ascii=False),
             '{"id": "b", "text": "broken',
             json.dumps({"id": "c", "text": "第三篇。"}, ensure_ascii=False)]
    (d / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("clean", str(d), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"))
    _assert_clean_failure(r, "docs.jsonl:2", "broken JSON")
    out = [json.loads(x) for x in (tmp_path / "out" / "docs.jsonl").read_text("utf-8").splitlines()]
    assert [o["id"] for o in out] == ["a", "c"]
    assert out[0]["url"] == "u1"
    report = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text("utf-8").splitlines()]
    assert [x["status"] for x in report if x["source"].endswith("docs.jsonl:2")] == ["failed"]


def test_missing_text_key(tmp_path):
    d = _corpus(tmp_path)
    (d / "docs.jsonl").write_text('{"id": "a", "body": "x"}\n{"id": "b", "text": "好。"}\n',
                                  encoding="utf-8")
    r = cli("clean", str(d), "-o", str(tmp_path / "out"))
    _assert_clean_failure(r, "docs.jsonl:1", "missing text key 'text'")
    assert json.loads((tmp_path / "out" / "docs.jsonl").read_text("utf-8"))["id"] == "b"


def test_invalid_rule_file(tmp_path):
    d = _corpus(tmp_path)
    rules = tmp_path / "errata.toml"
    rules.write_text('[[rule]]\nid = "USR001"\nsummary = "x"\n', encoding="utf-8")
    r = cli("clean", str(d), "-o", str(tmp_path / "out"), "--rules", str(rules))
    _assert_clean_failure(r, f"{rules}:", "field 'why'")


def test_unknown_rule_id(tmp_path):
    d = _corpus(tmp_path)
    r = cli("clean", str(d), "-o", str(tmp_path / "out"), "--select", "SCR999")
    _assert_clean_failure(r, "unknown rule id or prefix 'SCR999'")


def test_unreadable_path(tmp_path):
    d = _corpus(tmp_path)
    r = cli("clean", str(d), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"))
    _assert_clean_failure(r, "missing.txt", "no such file")
    assert (tmp_path / "out" / "good.txt").exists()


def test_output_inside_input(tmp_path):
    d = _corpus(tmp_path)
    r = cli("clean", str(d), "-o", str(d / "cleaned"))
    _assert_clean_failure(r, "inside the input")
    assert not (d / "cleaned" / "good.txt").exists()


def test_neither_output_nor_in_place_is_a_usage_error(tmp_path):
    r = cli("clean", str(_corpus(tmp_path)))
    assert r.returncode == 2
    assert b"-o OUT" in r.stderr and b"Traceback" not in r.stderr


def test_symlinked_output_directory_is_not_followed(tmp_path):
    d = _corpus(tmp_path)
    (d / "sub").mkdir()
    (d / "sub" / "x.txt").write_text("十堰与北京因水结缘，两地开展村村结对。\n", encoding="utf-8")
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "sub").symlink_to(outside)
    r = cli("clean", str(d), "-o", str(out))
    _assert_clean_failure(r, "symlink")
    assert list(outside.iterdir()) == []
    assert (out / "good.txt").exists()


def test_corrupt_gzip_is_reported_and_not_written(tmp_path):
    d = _corpus(tmp_path)
    (d / "part.jsonl.gz").write_bytes(b"not gzip at all")
    r = cli("clean", str(d), "-o", str(tmp_path / "out"))
    _assert_clean_failure(r, "part.jsonl.gz:1", "gzip")
    assert not (tmp_path / "out" / "part.jsonl.gz").exists()
    assert (tmp_path / "out" / "good.txt").exists()


def test_symlink_out_of_the_input_tree_is_not_read(tmp_path):
    d = _corpus(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容。\n", encoding="utf-8")
    (d / "link.txt").symlink_to(secret)
    r = cli("clean", str(d), "-o", str(tmp_path / "out"))
    _assert_clean_failure(r, "link.txt", "outside the input")
    assert not (tmp_path / "out" / "link.txt").exists()
