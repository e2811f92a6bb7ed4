"""Data safety: inputs untouched, atomic outputs, kill-and-rerun, encodings, gzip."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from conftest import COMMAND, SEEDS, cli


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_inputs_are_never_modified(tmp_path, seeds_copy):
    before = _tree(seeds_copy)
    r = cli("clean", str(seeds_copy), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr.decode()
    assert _tree(seeds_copy) == before


def test_detected_encodings_are_reported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    text = "今年是南水北调中线工程通水十周年，也是京堰两地开展对口协作的第十年。\n"
    (d / "gb.txt").write_bytes(text.encode("gb18030"))
    (d / "u16.txt").write_bytes(text.encode("utf-16"))
    trad = "今年是南水北調中線工程通水十周年，也是京堰兩地開展對口協作的第十年。\n"
    (d / "big5.txt").write_bytes(trad.encode("big5"))
    r = cli("clean", str(d), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"),
            "--select", "ENC")
    assert r.returncode == 0, r.stderr.decode()
    rep = {json.loads(x)["id"]: json.loads(x) for x in
           (tmp_path / "r.jsonl").read_text("utf-8").splitlines()}
    assert rep["gb.txt"]["encoding"] == "gb18030"
    assert rep["u16.txt"]["encoding"] == "utf-16"
    assert rep["big5.txt"]["encoding"] == "big5"
    assert (tmp_path / "out" / "gb.txt").read_text("utf-8") == text
    assert (tmp_path / "out" / "big5.txt").read_text("utf-8") == trad


def test_jsonl_gz_streams_and_passes_other_fields(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    recs = [{"id": i, "text": f"第{i}篇。\r\n", "url": f"https://x/{i}", "n": [i]} for i in range(50)]
    with gzip.open(d / "part.jsonl.gz", "wt", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    r = cli("clean", str(d), "-o", str(tmp_path / "out"), "--select", "ENC")
    assert r.returncode == 0, r.stderr.decode()
    with gzip.open(tmp_path / "out" / "part.jsonl.gz", "rt", encoding="utf-8") as fh:
        out = [json.loads(x) for x in fh]
    assert [o["id"] for o in out] == list(range(50))
    assert out[3] == {"id": 3, "text": "第3篇。\n", "url": "https://x/3", "n": [3]}


def test_stdin_to_stdout():
    r = cli("clean", "-", "--select", "ENC", input="北京\u200b大学  \r\n".encode())
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode() == "北京大学\n"


def _big_corpus(d: Path, n: int) -> None:
    d.mkdir()
    seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        sub = d / f"part{i % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:05d}.txt").write_text(f"第{i}号。\r\n" + seeds[i % len(seeds)],
                                             encoding="utf-8")
    with open(d / "big.jsonl", "w", encoding="utf-8") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": f"j{i}", "text": seeds[i % 5][:2000] + f"（{i}）"},
                                ensure_ascii=False) + "\n")


def test_sigkill_mid_run_leaves_complete_or_absent_and_rerun_is_identical(tmp_path):
    src = tmp_path / "in"
    _big_corpus(src, 1500)
    ref = tmp_path / "ref"
    r = cli("clean", str(src), "-o", str(ref), timeout=900)
    assert r.returncode == 0, r.stderr.decode()
    expected = _tree(ref)
    out = tmp_path / "out"
    killed = 0
    for delay in (0.0, 0.3):
        proc = subprocess.Popen([*COMMAND, "clean", str(src), "-o",
                                 str(out), "-q"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        # kill once some outputs exist and the run is not finished
        while time.monotonic() < deadline and proc.poll() is None:
            done = len(list(out.rglob("*.txt"))) if out.exists() else 0
            if done > 0:
                time.sleep(delay)
                break
            time.sleep(0.05)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        got = _tree(out) if out.exists() else {}
        for name, data in got.items():
            if name.endswith(".cleancorpus-tmp"):
                continue  # a temp file, never an output: removed by the next run
            assert data == expected[name], f"{name} is half-written"
    assert killed, "the run finished before it could be killed: make the corpus larger"
    r = cli("clean", str(src), "-o", str(out), timeout=900)
    assert r.returncode == 0, r.stderr.decode()
    assert _tree(out) == expected


def test_ctrl_c_with_jobs_stops_workers_and_leaves_no_temp_file(tmp_path):
    src = tmp_path / "big.jsonl"
    line = json.dumps({"text": "今年是南水北调中线工程通水十周年，也是京堰两地开展对口协作的第十年。" * 40},
                      ensure_ascii=False)
    src.write_text("".join(line[:-2] + f'{i}"}}\n' for i in range(20000)), "utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([*COMMAND, "clean", str(src), "-o", str(out), "-j", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob(".*.cleancorpus-tmp")):
        time.sleep(0.05)  # interrupt once the output is being written
    assert proc.poll() is None, "the run finished before it could be interrupted"
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                              text=True).stdout.split()
    assert len(children) >= 2  # the workers
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in err
    assert not list(out.iterdir())  # neither a temp file nor a half-written output
    time.sleep(0.5)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
    assert not alive, "workers outlived the run"
    assert json.loads(src.read_text("utf-8").splitlines()[0])["text"].startswith("今年")


def test_lone_surrogates_from_json_escapes_never_break_a_run(tmp_path):
    """JSON may escape half of a UTF-16 pair (\\ud83d); no UTF-8 file can hold it."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a\\udc00", "title": "t\\ud800", "text": "点赞\\ud83d支持。"}\n'
                   '{"text": "Good \\ud83d\\ude00 day\\ud800"}\n', "utf-8")
    for extra in ([], ["--select", "SCR"]):  # with ENC025, and without it
        out, rep = tmp_path / f"out{len(extra)}", tmp_path / f"rep{len(extra)}.jsonl"
        r = cli("clean", str(src), "-o", str(out), "--report", str(rep), *extra)
        assert r.returncode == 0, r.stderr.decode()
        first, second = [json.loads(x) for x in (out / "in.jsonl").read_text("utf-8").splitlines()]
        assert first["title"] == "t\ud800" and first["id"] == "a\udc00"  # other fields kept
        reports = [json.loads(x) for x in rep.read_text("utf-8").splitlines()]
        assert reports[0]["id"] == "a\\udc00"  # the id as its escape: an index can store it
        if extra:
            assert first["text"] == "点赞\ud83d支持。"  # untouched: no rule selected for it
        else:
            assert first["text"] == "点赞支持。"
            assert second["text"] == "Good 😀 day\ufffd"
            assert reports[0]["edits"] == {"ENC025": 1, "ENC021": 1}
    r = cli("check", str(src), "--diff")
    assert r.returncode == 1 and b"Traceback" not in r.stderr and b"\\ud83d" in r.stdout


def test_json_python_cannot_hold_is_that_lines_error(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "数字。", "n": ' + "9" * 5000 + '}\n'
                   '{"text": "正文。", "a": ' + "[" * 100000 + "]" * 100000 + '}\n'
                   '{"text": "第三行。"}\n', "utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        r = cli("clean", str(src), "-o", str(out), "-j", jobs)
        err = r.stderr.decode()
        assert r.returncode == 2 and "Traceback" not in err and "internal error" not in err
        assert "in.jsonl:1: JSON this reader cannot hold" in err
        assert "in.jsonl:2: JSON nested too deeply to read" in err
        assert (out / "in.jsonl").read_text("utf-8") == '{"text": "第三行。"}\n'
