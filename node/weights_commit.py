"""The weights commit hash (pure: hashlib and json only, so the client can import it to commit).

    BLAKE2b-256( canonical JSON {"hotkey": ss58, "netuid": int, "salt": [u16…],
                 "uids": [u16…], "values": [u16…], "version_key": int} )

canonical JSON = keys sorted, separators (",", ":"), ASCII. taonet's own encoding: the real chain
hashes the SCALE encoding instead. `SCHEME` names it, and the node reports it in taonet_constants
so a client can check it hashes the way the node will before it commits.

A commit made with the real bittensor SDK (a SCALE `commit_weights` through the Substrate façade,
node.substrate) carries the real chain's hash instead, `scale_commit_hash`: BLAKE2b-256 of the SCALE
encoding of (hotkey AccountId, netuid u16, uids Vec<u16>, values Vec<u16>, salt Vec<u16>,
version_key u64). A reveal opens a commit of either scheme (`revealed_hash`): both hash the same
revealed values, so a commit still binds them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

SCHEME = "taonet-json-blake2b-256-v1"
SCALE_SCHEME = "subtensor-scale-blake2b-256"


def commit_hash(hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int], salt: Sequence[int],
                version_key: int) -> str:
    """The commit hash of a weights reveal, as 0x-hex."""
    payload = json.dumps({"hotkey": hotkey, "netuid": int(netuid), "salt": [int(s) for s in salt],
                          "uids": [int(u) for u in uids], "values": [int(v) for v in values],
                          "version_key": int(version_key)}, sort_keys=True, separators=(",", ":"))
    return "0x" + hashlib.blake2b(payload.encode(), digest_size=32).hexdigest()


def scale_commit_hash(hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int], salt: Sequence[int],
                      version_key: int) -> str:
    """The real chain's commit hash of a weights reveal, as 0x-hex (the SCALE encoding from the node's
    codec, node.substrate.codec: imported on first use)."""
    from node.substrate.codec import codec
    from wallet import ss58

    scale = codec()
    data = ss58.decode(hotkey) + scale.encode("u16", int(netuid)) + b"".join(
        scale.encode("Vec<u16>", [int(x) for x in items]) for items in (uids, values, salt)) + scale.encode("u64", int(version_key))
    return "0x" + hashlib.blake2b(data, digest_size=32).hexdigest()


def revealed_hash(committed: Iterable[str], hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int],
                  salt: Sequence[int], version_key: int) -> str:
    """The hash a reveal opens among `committed`: taonet's own, unless only the real chain's SCALE
    hash of the same values was committed (a commit from the real SDK)."""
    committed = set(committed)
    own = commit_hash(hotkey, netuid, uids, values, salt, version_key)
    if own in committed or not committed:
        return own
    scale = scale_commit_hash(hotkey, netuid, uids, values, salt, version_key)
    return scale if scale in committed else own
