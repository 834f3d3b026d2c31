"""The root stake ledger: what root dividends need recorded, kept in step with every root share change.

RootClaimable (a rate per root share of a hotkey, per subnet), RootClaimed (each coldkey's
watermarks), the subnets' root escrows, and the dense index of root-staking coldkeys the per-block
auto-claim picks from (StakingColdkeys, StakingColdkeysByIndex, NumStakingColdkeys). Staking
(node.runtime.staking) calls `on_root_shares` after every mint or burn of root shares. The rules
(rates and watermarks scaled by ONE, exact on a share change) are in node.runtime.root_claim, which
pays the claims; node.runtime.auto_claim runs them every block.
"""
from __future__ import annotations

import json
from typing import Any

from node.runtime import economy as eco

ONE = 1 << 64
COUNT_KEY = "num_staking_coldkeys"


def dump_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


# -- storage --------------------------------------------------------------------------------------
def rates(state: Any, hotkey: str) -> dict[int, int]:
    """RootClaimable[hotkey]: {netuid: rate scaled by ONE}."""
    row = state.get("root_claimable", hotkey)
    return {} if row is None else {int(n): int(r) for n, r in json.loads(row[0]).items()}


def save_rates(state: Any, hotkey: str, value: dict[int, int]) -> None:
    state.put("root_claimable", hotkey, (dump_json({str(n): str(r) for n, r in value.items()}),) if value else None)


def watermarks(state: Any, coldkey: str) -> dict[str, dict[int, int]]:
    """RootClaimed of a coldkey: {hotkey: {netuid: claimed scaled by ONE}}; lists every hotkey the
    coldkey holds root shares on."""
    row = state.get("root_claimed", coldkey)
    return {} if row is None else {h: {int(n): int(c) for n, c in m.items()} for h, m in json.loads(row[0]).items()}


def save_watermarks(state: Any, coldkey: str, value: dict[str, dict[int, int]]) -> None:
    encoded = {h: {str(n): str(c) for n, c in m.items()} for h, m in value.items()}
    state.put("root_claimed", coldkey, (dump_json(encoded),) if encoded else None)


def escrow(state: Any, netuid: int) -> int:
    row = state.get("root_escrow", str(netuid))
    return 0 if row is None else row[0]


def set_escrow(state: Any, netuid: int, alpha: int) -> None:
    state.put("root_escrow", str(netuid), (alpha,) if alpha else None)


def root_shares(state: Any, coldkey: str, hotkey: str) -> int:
    row = state.get("stake", f"{coldkey}:{hotkey}:{eco.ROOT_NETUID}")
    return 0 if row is None else row[0]


# -- root share changes -----------------------------------------------------------------------------
def on_root_shares(state: Any, coldkey: str, hotkey: str, delta: int) -> None:
    """Root shares of (coldkey, hotkey) changed by `delta` (called by node.runtime.staking after
    every mint or burn on root): move the watermarks by rate·delta so what is owed is unchanged,
    and keep the coldkey in the auto-claim index exactly while it holds root stake."""
    marks = watermarks(state, coldkey)
    mine = marks.get(hotkey, {})
    for netuid, rate in rates(state, hotkey).items():
        mine[netuid] = mine.get(netuid, 0) + rate * delta
    marks[hotkey] = mine
    marks = tidy(state, coldkey, hotkey, marks)
    save_watermarks(state, coldkey, marks)
    sync(state, coldkey, any(root_shares(state, coldkey, h) for h in marks))


def tidy(state: Any, coldkey: str, hotkey: str, marks: dict[str, dict[int, int]]) -> dict[str, dict[int, int]]:
    """Drop zero watermarks; without root shares on the hotkey also those owing less than one rao
    (nothing can make them whole again: that dust stays in the escrow) and then the hotkey."""
    shares = root_shares(state, coldkey, hotkey)
    mine = {n: c for n, c in marks.get(hotkey, {}).items() if c and (shares or c <= -ONE)}
    if mine or shares:
        marks[hotkey] = mine
    else:
        marks.pop(hotkey, None)
    return marks


# -- the index of root-staking coldkeys (node.runtime.auto_claim picks from it) ---------------------
def count(state: Any) -> int:
    """NumStakingColdkeys."""
    return state.get_value(COUNT_KEY, 0)


def _set_count(state: Any, n: int) -> None:
    state.put("storage", COUNT_KEY, None) if n == 0 else state.put_value(COUNT_KEY, n)


def index_of(state: Any, coldkey: str) -> int | None:
    row = state.get("staking_coldkeys", coldkey)
    return None if row is None else row[0]


def coldkey_at(state: Any, index: int) -> str | None:
    row = state.get("staking_coldkeys_by_index", str(index))
    return None if row is None else row[0]


def add(state: Any, coldkey: str) -> None:
    """maybe_add_coldkey_index: append the coldkey unless it is indexed."""
    if index_of(state, coldkey) is not None:
        return
    n = count(state)
    state.put("staking_coldkeys_by_index", str(n), (coldkey,))
    state.put("staking_coldkeys", coldkey, (n,))
    _set_count(state, n + 1)


def remove(state: Any, coldkey: str) -> None:
    """maybe_remove_coldkey_index: drop the coldkey; the last one takes its index (dense again)."""
    idx = index_of(state, coldkey)
    if idx is None:
        return
    last = count(state) - 1
    state.put("staking_coldkeys", coldkey, None)
    moved = coldkey_at(state, last) if idx != last else None
    if moved is not None:
        state.put("staking_coldkeys_by_index", str(idx), (moved,))
        state.put("staking_coldkeys", moved, (idx,))
    state.put("staking_coldkeys_by_index", str(last), None)
    _set_count(state, last)


def sync(state: Any, coldkey: str, has_root_stake: bool) -> None:
    """After a root share change: indexed exactly while the coldkey holds root stake."""
    (add if has_root_stake else remove)(state, coldkey)
