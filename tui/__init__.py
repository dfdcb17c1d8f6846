"""relplan: a keyboard-driven editor for Huawei Cloud ServiceStage release plans.

The core (models, schema, document, validation) never imports Textual; only ``tui.app`` and ``tui.messages`` do.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("relplan")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
