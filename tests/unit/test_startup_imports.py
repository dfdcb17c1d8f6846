"""``relplan edit FILE`` draws its first frame without loading what only a connection, a form or the checks need.

The command runs in a fresh interpreter, headless, with a profile configured, and lists the modules loaded when its
first frame is due (and when its form has been drawn). The HTTP client, its authentication and what httpx brings
with it (its command line pulls in click, pygments and ``rich.syntax``) wait for a connection; the form's heavier
widgets wait for the first form; the form is drawn from the table of field specs, and the models and pydantic load
in a thread after it. The garbage collector, paused for start-up, runs again once the plan has been checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PLANS

PROBE = """
import gc, json, sys
import textual.app

run = textual.app.App.run
stage = {stage!r}


def loaded(app):
    form = app.screen.query_one("#form") if app.has_plan else None
    state = {{"modules": sorted(sys.modules), "collecting": gc.isenabled(), "form": bool(form and form.shown)}}
    print(json.dumps(state))
    app.exit()


def headless(app, **kwargs):
    async def first_frame(pilot):
        while stage == "ready" and not pilot.app.ready:
            await pilot.pause(0.01)
        if stage == "ready":
            loaded(pilot.app)

    return run(app, headless=True, size=(80, 24), auto_pilot=first_frame)


textual.app.App.run = headless
if stage == "tree":  # the tree's first frame: the first time its lines are drawn
    from widgets.plan_tree import PlanTree

    draw = PlanTree.render_lines

    def first_lines(tree, crop):
        if not tree.app._exit:
            loaded(tree.app)
        return draw(tree, crop)

    PlanTree.render_lines = first_lines
if stage == "form":  # what the form was drawn with: the moment the check would start, after the form's frame
    import tui.app

    tui.app.RelplanApp._start_checking = loaded
from tui.cli import main

sys.exit(main(["edit", {plan!r}]))
"""

NOT_BEFORE_THE_FORM = (
    "pydantic",
    "tui.models",
    "tui.spec_walk",
    "tui.validation",
)
"""What the form is drawn without: its field specs come from a table (:mod:`tui.spec_table`), not the models."""

NOT_BEFORE_THE_FIRST_FRAME = (
    "httpx",
    "httpcore",
    "click",
    "pygments",
    "rich.syntax",
    "tui.client",
    "tui.auth",
    "tui.connection",
    "textual.widgets._text_area",
    "textual.widgets._switch",
    "textual.widgets._data_table",
    "widgets.components_table",
    "tomli_w",
    "importlib.resources",
    "tui.target",
    "hashlib",
    "tui.sample_files",
    *NOT_BEFORE_THE_FORM,
)


PROFILE = """\
default = "prod"

[profiles.prod]
region = "ap-southeast-1"
project_id = "0123456789abcdef"
auth = "token"
token_command = "print-a-token"
"""


def started(home: Path, *, stage: str = "tree", profile: bool = True) -> tuple[set[str], bool, bool]:
    """The modules ``relplan edit`` of a 64-component plan has loaded at its first frame (``stage`` "tree"), once
    its form has been drawn ("form") or once the plan has been checked ("ready"), with a profile configured in
    ``home`` (or no config file); whether the garbage collector runs then; and whether the form is shown."""
    (home / "config" / "relplan").mkdir(parents=True, exist_ok=True)
    if profile:
        (home / "config" / "relplan" / "config.toml").write_text(PROFILE, encoding="utf-8")
    folders = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    code = PROBE.format(plan=str(PLANS / "64-components.json"), stage=stage)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True, env=os.environ | folders
    )
    state = json.loads(result.stdout.strip().splitlines()[-1])
    return set(state["modules"]), state["collecting"], state["form"]


@pytest.fixture(scope="module")
def at_first_frame(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    modules, collecting, _ = started(tmp_path_factory.mktemp("home"))
    assert not collecting  # paused for start-up
    return modules


def test_the_editor_is_up_at_the_first_frame(at_first_frame: set[str]) -> None:
    assert {"tui.app", "screens.editor", "widgets.plan_tree", "textual.widgets._tree"} <= at_first_frame


@pytest.mark.parametrize("module", NOT_BEFORE_THE_FIRST_FRAME)
def test_edit_file_does_not_load_before_its_first_frame(at_first_frame: set[str], module: str) -> None:
    assert module not in at_first_frame


def test_a_json_plan_opens_without_reading_toml_when_there_is_no_config_file(tmp_path: Path) -> None:
    modules, _, _ = started(tmp_path, profile=False)
    assert "widgets.plan_tree" in modules
    assert "tomllib" not in modules


def test_the_form_is_drawn_before_the_models_load(tmp_path: Path) -> None:
    modules, collecting, form = started(tmp_path, stage="form")
    assert form
    assert "widgets.field_editor" in modules
    assert not set(NOT_BEFORE_THE_FORM) & modules
    assert not collecting  # still paused: the check has not run


def test_the_check_sees_what_loads_later_and_the_collector_runs_again_then(tmp_path: Path) -> None:
    later, collecting, form = started(tmp_path, stage="ready")
    assert {"pydantic", "tui.models", "tui.validation"} <= later
    assert collecting
    assert form
