"""Typed views of a command's `--json` output, so tests index it without `type: ignore`.

Each helper checks the shape it promises (an object, a list of objects) and fails the test
with the actual value when the output has another shape.
"""

from __future__ import annotations

from typing import Any, Protocol


class HasJson(Protocol):
    def json(self) -> object: ...


def as_object(value: object) -> dict[str, Any]:
    assert isinstance(value, dict), f"expected a JSON object, got {value!r}"
    return value


def as_objects(value: object) -> list[dict[str, Any]]:
    assert isinstance(value, list), f"expected a JSON list, got {value!r}"
    return [as_object(item) for item in value]


def json_object(result: HasJson) -> dict[str, Any]:
    """The command's stdout as a JSON object."""
    return as_object(result.json())


def json_objects(result: HasJson) -> list[dict[str, Any]]:
    """The command's stdout as a JSON list of objects."""
    return as_objects(result.json())
