"""The economy's invariants over a committed database (the test chain builder runs them after
every block; `node verify`-style tools may too).

* no negative amount in any economic table;
* every non-root pool keeps both reserves ≥ MinimumReserve;
* per hotkey pool: Σ stakers' shares = the pool's shares, and Σ stake values ≤ the pool's alpha;
* per subnet: SubnetAlphaOut = Σ hotkey alpha + pending buckets + protocol alpha;
* root swaps 1:1: SubnetTAO(0) = SubnetAlphaOut(0).
(total issuance = free + Σ SubnetTAO is checked by the builder next to the balances.)
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict

from consensus.pool import MINIMUM_RESERVE


def check_economy(conn: sqlite3.Connection) -> None:
    """Raise AssertionError naming the first broken invariant."""
    subnets = {int(r[0]): r[1:] for r in conn.execute(
        "SELECT netuid, tao_in, alpha_in, alpha_out, protocol_alpha, pending_server + pending_validator + "
        "pending_root + pending_owner, burn, neurons FROM subnets")}
    for netuid, (tao_in, alpha_in, alpha_out, protocol, pending, burn, _) in subnets.items():
        assert min(tao_in, alpha_in, alpha_out, protocol, pending, burn) >= 0, f"subnet {netuid}: a negative amount"
        if netuid:
            assert tao_in >= MINIMUM_RESERVE and alpha_in >= MINIMUM_RESERVE, \
                f"subnet {netuid}: a reserve below the minimum ({tao_in} TAO, {alpha_in} alpha)"
    pool_alpha: dict[int, int] = defaultdict(int)
    pools: dict[str, tuple[int, int]] = {}
    for key, alpha, shares in conn.execute("SELECT key, alpha, shares FROM hotkey_alpha"):
        assert alpha >= 0 and shares >= 0, f"hotkey pool {key}: negative"
        assert (alpha == 0) == (shares == 0) or shares == 0, f"hotkey pool {key}: shares {shares} hold no alpha"
        pools[key] = (alpha, shares)
        pool_alpha[int(key.split(":", 1)[0])] += alpha
    share_sum: dict[str, int] = defaultdict(int)
    value_sum: dict[str, int] = defaultdict(int)
    for key, shares in conn.execute("SELECT key, shares FROM stake"):
        assert shares > 0, f"stake {key}: {shares} shares stored"
        coldkey, hotkey, netuid = key.split(":")
        pool_key = f"{netuid}:{hotkey}"
        alpha, total = pools.get(pool_key, (0, 0))
        share_sum[pool_key] += shares
        value_sum[pool_key] += shares * alpha // total if total else 0
    for key, (alpha, total) in pools.items():
        assert share_sum[key] == total, f"hotkey pool {key}: stakers hold {share_sum[key]} shares of {total}"
        assert value_sum[key] <= alpha, f"hotkey pool {key}: stakes worth {value_sum[key]} > pool alpha {alpha}"
    for netuid, (tao_in, _, alpha_out, protocol, pending, _, _) in subnets.items():
        books = pool_alpha[netuid] + pending + protocol
        assert alpha_out == books, f"subnet {netuid}: alpha_out {alpha_out} != stakes + pending + protocol {books}"
        if netuid == 0:
            assert tao_in == alpha_out, f"root: TAO {tao_in} != root stake {alpha_out}"
