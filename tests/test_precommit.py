"""The pre-commit hooks, run by the real ``pre-commit`` against this project.

``pre-commit try-repo`` installs the project into its own virtualenv (a pip
install: slow, so one PRE_COMMIT_HOME is shared by the module) and runs a hook
in a throw-away corpus repository. The project is first copied into a fresh git
repository (the tracked and untracked, not ignored, files of the work tree), so
the test sees the work tree as it is, whatever is committed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

DIRTY_TXT = "北京院士专家十堰行活动昨日启动。  \r\n\r\n专家们\u200b参观了当地企业。\r\n".encode()
FIXED_TXT = "北京院士专家十堰行活动昨日启动。\n\n专家们参观了当地企业。\n".encode()
DIRTY_MD = "# 会议纪要\n\n正文内容在这里。 \n".encode()
FIXED_MD = "# 会议纪要\n\n正文内容在这里。\n".encode()
DIRTY_JSONL = '{"id": "1", "text": "记者从会上获悉，\\u200b项目进展顺利。 "}\n'.encode()
FIXED_JSONL = '{"id": "1", "text": "记者从会上获悉，项目进展顺利。"}\n'.encode()
CLEAN_TXT = "这是一段干净的中文文本，没有任何问题。\n".encode()
OTHER_PY = b"x = 1   \r\n"  # not a corpus file: the hooks must leave it alone


def _require(what: str, ok: bool) -> None:
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required for this test in CI")
    pytest.skip(f"{what} is not available")


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid",
               GIT_CONFIG_NOSYSTEM="1")
    return env


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                           "-c", "core.autocrlf=false", *args], cwd=cwd, env=_git_env(),
                          check=True, capture_output=True, text=True).stdout


def _project_files() -> list[Path]:
    if (ROOT / ".git").exists():
        out = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
        return [Path(p) for p in out.split("\0") if p and (ROOT / p).is_file()]
    skip = {".git", "build", "__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks"}
    files = []
    for dirpath, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
        files += [Path(dirpath, n).relative_to(ROOT) for n in names if not n.endswith(".pyc")]
    return files


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require("git", shutil.which("git") is not None)
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        _require("the pre-commit package", False)
    repo = tmp_path_factory.mktemp("hook-repo")
    for rel in _project_files():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, repo / rel)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def pc_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _corpus(path: Path, files: dict[str, bytes]) -> Path:
    path.mkdir()
    _git("init", "-q", cwd=path)
    for name, data in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(data)
    _git("add", "-A", cwd=path)
    return path


def _try_repo(hook_repo: Path, pc_home: Path, hook: str, corpus: Path
              ) -> subprocess.CompletedProcess[str]:
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(pc_home)
    env.pop("CLEANCORPUS_DEBUG", None)
    p = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook,
                        "--all-files", "--color", "never"], cwd=corpus, env=env,
                       capture_output=True, text=True, timeout=1500)
    if "An unexpected error has occurred" in p.stdout + p.stderr:
        log = pc_home / "pre-commit.log"
        pytest.fail(f"pre-commit failed:\n{p.stdout}\n{p.stderr}\n"
                    f"{log.read_text() if log.exists() else ''}")
    return p


def _snapshot(corpus: Path, names: list[str]) -> dict[str, bytes]:
    return {n: (corpus / n).read_bytes() for n in names}


# ------------------------------------------------------------ the manifest

def test_manifest_declares_both_hooks() -> None:
    yaml = pytest.importorskip("yaml")  # pre-commit's own dependency
    hooks = {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text("utf-8"))}
    assert set(hooks) == {"cleancorpus-fix", "cleancorpus-check"}
    assert hooks["cleancorpus-fix"]["entry"] == "cleancorpus fix"
    assert hooks["cleancorpus-check"]["entry"] == "cleancorpus check"
    for h in hooks.values():
        assert h["language"] == "python"
        assert h["types"] == ["text"]
        files = re.compile(h["files"])
        for name in ("a.txt", "docs/readme.md", "corpus/part-0.jsonl"):
            assert files.search(name), name
        for name in ("a.py", "a.jsonl.gz", "a.txt.bak", "a.json"):
            assert not files.search(name), name


# ------------------------------------------------------------ the hooks, for real

def test_fix_hook_fails_and_fixes_then_passes(hook_repo: Path, pc_home: Path,
                                              tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {
        "news/a.txt": DIRTY_TXT, "notes.md": DIRTY_MD, "data/c.jsonl": DIRTY_JSONL,
        "clean.txt": CLEAN_TXT, "tool.py": OTHER_PY})
    first = _try_repo(hook_repo, pc_home, "cleancorpus-fix", corpus)
    out = first.stdout + first.stderr
    assert first.returncode == 1, out
    assert "Failed" in out and "files were modified by this hook" in out, out
    assert _snapshot(corpus, ["news/a.txt", "notes.md", "data/c.jsonl", "clean.txt",
                              "tool.py"]) == {
        "news/a.txt": FIXED_TXT, "notes.md": FIXED_MD, "data/c.jsonl": FIXED_JSONL,
        "clean.txt": CLEAN_TXT, "tool.py": OTHER_PY}
    for name in ("news/a.txt", "notes.md", "data/c.jsonl"):
        assert f"Fixing {name}" in out, out
    assert "Fixing clean.txt" not in out

    second = _try_repo(hook_repo, pc_home, "cleancorpus-fix", corpus)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_check_hook_fails_and_writes_nothing(hook_repo: Path, pc_home: Path,
                                             tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {"a.txt": DIRTY_TXT, "b.jsonl": DIRTY_JSONL})
    p = _try_repo(hook_repo, pc_home, "cleancorpus-check", corpus)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "Failed" in out
    for rule in ("ENC001", "ENC002", "ENC005"):
        assert rule in out, out
    assert _snapshot(corpus, ["a.txt", "b.jsonl"]) == {"a.txt": DIRTY_TXT,
                                                       "b.jsonl": DIRTY_JSONL}


def test_corpus_config_is_honoured(hook_repo: Path, pc_home: Path, tmp_path: Path) -> None:
    # cleancorpus.toml at the corpus repo's root selects line ends only: the
    # trailing spaces and the zero-width space stay
    toml = b'select = ["ENC001"]\n'
    corpus = _corpus(tmp_path / "a", {"cleancorpus.toml": toml, "a.txt": DIRTY_TXT})
    p = _try_repo(hook_repo, pc_home, "cleancorpus-fix", corpus)
    assert p.returncode == 1, p.stdout + p.stderr
    assert (corpus / "a.txt").read_bytes() == DIRTY_TXT.replace(b"\r\n", b"\n")
    assert (corpus / "cleancorpus.toml").read_bytes() == toml

    # [tool.cleancorpus] in pyproject.toml ignores trailing whitespace (ENC005, and
    # the layout rules that normalise line ends): the check hook passes
    pyproject = (b'[project]\nname = "my-corpus"\n\n'
                 b'[tool.cleancorpus]\nignore = ["ENC005", "LAY"]\n')
    spaces = "只有行尾空格的文本。   \n\n第二段也是。 \n".encode()
    corpus = _corpus(tmp_path / "b", {"pyproject.toml": pyproject, "a.txt": spaces})
    p = _try_repo(hook_repo, pc_home, "cleancorpus-check", corpus)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Passed" in p.stdout
    assert (corpus / "a.txt").read_bytes() == spaces
