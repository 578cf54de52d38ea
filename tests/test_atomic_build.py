"""A build is crash-safe and builds serialize.

At every instant each output holds its complete old or complete new bytes; a build
killed at any step of its switch is completed (it had committed: the journal was
written) or rolled back (it had not) by the next build or verify; concurrent writers
leave one consistent set; a process waiting for the lock says so and gives up with a
clear message. Builds are killed for real (SIGKILL, through the AUTODEFENSAS_KILL_AT
test hook), in subprocesses that the tests wait for with timeouts.
"""

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from autodefensas import build, paths, verify
from autodefensas.build import JournalError, LockError, make_build, write_files
from autodefensas.build import write as write_module
from autodefensas.build.journal import is_staged
from autodefensas.build.lock import hold
from autodefensas.build.write import KILL_VARIABLE, reading, switch_steps
from autodefensas.cli import app
from conftest import SHEET, copy_dataset, find_line, replace_line

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals and flock")

# every output file, in the order the switch renames them
OUTPUTS = sorted([paths.csv(table) for table in paths.TABLES]
                 + [paths.DESCRIPTOR, paths.CODEBOOK, paths.RULES_DOC, paths.CITATION, paths.ZENODO])
STEPS = switch_steps(len(OUTPUTS))
TIMEOUT = 120  # seconds any subprocess may take before the test fails instead of hanging


def outputs(root):
    """{output: bytes, or None when it is missing}."""
    return {rel: (root / rel).read_bytes() if (root / rel).is_file() else None for rel in OUTPUTS}


