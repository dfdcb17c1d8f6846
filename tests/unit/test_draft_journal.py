"""A draft written as a checkpoint once per open, then as the edits made since the last write: every edit comes back."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import tui.draft_journal
import tui.drafts
from tui.document import Document
from tui.draft_journal import (
    append_line,
    checkpoint_bytes,
    checkpoint_parts,
    encode,
    encoded_parts,
    journal_line,
)
from tui.drafts import draft_key, drafts_dir, read_draft, write_draft
from tui.edits import REMOVE, Notice
from tui.samples import sample_plan
from tui.session import EditSession
from tui.types import JSON
from tui.validation import Validator

DESC = ("desc",)
COMPONENTS = ("components",)


@pytest.fixture
def session(plan_file: Path, validator: Validator) -> EditSession:
    return EditSession(Document.load(plan_file), validator=validator)


def written(session: EditSession) -> None:
    """Wait for the draft's writes in the background to be made, as a person waits half a second."""
    for thread in threading.enumerate():
        if thread.name == "relplan-draft":
            thread.join()


def text(plan: JSON) -> str:
    """``plan`` as text, keys in their order: two plans with the same text are the same, key order and all."""
    return json.dumps(plan, ensure_ascii=False)


def draft_text(plan_file: Path) -> str:
    draft = read_draft(draft_key(path=plan_file))
    assert draft is not None, "no draft"
    return text(draft.plan)


def every_kind_of_edit(session: EditSession) -> None:
    """Edits of every kind the editor makes, with draft writes now and in the background in between."""
    for typed in ("n", "ne", "new"):  # keystrokes in one field
        session.typed(DESC, typed)
    session.save_draft()
    session.typed(("components", 0, "name"), "renamed")
    session.add_item(COMPONENTS)
    session.duplicate(("components", 0))
    session.save_draft(now=True)
    session.move(("components", 0), 1)
    session.move(("components", 2), -1)
    session.undo()  # a move taken back
    session.document.move(("components", 0), 2)  # farther than a key moves an item
    session.undo()
    session.delete(("components", 2))
    session.delete(("components", 1))
    session.undo()  # a deleted item back in its place
    session.add_item(COMPONENTS)
    session.undo()
    session.unset(DESC)
    session.undo()  # the description comes back where it was in the key order
    session.save_draft()
    session.edit_many([(("components", 0, "name"), "again"), (("name",), REMOVE)], label="both")
    session.undo()
    session.redo()
    session.replace(("components", 1), {"name": "whole", "version": "1.0.0"})
    session.typed(("components", 1, "name"), "whole2")
    session.save_draft()


