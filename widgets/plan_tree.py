"""The plan tree: the plan, its objects and lists, loaded as they are opened, marked where there are issues."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.css.styles import RenderStyles
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.outline import Counts, branches, is_branch, node_label
from tui.paths import get
from tui.types import JSON, Path

__all__ = ["PlanTree"]

_PARTS = tuple(sorted(Tree.COMPONENT_CLASSES))
"""The parts of a line of the tree (guides, cursor, label) whose styles it is drawn with, besides the tree's own."""


class PlanTree(Tree[Path]):
    """A tree of a plan's objects and lists. Each node's data is its path; children load when it is opened.

    Scalar fields are not nodes: the field editor shows them for the node under the cursor.
    """

    COMPONENT_CLASSES = {"plan-tree--error", "plan-tree--warning"}
    """The marks of nodes with errors and with warnings below them."""

    DEFAULT_CSS = """
    PlanTree {
        width: 40%;
        max-width: 60;
        border-right: vkey $panel;
        & > .plan-tree--error { color: $error; text-style: bold; }
        & > .plan-tree--warning { color: $warning; }
    }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))
    """The lines' widest width and their number: unlike ``Widget``'s, no layout of the screen when it changes.

    The tree's own size is set by the screen, whatever it holds; opening a node changes only its scroll bars (see
    ``watch_virtual_size``).
    """

    MIN_WIDTH = 16
    """The fewest columns the tree takes, however small the screen."""
    FORM_WIDTH = 36
    """The columns the tree leaves to the form beside it, while it can keep :attr:`MIN_WIDTH` itself."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("l", "open_node", "Open", show=False, id="tree.open"),
        Binding("h", "close_node", "Close", show=False, id="tree.close"),
    ]

    def __init__(self, plan: JSON, *, id: str | None = None) -> None:
        self._lines_style: Style | None = None
        """The tree's own style while its lines are drawn (see ``render_lines``)."""
        self._parts_styles: dict[tuple[str, ...], RenderStyles] | None = None
        """The styles of the tree's parts (guides, cursor) read while its lines are drawn, by part."""
        self._restyled = True
        """Whether the tree's styles were read again since its lines were last drawn."""
        self._looks: dict[object, tuple[Style, ...]] = {}
        """The styles the lines kept were drawn with, by the state of the tree's pseudo-classes (see
        ``notify_style_update``)."""
        self._relabelled: dict[TreeNode[Path], int] = {}
        """Nodes whose new labels wait to be painted, with how many (see ``_refresh_node``)."""
        super().__init__(Text(node_label((), plan)), data=(), id=id)  # Text: a str label would be read as markup
        self.show_root = True
        self.guide_depth = 2
        self._plan = plan
        self._by_path: dict[Path, TreeNode[Path]] = {(): self.root}
        self._counts: dict[Path, Counts] = {}
        self._load(self.root)
        self.root.expand()
        self._open_components()

    # -- what the app tells it

    def show_plan(self, plan: JSON, changed: Iterable[Path] = ()) -> None:
        """Take the plan as it is now; re-load the parts of the tree that ``changed`` may have reshaped."""
        self._plan = plan
        relabel: dict[Path, None] = {}  # each node once, however many of the changes lie below it (a bulk edit)
        for path in changed:
            path = self._holder_if_reshaped(path)
            node, depth = self._nearest(path)
            if depth == len(path) or (depth == len(path) - 1 and is_branch(self._value(path))):
                self._reload(node)
            relabel.update(dict.fromkeys(path[:end] for end in range(len(path) + 1)))
        for path in relabel:
            ancestor = self._by_path.get(path)
            if ancestor is not None:
                self._relabel(ancestor)

    def show_counts(self, counts: dict[Path, Counts]) -> None:
        """Mark every loaded node with the errors and warnings at or below it."""
        old, self._counts = self._counts, counts
        for path in old.keys() | counts.keys():
            if old.get(path) != counts.get(path):
                node = self._by_path.get(path)
                if node is not None:
                    self._relabel(node)

    def on_mount(self) -> None:
        """Fit the terminal's width before the first layout: fitted at the screen's first resize, after its first
        frame, the tree would lay the whole screen out and draw it again."""
        self.fit(self.app.size.width)

    def fit(self, columns: int) -> None:
        """Take two fifths of ``columns`` (60 at most), leaving :attr:`FORM_WIDTH` to the form where it can."""
        self.styles.width = max(self.MIN_WIDTH, min(columns * 2 // 5, 60, columns - self.FORM_WIDTH))

    def select_path(self, path: Path) -> Path:
        """Move the cursor to the deepest node on ``path`` (opening and loading what lies between); returns it.

        A node is opened only when ``path`` goes on to one of its branches: a field's own node (a component, for its
        replica) stays as it was, as opening it would lay out and draw every line of the tree below it again.
        """
        node = self.root
        for key in path:
            if not is_branch(self._value((*(node.data or ()), key))):
                break  # a field, not a node of the tree
            if not node.is_expanded:  # expanding an open node again would re-measure every line of the tree
                node.expand()
            self._ensure_loaded(node)
            child = self._by_path.get((*(node.data or ()), key))
            if child is None:
                break
            node = child
        if self.is_attached and self.size:  # on the screen: placed in the frame that shows the jump's other changes
            self._place_cursor(node, immediate=True)
        else:
            self.call_after_refresh(self._place_cursor, node)
        return node.data or ()

    def _place_cursor(self, node: TreeNode[Path], *, immediate: bool = False) -> None:
        lines = self._tree_lines  # with those of the nodes just opened: the node's line is known then
        self.move_cursor(node)
        region = self._get_label_region(node._line) if 0 <= node._line < len(lines) else None
        if region is not None:
            self.scroll_to_region(
                region, animate=False, force=True, origin_visible=False, x_axis=False, immediate=immediate
            )

    @property
    def cursor_path(self) -> Path:
        """The path of the node under the cursor."""
        node = self.cursor_node
        return node.data if node is not None and node.data is not None else ()

    # -- actions

    def action_open_node(self) -> None:
        """Open the node under the cursor (and load its children)."""
        node = self.cursor_node
        if node is not None:
            node.expand()

    def action_close_node(self) -> None:
        """Close the node under the cursor, or go to its parent when it is closed."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Path]) -> None:
        self._ensure_loaded(event.node)

    # -- internals

    def watch_virtual_size(self, size: Size) -> None:
        """Fit the scroll bars to the lines: a scroll bar that comes or goes lays the tree out, nothing more."""
        self._scroll_update(size)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Take the tree's place from a layout; its scroll bars are fitted again only when its size changed.

        ``ScrollView`` fits them (and repaints them) whenever the layout's virtual size differs from its own, which
        for a tree is always: a layout measures the tree's children (none), not its lines. So every layout of the
        screen, a jump's or a form's, repainted the tree's scroll bar. The lines' size is the tree's own (see
        ``watch_virtual_size``).
        """
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    def _invalidate(self) -> None:
        """Forget the drawn lines, to draw them again: ``Tree`` also lays out the whole screen, which its size
        never needs (a jump opens nodes, and every focus change restyles the tree)."""
        self._clear_line_cache()
        self._updates += 1
        self.root._reset()
        self.refresh()

    def _value(self, path: Path) -> JSON:
        return get(self._plan, path)

    def _holder_if_reshaped(self, path: Path) -> Path:
        """``path``, or the list holding it when that list's rows no longer match its items.

        A deleted item (or one an undo puts back) moves every item after it: their rows would keep their old paths
        and labels, and one row too many or too few would be left, so the whole list is loaded again.
        """
        if path and isinstance(path[-1], int):
            holder = self._by_path.get(path[:-1])
            if holder is not None and len(holder.children) != sum(1 for _ in branches(self._value(path[:-1]))):
                return path[:-1]
        return path

    def _nearest(self, path: Path) -> tuple[TreeNode[Path], int]:
        for end in range(len(path), -1, -1):
            node = self._by_path.get(path[:end])
            if node is not None:
                return node, end
        return self.root, 0

    def _ensure_loaded(self, node: TreeNode[Path]) -> None:
        if not node.children and node.allow_expand:
            self._load(node)

    def _load(self, node: TreeNode[Path]) -> None:
        path = node.data or ()
        for key, child in branches(self._value(path)):
            child_path = (*path, key)
            added = node.add(self._label(child_path, child), data=child_path, allow_expand=any(branches(child)))
            self._by_path[child_path] = added

    def _open_components(self) -> None:
        """Open the plan's components, so that the first screen shows them (as ``seq · name``).

        Only their rows load: a component's own objects and lists load when it is opened, so a plan of a thousand
        components adds a thousand rows here, not their whole trees.
        """
        components = self._by_path.get(("components",))
        if components is not None and components.allow_expand:
            self._ensure_loaded(components)
            components.expand()

    def _reload(self, node: TreeNode[Path]) -> None:
        """Rebuild a node's children from the plan, keeping it open if it was."""
        path = node.data or ()
        if path and not is_branch(self._value(path)) and node.parent is not None:
            node = node.parent  # the node itself is gone: rebuild its parent
            path = node.data or ()
        for known in [p for p in self._by_path if len(p) > len(path) and p[: len(path)] == path]:
            del self._by_path[known]
        was_open = node.is_expanded
        node.remove_children()
        value = self._value(path)
        node.allow_expand = any(branches(value))
        if was_open or not path:
            self._load(node)
        if not path:
            self._open_components()
        self._relabel(node)

    def _relabel(self, node: TreeNode[Path]) -> None:
        path = node.data or ()
        label = self._label(path, self._value(path))
        if label != node.label:
            self._relabelled[node] = self._relabelled.get(node, 0) + 1
            node.set_label(label)

    def _refresh_node(self, node: TreeNode[Path]) -> None:
        """Repaint a node's lines; after a new label, only its own line.

        ``Tree`` repaints every visible line below a node whose label changed, which for the plan's root (whose
        marks change with every new or fixed error) is the whole tree, on every keystroke that changes a count.
        Each new label asks for one repaint (a node relabelled twice in one turn asks twice). Should a repaint for
        another reason (the cursor, the mouse) come first, it repaints the node's lines as ``Tree`` does, and the
        label's own repaint then costs one line.
        """
        pending = self._relabelled.get(node, 0)
        if pending:
            if pending == 1:
                del self._relabelled[node]
            else:
                self._relabelled[node] = pending - 1
            if node.line >= 0:
                self._refresh_line(node.line)
            return
        super()._refresh_node(node)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines in ``crop``, reading the tree's own style once for all of them.

        ``Tree`` reads it for every line, a line it has drawn before included: each read blends the colours of every
        widget above the tree, which was two fifths of drawing the tree's lines (a jump draws all of them). The
        styles of its parts are read once too (see ``get_component_styles``).
        """
        self._lines_style = self.rich_style
        if self._restyled:
            self._restyled = False
            self._keep_lines(self._lines_style)
        self._parts_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._lines_style = None
            self._parts_styles = None

    def get_component_styles(self, *names: str) -> RenderStyles:
        """The styles of a part of the tree; while its lines are drawn, read once for all of them (``Tree`` reads
        those of its guides three times for each line)."""
        kept = self._parts_styles
        if kept is None:
            return super().get_component_styles(*names)
        styles = kept.get(names)
        if styles is None:
            styles = kept[names] = super().get_component_styles(*names)
        return styles

    def render_line(self, y: int) -> Strip:
        style = self._lines_style
        if style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)

    def notify_style_update(self) -> None:
        """Repaint with the new styles; the lines of the tree (which nodes, how wide) stay as they are.

        ``Tree`` lays its lines out again on every change of style, the focus coming or going included, and asks
        the screen for a new layout of every widget on it. Styles change neither which lines there are nor how
        wide they are; a change of style that moves or sizes the tree asks for its own layout.

        The lines drawn are kept (see ``_keep_lines``, at the next draw: the styles of the tree's parts are read
        after this).
        """
        super(Tree, self).notify_style_update()
        self._restyled = True
        self.refresh()

    def _keep_lines(self, style: Style) -> None:
        """Keep the lines drawn while the tree looks as it did when they were drawn (``style``: its own style now).

        The lines are kept for each state of the tree's pseudo-classes (each line's key names the state it was drawn
        in): focus gone and back draws again only the lines that changed since the tree last had that state, not
        every line for its new tint. Any other change of the styles a line is drawn with (a theme) forgets them all.
        """
        state = self.get_pseudo_class_state()
        look = (style, *(self.get_component_rich_style(part) for part in _PARTS))
        if self._looks.get(state, look) != look:
            self._line_cache.clear()
            self._looks.clear()
        self._looks[state] = look

    def process_label(self, label: str | Text) -> Text:
        """A label of one line as it is: ``Tree`` splits and copies every label to keep its first line, twice for
        each node added (a thousand components' rows opened at start-up)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[Path]) -> int:
        """The cells of a node's line without its guides, counted without rendering it (as ``Tree`` does).

        ``Tree`` measures every line of the tree this way each time its lines are laid out again (a node opened,
        the focus come or gone): at a thousand components, rendering each label only to count it cost tens of ms.
        """
        icon = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) if node.allow_expand else ""
        label = node.label
        return cell_len(icon) + (label.cell_len if isinstance(label, Text) else cell_len(label))

    def _label(self, path: Path, value: JSON) -> Text:
        text = Text(node_label(path, value))
        counts = self._counts.get(path)
        if counts is not None:
            if counts.errors:
                text.append(f" ✗{counts.errors}", style=self.get_component_rich_style("plan-tree--error"))
            if counts.warnings:
                text.append(f" !{counts.warnings}", style=self.get_component_rich_style("plan-tree--warning"))
        return text