def debris(root):
    """What an interrupted or running build leaves: the journal and staged files."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name == paths.JOURNAL or is_staged(p.name) or p.name.startswith(".build-"))


def change_the_coding(root):
    """A valid change that alters every output the coding makes, so that a half-done write would show."""
    for sheet, pattern in (("seeds/registry/incidents.yaml", r"^    title: "),   # data/incidents.csv
                           ("seeds/registry/actors.yaml", r"^    name: "),       # data/actors.csv
                           ("seeds/registry/outlets.yaml", r"^    publisher: "),  # data/sources.csv
                           (SHEET, r"^    note: [A-Z]")):                         # data/claims.csv
        number, line = find_line(root / sheet, pattern)
        replace_line(root / sheet, number, line + " (revised)")
    # the schemas are the repository's current ones: set a version no release will have
    path = root / "schemas/package.json"
    text, count = re.subn(r'"version": "[^"]*"', '"version": "99.0.0"', path.read_text("utf-8"), count=1)
    assert count == 1
    path.write_text(text, "utf-8")


def old_and_new(root):
    """The outputs before and after change_the_coding (which it applies): every one differs.
    docs/rules.md comes from the rule catalogue alone, so its old copy is made stale by hand."""
    with (root / paths.RULES_DOC).open("ab") as rules:
        rules.write(b"a line of an older catalogue\n")
    old = outputs(root)
    change_the_coding(root)
    new = {rel: make_build(root).files[rel] for rel in OUTPUTS}
    assert [rel for rel in OUTPUTS if old[rel] is None or old[rel] == new[rel]] == []
    return old, new


def run(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, **(env or {})}, **kwargs)


def cli(*args, env=None):
    return run("-m", "autodefensas", *map(str, args), env=env)


# --- killed at every step of the switch -----------------------------------------------------

# Runs the command `autodefensas build --root ROOT` once per (step, root), each in a child
# process killed at that step by the hook, all at once, and prints {step: exit code}. The
# children are forked from one fresh interpreter that imports the command once (a new
# interpreter per step costs half a second); it starts no thread, so forking is safe.
KILLER = textwrap.dedent("""
    import json, os, sys
    from autodefensas.cli import app
    children, kill_variable = {}, sys.argv[2]
    for step, root in json.loads(sys.argv[1]):
        pid = os.fork()
        if pid == 0:
            log = os.open(os.path.join(root, "..", "build.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.environ[kill_variable] = step
            try:
                app(["build", "--root", root], prog_name="autodefensas")
            except SystemExit as exc:
                os._exit(exc.code if isinstance(exc.code, int) else 1)
            os._exit(0)
        children[pid] = step
    codes = {step: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid, step in children.items()}
    print(json.dumps(codes))
""")


@pytest.fixture(scope="module")
def changed(built, tmp_path_factory):
    """A copy of the built dataset whose next build changes every output: (root, old, new)."""
    root = copy_dataset(tmp_path_factory.mktemp("changed") / "dataset", built)
    return (root, *old_and_new(root))


@pytest.fixture
def changing(changed, tmp_path):
    """A copy of `changed` that a test may build into: (root, old outputs, new outputs)."""
    template, old, new = changed
    return copy_dataset(tmp_path / "dataset", template), old, new


@pytest.fixture(scope="module")
def killed(changed, tmp_path_factory):
    """One copy of `changed` per step, with a build killed at that step:
    {step: (root, old outputs, new outputs, exit code, its output)}."""
    template, old, new = changed
    roots = {step: copy_dataset(tmp_path_factory.mktemp(f"killed-{number}") / "dataset", template)
             for number, step in enumerate(STEPS)}
    result = run("-c", KILLER, json.dumps([(step, str(root)) for step, root in roots.items()]), KILL_VARIABLE)
    assert result.returncode == 0, result.stderr
    codes = json.loads(result.stdout)
    return {step: (root, old, new, codes[step], (root.parent / "build.log").read_text())
            for step, root in roots.items()}


def test_the_steps_are_those_of_a_build(dataset, monkeypatch):
    change_the_coding(dataset)
    seen = []
    monkeypatch.setattr(write_module, "checkpoint", seen.append)
    assert build(dataset).ok
    assert seen == STEPS


@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_at_each_step_leaves_old_or_new_files_then_is_completed_or_rolled_back(killed, step):
    root, old, new, returncode, output = killed[step]
    assert returncode == -signal.SIGKILL, output
    # at that instant: every output whole, old or new, and exactly the first `switched` are new
    kind, _, number = step.partition(":")
    switched = {"stage": 0, "journal": 0, "rename": int(number or 1) - 1, "renamed": int(number or 0),
                "unjournal": len(OUTPUTS)}[kind]
    assert outputs(root) == {rel: new[rel] if i < switched else old[rel] for i, rel in enumerate(OUTPUTS)}
    committed = kind != "stage"
    assert (root / paths.JOURNAL).exists() == committed
    assert bool(debris(root)) and os.path.exists(root / paths.LOCK)

    notices = []
    report = verify(root, layers=("drift",), baseline=None, notify=notices.append)
    assert outputs(root) == (new if committed else old)
    assert debris(root) == []
    assert len(notices) == 1
    assert notices[0].startswith("completed an interrupted build" if committed else "rolled back an interrupted build")
    assert report.ok == committed, report.format_text()  # drift: the coding changed, so old files drift

    assert build(root).ok
    assert outputs(root) == new and debris(root) == []
    # every layer but quality (aggregates: it has nothing to say of a crash, and costs seconds
    # to import; the test below runs it after an interrupted build)
    assert verify(root, layers=("coding", "drift", "contract", "rules"), baseline=None).ok


@pytest.mark.parametrize("step, notice", [("stage:2", "rolled back an interrupted build"),
                                          ("rename:3", "completed an interrupted build")])
def test_the_next_build_completes_or_rolls_back_and_says_so(changing, step, notice):
    dataset, _, new = changing
    assert cli("build", "--root", dataset, env={KILL_VARIABLE: step}).returncode == -signal.SIGKILL
    result = cli("build", "--root", dataset)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(notice)
    assert outputs(dataset) == new and debris(dataset) == []
    assert verify(dataset, baseline=None).ok  # every layer, quality too


def test_a_stale_table_is_removed_even_when_the_build_is_killed_there(changing):
    dataset, _, new = changing
    (dataset / "data/retired.csv").write_bytes(b"a table no longer made\n")
    assert cli("build", "--root", dataset, env={KILL_VARIABLE: "remove:1"}).returncode == -signal.SIGKILL
    assert outputs(dataset) == new and (dataset / "data/retired.csv").exists()
    result = cli("verify", "-q", "--layer", "drift", "--root", dataset)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "completed an interrupted build" in result.stderr
    assert sorted(p.name for p in (dataset / "data").iterdir()) == sorted(f"{t}.csv" for t in paths.TABLES)


# --- concurrent writers and readers ------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from autodefensas.build import write_files
    root, marker, go, times = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    outputs = sys.argv[5:]
    files = {rel: f"{rel} written by {marker}\\n".encode() * 5000 for rel in outputs}
    while not go.exists():
        time.sleep(0.001)
    for _ in range(times):
        write_files(root, files)
""")

READER = textwrap.dedent("""
    import re, sys, time
    from pathlib import Path
    from autodefensas.build.write import reading
    root, go, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    outputs = sys.argv[4:]
    while not go.exists():
        time.sleep(0.001)
    reads, done = 0, False
    while not done:
        done = stop.exists()  # the writers are through: one last read
        with reading(root):
            present = [rel for rel in outputs if (root / rel).exists()]
            if present:  # none before the first write
                assert present == outputs, f"only {present} exist"
                markers = set()
                for rel in outputs:
                    data = (root / rel).read_bytes()
                    lines = set(data.splitlines())
                    assert len(lines) == 1 and data.count(b"\\n") == 5000, f"{rel} is not whole"
                    markers.add(re.search(rb"written by (\\S+)$", lines.pop()).group(1))
                assert len(markers) == 1, f"the outputs mix the sets of {sorted(markers)}"
                reads += 1
        time.sleep(0.002)
    print(reads)
""")


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_writers_leave_one_consistent_set(tmp_path, round_):
    """4 writers (one killed mid-switch) write their own set 3 times each, at once, while a
    reader checks under the shared lock that it always sees one whole set."""
    root, go, stop = tmp_path / "root", tmp_path / "go", tmp_path / "stop"
    root.mkdir()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), f"w{i}", str(go), "3", *OUTPUTS],
                                env={**os.environ, **({KILL_VARIABLE: "rename:4"} if i == 0 else {})},
                                stderr=subprocess.PIPE, text=True)
               for i in range(4)]
    reader = subprocess.Popen([sys.executable, "-c", READER, str(root), str(go), str(stop), *OUTPUTS],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)  # let every interpreter start before the go
        go.touch()
        codes = [w.wait(timeout=TIMEOUT) for w in writers]
        stop.touch()
        reads, errors = reader.communicate(timeout=TIMEOUT)
    finally:
        for proc in [*writers, reader]:
            if proc.poll() is None:
                proc.kill()
    assert codes == [-signal.SIGKILL, 0, 0, 0], [w.stderr.read() for w in writers if w.stderr]
    assert reader.returncode == 0, errors
    assert int(reads) > 0
    # if the killed writer's set was not completed by a later writer, a reader did: recover
    with reading(root):
        final = {rel: (root / rel).read_bytes() for rel in OUTPUTS}
    markers = {re.search(rb"written by (\S+)\n", data).group(1) for data in final.values()}
    assert len(markers) == 1
    assert debris(root) == []


