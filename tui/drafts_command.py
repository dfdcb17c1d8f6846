"""``relplan drafts``: list the drafts and where they and the baselines live, delete drafts, prune baselines.

A draft is named by its KEY, the first column of the listing: the start of its file's name (and, for a second
editor's draft of the same plan, the pid after it). A draft held by a running relplan is never deleted.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from tui.commands import EXIT_ERRORS, EXIT_OK, UsageError
from tui.errors import SettingsError
from tui.text import plural, printable

if TYPE_CHECKING:
    from tui.drafts import Draft

__all__ = ["drafts", "short_key"]

SHORT = 8
"""How many characters of a draft's hash the listing shows: enough to tell a person's drafts apart."""


def short_key(key: str) -> str:
    """What the listing shows for the draft ``key``: the start of its hash, and a second editor's pid after it."""
    head, dash, tail = key.partition("-")
    return head[:SHORT] + dash + tail


def _shown(key: str) -> str:
    """:func:`short_key` as printed: a key is a file's name, which may hold anything but a slash."""
    return printable(short_key(key))


def drafts(args: argparse.Namespace, out: TextIO) -> int:
    """``relplan drafts`` and its ``--delete``, ``--all`` and ``--prune``."""
    if args.prune:
        return _prune(out)
    if args.delete is not None or args.all:
        return _delete(args, out)
    if args.yes:
        raise UsageError("--yes goes with --delete KEY or --all")
    return _list(out)


def _list(out: TextIO) -> int:
    from tui import baselines
    from tui.diff import diff
    from tui.drafts import OLD_DAYS, broken_drafts, drafts_dir, holder, list_drafts
    from tui.text import moment

    found = list_drafts()
    for one in broken_drafts():
        print(f"a draft exists but cannot be read; kept as {printable(one.file.name)}", file=out)
    for draft in found:
        when = moment(round(draft.saved_at * 1000))
        count = len(diff(draft.baseline, draft.plan))
        old = f"  (older than {OLD_DAYS} days)" if draft.age_days > OLD_DAYS else ""
        owner = holder(draft.key)
        held = f"  ({owner.describe()})" if owner is not None else ""
        title = printable(draft.title) or "(no title)"
        where = printable(draft.where)
        line = f"{_shown(draft.key)}  {when}  {title}  {plural(count, 'change')}  {where}{old}{held}"
        print(line, file=out)
    folder = printable(str(drafts_dir()))
    if found:
        print(f"{plural(len(found), 'draft')} in {folder}", file=out)
    else:
        print(f"no drafts (they are kept in {folder})", file=out)
    kept = baselines.count()
    print(
        f"{plural(kept, 'baseline')} (plans as relplan get -o fetched them, for submit's lost-update check) "
        f"in {printable(str(baselines.baseline_dir()))}",
        file=out,
    )
    if found:
        print("relplan drafts --delete KEY deletes one; --prune deletes the baselines of files that are gone", file=out)
    return EXIT_OK


def _chosen(args: argparse.Namespace) -> list[Draft]:
    from tui.drafts import list_drafts

    found = list_drafts()
    if args.all:
        return found
    key = args.delete
    matching = [draft for draft in found if key in (draft.key, short_key(draft.key))]
    if not matching:
        raise SettingsError(f"no draft {printable(key)}; relplan drafts lists them, with their KEY first")
    if len(matching) > 1:
        raise SettingsError(f"{len(matching)} drafts start with {printable(key)}; give the whole KEY")
    return matching


def _delete(args: argparse.Namespace, out: TextIO) -> int:
    from tui.drafts import discard, holder

    chosen = _chosen(args)
    held = [(draft, owner) for draft in chosen if (owner := holder(draft.key)) is not None]
    for draft, owner in held:
        print(f"{_shown(draft.key)}: not deleted: {owner.describe()}", file=out)
    taken = {draft.key for draft, _ in held}
    free = [draft for draft in chosen if draft.key not in taken]
    if not free:
        if not chosen:
            print("no drafts to delete", file=out)
        return EXIT_ERRORS if held else EXIT_OK
    count = plural(len(free), "draft")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not deleting {count} without a terminal to ask on; add --yes to delete them")
        print(f"delete {count}? [y/N] ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("nothing deleted", file=out)
            return EXIT_ERRORS
    status = EXIT_ERRORS if held else EXIT_OK
    for draft in free:
        owner = discard(draft.key)
        title = printable(draft.title) or "(no title)"
        if owner is not None:  # an editor took it in the meantime
            print(f"{_shown(draft.key)}: not deleted: {owner.describe()}", file=out)
            status = EXIT_ERRORS
        else:
            print(f"{_shown(draft.key)}: deleted the draft of {title} ({printable(draft.where)})", file=out)
    return status


def _prune(out: TextIO) -> int:
    from tui import baselines

    removed = baselines.prune()
    left = baselines.count()
    print(
        f"removed {plural(removed, 'baseline')} whose file is gone; {left} kept "
        f"in {printable(str(baselines.baseline_dir()))}",
        file=out,
    )
    return EXIT_OK
