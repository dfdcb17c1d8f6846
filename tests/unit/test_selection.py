"""The selection of components follows the components through edits, moves, deletes, undo and redo."""

from __future__ import annotations

import pytest

from tui.document import Document
from tui.samples import sample_plan
from tui.session import EditSession
from tui.types import JSON


@pytest.fixture
def session() -> EditSession:
    return EditSession(Document(sample_plan(8)))


def names(session: EditSession) -> list[JSON]:
    components = session.document.get(("components",))
    assert isinstance(components, list)
    return [component["name"] for component in components if isinstance(component, dict)]


def selected_names(session: EditSession) -> list[JSON]:
    return [names(session)[i] for i in session.selected_components()]


def test_an_empty_selection_to_start_and_toggling_a_component(session: EditSession) -> None:
    assert session.selected_components() == []
    assert session.selection.toggle(3)
    assert session.selection.toggle(1)
    assert session.selected_components() == [1, 3]
    assert not session.selection.toggle(3)
    assert session.selected_components() == [1]


def test_a_field_edit_and_its_undo_keep_the_selection(session: EditSession) -> None:
    session.selection.add([2, 5])
    session.choose(("components", 2, "version"), "9.9.9")
    session.undo()
    session.redo()
    assert session.selected_components() == [2, 5]


def test_the_selection_follows_a_move_and_its_undo(session: EditSession) -> None:
    session.selection.add([1, 4])
    before = selected_names(session)
    session.move(("components", 1), 1)  # orders-001 goes below orders-002
    assert session.selected_components() == [2, 4]
    assert selected_names(session) == before
    session.move(("components", 6), -1)  # an unselected one moves past nothing selected
    assert selected_names(session) == before
    session.undo()
    session.undo()
    assert session.selected_components() == [1, 4]


def test_a_component_inserted_before_shifts_the_selection(session: EditSession) -> None:
    session.selection.add([3])
    name = selected_names(session)
    session.duplicate(("components", 0))  # the copy goes in at 1
    assert session.selected_components() == [4]
    assert selected_names(session) == name
    session.undo()
    assert session.selected_components() == [3]


def test_deleting_a_selected_component_drops_it_and_its_undo_selects_it_again(session: EditSession) -> None:
    session.selection.add([2, 5])
    kept = names(session)[5]
    session.delete(("components", 2))
    assert selected_names(session) == [kept]
    assert session.selected_components() == [4]
    session.undo()
    assert session.selected_components() == [2, 5]
    session.redo()
    assert session.selected_components() == [4]
    session.undo()
    assert session.selected_components() == [2, 5]


def test_deleting_an_unselected_component_shifts_the_selection(session: EditSession) -> None:
    session.selection.add([0, 6])
    session.delete(("components", 3))
    assert session.selected_components() == [0, 5]
    session.undo()
    assert session.selected_components() == [0, 6]


def test_the_list_replaced_keeps_the_selection_by_name_and_its_undo_by_object(session: EditSession) -> None:
    session.selection.add([1, 6])
    wanted = selected_names(session)
    components = session.document.get(("components",))
    assert isinstance(components, list)
    session.replace(("components",), list(reversed(components)))  # as the JSON editor would, all new objects
    assert selected_names(session) == list(reversed(wanted))
    session.undo()
    assert session.selected_components() == [1, 6]


def test_a_bulk_edit_and_its_undo_keep_the_selection(session: EditSession) -> None:
    session.selection.add([0, 2])
    session.edit_many([(("components", i, "replica"), 7) for i in session.selected_components()])
    session.undo()
    assert session.selected_components() == [0, 2]


def test_the_draft_s_journal_is_still_told_of_every_change(session: EditSession) -> None:
    journal = session.drafts.journal
    session.choose(("components", 0, "replica"), 5)
    assert journal.changes, "the selection chains to the journal's watch, it does not replace it"