# --- waiting for the lock, and giving up -----------------------------------------------------

def test_a_build_gives_up_on_a_held_lock_naming_the_holder(dataset):
    with hold(dataset):  # this test process is "another autodefensas build"
        result = cli("build", "--root", dataset, env={"AUTODEFENSAS_LOCK_TIMEOUT": "1"})
    assert result.returncode == 2
    pid = os.getpid()
    lines = result.stderr.splitlines()
    assert lines[0] == f"waiting for another autodefensas build in this folder (pid {pid}) to finish…"
    assert lines[1].startswith(f"error: gave up after 1 s waiting for another autodefensas build in this folder "
                               f"(pid {pid}) to finish: wait for it and run the command again (if no process "
                               f"{pid} is running, remove ")
    assert len(lines) == 2
    assert cli("build", "--root", dataset).returncode == 0  # released


def test_a_waiting_build_goes_on_when_the_lock_is_released(dataset, tmp_path):
    log = tmp_path / "stderr"
    with hold(dataset), log.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "autodefensas", "build", "--root", str(dataset)],
                                stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 60
            while "waiting for" not in log.read_text() and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            assert log.read_text() == f"waiting for another autodefensas build in this folder (pid {os.getpid()}) " \
                                      "to finish…\n"
            assert proc.poll() is None
        except BaseException:
            proc.kill()
            raise
    assert proc.wait(timeout=TIMEOUT) == 0
    assert log.read_text().count("waiting") == 1


