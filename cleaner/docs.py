"""Generate the README's rule table from the rule files, so docs cannot drift.

``python -m cleaner.docs`` rewrites the block between the markers in README.md;
a test fails when the README is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .rules import RuleSet

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_table(rs: RuleSet | None = None) -> str:
    rs = rs or RuleSet.load()
    rows = ["| id | stage | safe | default | summary |", "| --- | --- | --- | --- | --- |"]
    for r in rs.rules:
        summary = r.summary.replace("|", "\\|")
        rows.append(f"| `{r.id}` | {r.stage} | {'yes' if r.safe else 'no'} | "
                    f"{'on' if r.default else 'off'} | {summary} |")
    return "\n".join(rows)


def render_readme(text: str, table: str) -> str:
    head, sep, rest = text.partition(START)
    if not sep:
        raise SystemExit(f"README has no {START} marker")
    _, sep2, tail = rest.partition(END)
    if not sep2:
        raise SystemExit(f"README has no {END} marker")
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else Path("README.md")
    old = path.read_text("utf-8")
    new = render_readme(old, rules_table())
    if new != old:
        path.write_text(new, "utf-8")
        print(f"updated the rule table in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
