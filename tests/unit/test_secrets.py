"""Secrets in a plan: which fields are secret comes from the models' marks, and a mask never leaks or moves one."""

from __future__ import annotations

from typing import Annotated

import pytest

from tui.errors import DocumentError
from tui.models.base import SECRET, SpecModel
from tui.schema import fields_of, spec_at
from tui.secrets import MASK, is_secret, mask_secrets, secret_names, unmask_secrets
from tui.types import JSON

SOURCE = ("components", 0, "source")


def test_the_secret_fields_are_those_the_models_mark() -> None:
    assert secret_names() == ({"http_password"}, {"http_headers"})
    marked = {name for name in ("http_username", "http_password", "http_headers") if spec_at((*SOURCE, name)).secret}  # type: ignore[union-attr]
    assert marked == {"http_password", "http_headers"}


def test_the_schema_reads_the_mark_from_any_model() -> None:
    class Vault(SpecModel):
        """A model made up for the test."""

        token: Annotated[str, SECRET] | None = None
        note: str | None = None

    assert fields_of(Vault)["token"].secret
    assert not fields_of(Vault)["note"].secret


def test_a_secret_is_known_by_its_name_at_any_depth() -> None:
    assert is_secret((*SOURCE, "http_password"))
    assert is_secret((*SOURCE, "http_headers"))
    assert is_secret((*SOURCE, "http_headers", "X-Release"))
    assert not is_secret((*SOURCE, "http_username"))
    assert not is_secret(())


def test_masks_go_back_to_their_own_secrets_never_to_another_s() -> None:
    original: JSON = {
        "components": [
            {"name": "a", "source": {"http_password": "PA", "http_headers": {"Authorization": "HA"}}},
            {"name": "b", "source": {"http_password": "PB"}},
        ]
    }
    masked = mask_secrets(original)
    assert masked == {
        "components": [
            {"name": "a", "source": {"http_password": MASK, "http_headers": {"Authorization": MASK}}},
            {"name": "b", "source": {"http_password": MASK}},
        ]
    }
    assert unmask_secrets(masked, original) == original
    without_a = {"components": [masked["components"][1]]}  # type: ignore[index,call-overload]
    assert unmask_secrets(without_a, original) == {"components": [{"name": "b", "source": {"http_password": "PB"}}]}
    renamed = {"components": [{"name": "a", "source": {"http_headers": {"X-Auth": MASK}}}]}
    with pytest.raises(DocumentError, match=r"components\.0\.source\.http_headers\.X-Auth reads"):
        unmask_secrets(renamed, original)
    assert mask_secrets({"http_headers": "not a map"}) == {"http_headers": MASK}
