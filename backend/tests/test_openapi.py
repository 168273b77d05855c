"""The OpenAPI document: complete for every operation, and the committed copy is current."""

import json
import re
from pathlib import Path

from telerehab.main import openapi_document

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
OPERATION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


def test_committed_openapi_document_is_current() -> None:
    current = json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"
    assert COMMITTED.exists(), "docs/openapi.json is missing: run `make openapi`"
    assert COMMITTED.read_text() == current, "docs/openapi.json is stale: run `make openapi`"


def test_every_operation_is_documented() -> None:
    document = openapi_document()
    problems = []
    operation_ids = set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            operation_id = operation.get("operationId", "")
            if not OPERATION_ID.match(operation_id):
                problems.append(f"{where}: operationId {operation_id!r} is not <tag>-<name>")
            if operation_id in operation_ids:
                problems.append(f"{where}: operationId {operation_id!r} is used twice")
            operation_ids.add(operation_id)
            if not operation.get("summary"):
                problems.append(f"{where}: no summary")
            if not operation.get("description"):
                problems.append(f"{where}: no description")
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    content = response.get("content", {}).get("application/problem+json")
                    if not content or "example" not in content:
                        problems.append(f"{where}: {status} has no problem+json example")
    assert problems == []
    assert len(operation_ids) >= 30


def test_stream_messages_are_published() -> None:
    """The exercise stream is a WebSocket, which OpenAPI cannot describe: its messages are
    components of their own, one per direction, told apart by ``type``."""
    schemas = openapi_document()["components"]["schemas"]
    published = {}
    for union in ("StreamClientMessage", "StreamServerMessage"):
        mapping = schemas[union]["discriminator"]["mapping"]
        assert schemas[union]["discriminator"]["propertyName"] == "type"
        assert sorted(ref["$ref"] for ref in schemas[union]["oneOf"]) == sorted(mapping.values())
        for message_type, ref in mapping.items():
            member = schemas[ref.removeprefix("#/components/schemas/")]
            assert member["properties"]["type"]["const"] == message_type
            assert "type" in member["required"]
        published[union] = set(mapping)
    assert published == {
        "StreamClientMessage": {"auth", "start_set", "frames", "end_set", "finish", "ping"},
        "StreamServerMessage": {
            *("ready", "set_started", "set_saved", "finished", "error", "pong"),
            *("rep_completed", "phase_changed", "form_feedback", "out_of_view", "in_view"),
        },
    }
