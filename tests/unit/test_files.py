"""Loading and saving plan files: values and key order kept, and one clear message for anything else."""

from __future__ import annotations

import json
import os
import threading
from contextlib import suppress
from pathlib import Path

import pytest

from tests.helpers import PLANS, load
from tui.document import Document
from tui.errors import DocumentError
from tui.jsonfiles import MAX_FILE_BYTES, file_state, load_file, read_plan, write_atomic
from tui.jsontext import dump_json, dump_toml, parse_json, parse_value


def test_json_round_trip_keeps_order_and_unicode(tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    text = '{"name": "发布-ü", "zeta": {"b": 1, "a": [1.5, true, null, "1"]}, "components": []}'
    source.write_text(text, encoding="utf-8")
    document = Document.load(source)
    document.save()
    saved = source.read_text(encoding="utf-8")
    assert json.dumps(json.loads(saved)) == json.dumps(json.loads(text))
    assert "发布-ü" in saved
    assert saved.startswith('{\n  "name"')
    assert saved.endswith("}\n")


def test_saving_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    Document(load("full-component.json")).save(target)
    first = target.read_bytes()
    Document.load(target).save()
    assert target.read_bytes() == first


def test_toml_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "plan.toml"
    plan = load("full-component.json")
    Document(plan).save(target)
    assert load_file(target) == plan


def test_toml_refuses_null_and_names_the_path(tmp_path: Path) -> None:
    plan = load("minimal.json")
    plan["components"][0]["workload_name"] = None
    target = tmp_path / "plan.toml"
    with pytest.raises(DocumentError, match=r"TOML cannot hold null \(at components\.0\.workload_name\)"):
        Document(plan).save(target)
    assert not target.exists()


def test_toml_dates_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "plan.toml"
    source.write_text('name = "p"\ncomponents = []\nwhen = 2026-11-26\n', encoding="utf-8")
    with pytest.raises(DocumentError, match="TOML date or time at when"):
        load_file(source)


def test_saving_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, b'{"name": "x"}\n')
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_write_atomic_writes_parts_one_after_another(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    write_atomic(target, [b'{"baseline":', b'{"name": "x"}', b"", b"}"], mode=0o600)
    assert target.read_bytes() == b'{"baseline":{"name": "x"}}'
    assert [p.name for p in tmp_path.iterdir()] == ["draft.json"]


def test_a_document_without_a_file_asks_where() -> None:
    with pytest.raises(DocumentError, match="choose where"):
        Document({"name": "x"}).save()


def test_saving_to_a_file_that_is_not_json_or_toml_says_what_relplan_writes(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"relplan writes \.json and \.toml plan files, not \.txt"):
        Document({"name": "x"}).save(tmp_path / "plan.txt")
    assert not (tmp_path / "plan.txt").exists()


def _nested(depth: int) -> bytes:
    return b'{"name": "p", "x": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.json", b'{"name": "p", "components": [', "ends before the JSON does (line 1, column 30): is it cut"),
        ("cut-in-text.json", b'{"name": "p", "description": "half a sen', "ends inside the text that starts at line 1"),
        ("bad.json", b'{"name": "p",, }', "is not valid JSON: Expecting property name enclosed in double quotes at"),
        ("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00", "looks like a binary file"),
        ("latin1.json", '{"name": "caf\xe9"}'.encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 13)"),
        ("dup.json", b'{"name": "a", "name": "b", "components": []}', 'has the key "name" twice'),
        # the later value holds more colons than the one dropped, or a colon written as an escape, or the key itself
        ("dup-colons.json", b'{"name": "a", "name": "b:c:d", "components": []}', 'has the key "name" twice'),
        ("dup-escaped.json", b'{"name": "a", "name": "b\\u003A"}', 'has the key "name" twice'),
        ("dup-key-escaped.json", b'{"a": {"name": 1, "\\u006eame": 2}}', 'has the key "name" twice'),
        ("dup-deep.json", b'{"c": [{"x": {"k": 1, "k": {"a": 1, "b": 2}}}]}', 'has the key "k" twice'),
        ("nan.json", b'{"name": "p", "components": [], "x": NaN}', "NaN is not a JSON number"),
        (
            "huge-number.json",
            b'{"name": "p", "limit_cpu": 1e999}',
            "has the number 1e999: valid JSON, but too large for relplan to hold",
        ),
        (
            "huge-int.json",
            b'{"name": "p", "replica": -' + b"9" * 5000 + b"}",
            "has the number -9999999999999999999\u2026 (5,001 characters): valid JSON, but too large for relplan",
        ),
        ("huge-int.toml", b'name = "p"\nreplica = ' + b"9" * 5000, "has a whole number of thousands of digits"),
        ("surrogate.json", b'{"name": "\\ud800"}', "text at name with a lone surrogate (\\ud800)"),
        ("surrogate-key.json", b'{"a": {"\\udfff": 1}}', "a key in a with a lone surrogate (\\udfff)"),
        ("array.json", b"[1, 2]", "holds an array at the top; a release plan is a JSON object"),
        ("string.json", b'"plan"', "holds a string at the top"),
        pytest.param("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested more than 254 levels", id="deep.json"),
        pytest.param("deep-objects.json", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "nested more than 254", id="objs"),
        pytest.param("deep-988.json", _nested(988), "nested more than 254 levels deep", id="deep-988.json"),
        pytest.param("deep-255.json", _nested(255), "nested more than 254 levels deep", id="deep-255.json"),
        ("plan.yaml", b"name: p", "reads .json and .toml plan files, not .yaml"),
        ("bad.toml", b"name = ", "is not valid TOML"),
        ("inf.toml", b'name = "p"\nlimit_cpu = inf', "has the number inf, which a JSON plan cannot hold"),
        ("nan.toml", b'name = "p"\nlimit_cpu = -nan', "has the number -nan"),
        ("empty.json", b"", "is empty; a release plan is a JSON object"),
        ("blank.json", b" \n\t\n", "is empty"),
    ],
)
def test_unreadable_files_get_one_clear_message(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_file(path)
    assert message in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep-254.json"
    path.write_bytes(_nested(254))
    assert load_file(path)["name"] == "p"


def test_a_pipe_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    chunk = b" " * (1024 * 1024)

    def feed() -> None:
        with suppress(BrokenPipeError), path.open("wb") as pipe:
            pipe.write(b'{"name": "p"')
            for _ in range(25):
                pipe.write(chunk)

    writer = threading.Thread(target=feed, daemon=True)  # it stops with a broken pipe once the reader gives up
    writer.start()
    with pytest.raises(DocumentError, match="holds more than 20 MiB; relplan reads plans up to 20 MiB"):
        load_file(path)
    writer.join(timeout=10)
    assert not writer.is_alive()


def test_a_file_over_20_mib_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(DocumentError, match=r"the file is 20\.0 MiB; relplan reads plans up to 20 MiB"):
        load_file(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        load_file(tmp_path / "absent.json")
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(DocumentError, match="is a directory"):
        load_file(folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permissions(tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(DocumentError, match="permission denied"):
        load_file(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"name": "p"}')
    assert load_file(path) == {"name": "p"}


def test_parse_json_takes_a_plan_object() -> None:
    assert parse_json('{"name": "p", "components": []}') == {"name": "p", "components": []}
    assert load_file(PLANS / "minimal.json")["name"] == "minimal-release"


def test_dump_json_and_dump_toml_are_stable() -> None:
    plan = load("minimal.json")
    assert dump_json(plan) == dump_json(json.loads(dump_json(plan)))
    assert dump_toml(plan).startswith('name = "minimal-release"\n')


def test_text_that_utf8_cannot_hold_is_refused_on_save_with_its_path(tmp_path: Path) -> None:
    document = Document({"name": "p", "components": [{"name": "a\ud800"}]})
    target = tmp_path / "out.json"
    with pytest.raises(DocumentError, match=r"components\.0\.name with a lone surrogate \(\\ud800\)"):
        document.save(target)
    assert not target.exists()
    assert document.get(("components", 0, "name")) == "a\ud800"


def test_a_number_that_is_not_finite_is_refused_on_save_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"the number at components\.0\.limit_cpu is not finite"):
        Document({"name": "p", "components": [{"limit_cpu": float("inf")}]}).save(tmp_path / "out.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": "\\udc00"}', r"text at a with a lone surrogate \(\\udc00\)"),
        ("[" * 300 + "]" * 300, "nested more than 254 levels deep"),
        ("-1e400", "the number -1e400 is valid JSON but too large for relplan to hold"),
        ("9" * 4301, r"the number 9{20}\u2026 \(4,301 characters\) is valid JSON but too large"),
    ],
    ids=["surrogate", "deep", "huge", "huge-int"],
)
def test_a_typed_json_value_is_refused_when_it_could_not_be_sent(text: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_value(text)


def test_a_plan_too_deep_for_toml_to_write_is_refused_with_a_message(tmp_path: Path) -> None:
    deep: list[object] = []
    for _ in range(253):
        deep = [deep]
    with pytest.raises(DocumentError, match=r"nested too deeply for TOML to write; save it as \.json"):
        Document({"name": "p", "x": deep}).save(tmp_path / "deep.toml")


def _plan_file(tmp_path: Path, raw: bytes, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def test_crlf_a_bom_and_four_space_indents_are_kept(tmp_path: Path) -> None:
    raw = b'\xef\xbb\xbf{\r\n    "name": "p",\r\n    "components": [\r\n        1\r\n    ]\r\n}\r\n'
    path = _plan_file(tmp_path, raw)
    document = Document.load(path)
    document.set(("name",), "q")
    document.save()
    assert path.read_bytes() == raw.replace(b'"p"', b'"q"')


def test_a_toml_file_with_crlf_keeps_its_line_endings(tmp_path: Path) -> None:
    path = _plan_file(tmp_path, b'name = "p"\r\ncomponents = []\r\n', "plan.toml")
    document = Document.load(path)
    document.set(("name",), "q")
    document.save()
    assert path.read_bytes() == b'name = "q"\r\ncomponents = []\r\n'


def test_a_read_only_file_is_refused_and_left_as_it_is_even_for_root(tmp_path: Path) -> None:
    path = _plan_file(tmp_path, b'{"name": "p"}')
    path.chmod(0o444)
    document = Document.load(path)
    document.set(("name",), "q")
    with pytest.raises(DocumentError, match=r"plan\.json is read-only \(mode 0444\)"):
        document.save()
    assert path.read_bytes() == b'{"name": "p"}'
    assert path.stat().st_mode & 0o777 == 0o444


def test_a_symlink_is_saved_through_to_its_target(tmp_path: Path) -> None:
    real = _plan_file(tmp_path, b'{\n  "name": "p"\n}\n', "real.json")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    document = Document.load(link)
    document.set(("name",), "q")
    document.save()
    assert link.is_symlink()
    assert load_file(real) == {"name": "q"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_a_change_on_disk_since_reading_is_never_written_over(tmp_path: Path) -> None:
    from tui.jsonfiles import ChangedOnDiskError

    path = _plan_file(tmp_path, b'{"name": "p", "desc": "d"}')
    document = Document.load(path)
    document.set(("name",), "mine")
    path.write_bytes(b'{"name": "p", "desc": "theirs"}')
    with pytest.raises(ChangedOnDiskError) as caught:
        document.save()
    assert caught.value.now.raw == b'{"name": "p", "desc": "theirs"}'
    assert load_file(path)["desc"] == "theirs"
    document.save(over_disk=True)
    assert load_file(path) == {"name": "mine", "desc": "d"}
    document.set(("desc",), "again")
    document.save()  # what was just saved is what the disk holds: no question
    assert load_file(path)["desc"] == "again"


def test_a_change_on_disk_of_the_same_size_is_a_change(tmp_path: Path) -> None:
    from tui.jsonfiles import ChangedOnDiskError

    path = _plan_file(tmp_path, b'{"name": "p", "desc": "d"}')
    document = Document.load(path)
    document.set(("name",), "q")
    path.write_bytes(b'{"name": "p", "desc": "e"}')
    os.utime(path, ns=(document.disk.mtime_ns, document.disk.mtime_ns) if document.disk else None)
    with pytest.raises(ChangedOnDiskError):
        document.save()
    assert load_file(path)["desc"] == "e"


def test_a_touch_without_a_change_is_not_a_change(tmp_path: Path) -> None:
    path = _plan_file(tmp_path, b'{"name": "p"}')
    document = Document.load(path)
    os.utime(path, (1, 1))
    document.save()
    assert load_file(path) == {"name": "p"}


def test_write_atomic_can_force_a_mode_whatever_the_file_had(tmp_path: Path) -> None:
    path = _plan_file(tmp_path, b"{}")
    path.chmod(0o644)
    write_atomic(path, b'{"a": 1}', mode=0o600)
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", ["plan.json", "plan.toml"])
def test_a_plan_read_and_the_state_it_is_kept_with_are_of_the_same_bytes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    plan = load("full-component.json")
    path.write_text(dump_json(plan) if name.endswith(".json") else dump_toml(plan), encoding="utf-8")
    data, held = read_plan(path)
    assert data == plan == load_file(path)
    assert held == file_state(path) and held.raw == path.read_bytes()
