"""The ``relplan`` command's parser: its subcommands, their flags and help, and the function each runs.

The commands' bodies live beside it (tui/commands.py, tui/launch.py, tui/drafts_command.py,
tui/standin_command.py) and are imported only when their command runs, so that ``relplan --help`` is quick; what
every subcommand's parser shares, the help's layout and the connection flags, is in tui/cli_flags.py.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from tui import commands, launch
from tui.cli_flags import ENVIRONMENT, command_help, connection_flags
from tui.commands import EXIT_OK, UsageError
from tui.diff_command import add_diff_parser, add_merge_flag
from tui.logs import ENV_LOG
from tui.release_command import add_execute_parser, add_status_parser
from tui.standin_command import add_release_seconds, add_standin_parser

__all__ = ["build_parser"]


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (the lookup costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> NoReturn:
        from tui import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``relplan`` command's parser: every subcommand, its flags, help and the function that runs it.

    With ``command``, one of the subcommands, only that one is set up (the command line names it: the others'
    flags would cost start-up time, and their names are needed only to say that a name is none of them).
    """
    parser = argparse.ArgumentParser(
        prog="relplan",
        description="Edit, check and send Huawei Cloud ServiceStage release plans.",
        **command_help("relplan demo\nrelplan validate plan.json\nrelplan list --profile prod", ENVIRONMENT),
    )
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    parser.add_argument(
        "--log",
        type=Path,
        metavar="FILE",
        help=f"append a debug log to FILE (or set {ENV_LOG}): requests, timings, failures; never a credential",
    )
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    parser.set_defaults(subcommands=subcommands)

    for name, add in _COMMANDS.items():
        if command not in _COMMANDS or name == command:  # a command named: only its flags are needed
            add(subcommands)
    return parser


def _add_validate(subcommands: Any) -> None:
    """``relplan validate`` and its flags."""
    validate = subcommands.add_parser(
        "validate",
        help="check plan files against the API reference",
        description=(
            "Check release-plan files (.json or .toml) against every rule of the API reference. Each problem is "
            "a line, FILE: PATH: SEVERITY: MESSAGE, and each file ends with a summary. Exit status: 0 when no "
            "file has an error (warnings allowed), 1 when a file has errors, 2 when a file cannot be read or is "
            "not a plan."
        ),
        **command_help("relplan validate plan.json other-plan.toml\nrelplan validate plan.json --format json"),
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE", help="plan files to check")
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per issue and a summary; json: a list of {file, path, severity, message}",
    )
    validate.set_defaults(run=commands.validate)


def _add_list(subcommands: Any) -> None:
    """``relplan list`` and its flags."""
    listing = subcommands.add_parser(
        "list",
        help="list the project's release plans",
        description=(
            "List the project's release plans, one a line, and then 'project ID: N plans'. With --format json, "
            "a JSON list of the plans as the server described them, for scripts."
        ),
        **command_help(
            "relplan list --profile prod\nrelplan list --format json --region ap-southeast-1 --project-id P",
            ENVIRONMENT,
        ),
    )
    connection_flags(listing)
    listing.add_argument(
        "--format", choices=("text", "json"), default="text", help="text: a table (default); json: a JSON list"
    )
    listing.set_defaults(run=commands.listing)


def _add_get(subcommands: Any) -> None:
    """``relplan get`` and its flags."""
    get = subcommands.add_parser(
        "get",
        help="fetch a plan, without its read-only keys",
        description=(
            "Fetch a plan without its read-only keys: as JSON to the screen (--format json, the default), or to "
            "a file with -o, which also keeps the plan as it was then, so that submit FILE can check it for lost "
            "updates."
        ),
        **command_help(
            "relplan get ID -o plan.json --profile prod\nrelplan get --plan-id ID --format json | jq .name", ENVIRONMENT
        ),
    )
    connection_flags(get)
    get.add_argument("plan_id_arg", nargs="?", metavar="ID", help="the release plan id (or --plan-id ID)")
    get.add_argument("--plan-id", metavar="ID", help="the release plan id (or ID)")
    get.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write it to FILE (.json or .toml); submit FILE then checks the plan against it for lost updates",
    )
    get.add_argument("--format", choices=("json",), help="what is printed when there is no -o: json (the default)")
    get.set_defaults(run=commands.get)


