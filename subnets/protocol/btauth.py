"""btauth/1 request signatures (axon-protocol §11) and taonet's signed responses.

Request: the sender signs the newline-joined lines
`btauth/1, <scheme>, <METHOD>, <path>, sha256-hex(raw body), <nonce>, <sender>, <receiver or ->`
and sends `X-Bittensor-Version: 1`, `-Hotkey`, `-Nonce` (ns), `-Signature` (`0x` hex) and
`-Receiver`. Everything a handler reads is bound: method, path, every body byte, the receiver.

Response (taonet's addition, §10 "responses are unsigned"): the miner signs
`btauth/1-response, <scheme>, <status>, <path>, sha256-hex(response body), <request nonce>,
<miner hotkey>, <caller hotkey>`, sent as `X-Bittensor-Response-Signature` with
`X-Bittensor-Response-Hotkey`, so a validator can prove which miner answered what it scores.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Mapping

from subnets.protocol.crypto import sha256_hex, sign_hex, verify_hex
from wallet.keypair import Keypair

VERSION = "1"
SCHEME = "sr25519"
NO_RECEIVER = "-"
H_VERSION = "X-Bittensor-Version"
H_HOTKEY = "X-Bittensor-Hotkey"
H_NONCE = "X-Bittensor-Nonce"
H_SIGNATURE = "X-Bittensor-Signature"
H_RECEIVER = "X-Bittensor-Receiver"
H_CRYPTO = "X-Bittensor-Crypto"
H_RESPONSE_SIGNATURE = "X-Bittensor-Response-Signature"
H_RESPONSE_HOTKEY = "X-Bittensor-Response-Hotkey"


class BtAuthError(ValueError):
    """A btauth/1 request whose headers do not authenticate it (answered 401)."""


def payload(method: str, path: str, body: bytes, nonce: int | str, sender: str, receiver: str | None,
            scheme: str = SCHEME) -> bytes:
    """The exact bytes signed for a request (§11)."""
    lines = ["btauth/1", scheme, method.upper(), path, sha256_hex(body), str(nonce), sender,
             receiver or NO_RECEIVER]
    return "\n".join(lines).encode("utf-8")


def sign_request(keypair: Keypair, method: str, path: str, body: bytes, receiver: str | None,
                 nonce: int | None = None) -> dict[str, str]:
    """The btauth/1 headers for one request."""
    nonce = time.time_ns() if nonce is None else nonce
    signature = sign_hex(keypair, payload(method, path, body, nonce, keypair.ss58_address, receiver))
    headers = {H_VERSION: VERSION, H_HOTKEY: keypair.ss58_address, H_NONCE: str(nonce), H_SIGNATURE: signature}
    if receiver:
        headers[H_RECEIVER] = receiver
    return headers


@dataclass(frozen=True)
class BtAuthRequest:
    """The btauth/1 headers of a request, parsed but not yet verified."""

    hotkey: str
    nonce: int
    signature: str
    receiver: str | None


def is_btauth(headers: Mapping[str, str]) -> bool:
    return H_VERSION.lower() in headers or H_SIGNATURE.lower() in headers


def parse_request(headers: Mapping[str, str]) -> BtAuthRequest:
    """Read the btauth/1 headers (from a mapping with lowercase names, or a case-insensitive one)."""
    if headers.get(H_VERSION.lower()) != VERSION:
        raise BtAuthError("unsupported X-Bittensor-Version")
    crypto = headers.get(H_CRYPTO.lower())
    if crypto is not None and crypto != SCHEME:
        raise BtAuthError("unsupported X-Bittensor-Crypto")
    hotkey, nonce, signature = headers.get(H_HOTKEY.lower()), headers.get(H_NONCE.lower()), headers.get(H_SIGNATURE.lower())
    if not hotkey or not signature:
        raise BtAuthError("missing hotkey or signature")
    if not nonce or not nonce.isdigit() or len(nonce) > 20:
        raise BtAuthError("missing or malformed nonce")
    return BtAuthRequest(hotkey, int(nonce), signature, headers.get(H_RECEIVER.lower()))


def verify_request(request: BtAuthRequest, method: str, path: str, body: bytes,
                   own_hotkey: str | None) -> None:
    """Check the signature. An axon passes its hotkey: the receiver must then be exactly it."""
    if own_hotkey is not None and request.receiver != own_hotkey:
        raise BtAuthError("request is addressed to another receiver")
    message = payload(method, path, body, request.nonce, request.hotkey, request.receiver)
    if not verify_hex(request.hotkey, message, request.signature):
        raise BtAuthError("signature mismatch")


# -- signed responses --------------------------------------------------------------------------
def response_payload(status: int, path: str, body: bytes, request_nonce: int | str, miner: str,
                     caller: str) -> bytes:
    lines = ["btauth/1-response", SCHEME, str(status), path, sha256_hex(body), str(request_nonce), miner,
             caller]
    return "\n".join(lines).encode("utf-8")


def sign_response(keypair: Keypair, status: int, path: str, body: bytes, request_nonce: int,
                  caller: str) -> dict[str, str]:
    message = response_payload(status, path, body, request_nonce, keypair.ss58_address, caller)
    return {H_RESPONSE_SIGNATURE: sign_hex(keypair, message), H_RESPONSE_HOTKEY: keypair.ss58_address}


def verify_response(headers: Mapping[str, str], status: int, path: str, body: bytes, request_nonce: int,
                    miner: str, caller: str) -> bool:
    """True when the response is signed by `miner` (the hotkey the caller expected) for this call."""
    signature = headers.get(H_RESPONSE_SIGNATURE.lower())
    if not signature or headers.get(H_RESPONSE_HOTKEY.lower()) != miner:
        return False
    return verify_hex(miner, response_payload(status, path, body, request_nonce, miner, caller), signature)