def test_readers_share_the_lock_and_a_build_waits_for_them(dataset):
    with reading(dataset):
        result = cli("verify", "-q", "--layer", "drift", "--root", dataset, env={"AUTODEFENSAS_LOCK_TIMEOUT": "1"})
        assert result.returncode == 0, result.stdout + result.stderr  # two readers at once
        result = cli("build", "--root", dataset, env={"AUTODEFENSAS_LOCK_TIMEOUT": "0.3"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "waiting for an autodefensas verify in this folder to finish…",
        "error: gave up after 0.3 s waiting for an autodefensas verify in this folder to finish: wait for it and run "
        "the command again; AUTODEFENSAS_LOCK_TIMEOUT=SECONDS waits longer"]


def test_verify_waits_for_a_build(dataset):
    with hold(dataset):
        result = cli("verify", "--layer", "drift", "--root", dataset, env={"AUTODEFENSAS_LOCK_TIMEOUT": "0.3"})
    assert result.returncode == 2
    assert f"waiting for another autodefensas build in this folder (pid {os.getpid()})" in result.stderr


def test_a_bad_lock_timeout_is_a_usage_error(dataset, monkeypatch):
    monkeypatch.setenv("AUTODEFENSAS_LOCK_TIMEOUT", "soon")
    with pytest.raises(LockError, match="AUTODEFENSAS_LOCK_TIMEOUT must be a number of seconds, not 'soon'"):
        build(dataset)


# --- in-process failures ------------------------------------------------------------------------

@pytest.mark.parametrize("fail_at", range(1, len(OUTPUTS) + 2))
@pytest.mark.parametrize("make_error", [lambda: OSError("disk full"), KeyboardInterrupt], ids=["OSError", "Ctrl-C"])
def test_an_exception_at_each_rename(changing, monkeypatch, fail_at, make_error):
    """os.replace 1 puts the journal in place (the commit point), 2… switch the files: a
    failure before the commit leaves the old outputs, one after it is completed at once."""
    dataset, old, new = changing
    real_replace, calls, error = os.replace, [], make_error()

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise error
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(type(error)) as raised:
        build(dataset)
    monkeypatch.setattr(os, "replace", real_replace)
    assert outputs(dataset) == (old if fail_at == 1 else new)
    assert debris(dataset) == []
    assert raised.value.__notes__ == ["nothing was switched: the previous outputs are intact" if fail_at == 1 else
                                      "the build had committed: its switch to the new outputs was completed"]


def test_a_switch_that_keeps_failing_is_completed_by_the_next_verify(changing, monkeypatch):
    dataset, old, new = changing
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) >= 4:
            raise OSError("input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError) as raised:
        build(dataset)
    monkeypatch.setattr(os, "replace", real_replace)
    assert "the next `autodefensas build` or `autodefensas verify` completes it" in raised.value.__notes__[0]
    assert outputs(dataset) == {rel: new[rel] if i < 2 else old[rel] for i, rel in enumerate(OUTPUTS)}
    notices = []
    assert verify(dataset, layers=("drift",), baseline=None, notify=notices.append).ok
    assert outputs(dataset) == new and debris(dataset) == []
    assert notices[0].startswith("completed an interrupted build")


@pytest.mark.parametrize("fail_at", range(1, len(OUTPUTS) + 2))
def test_a_failure_while_staging_leaves_the_previous_outputs(changing, monkeypatch, fail_at):
    """os.write 1…7 stage the files, 8 the journal: the failing one writes half, then fails."""
    dataset, old, _ = changing
    real_write, calls = os.write, []

    def failing_write(fd, data):
        calls.append(fd)
        if len(calls) == fail_at:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(OSError, match="No space left"):
        build(dataset)
    monkeypatch.setattr(os, "write", real_write)
    assert outputs(dataset) == old
    assert debris(dataset) == []


def test_the_cli_says_whether_the_outputs_were_switched(dataset, monkeypatch):
    from typer.testing import CliRunner

    change_the_coding(dataset)
    real_write = os.write

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    result = CliRunner().invoke(app, ["build", "--root", str(dataset)])
    monkeypatch.setattr(os, "write", real_write)
    assert result.exit_code == 2
    assert "could not write the outputs: [Errno 28] No space left on device (nothing was switched: the previous " \
           "outputs are intact)" in result.output


def test_a_successful_build_after_a_failed_one(changing, monkeypatch):
    dataset, _, new = changing

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError):
        build(dataset)
    monkeypatch.undo()
    assert build(dataset).ok
    assert outputs(dataset) == new and debris(dataset) == []


