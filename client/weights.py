"""Weights: set, commit and reveal, signed by the hotkey (spec §4).

Weights are given as numbers (floats or ints) per uid; `to_u16` max-upscales them to u16 as the
chain stores them (the largest becomes 65535; round half up). The commit hash is the backend's
(`backend.commit_hash`): on a taonet node node.weights_commit.commit_hash (pure; the runtime uses
the same function), on subtensor blake2-256 of the SCALE encoding, over exactly these u16 values, so
commit and reveal agree; `check_scheme` asks a taonet node (taonet_constants) that it hashes commits
the same way before anything is signed.
"""
from __future__ import annotations

import secrets
from typing import Any, Sequence

from client.errors import ClientError
from client.extrinsics import Outcome
from client.backend import Backend
from node.weights_commit import SCHEME

U16_MAX = 65535


def to_u16(weights: Sequence[float]) -> list[int]:
    """Non-negative weights → u16, max-upscaled (all zeros stay zeros). ValueError if negative."""
    values = [float(w) for w in weights]
    if any(v < 0 or v != v for v in values):
        raise ValueError("weights must be non-negative numbers")
    top = max(values, default=0.0)
    if top <= 0:
        return [0] * len(values)
    return [min(U16_MAX, int(v / top * U16_MAX + 0.5)) for v in values]


def new_salt(length: int = 8) -> list[int]:
    """A random salt of u16 values for a commit."""
    return [secrets.randbelow(U16_MAX + 1) for _ in range(length)]


def commit_hash(rpc: Backend, hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int],
                salt: Sequence[int], version_key: int = 0) -> str:
    """The hash a commit stores, as the chain behind `rpc` computes it."""
    return rpc.commit_hash(hotkey, netuid, [int(u) for u in uids], [int(v) for v in values], [int(s) for s in salt],
                           int(version_key))


def check_scheme(rpc: Backend) -> None:
    """ClientError unless a taonet node hashes commits as this client does (else a reveal would fail)."""
    from client.constants import constants

    if rpc.kind != "taonet":
        return  # the subtensor backend hashes as the real runtime does (blake2-256 of the SCALE encoding)
    theirs = constants(rpc).commit_hash_scheme
    if theirs != SCHEME:
        raise ClientError(f"the node at {rpc.url} hashes weight commits as {theirs}, this client as {SCHEME}: "
                          "use a btcli of the node's version")


class CommitOutcome(Outcome, total=False):
    """A commit's outcome and what it takes to reveal it."""

    salt: list[int]
    values: list[int]
    commit_hash: str


def _submit(rpc: Backend, keypair: Any, call: str, args: dict[str, Any], wait: bool) -> Outcome:
    ext = rpc.sign(keypair, call, args)
    if not wait:
        return {"hash": rpc.submit(ext), "status": "pool"}
    return rpc.submit_and_wait(ext)


def set_weights(rpc: Backend, keypair: Any, netuid: int, uids: Sequence[int], weights: Sequence[float],
                version_key: int = 0, wait: bool = True) -> Outcome:
    """subtensor.set_weights signed by the hotkey `keypair`; the outcome (ExtrinsicFailed names
    the chain's error, e.g. subtensor.SettingWeightsTooFast, when refused)."""
    return _submit(rpc, keypair, "subtensor.set_weights",
                   {"netuid": netuid, "dests": [int(u) for u in uids], "weights": to_u16(weights),
                    "version_key": int(version_key)}, wait)


def commit_weights(rpc: Backend, keypair: Any, netuid: int, uids: Sequence[int], weights: Sequence[float],
                   salt: Sequence[int] | None = None, version_key: int = 0, wait: bool = True) -> CommitOutcome:
    """subtensor.commit_weights: the hash of (hotkey, netuid, uids, u16 weights, salt, version key).
    The outcome gains "salt", "values" (the u16 weights) and "commit_hash": keep them to reveal."""
    check_scheme(rpc)
    salts = list(salt) if salt is not None else new_salt()
    values = to_u16(weights)
    digest = commit_hash(rpc, keypair.ss58_address, netuid, [int(u) for u in uids], values, salts, version_key)
    outcome = _submit(rpc, keypair, "subtensor.commit_weights", {"netuid": netuid, "commit_hash": digest}, wait)
    return CommitOutcome(**outcome, salt=salts, values=values, commit_hash=digest)


def reveal_weights(rpc: Backend, keypair: Any, netuid: int, uids: Sequence[int], weights: Sequence[float],
                   salt: Sequence[int], version_key: int = 0, wait: bool = True, already_u16: bool = False
                   ) -> Outcome:
    """subtensor.reveal_weights with what was committed (weights converted as commit_weights did,
    or passed through when `already_u16`)."""
    values = [int(v) for v in weights] if already_u16 else to_u16(weights)
    return _submit(rpc, keypair, "subtensor.reveal_weights",
                   {"netuid": netuid, "uids": [int(u) for u in uids], "values": values, "salt": [int(s) for s in salt],
                    "version_key": int(version_key)}, wait)
