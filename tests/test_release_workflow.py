"""The release workflow (.github/workflows/release.yml): a version tag triggers it, and every
`autodefensas` command and option it runs exists in the CLI, in the order a release needs."""

import re
import shlex

import typer
import yaml

from autodefensas.cli import app
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"


def workflow():
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps():
    return workflow()["jobs"]["release"]["steps"]


def invocations():
    """(command, [options]) of each `autodefensas` call in the run scripts, in order."""
    found = []
    for step in steps():
        for line in step.get("run", "").split("\n"):
            for part in re.split(r"&&|\|\||;|\|", line):
                words = shlex.split(part.replace("$(", " "), comments=False) if "autodefensas " in part else []
                if "autodefensas" in words:
                    rest = words[words.index("autodefensas") + 1:]
                    found.append((rest[0], [w for w in rest[1:] if w.startswith("--")]))
    return found


def test_a_version_tag_triggers_it_with_permission_to_write_releases():
    data = workflow()
    assert data["on"] == {"push": {"tags": ["v*.*.*"]}}
    assert data["permissions"] == {"contents": "write"}


def test_every_command_and_option_it_runs_exists():
    commands = typer.main.get_command(app).commands
    calls = invocations()
    assert calls, "the workflow runs no autodefensas command"
    for name, options in calls:
        assert name in commands, f"the workflow runs `autodefensas {name}`, which the CLI does not have"
        known = {opt for param in commands[name].params for opt in param.opts}
        for option in options:
            assert option.split("=")[0] in known, f"`autodefensas {name}` has no option {option}"


def test_it_builds_verifies_archives_checks_the_archive_then_releases_in_that_order():
    calls = [(name, tuple(options)) for name, options in invocations()]
    order = [("build", ()), ("verify", ("--format",)), ("archive", ()), ("verify", ("--package",)),
             ("release-notes", ())]
    assert calls == order
    script = "\n".join(step.get("run", "") for step in steps())
    assert 'package_version(".")' in script and '"v$version" != "$GITHUB_REF_NAME"' in script
    assert "git status --porcelain" in script  # a build that changes the tagged files fails the job
    release = next(step for step in steps() if "gh release create" in step.get("run", ""))
    assert release["env"] == {"GH_TOKEN": "${{ secrets.GITHUB_TOKEN }}"}
    assert '"dist/autodefensas-$VERSION.zip"' in release["run"] and "--notes-file" in release["run"]
