"""Random mutations of valid coding files: verify and build always answer with a
report, never a traceback."""

import csv
import io
import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autodefensas import build, verify
from autodefensas.report import Report
from conftest import SHEET, copy_dataset

TARGETS = [SHEET, "seeds/registry/actors.yaml", "seeds/registry/incidents.yaml",
           "seeds/registry/outlets.yaml", SHEET.replace(".yaml", ".txt"),
           "seeds/reuters-2019-10-15-tepochica-gunfight.yaml"]
YAML_BITS = ["- ", ": ", "  ", "\t", "[", "]", "{", "}", "&a ", "*a", "'", '"', "#", "null", "~", "-1",
             "2015-13-45", "true", "\n", "é", "\u0301", "\ufeff", "=cmd", "../", "\x00", "\r\n"]


@st.composite
def mutations(draw):
    target = draw(st.sampled_from(TARGETS))
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace_value", "truncate", "bytes"]))
    return target, kind, draw(st.randoms(use_true_random=False)), draw(
        st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=8)), min_size=1, max_size=4))


def mutate(data: bytes, kind: str, rng, bits: list[str]) -> bytes:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    noise = "".join(bits).encode("utf-8", errors="surrogatepass")
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        position = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:position] + noise + lines[i][position:]
    elif kind == "replace_value" and b": " in lines[i]:
        lines[i] = lines[i].split(b": ", 1)[0] + b": " + noise
    elif kind == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    elif kind == "bytes":
        position = rng.randrange(len(data) + 1)
        return data[:position] + bytes(rng.randrange(256) for _ in range(4)) + data[position:]
    return b"\n".join(lines)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "80")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=mutations())
def test_verify_and_build_answer_with_a_report(built, tmp_path_factory, change):
    root = copy_dataset(tmp_path_factory.mktemp("mutated"), built)
    target, kind, rng, bits = change
    path = root / target
    path.write_bytes(mutate(path.read_bytes(), kind, rng, bits))

    report = verify(root, ("coding", "drift", "rules"))
    assert isinstance(report, Report)
    for problem in report.problems:
        assert problem.file and problem.rule and problem.message
    assert isinstance(build(root), Report)
    shutil.rmtree(root)


CELLS = st.one_of(st.sampled_from(["", "-1", "99999999999999999999", "1.5", "true", "2015-02-30", "x" * 300,
                                   "=1+1", "None", "nan", "\"", "\n", "é", "../x"]), st.text(max_size=12))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(["sources", "actors", "incidents", "claims"]), data=st.data(), value=CELLS)
def test_hand_edited_cells_give_a_report(built, tmp_path_factory, table, data, value):
    root = copy_dataset(tmp_path_factory.mktemp("edited"), built)
    path = root / "data" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    row = data.draw(st.integers(1, len(rows) - 1))
    column = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")

    report = verify(root, ("contract", "rules"))
    assert isinstance(report, Report)
    shutil.rmtree(root)