@pytest.mark.parametrize("journal", [
    "{not json",
    '{"version": 1, "replace": [["seeds/registry/actors.yaml", "data/.actors.csv.0123456789abcdef.new"]]}',
    '{"version": 1, "replace": [], "remove": ["seeds/registry/actors.yaml"]}',
    '{"version": 1, "replace": [["../elsewhere.csv", "../.elsewhere.csv.0123456789abcdef.new"]]}',
])
def test_an_unreadable_journal_stops_build_and_verify(dataset, journal):
    (dataset / paths.JOURNAL).write_text(journal, "utf-8")
    before = outputs(dataset)
    with pytest.raises(JournalError, match="cannot be read"):
        build(dataset)
    assert outputs(dataset) == before and (dataset / "seeds/registry/actors.yaml").exists()
    result = cli("verify", "-q", "--root", dataset)
    assert result.returncode == 2 and "error: " in result.stderr and "cannot be read" in result.stderr


# --- files, modes, what git and verify see -------------------------------------------------------

def test_write_files_into_a_fresh_folder(tmp_path):
    write_files(tmp_path, {"data/a.csv": b"x\n", "datapackage.json": b"{}\n"})
    assert (tmp_path / "data/a.csv").read_bytes() == b"x\n"
    assert (tmp_path / "datapackage.json").read_bytes() == b"{}\n"
    assert debris(tmp_path) == []


def test_files_get_the_mode_a_plain_write_gives(tmp_path):
    previous = os.umask(0o027)
    try:
        write_files(tmp_path, {"data/a.csv": b"x\n", "data/b.csv": b"y\n"})
        assert stat.S_IMODE((tmp_path / "data/a.csv").stat().st_mode) == 0o640  # new: umask
        (tmp_path / "data/b.csv").chmod(0o604)
        write_files(tmp_path, {"data/a.csv": b"x\n", "data/b.csv": b"z\n"})
        assert stat.S_IMODE((tmp_path / "data/b.csv").stat().st_mode) == 0o604  # replaced: its own mode
    finally:
        os.umask(previous)


def test_data_is_never_replaced_as_a_folder(dataset):
    inode = (dataset / "data").stat().st_ino
    change_the_coding(dataset)
    assert build(dataset).ok
    assert (dataset / "data").stat().st_ino == inode


def test_verify_ignores_the_lock_and_git_ignores_the_bookkeeping(built):
    assert (built / paths.LOCK).exists()
    assert verify(built, layers=("drift",), baseline=None).ok
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = Path(__file__).resolve().parent.parent
    for name in (paths.LOCK, paths.JOURNAL, ".datapackage.json.0123456789abcdef.new",
                 "data/.claims.csv.0123456789abcdef.new"):
        assert subprocess.run(["git", "check-ignore", "-q", "--no-index", name], cwd=repo).returncode == 0, name
