"""The sample plans relplan ships, by name: listed and written out by ``relplan samples``, served by the stand-in.

They are read through :mod:`importlib.resources`, so they are found wherever relplan is installed, a zipped
wheel included, and never through a path of the source tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple, TextIO

from tui.errors import DocumentError
from tui.text import plural, printable

if TYPE_CHECKING:
    from tui.types import JSON

__all__ = ["SAMPLES", "SAMPLE_NAMES", "Sample", "list_samples", "load_sample", "write_sample"]

LARGE_COMPONENTS: Final = 64
"""The components of the large sample: the most the console releases in one plan."""


class Sample(NamedTuple):
    """One shipped sample plan (a named tuple, not a dataclass: ``relplan --help`` does not wait for dataclasses)."""

    name: str
    """What ``relplan samples`` and ``relplan demo --sample`` call it."""
    description: str
    """One line on what it holds and what it is for."""
    file: str = ""
    """The JSON file of ``tui/samples`` that holds it; empty for the plan made by :func:`tui.samples.sample_plan`."""

    def plan(self) -> dict[str, JSON]:
        """The plan, read afresh each time (a caller may change it)."""
        from importlib import resources  # with tempfile, shutil and bz2: not for a command that reads no sample

        from tui.jsontext import parse_json
        from tui.samples import sample_plan

        if not self.file:
            return sample_plan(LARGE_COMPONENTS, name="checkout-release")
        text = resources.files("tui.samples").joinpath(self.file).read_text(encoding="utf-8")
        return parse_json(text)


SAMPLES: Final = {
    sample.name: sample
    for sample in (
        Sample("mistakes", "a hotfix with errors and warnings to find and fix", "mistakes.json"),
        Sample("small", "a valid two-service release: web front end and order API", "small.json"),
        Sample("large", f"{LARGE_COMPONENTS} services in four batches, each using every table of the reference"),
    )
}
"""Every shipped sample by name, in the order they are listed."""

SAMPLE_NAMES: Final = tuple(SAMPLES)
"""The samples' names, for a command line's choices."""


def load_sample(name: str) -> dict[str, JSON]:
    """The plan of the sample called ``name``.

    Raises:
        DocumentError: no sample has that name.
    """
    sample = SAMPLES.get(name)
    if sample is None:
        raise DocumentError(f"no sample is called {printable(name)!r}; there are {', '.join(SAMPLE_NAMES)}")
    return sample.plan()


def list_samples(out: TextIO) -> None:
    """Write a table of the samples: name, plan name, component count and what each is for."""
    rows = [("NAME", "PLAN", "COMPONENTS", "DESCRIPTION")]
    for sample in SAMPLES.values():
        plan = sample.plan()
        components = plan.get("components")
        count = str(len(components)) if isinstance(components, list) else "0"
        rows.append((sample.name, printable(str(plan.get("name", ""))), count, sample.description))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for name, plan_name, count, description in rows:
        out.write(f"{name:<{widths[0]}}  {plan_name:<{widths[1]}}  {count:>{widths[2]}}  {description}\n")
    out.write("write one to a file: relplan samples NAME -o FILE (.json or .toml)\n")


def write_sample(name: str, output: Path | None, out: TextIO, *, force: bool = False) -> None:
    """Write the sample ``name`` to ``output`` (.json or .toml by its suffix), or as JSON to ``out`` without one.

    A file that exists is kept unless ``force``; what was written is said on ``out``.

    Raises:
        DocumentError: no such sample, a suffix relplan does not write, a file that exists, or one it cannot write.
    """
    from tui.document import Document
    from tui.jsonfiles import plan_format
    from tui.jsontext import dump_json

    plan = load_sample(name)
    if output is None:
        out.write(dump_json(plan))
        return
    shown = printable(str(output))
    plan_format(output, "writes")  # a suffix relplan cannot write is refused before anything else
    if not force and (output.exists() or output.is_symlink()):
        raise DocumentError(f"{shown} exists; relplan samples writes over it only with --force")
    try:
        Document(plan).save(output)
    except OSError as exc:
        raise DocumentError(f"{shown}: cannot be written: {exc.strerror or exc}") from None
    components = plan.get("components")
    count = len(components) if isinstance(components, list) else 0
    plan_name = printable(str(plan.get("name", "")))
    out.write(f"wrote {shown}: the sample {name} ({plan_name}, {plural(count, 'component')})\n")
