"""relplan: a keyboard-driven editor for Huawei Cloud ServiceStage release plans.

The core (models, schema, document, validation, session) never imports Textual; only ``tui.app`` and its terminal
driver, ``tui.terminal``, do.
"""


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed distribution only when asked for (it costs start-up time)."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("relplan")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"
