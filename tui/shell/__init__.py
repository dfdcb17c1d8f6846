"""The Textual side of the App, one job a module: each a part of :class:`tui.app.RelplanApp`."""

__all__: list[str] = []
