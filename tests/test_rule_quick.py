"""The stdlib-``re`` twin that answers a pure character-class rule's cheap question."""

import regex
from hypothesis import given, settings, strategies as st

from cleaner.rules import _class_twin, load_rule_file

CLASSES = [r"[\x00-\x08\x0b\x0c\x0e-\x19\x1c-\x1f\x7f]", r"[\u200b\u2060\ufeff]",
           r"[^\x00-\x7f]", r"[a-z\-\]]", r"[ \t\u3000]", r"[，。]"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CLASSES), st.text())
def test_twin_finds_what_the_rule_finds(pattern, text):
    p = regex.compile(pattern, regex.V0)
    twin = _class_twin(p)
    assert twin is not None
    assert (twin.search(text) is None) == (p.search(text) is None)


def test_only_pure_classes_get_a_twin():
    for pattern, flags in [(r"[\p{Han}]", 0), (r"[a-z]", regex.IGNORECASE), (r"[ab]+x", 0),
                           (r"[[a-z]--[aeiou]]", regex.V1), (r"\s", 0), (r"[\w]", 0)]:
        assert _class_twin(regex.compile(pattern, flags)) is None, pattern


def _user_rule(tmp_path, body: str):
    """Load a one-rule user file: a regex rule USR001 with ``body`` added."""
    f = tmp_path / "r.toml"
    f.write_text('[[rule]]\nid = "USR001"\nname = "x"\nsummary = "s"\nwhy = "w"\n'
                 'kind = "regex"\nsafe = true\n' + body, encoding="utf-8")
    return load_rule_file(f, user=True)


def test_a_class_rule_with_a_twin_still_edits(tmp_path):
    (rule,) = _user_rule(tmp_path, 'pattern = \'[\\x01\\x02]\'\nreplacement = ""\n'
                         '[[rule.examples]]\ninput = "a\\u0001b"\nexpected = "ab"\n'
                         '[[rule.examples]]\ninput = "ab"\nexpected = "ab"\n')
    assert rule.quick is not None
    assert [c.start for c in rule.find("a\x01b\x02", None)] == [1, 3]
    assert rule.find("干净的文本。", None) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("，、；：。！？,.;:…—-－ \n中文abc1") + ["。。", "，，", "...", "--"]),
                max_size=30).map("".join))
def test_requires_is_a_necessary_condition(text):
    """A rule's declared literals are in every text its pattern matches."""
    from cleaner import Pipeline

    for rule in Pipeline().local_rules:
        if rule.requires and rule.pattern.search(text):
            assert any(r in text for r in rule.requires), (rule.id, text)


def test_requires_must_be_literals(tmp_path):
    import pytest

    from cleaner.errors import RuleFileError

    with pytest.raises(RuleFileError, match="requires"):
        _user_rule(tmp_path, 'pattern = "ab"\nreplacement = ""\nrequires = ["a", 3]\n'
                   '[[rule.examples]]\ninput = "ab"\nexpected = ""\n')


REQUIRES = ["，，", "、、", "\n，", "a.b", "(x)", "|", "\\d"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(REQUIRES), min_size=3, max_size=6, unique=True),
       st.text(alphabet="，、\na.b(x)|\\d中", max_size=40))
def test_requires_as_one_search_answers_like_the_substring_tests(requires, text):
    from cleaner.rules import _requires_search
    search = _requires_search(tuple(requires))
    assert (search.search(text) is not None) == any(r in text for r in requires)


def test_several_requires_become_one_search(tmp_path):
    rule = _user_rule(tmp_path, 'pattern = "，，|、、|；；"\nreplacement = "，"\n'
                                'requires = ["，，", "、、", "；；"]\n')[0]
    assert rule.requires_any is not None
    assert rule.find("好，，的", None) and not rule.find("好，的", None)
