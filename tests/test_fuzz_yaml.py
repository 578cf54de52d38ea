"""YAML structure, not only values: keys of any type, nesting, tags, several documents,
other encodings. Whatever a contributor commits under seeds/, verify and build answer
with a report whose every problem names a file and a declared rule, never a traceback.

The suite runs a short pass; FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz_yaml.py
runs a long one."""

import datetime as dt
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autodefensas import build, verify
from autodefensas.report import Report
from conftest import SHEET

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
TARGETS = [SHEET, "seeds/registry/actors.yaml", "seeds/registry/incidents.yaml", "seeds/registry/outlets.yaml",
           "seeds/registry/withdrawn.yaml"]
TAGS = ["!!binary", "!!set", "!!omap", "!!pairs", "!!timestamp", "!!str", "!!int", "!!float", "!!bool", "!!null",
        "!!python/tuple", "!!python/object:os.system", "!local", "!!map", "!!seq"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                    st.text(max_size=20), st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(
                        ["2015-02-30", "2015-13-01", "0000-00-00", "~", "null", "yes", "no", "=1+1", "0x1F", "1e400"]))
keys = st.one_of(st.text(max_size=15), st.integers(-5, 5), st.booleans(), st.none(), st.dates(),
                 st.sampled_from(["source", "claims", "id", "quote", "actors", "incidents", "outlets", "withdrawn"]))
trees = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)), max_leaves=25)


@st.composite
def documents(draw) -> bytes:
    """A YAML file: a dumped tree, then edits only text can make (tags, complex keys, deep
    nesting, several documents, anchors), in one of several encodings."""
    text = yaml.safe_dump(draw(trees), allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["tag", "complex-key", "deep-flow", "deep-block", "documents", "anchor",
                                     "merge", "indent"]))
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines)))
        if edit == "tag":
            lines.insert(at, f"k{at}: {draw(st.sampled_from(TAGS))} {draw(st.sampled_from(['x', '1', 'AAAA', '[1]', '{a: 1}']))}")
        elif edit == "complex-key":
            lines.insert(at, draw(st.sampled_from(["? [a, b]\n: 1", "? {a: 1}\n: 2", "[1, 2]: x", "{a: b}: c"])))
        elif edit == "deep-flow":
            depth = draw(st.integers(30, 3000))
            lines.insert(at, "deep: " + "[" * depth + "]" * depth)
        elif edit == "deep-block":
            depth = draw(st.integers(30, 300))
            lines.insert(at, "deep:\n" + "".join("  " * i + "- \n" for i in range(1, depth)))
        elif edit == "documents":
            lines.insert(at, draw(st.sampled_from(["---", "...", "--- !!map", "%YAML 1.1\n---"])))
        elif edit == "anchor":
            lines.insert(at, "a: &x [1, 2]\nb: *x")
        elif edit == "merge":
            lines.insert(at, "base: &b {k: 1}\nchild:\n  <<: *b")
        else:
            lines.insert(at, "\t" * draw(st.integers(1, 3)) + "x: 1")
        text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), data=documents())
def test_any_yaml_structure_gets_a_report(dataset, target, data):
    path = dataset / target
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        for report in (verify(dataset, ("coding", "drift", "rules")), build(dataset)):
            assert isinstance(report, Report)
            for problem in report.problems:
                assert problem.file and problem.rule and problem.message
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
