"""relplan as a user gets it: the wheel's contents, and the README's commands run from that wheel installed.

The wheel is built once per run, without the network (``pip wheel --no-build-isolation --no-index``, with the
setuptools of the test extra), from a copy of the packages, so the checkout gets no ``build/`` folder. Under xdist
the workers share one build through a lock. The README's commands run in an empty folder, with the wheel installed
into a folder of its own that is the only place ``tui`` can be imported from.
"""

from __future__ import annotations

import configparser
import fcntl
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TYPED_PACKAGES = ("tui", "screens", "widgets")
STANDIN_IN_README = "http://127.0.0.1:8780"


def _packages() -> list[str]:
    """The top-level packages the project ships, as pyproject.toml's package finder names them."""
    return [pattern.rstrip("*") for pattern in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]]


def _build(out: Path) -> Path:
    source = _mkdir(out / "source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for package in _packages():
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*command, "-q", "-w", str(out / "dist")], check=True, capture_output=True, timeout=120)
    [wheel] = (out / "dist").glob("relplan-*.whl")
    return wheel


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per run (xdist workers wait for the first one's)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return _build(tmp_path_factory.mktemp("wheel"))
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, shared by its workers
    with (shared / "relplan-wheel.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = list((shared / "relplan-wheel" / "dist").glob("relplan-*.whl"))
        return built[0] if built else _build(shared / "relplan-wheel")


@pytest.fixture(scope="session")
def contents(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _dist_info(contents: dict[str, bytes]) -> str:
    [folder] = {name.split("/")[0] for name in contents if name.split("/")[0].endswith(".dist-info")}
    return folder


def _in_source(pattern: str) -> set[str]:
    return {str(path.relative_to(ROOT)) for package in _packages() for path in (ROOT / package).rglob(pattern)}


# ------------------------------------------------------------------------------------------------ the wheel


def test_the_wheel_holds_every_module_style_and_sample_and_nothing_else(contents: dict[str, bytes]) -> None:
    shipped = {name for name in contents if not name.split("/")[0].endswith(".dist-info")}
    styles, samples = (
        _in_source("*.tcss"),
        {f"tui/samples/{path.name}" for path in (ROOT / "tui/samples").glob("*.json")},
    )
    assert styles >= {"tui/app.tcss", "screens/editor.tcss"}
    assert samples == {"tui/samples/mistakes.json", "tui/samples/small.json"}
    markers = {f"{package}/py.typed" for package in TYPED_PACKAGES}
    table = {"tui/spec_table.json"}  # the field specs the form is drawn from before the models load
    assert shipped == _in_source("*.py") | styles | samples | markers | table
    for name in samples | table:
        assert contents[name] == (ROOT / name).read_bytes()


def test_the_wheel_carries_the_license_and_the_entry_point(contents: dict[str, bytes]) -> None:
    info = _dist_info(contents)
    license_text = contents[f"{info}/licenses/LICENSE"]
    assert license_text == (ROOT / "LICENSE").read_bytes()
    assert b"Apache License\n                           Version 2.0, January 2004" in license_text
    assert b"END OF TERMS AND CONDITIONS" in license_text
    entry_points = configparser.ConfigParser()
    entry_points.read_string(contents[f"{info}/entry_points.txt"].decode())
    assert dict(entry_points["console_scripts"]) == {"relplan": "tui.cli:main"}


def test_the_metadata_is_what_a_package_index_shows(contents: dict[str, bytes]) -> None:
    metadata = Parser().parsestr(contents[f"{_dist_info(contents)}/METADATA"].decode())
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata.get_all("License-File") == ["LICENSE"]
    classifiers = metadata.get_all("Classifier")
    assert "Typing :: Typed" in classifiers
    assert not [one for one in classifiers if "Curses" in one]
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert metadata["Requires-Python"] == ">=3.11"
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL"))
    assert set(urls) == {"Homepage", "Documentation", "Changelog", "Issues"}
    assert all(url.startswith("https://") for url in urls.values())
    runtime = [one for one in metadata.get_all("Requires-Dist") if "extra ==" not in one]
    assert len(runtime) == len(PYPROJECT["project"]["dependencies"])
    assert [one for one in runtime if "<" not in one] == []  # every dependency has an upper bound


# -------------------------------------------------------------------------------- the README, installed


@dataclass
class Installed:
    """The wheel installed into a folder of its own, its ``relplan`` script on the PATH, run from an empty folder."""

    env: dict[str, str]
    cwd: Path
    site: Path
    processes: list[subprocess.Popen[str]] = field(default_factory=list)

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        """Run one command line as a shell would run it (without a shell), in the empty folder."""
        return subprocess.run(
            shlex.split(line), cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=60, check=False
        )


@pytest.fixture
def installed(wheel: Path, tmp_path: Path) -> Iterator[Installed]:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # pip writes the console script of the wheel's entry point, for the interpreter that installs: the launcher
    assert (site / "bin" / "relplan").read_text(encoding="utf-8").startswith(f"#!{sys.executable}\n")
    env = {**os.environ, "PYTHONPATH": str(site), "PATH": f"{site / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    for name in ("RELPLAN_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID"):
        env.pop(name, None)
    place = Installed(env, _mkdir(tmp_path / "empty"), site)
    yield place
    for process in place.processes:
        process.terminate()
        process.wait(timeout=10)


def _section(title: str) -> str:
    """The text of one ``## title`` section of the README, its subsections included."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme, re.MULTILINE | re.DOTALL)
    assert found is not None, f"the README has no section {title!r}"
    return found.group(1)


def _blocks(section: str, language: str) -> list[list[str]]:
    """The lines of each fenced block of ``language`` (empty for a bare fence) in ``section``."""
    blocks: list[list[str]] = []
    inside: list[str] | None = None
    for line in section.splitlines():
        if inside is None and line.startswith("```"):
            inside = []
            if line == f"```{language}":
                blocks.append(inside)
        elif inside is not None and line == "```":
            inside = None
        elif inside is not None:
            inside.append(line)
    return blocks


def _commands(title: str) -> list[str]:
    """The lines of the section's shell blocks that use relplan (other blocks, such as curl's, are left out)."""
    blocks = _blocks(_section(title), "sh")
    lines = [line for block in blocks if any(line.startswith("relplan ") for line in block) for line in block]
    assert lines, f"no relplan command in {title!r}"
    return lines


def _expected_status(words: list[str]) -> int:
    """The exit status the README promises: validate is 1 when a file has errors (the sample with mistakes)."""
    if words[1] == "validate":
        return 1 if "mistakes.json" in words else 0
    assert words[1] in {"samples", "list", "get", "submit"}, f"a README command this test does not know: {words}"
    return 0


def test_the_installed_package_is_the_only_relplan_found(installed: Installed) -> None:
    probe = "import tui, tui.samples, importlib.resources as r; print(tui.__file__); print(r.files('tui.samples'))"
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=installed.cwd, env=installed.env, capture_output=True, text=True, check=True
    )
    for line in found.stdout.splitlines():
        assert Path(line).is_relative_to(installed.site), line
    assert shutil.which("relplan", path=installed.env["PATH"]) == str(installed.site / "bin" / "relplan")


def test_the_readme_commands_work_from_the_installed_wheel_in_an_empty_folder(installed: Installed) -> None:
    outputs: dict[str, str] = {}
    standin_url = ""
    for line in [*_commands("Checking a plan"), *_commands("A tour with no cloud account")]:
        words = shlex.split(line, comments=True)
        if not words:
            if "edit plan.json" in line:  # do what the README asks: change the plan before it is sent
                plan_file = installed.cwd / "plan.json"
                plan = json.loads(plan_file.read_text(encoding="utf-8"))
                plan["components"][0]["replica"] = plan["components"][0].get("replica", 1) + 1
                plan_file.write_text(json.dumps(plan, indent=2), encoding="utf-8")
            continue
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            installed.env[name] = value
            continue
        assert words[0] == "relplan", f"a README command that is not relplan's: {line}"
        if words[1] == "standin":  # it runs in the foreground of its own terminal: here, in the background
            standin_url = _start_standin(installed, words)
            continue
        command = shlex.join(words).replace(STANDIN_IN_README, standin_url or STANDIN_IN_README)
        result = installed.run(command)
        assert result.returncode == _expected_status(words), (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        outputs[shlex.join(words)] = result.stdout
    assert standin_url, "the tour starts no stand-in"

    # The outputs the README shows are what the commands print.
    checked = _blocks(_section("Checking a plan"), "")[0]
    assert set(checked) <= set(outputs["relplan validate mistakes.json"].splitlines())
    sent = next(text for command, text in outputs.items() if command.startswith("relplan submit"))
    tour = _blocks(_section("A tour with no cloud account"), "")[0]
    assert sent.splitlines()[0] == tour[0]
    assert sent.splitlines()[-1] == tour[-1] == "plan.json: arrival: verified, the server holds exactly what was sent"
    assert sent.splitlines()[1] == tour[1].replace(STANDIN_IN_README, standin_url)


def _start_standin(installed: Installed, words: list[str]) -> str:
    """Start the README's stand-in command on a free port; its URL, once it listens."""
    process = subprocess.Popen(
        [*words, "--port", "0"],
        cwd=installed.cwd,
        env=installed.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    installed.processes.append(process)
    assert process.stdout is not None
    first = process.stdout.readline()  # written once it listens
    found = re.match(r"relplan stand-in listening on (http://127\.0\.0\.1:\d+) ", first)
    assert found is not None, first
    return found.group(1)
