"""Start an app headless, and print how long it took to its first frame and to settling, and the memory it used.

The first frame is when Textual hands the app to its auto-pilot, right after the first screen has been drawn;
the app has settled when nothing is left to do (for the editor: the whole plan has been checked).

``python -m tests.bench.startup relplan PLAN`` opens the editor on PLAN; ``python -m tests.bench.startup bare``
starts a bare Textual app with a tree, an input and a footer, the same way, for scale.
"""

from __future__ import annotations

import resource
import sys
import time

STARTED = time.perf_counter()


def main() -> None:
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.widgets import Footer, Input, Tree

    kind = sys.argv[1]
    app: App[None]
    if kind == "bare":

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Tree("plan")
                yield Input()
                yield Footer()

        app = Bare()
    else:
        from pathlib import Path

        from tui.app import RelplanApp
        from tui.document import Document

        app = RelplanApp(Document.load(Path(sys.argv[2])))

    async def first_frame(pilot: Pilot[None]) -> None:
        drawn = time.perf_counter() - STARTED
        drawn_cpu = time.process_time()
        await pilot.pause()
        while not getattr(pilot.app, "ready", True):  # the editor: until the reference has loaded and been checked
            await pilot.pause(0.01)
        settled = time.perf_counter() - STARTED
        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{drawn:.4f} {drawn_cpu:.4f} {settled:.4f} {rss_mib:.1f}")
        pilot.app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=first_frame)


if __name__ == "__main__":
    main()
