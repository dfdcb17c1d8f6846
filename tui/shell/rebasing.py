"""The App's side of a rebase in the editor: the plan on the server fetched in a worker, merged under the edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from screens.editor_merge import MergeActions
from tui.errors import ClientError
from tui.jsontree import same_json
from tui.shell.drafts import Drafts

if TYPE_CHECKING:
    from tui.target import Target

__all__ = ["Rebasing"]


class Rebasing(Drafts):
    """Fetches the plan on the server for the editor's rebase, and has the session merge it under the edits."""

    _sending: object | None

    @on(MergeActions.RebaseRequested)
    def _rebase_requested(self, event: MergeActions.RebaseRequested) -> None:
        target = self.session.target
        if target is None:
            return
        if self._sending is not None:
            self.notify("An update is on its way; rebase once its answer has come.", markup=False)
            return
        self.notify("Fetching the plan on the server to rebase on…", markup=False, timeout=2)
        self._fetch_to_rebase(target)

    @work(exclusive=True, group="rebase", description="fetch the plan to rebase on")
    async def _fetch_to_rebase(self, target: Target) -> None:
        from tui.plan_wire import editable

        try:
            async with target.client() as client:
                now = editable(await client.get_plan(target.plan_id))
        except ClientError as exc:
            self.notify(f"Could not fetch the plan on the server: {exc}", severity="error", markup=False)
            return
        session = self.session
        if session.target is not target:  # another plan was opened meanwhile
            return
        if same_json(editable(session.opened), now):
            self.notify("The plan on the server is as it was opened: nothing to rebase on.", markup=False)
            return
        self._show(session.rebase_on(now))