def _add_submit(subcommands: Any) -> None:
    """``relplan submit`` and its flags."""
    submit = subcommands.add_parser(
        "submit",
        help="check a plan file and send it as the plan's new content",
        description=(
            "Check the file, then PUT it. If FILE was fetched with relplan get -o, the plan is fetched again first "
            "and nothing is sent when someone changed it since (--merge merges their changes into FILE first, "
            "--overwrite sends over them); what changed is listed "
            "either way, and a FILE not fetched that way is said to be unchecked. After a 200 the plan is fetched "
            "once more to check that the server holds exactly what was sent. Every line starts with "
            "'FILE:'. Exit status: 0 sent and verified, "
            "1 not sent, not accepted or not verified, 2 bad input or settings."
        ),
        **command_help(
            "relplan submit plan.json ID --profile prod\nrelplan submit plan.json --plan-id ID --force", ENVIRONMENT
        ),
    )
    connection_flags(submit)
    submit.add_argument("file", type=Path, metavar="FILE", help="the plan (.json or .toml)")
    submit.add_argument("plan_id_arg", nargs="?", metavar="ID", help="the release plan to update (or --plan-id ID)")
    submit.add_argument("--plan-id", metavar="ID", help="the release plan to update (or ID)")
    submit.add_argument("--force", action="store_true", help="send despite errors in the plan; the server judges")
    submit.add_argument(
        "--overwrite",
        action="store_true",
        help="send even though the plan changed on the server since FILE was fetched, replacing those changes",
    )
    add_merge_flag(submit)
    submit.set_defaults(run=commands.submit)


def _add_edit(subcommands: Any) -> None:
    """``relplan edit`` and its flags."""
    edit = subcommands.add_parser(
        "edit",
        help="edit a plan file, or a plan on the server",
        description=(
            "Open the editor on a plan file (.json or .toml), on a plan fetched by id, or, with neither, "
            "on the plan picker of the active profile (or a screen to make one, when none works yet)."
        ),
        **command_help("relplan edit plan.json\nrelplan edit --plan-id ID --profile prod\nrelplan edit", ENVIRONMENT),
    )
    connection_flags(edit)
    edit.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the plan file to edit")
    edit.add_argument("--plan-id", metavar="ID", help="edit this plan, fetched from the server")
    edit.add_argument(
        "--read-only", action="store_true", help="look only: every key that would edit, save or send is refused"
    )
    edit.set_defaults(run=launch.edit)


def _add_view(subcommands: Any) -> None:
    """``relplan view`` and its flags."""
    view = subcommands.add_parser(
        "view",
        help="review a plan file, or a plan on the server, in the editor with every edit key refused",
        description=(
            "Open the editor on a plan file (.json or .toml) or a plan fetched by id, read-only: the tree, the "
            "form, the finder, the issues and the review work; every key that would edit, save or send says that "
            "the view is read-only instead. The same as relplan edit --read-only."
        ),
        **command_help("relplan view plan.json\nrelplan view --plan-id ID --profile prod", ENVIRONMENT),
    )
    connection_flags(view)
    view.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the plan file to look at")
    view.add_argument("--plan-id", metavar="ID", help="look at this plan, fetched from the server")
    view.set_defaults(run=launch.view, read_only=True)


def _add_demo(subcommands: Any) -> None:
    """``relplan demo`` and its flags."""
    demo = subcommands.add_parser(
        "demo",
        help="the editor on a built-in stand-in server and its sample plans",
        description=(
            "Start the stand-in on a free loopback port with its sample plans and open the plan picker on it "
            "(or, with --sample, the editor on one sample). No account and no credentials are needed. A release "
            "started in it runs batch by batch, --release-seconds each."
        ),
        **command_help("relplan demo\nrelplan demo --sample mistakes\nrelplan demo --sample large --release-seconds 1"),
    )
    from tui.sample_files import SAMPLE_NAMES  # only for the commands that name a sample: not for ``edit FILE``

    demo.add_argument("--sample", choices=SAMPLE_NAMES, help="open this sample plan at once instead of the picker")
    add_release_seconds(demo)
    demo.set_defaults(run=launch.demo)


