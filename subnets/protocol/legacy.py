"""The bittensor ≤10.5 request format: `bt_header_*` headers and the dot-joined signature.

Both directions: `build_request` makes what a real dendrite sends (so a real axon accepts ours),
`parse_request`/`verify_request` check what a real dendrite sends to our axon, and
`status_headers` gives the response headers a real dendrite reads (axon-protocol §2–§8).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Mapping

from subnets.protocol.crypto import sign_hex, verify_hex
from subnets.protocol.synapse import Synapse
from wallet.keypair import Keypair

SDK_VERSION = 10005000  # version_as_int of bittensor 10.5.0, the newest SDK with axons (§2)


class LegacyAuthError(ValueError):
    """A legacy request whose headers do not authenticate it (answered 401)."""


def signed_message(nonce: int | str, sender: str, receiver: str, uuid: str, body_hash: str) -> bytes:
    """`"{nonce}.{dendrite_hotkey}.{axon_hotkey}.{dendrite_uuid}.{computed_body_hash}"` (§5)."""
    return f"{nonce}.{sender}.{receiver}.{uuid}.{body_hash}".encode("utf-8")


@dataclass(frozen=True)
class LegacyRequest:
    """The authentication headers of a legacy request, parsed but not yet verified."""

    nonce: int
    hotkey: str
    uuid: str
    signature: str
    body_hash: str
    version: int | None
    timeout: float | None

    def message(self, receiver: str) -> bytes:
        return signed_message(self.nonce, self.hotkey, receiver, self.uuid, self.body_hash)


def is_legacy(headers: Mapping[str, str]) -> bool:
    return "bt_header_dendrite_hotkey" in headers or "bt_header_dendrite_signature" in headers


def parse_request(headers: Mapping[str, str]) -> LegacyRequest:
    """Read the signed headers (names in any case; `headers` must be case-insensitive)."""
    def need(name: str) -> str:
        value = headers.get(name)
        if not value:
            raise LegacyAuthError(f"missing {name}")
        return value

    signature = headers.get("bt_header_dendrite_signature")
    if not signature:
        raise LegacyAuthError("missing signature")  # mandatory (§10: the pre-10.5 hole)
    raw_nonce = need("bt_header_dendrite_nonce")
    if not raw_nonce.isdigit() or len(raw_nonce) > 20:
        raise LegacyAuthError("malformed nonce")
    return LegacyRequest(
        nonce=int(raw_nonce), hotkey=need("bt_header_dendrite_hotkey"), uuid=need("bt_header_dendrite_uuid"),
        signature=signature, body_hash=need("computed_body_hash"),
        version=_int_or_none(headers.get("bt_header_dendrite_version")),
        timeout=_float_or_none(headers.get("timeout")),
    )


def verify_request(request: LegacyRequest, own_hotkey: str) -> None:
    """Check the signature with the axon's OWN hotkey as receiver, never the header's (§5)."""
    if not verify_hex(request.hotkey, request.message(own_hotkey), request.signature):
        raise LegacyAuthError("signature mismatch")


def build_request(synapse: Synapse, keypair: Keypair, *, axon_ip: str, axon_port: int, axon_hotkey: str,
                  uuid: str, timeout: float, nonce: int | None = None,
                  dendrite_ip: str = "127.0.0.1") -> tuple[dict[str, str], bytes]:
    """Headers and body exactly as a real 10.5 dendrite sends them (§2, §3).

    Fills the synapse's `dendrite`/`axon` terminals and `timeout` in place, as the SDK does.
    """
    nonce = time.time_ns() if nonce is None else nonce
    body_hash = synapse.body_hash()
    signature = sign_hex(keypair, signed_message(nonce, keypair.ss58_address, axon_hotkey, uuid, body_hash))
    synapse.timeout = float(timeout)
    synapse.dendrite = synapse.dendrite.model_copy(update=dict(
        ip=dendrite_ip, version=SDK_VERSION, nonce=nonce, uuid=uuid, hotkey=keypair.ss58_address,
        signature=signature))
    synapse.axon = synapse.axon.model_copy(update=dict(ip=axon_ip, port=axon_port, hotkey=axon_hotkey))
    body = synapse.request_body()
    headers = {
        "name": type(synapse).__name__,
        "timeout": repr(float(timeout)),
        "bt_header_axon_ip": axon_ip,
        "bt_header_axon_port": str(axon_port),
        "bt_header_axon_hotkey": axon_hotkey,
        "bt_header_dendrite_ip": dendrite_ip,
        "bt_header_dendrite_version": str(SDK_VERSION),
        "bt_header_dendrite_nonce": str(nonce),
        "bt_header_dendrite_uuid": uuid,
        "bt_header_dendrite_hotkey": keypair.ss58_address,
        "bt_header_dendrite_signature": signature,
        **type(synapse).input_obj_headers(),
        "header_size": "0",
        "total_size": str(len(body)),
        "computed_body_hash": body_hash,
        "content-type": "application/json",
    }
    return headers, body


def status_headers(synapse: Synapse) -> dict[str, str]:
    """The SDK's `to_headers()` of a response synapse: what a real dendrite reads back (§7, §8).

    Names are lowercase: the real dendrite matches `bt_header_axon_` case-sensitively.
    """
    headers = {"name": type(synapse).__name__, "timeout": repr(float(synapse.timeout or 0.0))}
    for side in ("axon", "dendrite"):
        terminal = getattr(synapse, side)
        for key, value in terminal.model_dump().items():
            if value is not None:
                headers[f"bt_header_{side}_{key}"] = _header_value(value)
    headers.update(type(synapse).input_obj_headers())
    headers["header_size"] = str(synapse.header_size or 0)
    headers["total_size"] = str(synapse.total_size or 0)
    headers["computed_body_hash"] = synapse.body_hash()
    return headers


def error_headers(name: str, status: int, message: str) -> dict[str, str]:
    """The status headers of an error answer (§7): a real dendrite reads the code from them."""
    return {"name": _header_value(name[:128]), "bt_header_axon_status_code": str(status),
            "bt_header_axon_status_message": _header_value(message)}


def _header_value(value: object) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    text = text.encode("latin-1", "replace").decode("latin-1")
    return "".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text).strip()  # no control characters


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _float_or_none(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
