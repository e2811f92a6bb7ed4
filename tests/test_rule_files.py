"""Invalid rule files: one message naming the file, the line and the field."""

from __future__ import annotations

import pytest

from cleaner import Pipeline, clean_text
from cleaner.errors import RuleFileError, UnknownRuleError
from cleaner.rules import RuleSet, load_rule_file

GOOD = '''
[[rule]]
id = "USR001"
summary = "OCR confusion of the event name"
why = "The event is 十堰行."
kind = "table"
safe = true
[rule.table]
"十履行" = "十堰行"
[[rule.examples]]
input = "北京院士专家十履行活动"
expected = "北京院士专家十堰行活动"
'''

BAD = [
    ("syntax", GOOD.replace('safe = true', 'safe = tru'), 7, None, "TOML syntax"),
    ("unknown field", GOOD.replace('safe = true', 'safe = true\ncolour = "red"'), 8, "colour",
     "unknown field"),
    ("bad id", GOOD.replace('"USR001"', '"USR1"'), 3, "id", "3 digits"),
    ("not a user id", GOOD.replace('"USR001"', '"SCR001"'), 3, "id", "USR ids"),
    ("missing summary", GOOD.replace('summary = "OCR confusion of the event name"\n', ''), 2,
     "summary", "required"),
    ("bad kind", GOOD.replace('kind = "table"', 'kind = "magic"'), 6, "kind", "not one of"),
    ("safe not bool", GOOD.replace('safe = true', 'safe = "yes"'), 7, "safe", "true or false"),
    ("bad regex", GOOD.replace('kind = "table"', 'kind = "regex"\npattern = "(unclosed"'), 7,
     "pattern", "does not compile"),
    ("bad group ref", GOOD.replace('kind = "table"',
                                   'kind = "regex"\npattern = "a"\nreplacement = "\\\\2"'), 8,
     "replacement", "group 2"),
    ("unknown builtin", GOOD.replace('kind = "table"', 'kind = "builtin"\nbuiltin = "nope"'), 7,
     "builtin", "no builtin"),
    ("example without expected", GOOD.replace('expected = "北京院士专家十堰行活动"\n', ''), 10,
     "examples", "required"),
]


@pytest.mark.parametrize("src,line,field,words", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_rule_file_names_file_line_field(tmp_path, src, line, field, words):
    p = tmp_path / "errata.toml"
    p.write_text(src, encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        load_rule_file(p, user=True)
    msg = str(exc.value)
    assert msg.startswith(f"{p}:{line}:"), msg
    if field:
        assert f"field {field!r}" in msg
    assert words in msg
    assert "\n" not in msg


def test_user_table_rule_applies(tmp_path):
    p = tmp_path / "errata.toml"
    p.write_text(GOOD, encoding="utf-8")
    res = clean_text("北京院士专家十履行活动", rules=[p], select=["USR"])
    assert res.text == "北京院士专家十堰行活动"
    assert [e.rule for e in res.edits] == ["USR001"]


def test_duplicate_id_across_files_is_refused(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleFileError, match="already defined"):
        RuleSet.load([a, b])


def test_unknown_rule_id_suggests_close_ones():
    with pytest.raises(UnknownRuleError, match="ENC00"):
        Pipeline(select=["ENC0099"])
    with pytest.raises(UnknownRuleError):
        Pipeline(ignore=["XYZ"])


def test_select_and_ignore_by_prefix():
    p = Pipeline(select=["ENC"], ignore=["ENC005"])
    ids = [r.id for r in p.rules]
    assert "ENC001" in ids and "ENC005" not in ids
    assert all(i.startswith("ENC") for i in ids)


def test_user_regex_runs_with_timeout(tmp_path):
    p = tmp_path / "slow.toml"
    p.write_text(GOOD.replace('kind = "table"', 'kind = "regex"\npattern = "(a|aa)+$"\n'
                              'replacement = ""'), encoding="utf-8")
    import cleaner.rules as rules_mod
    from cleaner.errors import InputError
    old = rules_mod.REGEX_TIMEOUT
    rules_mod.REGEX_TIMEOUT = 0.2
    try:
        with pytest.raises(InputError, match="timed out"):
            Pipeline([p], select=["USR"]).clean("a" * 60 + "!")
    finally:
        rules_mod.REGEX_TIMEOUT = old
