"""The base every request and response schema builds on."""

from pydantic import BaseModel, ConfigDict


class ReadSchema(BaseModel):
    """What the API sends: built from ORM rows."""

    model_config = ConfigDict(from_attributes=True)


class InputSchema(BaseModel):
    """What a client may send: unknown fields are refused, surrounding spaces trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
