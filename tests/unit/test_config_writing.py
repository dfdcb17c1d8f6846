"""Adding a profile to config.toml: at the end, as text, so that nothing already in the file is lost."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from tui.errors import SettingsError
from tui.settings import Profile, add_profile, load_settings

LAB = Profile("lab", endpoint="https://lab.example", project_id="p", auth="token", token="tok-lab")


def test_a_profile_goes_to_the_end_of_a_file_with_comments_and_no_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    before = '# mine\ndefault = "prod"\n[profiles.prod]\nregion = "ap-southeast-1"  # Singapore'
    path.write_text(before, encoding="utf-8")
    assert add_profile(LAB, path) is False  # the file names its default already
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before)
    assert "tok-lab" not in text  # no secret unless asked
    data = tomllib.loads(text)
    assert data["default"] == "prod"
    assert data["profiles"]["lab"] == {"endpoint": "https://lab.example", "project_id": "p", "auth": "token"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_first_profile_of_a_new_file_is_its_default_and_a_secret_is_written_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    assert add_profile(LAB, path, secrets=True) is True
    settings = load_settings(path)
    assert settings.default == "lab"
    assert settings.profiles["lab"].token == "tok-lab"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_readable_file_is_made_private_before_a_secret_goes_in(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[keymap]\n", encoding="utf-8")
    path.chmod(0o644)
    add_profile(LAB, path, secrets=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_name_is_refused_and_the_file_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    before = "[profiles.lab] # the old one\nregion = 'ap-southeast-1'\n"
    path.write_text(before, encoding="utf-8")
    with pytest.raises(SettingsError, match="a profile named 'lab' exists already"):
        add_profile(LAB, path)
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "before",
    [
        'profiles = { prod = { region = "ap-southeast-1" } }\n',  # an inline table no [profiles.lab] may extend
        "x = '''\n",  # not TOML at all
    ],
)
def test_a_file_a_table_cannot_be_added_to_is_left_as_it_is(tmp_path: Path, before: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(before, encoding="utf-8")
    with pytest.raises(SettingsError, match="left as it is"):
        add_profile(LAB, path)
    assert path.read_text(encoding="utf-8") == before


def test_a_profile_table_holds_every_field_that_is_set() -> None:
    profile = Profile("x", region="ap-southeast-1", auth="aksk", ak="AK", sk="SK")
    assert profile.to_toml() == {"region": "ap-southeast-1", "auth": "aksk", "ak": "AK", "sk": "SK"}
    assert profile.to_toml(secrets=False) == {"region": "ap-southeast-1", "auth": "aksk", "ak": "AK"}
