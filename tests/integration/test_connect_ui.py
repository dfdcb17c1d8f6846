"""Connecting from inside the app: make a profile, save it, read it back, and pick a plan through it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from screens.connect import ConnectScreen, new_profile
from screens.picker import PlanPickerScreen
from tests.integration.conftest import PROJECT, TOKEN, Standin
from tests.ui.conftest import until
from tui.app import RelplanApp
from tui.errors import SettingsError
from tui.settings import ENV_TOKEN, load_settings


async def test_a_new_profile_is_saved_read_back_and_used(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_TOKEN, TOKEN)
    config = tmp_path / "config.toml"
    app = RelplanApp(settings=load_settings(config), connect_message="no endpoint")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ConnectScreen)
        await pilot.press(*"lab", "tab", *standin.url, "tab", *PROJECT, "tab", "tab", "tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, PlanPickerScreen), "the picker opened")
        picker = app.screen
        assert isinstance(picker, PlanPickerScreen)
        await until(pilot, lambda: len(picker.plans) >= 3, "the plans are listed")

    saved = load_settings(config)
    assert saved.default == "lab"
    lab = saved.profiles["lab"]
    assert (lab.endpoint, lab.project_id, lab.auth, lab.token) == (standin.url, PROJECT, "token", None)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert TOKEN not in config.read_text(encoding="utf-8")

    again = RelplanApp(settings=saved)
    async with again.run_test(size=(80, 24)) as pilot:
        assert isinstance(again.screen, ConnectScreen)
        await pilot.press("enter")  # the saved profile, highlighted first
        await until(pilot, lambda: isinstance(again.screen, PlanPickerScreen), "the picker opened")


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (("", "https://x", "p", "token", ""), "needs a name"),
        (("a", "", "p", "token", ""), "endpoint"),
        (("a", "moon-base", "p", "token", ""), "is not a region name"),
        (("a", "https://x", " ", "token", ""), "project id"),
    ],
)
def test_a_profile_with_a_field_missing_or_wrong_says_which(fields: tuple[str, ...], said: str) -> None:
    with pytest.raises(SettingsError, match=said):
        new_profile(*fields)


def test_a_region_or_an_endpoint_makes_a_profile() -> None:
    assert new_profile("p", "ap-southeast-1", "x", "aksk", "").region == "ap-southeast-1"
    assert new_profile("p", "https://stage.example/", "x", "token", "tok-cmd").endpoint == "https://stage.example"