def test_the_baseline_is_written_once_however_many_edits_are_made(
    session: EditSession, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole: list[str] = []
    write = tui.drafts.write_draft

    def counting(key: str, data: bytes, folder: Path | None = None) -> Path:
        whole.append(key)
        return write(key, data, folder)

    monkeypatch.setattr(tui.drafts, "write_draft", counting)
    for number in range(30):
        session.typed(DESC, f"edit {number}")
        assert session.save_draft(now=True)
        assert draft_text(plan_file) == text(session.document.data)
    assert len(whole) == 1, "the draft with its baseline is written once"
    assert session.drafts.writes == {"checkpoint": 1, "append": 29}
    journal = (drafts_dir() / f"{draft_key(path=plan_file)}.journal").read_bytes()
    assert journal.count(b"\n") == 29 and len(journal) < 30 * 200, "each write holds its edit, not the plan"


def test_a_draft_left_behind_brings_back_every_edit_in_its_place(
    session: EditSession, plan_file: Path, validator: Validator
) -> None:
    every_kind_of_edit(session)
    written(session)
    edited = text(session.document.data)
    assert draft_text(plan_file) == edited
    session.drafts.let_go()  # as the kernel does when the process is killed: the draft stays

    again = EditSession(Document.load(plan_file), validator=validator)
    offer = again.offer_draft()
    assert offer is not None and text(offer.draft.plan) == edited
    again.restore_draft(offer.draft)
    assert text(again.document.data) == edited
    again.drafts.let_go()


def test_a_draft_written_in_the_background_holds_the_latest_edit(session: EditSession, plan_file: Path) -> None:
    session.typed(DESC, "first")
    assert session.save_draft()
    session.typed(DESC, "second")
    session.add_item(COMPONENTS)
    assert session.save_draft()
    written(session)
    assert draft_text(plan_file) == text(session.document.data)
    assert session.drafts.writes == {"checkpoint": 1, "append": 1}


def test_a_journal_line_cut_short_ends_the_draft_before_it(session: EditSession, plan_file: Path) -> None:
    session.typed(DESC, "kept")
    session.save_draft(now=True)
    session.typed(("components", 0, "name"), "kept too")
    session.save_draft(now=True)
    kept = text(session.document.data)
    session.typed(DESC, "cut short")
    session.save_draft(now=True)
    journal = drafts_dir() / f"{draft_key(path=plan_file)}.journal"
    journal.write_bytes(journal.read_bytes()[:-5])  # the process was killed while it wrote the last line
    assert draft_text(plan_file) == kept


def test_a_journal_of_another_checkpoint_is_not_replayed(tmp_path: Path) -> None:
    plan: dict[str, JSON] = {"name": "p", "desc": "as opened"}
    header: dict[str, JSON] = {"relplan_draft": 2, "where": "a.json", "title": "p", "saved_at": 1.0, "id": "new"}
    changes = [encode(["put", ["desc"], "in the checkpoint", -1])]
    write_draft("k", checkpoint_parts(header, encoded_parts(plan), None, changes), tmp_path)
    assert (tmp_path / "k.json").read_bytes() == checkpoint_bytes(header, encode(plan), None, changes)
    append_line(tmp_path / "k.journal", journal_line("old", 2.0, [encode(["put", ["desc"], "before", -1])]))
    draft = read_draft("k", tmp_path)
    assert draft is not None and draft.plan == {"name": "p", "desc": "in the checkpoint"} and draft.baseline == plan
    assert draft.saved_at == 1.0


@pytest.mark.parametrize(
    "value",
    [
        sample_plan(3),
        {"components": [], "big": [2**70, "\u00e9\ud800"], "name": "p", "nested": {"a": [1]}},
        {},
        [1, {"a": 2}],
        "text",
    ],
)
def test_a_plan_encoded_in_parts_is_the_plan_encoded_whole(value: JSON) -> None:
    parts = list(encoded_parts(value))
    assert b"".join(parts) == encode(value) or json.loads(b"".join(parts)) == json.loads(encode(value))
    assert json.loads(b"".join(parts)) == value
    if isinstance(value, dict) and value.get("components"):
        assert len(parts) > len(value["components"])  # a component at a time, never the plan whole


def test_a_line_that_could_not_be_flushed_is_cut_off_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "k.journal"
    append_line(journal, b"first\n")

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(tui.draft_journal.os, "fsync", failing)
    with pytest.raises(OSError, match="Input/output error"):
        append_line(journal, b"second\n")
    assert journal.read_bytes() == b"first\n"


def test_a_new_baseline_is_written_with_the_edits_on_the_plan(session: EditSession, plan_file: Path) -> None:
    session.typed(DESC, "sent")
    session.save_draft(now=True)
    session.document.rebase()  # as after a send the server took
    session.typed(("components", 0, "name"), "after")
    session.save_draft(now=True)
    draft = read_draft(draft_key(path=plan_file))
    assert draft is not None and draft.baseline["desc"] == "sent"
    assert text(draft.plan) == text(session.document.data)
    assert session.drafts.writes == {"checkpoint": 2}


def test_text_no_utf8_file_could_hold_and_integers_beyond_64_bits_are_journalled(
    session: EditSession, plan_file: Path
) -> None:
    session.typed(DESC, "open")
    session.save_draft(now=True)
    session.choose(DESC, "lone \ud800 surrogate")
    session.choose(("components", 0, "replica"), 2**70)
    session.save_draft(now=True)
    assert session.drafts.writes == {"checkpoint": 1, "append": 1}
    draft = read_draft(draft_key(path=plan_file))
    assert draft is not None and draft.plan["desc"] == "lone \ud800 surrogate"
    assert draft.plan["components"][0]["replica"] == 2**70  # type: ignore[index,call-overload]


def test_a_write_that_failed_is_made_again_from_a_checkpoint(
    session: EditSession, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[Notice] = []
    session.tell = told.append
    session.typed(DESC, "one")
    session.save_draft(now=True)

    def full(file: Path, line: bytes) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:  # undo() would also undo the private data folder of every test
        patch.setattr(tui.draft_journal, "append_line", full)
        session.typed(DESC, "two")
        assert not session.save_draft(now=True)
    assert told == [Notice("The draft could not be written: [Errno 28] No space left on device", "error")]
    session.typed(("components", 0, "name"), "three")
    assert session.save_draft(now=True)
    assert draft_text(plan_file) == text(session.document.data)
    assert session.drafts.writes == {"checkpoint": 2}


def test_a_long_journal_is_folded_into_a_new_checkpoint(
    session: EditSession, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.draft_journal, "COMPACT_AFTER", 2_000)
    for number in range(12):
        session.typed(("components", 0, "name"), f"component {number}")
        session.add_item(COMPONENTS)
        session.save_draft(now=True)
        assert draft_text(plan_file) == text(session.document.data)
    assert 1 < session.drafts.writes["checkpoint"] < 12 and session.drafts.writes["append"] > 0
