"""What a key typed in the finder costs the screen: its matches drawn in the frame that echoes it, and no layout of
the screen while the list of matches keeps its size."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from screens.finder import FinderScreen
from tests.ui.conftest import no_blinking, ready, until
from tui.app import RelplanApp
from tui.document import Document
from tui.samples import sample_plan


async def test_each_frame_drawn_while_typing_shows_the_matches_of_the_query_it_shows() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "c")
        await until(pilot, lambda: isinstance(app.screen, FinderScreen) and app.screen.answered == "c", "answered")
        screen = app.screen
        assert isinstance(screen, FinderScreen)
        no_blinking(app)
        query, options = screen.query_one(Input), screen.query_one(OptionList)
        full = options.option_count
        assert full > options.scrollable_content_region.height  # the list is as tall as it gets, scrolled
        frames: list[tuple[str, str]] = []  # each frame: the query in the box, the query its matches answer
        layouts: list[str] = []
        render_lines, refresh_layout = screen.render_lines, screen._refresh_layout

        def frame(crop):  # type: ignore[no-untyped-def]
            frames.append((query.value, screen.answered))
            return render_lines(crop)

        def layout(*args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(query.value)
            return refresh_layout(*args, **kwargs)

        screen.render_lines = frame  # type: ignore[method-assign]
        screen._refresh_layout = layout  # type: ignore[method-assign]
        for key in "ompo":
            await pilot.press(key)
            await until(pilot, lambda: screen.answered == query.value, "answered")
            await pilot.pause()
        assert query.value == "compo" and options.option_count == full  # the list kept its size
        assert frames and all(shown == answered for shown, answered in frames), frames
        assert layouts == []  # the screen was not laid out again for a list as tall as before


async def test_the_first_matches_of_a_fresh_finder_show_their_scroll_bar_in_the_layout_they_ask_for() -> None:
    app = RelplanApp(Document(sample_plan(64)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, FinderScreen), "the finder opened")
        screen = app.screen
        assert isinstance(screen, FinderScreen)
        await pilot.pause()
        no_blinking(app)
        options = screen.query_one(OptionList)
        assert options.option_count == 0 and not options.show_vertical_scrollbar
        layouts: list[bool] = []  # each layout: whether the list showed its scroll bar in it
        refresh_layout = screen._refresh_layout

        def layout(*args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(options.show_vertical_scrollbar)
            return refresh_layout(*args, **kwargs)

        screen._refresh_layout = layout  # type: ignore[method-assign]
        await pilot.press("c")
        await until(pilot, lambda: screen.answered == "c", "answered")
        await pilot.pause(0.2)
        assert options.option_count > options.scrollable_content_region.height and options.show_vertical_scrollbar
        assert layouts and layouts[0], layouts  # the first layout placed the scroll bar: none came later for it
        assert len(layouts) <= 2, layouts
