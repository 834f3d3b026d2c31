"""The weights commit hash (pure: hashlib and json only, so the client can import it to commit).

    BLAKE2b-256( canonical JSON {"hotkey": ss58, "netuid": int, "salt": [u16…],
                 "uids": [u16…], "values": [u16…], "version_key": int} )

canonical JSON = keys sorted, separators (",", ":"), ASCII. taonet's own encoding: the real chain
hashes the SCALE encoding instead. `SCHEME` names it, and the node reports it in taonet_constants
so a client can check it hashes the way the node will before it commits.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

SCHEME = "taonet-json-blake2b-256-v1"


def commit_hash(hotkey: str, netuid: int, uids: Sequence[int], values: Sequence[int], salt: Sequence[int],
                version_key: int) -> str:
    """The commit hash of a weights reveal, as 0x-hex."""
    payload = json.dumps({"hotkey": hotkey, "netuid": int(netuid), "salt": [int(s) for s in salt],
                          "uids": [int(u) for u in uids], "values": [int(v) for v in values],
                          "version_key": int(version_key)}, sort_keys=True, separators=(",", ":"))
    return "0x" + hashlib.blake2b(payload.encode(), digest_size=32).hexdigest()
