"""What the page-probing tests share: a clean that checks the edits replay and a
second run changes nothing, a page in either output form, and body paragraphs."""

from __future__ import annotations

from cleaner import Pipeline, apply_edits

PIPE = Pipeline()

BODY = ["5月11日，记者从市交通运输局获悉，今年我市计划完成农村公路新改建里程800公里，目前已开工项目56个，完成投资12.6亿元。",
        "据介绍，今年的农村公路建设将重点向偏远山区倾斜，着力打通断头路、瓶颈路，进一步提升农村群众出行条件。",
        "“路通了，我们的山货也好卖了。”竹山县官渡镇村民李大爷高兴地说，过去运一车香菇到县城要大半天。"]


def clean_checked(text: str, fmt: str = "txt") -> str:
    """The cleaned text, after checking that the edits replay on the input and
    that cleaning it again changes nothing."""
    res = PIPE.clean(text, format=fmt)
    assert apply_edits(text, res.edits) == res.text
    assert PIPE.clean(res.text, format=fmt).text == res.text
    return res.text


def page(paragraphs: list[str], fmt: str) -> str:
    return ("\n\n" if fmt == "txt" else "\n").join(paragraphs)
