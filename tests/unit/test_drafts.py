"""Drafts on disk: written whole and private, read back, listed newest first, and never mistaken."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from tui.cli import main
from tui.drafts import (
    Draft,
    claim,
    discard,
    draft_key,
    encode_draft,
    list_drafts,
    read_draft,
    remove_draft,
    write_draft,
)
from tui.errors import DocumentError
from tui.types import JSON

PLAN: dict[str, JSON] = {"name": "p", "components": [{"name": "api", "replica": 2}]}
EDITED: dict[str, JSON] = {"name": "p", "components": [{"name": "api", "replica": 3}]}


def test_a_draft_is_written_private_and_read_back(tmp_path: Path) -> None:
    key = draft_key(endpoint="https://x/", project_id="proj", plan_id="id-1")
    written = write_draft(key, encode_draft("https://x · proj · id-1", "p", EDITED, PLAN, 1_800_000_000.0), tmp_path)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert read_draft(key, tmp_path) == Draft(key, "https://x · proj · id-1", "p", EDITED, PLAN, 1_800_000_000.0)
    assert not list(tmp_path.glob(".*.tmp"))  # nothing half-written is left beside it
    remove_draft(key, tmp_path)
    assert read_draft(key, tmp_path) is None


def test_keys_tell_plans_apart(tmp_path: Path) -> None:
    assert draft_key(endpoint="https://x", project_id="p", plan_id="1") == draft_key(
        endpoint="https://x/", project_id="p", plan_id="1"
    )
    assert draft_key(endpoint="https://x", project_id="p", plan_id="1") != draft_key(
        endpoint="https://x", project_id="p", plan_id="2"
    )
    assert draft_key(path=tmp_path / "a.json") != draft_key(path=tmp_path / "b.json")


def test_listing_is_newest_first_and_skips_what_is_not_a_draft(tmp_path: Path) -> None:
    write_draft("old", encode_draft("a.json", "old", EDITED, PLAN, 1_000.0), tmp_path)
    write_draft("new", encode_draft("b.json", "new", EDITED, PLAN, 2_000.0), tmp_path)
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"plan": {}}', encoding="utf-8")
    assert [draft.title for draft in list_drafts(tmp_path)] == ["new", "old"]
    assert sorted(file.name for file in tmp_path.glob("*.broken")) == ["junk.broken", "other.broken"]  # set aside


def test_relplan_drafts_lists_them(private_folders: Path) -> None:
    from tui.drafts import drafts_dir

    write_draft("k", encode_draft("/plans/a.json", "storefront", EDITED, PLAN, 1_000.0))
    out = io.StringIO()
    assert main(["drafts"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert "storefront  1 change  /plans/a.json  (older than 30 days)" in lines[0]
    assert lines[1] == f"1 draft in {drafts_dir()}"


def test_a_draft_keeps_text_no_utf8_file_could_hold_and_integers_beyond_64_bits() -> None:
    plan: dict[str, JSON] = {"name": "a\ud800", "big": 2**70}
    data = encode_draft("where", "title", plan, {}, 1.0)
    assert json.loads(data)["plan"] == plan


def test_a_draft_is_0600_whatever_the_file_held_and_a_loose_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    old = folder / "k.json"
    old.write_bytes(encode_draft("a", "t", EDITED, PLAN, 1.0))
    old.chmod(0o644)
    written = write_draft("k", encode_draft("a", "t", EDITED, PLAN, 2.0), folder)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_draft_cut_short_is_kept_as_broken_and_never_written_over(tmp_path: Path) -> None:
    from tui.drafts import broken_drafts

    whole = encode_draft("a.json", "t", EDITED, PLAN, 1.0)
    (tmp_path / "k.json").write_bytes(whole[: len(whole) // 2])
    assert read_draft("k", tmp_path) is None
    assert [one.file.name for one in broken_drafts(tmp_path, "k")] == ["k.broken"]
    assert (tmp_path / "k.broken").read_bytes() == whole[: len(whole) // 2]
    (tmp_path / "k.json").write_bytes(b"{not json")
    write_draft("k", whole, tmp_path)  # the unreadable one is set aside first
    assert (tmp_path / "k.2.broken").read_bytes() == b"{not json"
    assert read_draft("k", tmp_path) is not None


def test_relplan_drafts_reports_a_draft_that_cannot_be_read(private_folders: Path) -> None:
    from tui.drafts import drafts_dir

    drafts_dir().mkdir(parents=True)
    (drafts_dir() / "abc.json").write_bytes(b'{"relplan_draft": 1, "plan": {')
    out = io.StringIO()
    assert main(["drafts"], out=out) == 0
    assert "a draft exists but cannot be read; kept as abc.broken" in out.getvalue()


def test_relplan_drafts_shows_the_controls_of_a_file_name_escaped(private_folders: Path) -> None:
    from tui.drafts import drafts_dir

    folder = drafts_dir()
    folder.mkdir(parents=True)
    (folder / "k\x1b[2J.json").write_bytes(encode_draft("/plans/a.json", "storefront", EDITED, PLAN, 1_000.0))
    (folder / "b\x1b]0;x\x07.json").write_bytes(b"{not json")
    out = io.StringIO()
    assert main(["drafts"], out=out) == 0
    said = out.getvalue()
    assert "kept as b\\x1b]0;x\\x07.broken" in said
    assert any(line.startswith("k\\x1b[2J  ") and "storefront" in line for line in said.splitlines())
    assert "\x1b" not in said and "\x07" not in said
    out = io.StringIO()
    assert main(["drafts", "--delete", "k\x1b[2J", "--yes"], out=out) == 0
    assert out.getvalue() == "k\\x1b[2J: deleted the draft of storefront (/plans/a.json)\n"


def test_a_second_claim_of_a_plan_gets_its_own_draft_and_says_who_holds_the_first(tmp_path: Path) -> None:
    import os

    from tui.drafts import claim, holder, orphans

    first = claim("plan", tmp_path)
    second = claim("plan", tmp_path)
    try:
        assert first.key == "plan" and first.other is None
        assert second.key == f"plan-{os.getpid()}"
        assert second.other is not None and second.other.pid == os.getpid()
        assert second.other.describe().startswith(f"open in another relplan (pid {os.getpid()}) since ")
        write_draft(first.key, encode_draft("a", "first", EDITED, PLAN, 1.0), tmp_path)
        write_draft(second.key, encode_draft("a", "second", EDITED, PLAN, 2.0), tmp_path)
        assert orphans("plan", tmp_path, own="") == []  # both held: neither is offered
        assert holder("plan", tmp_path) is not None
    finally:
        first.release()
        second.release()
    assert holder("plan", tmp_path) is None
    third = claim("plan", tmp_path)
    try:
        assert third.key == "plan"
        assert [draft.title for draft in orphans("plan", tmp_path, own=third.key)] == ["first", "second"]
    finally:
        third.release()


def test_a_draft_a_running_relplan_holds_is_never_discarded(tmp_path: Path) -> None:
    from tui.drafts import claim, discard

    write_draft("held", encode_draft("a.json", "held", EDITED, PLAN, 1_000.0), tmp_path)
    write_draft("free", encode_draft("b.json", "free", EDITED, PLAN, 2_000.0), tmp_path)
    owner = claim("held", tmp_path)
    try:
        said = discard("held", tmp_path)
        assert said is not None and "open in another relplan (pid" in said.describe()
        assert discard("free", tmp_path) is None
        assert [draft.key for draft in list_drafts(tmp_path)] == ["held"]
        assert not (tmp_path / "free.lock").exists()
    finally:
        owner.release()
    assert discard("held", tmp_path) is None  # its editor ended: now it goes
    assert list_drafts(tmp_path) == []


def test_a_draft_that_cannot_be_removed_is_a_relplan_error(tmp_path: Path) -> None:
    (tmp_path / "k.json").mkdir()  # refused even to root, unlike a folder's mode
    with pytest.raises(DocumentError, match=r"^cannot remove the draft .*k\.json: "):
        remove_draft("k", tmp_path)


def test_a_lock_that_cannot_be_taken_is_a_relplan_error(tmp_path: Path) -> None:
    (tmp_path / "k.lock").mkdir()
    with pytest.raises(DocumentError, match=r"^cannot lock the draft .*k\.lock: "):
        claim("k", tmp_path)
    with pytest.raises(DocumentError, match=r"^cannot lock the draft .*k\.lock: "):
        discard("k", tmp_path)


def test_a_draft_that_cannot_be_deleted_is_a_relplan_error(tmp_path: Path) -> None:
    (tmp_path / "k.json").mkdir()
    with pytest.raises(DocumentError, match=r"^cannot remove the draft "):
        discard("k", tmp_path)
    taken = claim("k", tmp_path)
    assert (taken.key, taken.other) == ("k", None)  # the lock taken to delete it was let go of
    taken.release()
