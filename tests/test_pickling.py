"""What crosses the process pipe with --jobs: results and sketches come back whole."""

import pickle

import numpy as np

from cleaner import Pipeline
from cleaner.dedup import NearDupIndex
from cleaner.records import Drop, Edit, Result
from conftest import SEEDS


def test_a_result_and_its_sketch_survive_the_pipe():
    pipe = Pipeline()
    pipe.index = NearDupIndex.open(None)
    text = (SEEDS / "001_906392ab830995cc.txt").read_text("utf-8")
    res = pipe.clean_local(text, doc_id="s1")
    assert res.edits and res.sketch is not None
    back = pickle.loads(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    assert (back.original, back.text, back.edits, back.dropped, back.metadata) == \
        (res.original, res.text, res.edits, res.dropped, res.metadata)
    assert all(type(e) is Edit for e in back.edits)
    assert back.edits[0].rule == res.edits[0].rule and back.edits[0].is_drop == res.edits[0].is_drop
    sk, bk = res.sketch, back.sketch
    assert np.array_equal(sk.signature, bk.signature) and np.array_equal(sk.confirm, bk.confirm)
    assert bk.signature.dtype == np.uint32 and bk.signature.flags.writeable
    assert (bk.keys, bk.shingles, bk.chars) == (sk.keys, sk.shingles, sk.chars)


def test_a_dropped_result_survives_the_pipe():
    res = Result("a", "a", [Edit("DUP001", 0, 1, "x", "", "duplicate paragraph", "paragraph 1",
                                 0.93)], Drop("DUP002", "near-duplicate", "d0", 0.9), {"k": 1})
    back = pickle.loads(pickle.dumps(res))
    assert back == res and back.edits[0].similarity == 0.93


def test_counts_and_drops_of_a_piped_result_match_its_edits():
    """The main process reads counts and drops without unpacking the edit list;
    they must say what the edits say, and the edits stay editable afterwards."""
    pipe = Pipeline()
    text = (SEEDS / "000_84e5a0de3c430b6f.txt").read_text("utf-8")
    res = pipe.clean_local(text, doc_id="s0")
    assert res.drops and len(res.counts()) > 1
    back = pickle.loads(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.counts() == res.counts() and list(back.counts()) == list(res.counts())
    assert back.drops == res.drops
    assert back.edits == res.edits  # unpacked on first read
    back.edits.append(Edit("DUP003", 0, 0, "", "x"))
    assert back.counts()["DUP003"] == 1 and back.drops == res.drops
    assert back != res
