"""JSON shapes of `btcli proxy …` and the proxy address book, `btcli config *-proxy*` (see
btcli.json_shapes for the notation)."""
from __future__ import annotations

_SIGNED = """
success: bool — true
message: str — what was done, in the real btcli's words
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
"""

_BOOK = """
path: str — the address book (the real btcli's ~/.bittensor/bittensor.db)
proxies: list[object] — every entry
  name: str — its name (what --proxy NAME takes)
  ss58_address: str — the pure proxy's (or delegator's) address
  delay: int — its delay, blocks
  spawner: str — the spawner (pure proxy) or delegatee
  proxy_type: str — Any, Owner, Staking, …
  note: str — the note
message?: str — what was changed
"""

SHAPES: dict[str, str] = {
    "proxy create": _SIGNED + """
data: object — the pure proxy made (the real btcli's keys)
  pure: str|null — its address
  spawner: str — the coldkey that spawned it (its proxy)
  proxy_type: str — the type
  delay: int — the delay, blocks
  height: int|null — the block it was created in (kill needs it)
  ext_index: int|null — the extrinsic's index in that block (kill needs it)
""",
    "proxy add": _SIGNED + """
data: object — the proxy added (the real btcli's keys)
  delegatee: str — the new proxy
  delegator: str — the account it acts for (this coldkey)
  proxy_type: str — the type
  delay: int — the delay, blocks
""",
    "proxy remove": _SIGNED,
    "proxy kill": _SIGNED,
    "config proxies": _BOOK,
    "config add-proxy": _BOOK,
    "config update-proxy": _BOOK,
    "config remove-proxy": _BOOK,
    "config clear-proxies": _BOOK,
}
SHAPES["proxy execute"] = _SIGNED
