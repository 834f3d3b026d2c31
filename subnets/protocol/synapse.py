"""The `Synapse` base class: the real SDK's wire shape, its JSON bodies and the body hash.

A subnet declares its request/response as a subclass:

    class Dummy(Synapse):
        input: int
        output: Optional[int] = None
        required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)

taonet's convention is to list every request field in `required_hash_fields`, so that a legacy
(bittensor ≤10.5) request signature also covers the body (axon-protocol §10, issue #3407).
"""
from __future__ import annotations

import base64
import hashlib
import json
import typing
from typing import Any, ClassVar, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

EMPTY_HASH = hashlib.sha3_256(b"").hexdigest()  # axon-protocol §4: the hash with no hash fields
TERMINAL_KEYS = ("status_code", "status_message", "process_time", "ip", "port", "version", "nonce", "uuid",
                 "hotkey", "signature")
BASE_FIELDS = ("name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash")
DEFAULT_TIMEOUT = 12.0  # axon-protocol §1


class TerminalInfo(BaseModel):
    """One end of a call (`dendrite` or `axon`), in the SDK's ten-key shape (axon-protocol §3)."""

    model_config = ConfigDict(validate_assignment=True)

    status_code: Optional[int] = None
    status_message: Optional[str] = None
    process_time: Optional[float] = None
    ip: Optional[str] = None
    port: Optional[int] = None
    version: Optional[int] = None
    nonce: Optional[int] = None
    uuid: Optional[str] = None
    hotkey: Optional[str] = None
    signature: Optional[str] = None


class Synapse(BaseModel):
    """Base request/response model; the class name is the route (axon-protocol §1, §3)."""

    model_config = ConfigDict(validate_assignment=True, extra="ignore")

    name: Optional[str] = None
    timeout: Optional[float] = DEFAULT_TIMEOUT
    total_size: Optional[int] = 0
    header_size: Optional[int] = 0
    dendrite: Optional[TerminalInfo] = Field(default_factory=TerminalInfo)
    axon: Optional[TerminalInfo] = Field(default_factory=TerminalInfo)
    computed_body_hash: Optional[str] = ""

    # Fields whose values are bound into the legacy signature (axon-protocol §4), in this order.
    required_hash_fields: ClassVar[tuple[str, ...]] = ()
    # Size limits, enforced by both the axon and the dendrite.
    max_request_bytes: ClassVar[int] = 1 << 20
    max_response_bytes: ClassVar[int] = 4 << 20

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        if not isinstance(cls.required_hash_fields, tuple):
            raise TypeError(f"{cls.__name__}.required_hash_fields must be a ClassVar tuple of field names")
        unknown = [name for name in cls.required_hash_fields if name not in fields]
        if unknown:
            raise TypeError(f"{cls.__name__}.required_hash_fields names unknown fields {unknown}")

    @model_validator(mode="after")
    def _name_is_class(self) -> Synapse:
        # The route, the `name` header and the `name` field always agree: whatever a body said.
        self.__dict__["name"] = type(self).__name__
        if self.dendrite is None:
            self.__dict__["dendrite"] = TerminalInfo()
        if self.axon is None:
            self.__dict__["axon"] = TerminalInfo()
        return self

    # -- body hash (axon-protocol §4) -----------------------------------------------------------
    def body_hash(self) -> str:
        """sha3-256 over the concatenated sha3 hex of `str(value)` of each hash field, in order."""
        return body_hash_of(self.model_dump(include=set(self.required_hash_fields)), self.required_hash_fields)

    # -- JSON bodies (axon-protocol §3, §7) ------------------------------------------------------
    def request_body(self) -> bytes:
        """Python `json.dumps(model_dump())`: `", "`/`": "`, ASCII-escaped, field order kept."""
        return json.dumps(self.model_dump(), allow_nan=False).encode("ascii")

    def response_body(self) -> bytes:
        """Compact JSON, UTF-8 kept as it is (what the real axon sends)."""
        return json.dumps(self.model_dump(), separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False).encode("utf-8")

    @classmethod
    def from_body(cls, body: bytes) -> Synapse:
        """Parse a JSON body into this class; raises `ValueError` when it is not one."""
        return cls.model_validate_json(body)

    # -- legacy header helpers -------------------------------------------------------------------
    @classmethod
    def required_fields(cls) -> list[str]:
        """The subclass's fields that have no default (the SDK's `bt_header_input_obj_*`)."""
        return [name for name, info in cls.model_fields.items()
                if name not in BASE_FIELDS and info.is_required()]

    @classmethod
    def input_obj_headers(cls) -> dict[str, str]:
        """`bt_header_input_obj_<field>` = base64 JSON of the field type's DEFAULT value (§2)."""
        out = {}
        for name in cls.required_fields():
            value = _type_default(cls.model_fields[name].annotation)
            out[f"bt_header_input_obj_{name}"] = base64.b64encode(json.dumps(value).encode()).decode()
        return out


def body_hash_of(values: dict[str, Any], fields: tuple[str, ...]) -> str:
    """axon-protocol §4 over already-dumped values: H(H(str(v1)) + H(str(v2)) + …).

    `str` is CPython's own, which is what the real SDK hashes (`True`, `[0.5, 1.0]`, `{'a': 1}`).
    """
    inner = "".join(hashlib.sha3_256(str(values[name]).encode("utf-8")).hexdigest() for name in fields)
    return hashlib.sha3_256(inner.encode("utf-8")).hexdigest()


def _type_default(annotation: Any) -> Any:
    """The value `type()` gives for an annotation: `int` → 0, `str` → "", `list[float]` → []."""
    origin = typing.get_origin(annotation) or annotation
    if origin is typing.Union:
        return None
    try:
        value = origin()
    except Exception:
        return None
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return None
    return value
