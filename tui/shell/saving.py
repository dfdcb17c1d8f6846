"""The App's side of saving and quitting: save, save as, a file changed on disk, and quitting with edits."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from tui.errors import RelplanError
from tui.sending import not_saved
from tui.shell.sending import Sending
from tui.text import printable

if TYPE_CHECKING:
    from tui.jsonfiles import ChangedOnDiskError

__all__ = ["Saving"]


class Saving(Sending):
    """Saves the plan to a file, asks what to do when the file changed on disk, and asks before quitting with edits."""

    # -- saving and quitting

    def action_save(self) -> None:
        """Save to the file the plan came from, or ask where."""
        if self.session.document.source is not None:
            self._save(self.session.document.source)
        else:
            self._save_as(self.session.file_name())

    def _save(self, path: FilePath, *, over_disk: bool = False) -> None:
        from tui.jsonfiles import ChangedOnDiskError, ReadOnlyError

        try:
            saved = self.session.document.save(path, over_disk=over_disk)
        except ChangedOnDiskError as exc:
            self._disk_changed(exc)
            return
        except ReadOnlyError as exc:  # the only way on is another file: ask for one at once
            self._not_saved(path, exc)
            self._save_as(self.session.file_name(other=True))
            return
        except RelplanError as exc:
            self._not_saved(path, exc)
            return
        self.save_draft()  # clean now, the draft goes; unless the server does not have these edits yet
        unsent = " · the server does not have these edits yet: ctrl+r sends them" if self.session.unsent else ""
        self.notify(f"Saved {printable(str(saved))}{unsent}", markup=False)

    def _not_saved(self, path: FilePath, exc: RelplanError) -> None:
        report = not_saved(str(path), exc)
        self.notify(report.line, severity="error", markup=False)
        self._report(report)

    def _save_as(self, suggestion: str) -> None:
        def chosen(path: FilePath | None) -> None:
            if path is not None:
                self._save(path)

        from screens.save_as import SaveAsScreen  # the modal screens are imported when first used

        self.push_screen(SaveAsScreen(suggestion), chosen)

    def _disk_changed(self, exc: ChangedOnDiskError) -> None:
        """The file changed on disk since it was read: show what changed there and ask what to do."""
        from screens.disk_changed import DiskChangedScreen, DiskChoice

        change = self.session.disk_change(exc)

        def chosen(choice: DiskChoice | None) -> None:
            if choice is DiskChoice.OVERWRITE:
                self._save(exc.path, over_disk=True)
            elif choice is DiskChoice.SAVE_AS:
                self._save_as(self.session.file_name(other=True))
            elif choice is DiskChoice.RELOAD and change.theirs is not None:
                self._show(self.session.reload_on_top(change))

        self.push_screen(
            DiskChangedScreen(exc.path.name, change.changes, change.unreadable, plan=change.theirs), chosen
        )

    async def action_quit(self) -> None:
        """Quit, asking first when there are edits neither saved nor sent (they are kept as a draft)."""
        session = self.session
        if not session.document.dirty and not session.unsent:
            self.exit()
            return
        kept = self.save_draft(now=True)

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        from screens.confirm import ConfirmScreen
        from tui.datadir import is_temporary

        edits = "edits the server does not have" if session.unsent or session.target else "unsaved edits"
        if is_temporary():  # the demo: its drafts, like its plans, end with it
            after = "The demo's drafts end with it: they will be lost."
        elif kept:
            after = "They are kept as a draft, offered when you open the plan again."
        else:
            after = "They will be lost."
        self.push_screen(ConfirmScreen(f"There are {edits}. {after} Quit?", yes="Quit"), answered)
