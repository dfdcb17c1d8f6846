"""Hostile plan files judged by a real ``relplan validate`` process: one clear line, and memory measured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.jsonfiles import MAX_FILE_BYTES

GIB_IN_KIB = 1024 * 1024


def _validate(file: Path) -> tuple[int, str, int]:
    """Exit status, what it printed, and its peak memory in KiB."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "validate", str(file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, output, usage.ru_maxrss


@pytest.mark.parametrize(
    ("content", "said"),
    [
        pytest.param(
            '{"name": "p", "components": [' + ",".join(["{}"] * 1_000_000) + "]}",
            "1,000,000 components",
            id="a-million-empty-components",
        ),
        pytest.param(
            '{"name": "p", "x": [' + ",".join(["{}"] * ((MAX_FILE_BYTES - 64) // 3)) + "]}",
            "more than 500,000 values",
            id="20-mib-of-empty-objects",
        ),
    ],
)
def test_a_plan_too_big_to_judge_is_one_line_in_bounded_memory(tmp_path: Path, content: str, said: str) -> None:
    file = tmp_path / "plan.json"
    file.write_text(content, encoding="utf-8")
    status, output, peak = _validate(file)
    assert status == 2
    assert output.count("\n") == 1 and said in output
    assert peak < GIB_IN_KIB, f"peak memory {peak // 1024} MiB"