def _add_completion(subcommands: Any) -> None:
    """``relplan completion`` and its flags."""
    completion = subcommands.add_parser(
        "completion",
        help="print the script that makes your shell complete relplan's commands",
        description=(
            "Print the script that makes bash, zsh or fish complete relplan's commands, flags and choices. "
            "Load it in your shell's start-up file (see the examples)."
        ),
        **command_help(
            'eval "$(relplan completion bash)"          # in ~/.bashrc\n'
            'eval "$(relplan completion zsh)"           # in ~/.zshrc\n'
            "relplan completion fish > ~/.config/fish/completions/relplan.fish"
        ),
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell to complete in")
    completion.set_defaults(run=commands.completion)


def _add_drafts(subcommands: Any) -> None:
    """``relplan drafts`` and its flags."""
    _drafts_parser(subcommands).set_defaults(run=_drafts)


def _add_samples(subcommands: Any) -> None:
    """``relplan samples`` and its flags."""
    samples = subcommands.add_parser(
        "samples",
        help="list the sample plans, or write one to a file",
        description=(
            "List the sample plans shipped with relplan: name, plan name, components and what each is for. "
            "With NAME, write that sample out: as JSON on standard output, or to FILE as .json or .toml by its "
            "suffix. An existing FILE is kept unless --force."
        ),
        **command_help("relplan samples\nrelplan samples mistakes -o mistakes.json\nrelplan validate mistakes.json"),
    )
    from tui.sample_files import SAMPLE_NAMES

    samples.add_argument("name", nargs="?", choices=SAMPLE_NAMES, metavar="NAME", help="the sample to write out")
    samples.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it to FILE (.json or .toml)")
    samples.add_argument("--force", action="store_true", help="write over FILE if it exists")
    samples.set_defaults(run=_samples)


_COMMANDS: dict[str, Callable[[Any], object]] = {
    "validate": _add_validate,
    "list": _add_list,
    "get": _add_get,
    "submit": _add_submit,
    "execute": add_execute_parser,
    "status": add_status_parser,
    "diff": add_diff_parser,
    "edit": _add_edit,
    "view": _add_view,
    "demo": _add_demo,
    "standin": add_standin_parser,
    "completion": _add_completion,
    "drafts": _add_drafts,
    "samples": _add_samples,
}
"""Every subcommand, in the order ``relplan --help`` lists them, with what sets up its parser."""


def _drafts_parser(subcommands: Any) -> argparse.ArgumentParser:
    """``relplan drafts`` and its flags."""
    drafts: argparse.ArgumentParser = subcommands.add_parser(
        "drafts",
        help="list, delete or prune the drafts of plans being edited",
        description=(
            "List the drafts relplan keeps of plans with edits neither saved nor sent, newest first, each with "
            "its KEY, and say where drafts and baselines (plans as relplan get -o fetched them) are kept. Opening "
            "the plan again offers to restore its draft. Drafts older than 30 days are marked, never deleted "
            "unasked; a draft open in a running relplan is never deleted."
        ),
        **command_help(
            "relplan drafts\nrelplan drafts --delete 3f2a9c1e\nrelplan drafts --all --yes\nrelplan drafts --prune"
        ),
    )
    what = drafts.add_mutually_exclusive_group()
    what.add_argument("--delete", metavar="KEY", help="delete the draft with this KEY (the listing's first column)")
    what.add_argument("--all", action="store_true", help="delete every draft no running relplan holds")
    what.add_argument(
        "--prune", action="store_true", help="delete the baselines of files that are gone, and say how many"
    )
    drafts.add_argument(
        "--yes", action="store_true", help="delete without asking (needed when there is no terminal to ask on)"
    )
    return drafts


def _drafts(args: argparse.Namespace, out: TextIO) -> int:
    from tui.drafts_command import drafts

    return drafts(args, out)


def _samples(args: argparse.Namespace, out: TextIO) -> int:
    from tui.sample_files import list_samples, write_sample

    if args.name is None:
        if args.output is not None or args.force:
            raise UsageError("name the sample to write: relplan samples NAME -o FILE")
        list_samples(out)
    else:
        write_sample(args.name, args.output, out, force=args.force)
    return EXIT_OK
