"""clean / check / fix / explain as a user runs them: exit codes, writes, output."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli

DIRTY = "北京\u200b大学  \r\n第二段。\r\n"
FIXED = "北京大学\n第二段。\n"


def _files(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    (d / "dirty.txt").write_text(DIRTY, encoding="utf-8", newline="")
    (d / "sub" / "clean.md").write_text("第一段。\n", encoding="utf-8")
    (d / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return d


def test_check_exit_codes_and_no_writes(tmp_path):
    d = _files(tmp_path)
    r = cli("check", str(d), "--select", "ENC")
    assert r.returncode == 1
    out = r.stdout.decode()
    assert "dirty.txt" in out and "ENC002 1" in out and "clean.md" not in out
    assert (d / "dirty.txt").read_bytes() == DIRTY.encode()
    assert cli("check", str(d / "sub"), "--select", "ENC").returncode == 0


def test_check_diff_prints_unified_diff(tmp_path):
    d = _files(tmp_path)
    r = cli("check", "--diff", str(d / "dirty.txt"), "--select", "ENC")
    out = r.stdout.decode()
    assert r.returncode == 1
    assert "--- a/" in out and "+++ b/" in out and "+北京大学" in out


def test_fix_rewrites_changed_files_only(tmp_path):
    d = _files(tmp_path)
    clean_before = (d / "sub" / "clean.md").stat().st_mtime_ns
    r = cli("fix", str(d / "dirty.txt"), str(d / "sub" / "clean.md"), "--select", "ENC")
    assert r.returncode == 1
    assert f"Fixing {d / 'dirty.txt'}" in r.stdout.decode()
    assert (d / "dirty.txt").read_text("utf-8") == FIXED
    assert (d / "sub" / "clean.md").stat().st_mtime_ns == clean_before
    again = cli("fix", str(d / "dirty.txt"), "--select", "ENC")
    assert again.returncode == 0 and again.stdout.decode() == ""


def test_clean_mirrors_tree_and_skips_other_files(tmp_path):
    d = _files(tmp_path)
    out = tmp_path / "out"
    r = cli("clean", str(d), "-o", str(out), "--select", "ENC")
    assert r.returncode == 0, r.stderr.decode()
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == \
        ["dirty.txt", "sub/clean.md"]
    assert (out / "dirty.txt").read_text("utf-8") == FIXED
    assert "2 documents in, 2 written" in r.stderr.decode()


def test_in_place(tmp_path):
    d = _files(tmp_path)
    r = cli("clean", str(d), "--in-place", "--select", "ENC")
    assert r.returncode == 0
    assert (d / "dirty.txt").read_text("utf-8") == FIXED


def test_jsonl_fix_keeps_unchanged_records_byte_for_byte(tmp_path):
    p = tmp_path / "docs.jsonl"
    keep = '{"id":1, "text":"干净。", "x": "\\u4e2d"}'
    p.write_text(keep + "\n" + json.dumps({"id": 2, "text": "脏\u200b。"}) + "\n", "utf-8")
    r = cli("fix", str(p), "--select", "ENC")
    assert r.returncode == 1
    lines = p.read_text("utf-8").splitlines()
    assert lines[0] == keep
    assert json.loads(lines[1])["text"] == "脏。"


def test_config_discovery_and_flag_override(tmp_path):
    d = _files(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.cleancorpus]\nignore = ["ENC002"]\n', "utf-8")
    r = cli("check", str(d / "dirty.txt"), "--select", "ENC", cwd=tmp_path)
    assert "ENC002" not in r.stdout.decode() and r.returncode == 1
    bad = tmp_path / "cleancorpus.toml"
    bad.write_text('colour = "red"\n', "utf-8")
    r = cli("check", str(d), cwd=tmp_path)
    assert r.returncode == 2 and b"unknown setting 'colour'" in r.stderr


def test_report_lines(tmp_path):
    d = _files(tmp_path)
    rep = tmp_path / "r.jsonl"
    cli("clean", str(d), "-o", str(tmp_path / "out"), "--select", "ENC", "--report", str(rep))
    lines = {json.loads(x)["id"]: json.loads(x) for x in rep.read_text("utf-8").splitlines()}
    assert lines["dirty.txt"]["edits"] == {"ENC001": 2, "ENC002": 1, "ENC005": 1}
    assert lines["dirty.txt"]["status"] == "written"
    assert lines["sub/clean.md"]["edits"] == {}


def test_explain_lists_every_edit_with_line_and_col(tmp_path):
    d = _files(tmp_path)
    r = cli("explain", str(d / "dirty.txt"), "--select", "ENC")
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 0
    assert len(lines) == 4
    assert any(ln.startswith(f"{d / 'dirty.txt'}:1:3: ENC002") for ln in lines), lines
    assert any(":2:5: ENC001" in ln for ln in lines), lines


def test_jobs_give_identical_output(tmp_path, seeds_copy):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("clean", str(seeds_copy), "-o", str(a)).returncode == 0
    assert cli("clean", str(seeds_copy), "-o", str(b), "--jobs", "2").returncode == 0
    for p in a.iterdir():
        assert (b / p.name).read_bytes() == p.read_bytes()


def test_jobs_identical_on_a_jsonl_corpus_with_duplicates_and_bad_lines(tmp_path):
    """Workers see only texts: outputs, reports, drops and errors must not differ."""
    from cleaner.bench.corpus import documents

    src = tmp_path / "in"
    src.mkdir()
    docs = list(documents(150, kind="news", seed=3))
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    lines.insert(40, '{"id": "broken", "text": "未闭合')              # broken JSON line
    lines.insert(80, json.dumps({"id": "notext", "body": "正文。"}))   # no text key
    for i in (5, 17, 60):  # near-duplicate reprints of earlier documents
        d = dict(docs[i], id=f"reprint-{i}", text=docs[i]["text"] + "（转载）")
        lines.append(json.dumps(d, ensure_ascii=False))
    (src / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "b.txt").write_text(docs[0]["text"].replace("\n", "\n\n"), encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        out, rep = tmp_path / f"out{jobs}", tmp_path / f"rep{jobs}.jsonl"
        r = cli("clean", str(src), "-o", str(out), "--report", str(rep), "--jobs", jobs,
                "--quiet")
        assert r.returncode == 2, r.stderr  # the bad lines fail, the rest is written
        outs.append(({p.name: p.read_bytes() for p in out.iterdir()},
                     rep.read_text(encoding="utf-8").replace(str(out), "OUT")))
    assert outs[0] == outs[1]
    report = [json.loads(x) for x in outs[0][1].splitlines()]
    assert sum(x["status"] == "failed" for x in report) == 2
    dropped = [x for x in report if x["status"] == "dropped"]
    assert {x["id"] for x in dropped} >= {"reprint-5", "reprint-17", "reprint-60"}
    assert len(report) == len(lines) + 1
