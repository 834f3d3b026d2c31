"""The economy's invariants over a committed database (the test chain builder runs them after
every block; `node verify`-style tools may too).

* no negative amount in any economic table;
* every non-root pool keeps both reserves ≥ MinimumReserve;
* per hotkey pool: Σ stakers' shares = the pool's shares, and Σ stake values ≤ the pool's alpha;
* per subnet: SubnetAlphaOut = Σ hotkey alpha + pending buckets + protocol alpha + root escrow;
* root swaps 1:1: SubnetTAO(0) = SubnetAlphaOut(0), and a root share is worth one rao;
* root claims (node.runtime.root_claim): nobody is owed a negative amount, Σ owed on a subnet ≤
  its root escrow, and every coldkey's root-staked hotkeys are listed in its watermarks;
* the auto-claim index (node.runtime.auto_claim) is a bijection between 0..n-1 and the coldkeys
  holding root stake;
* takes within 0 ..= 11 796.
(total issuance = free + Σ SubnetTAO is checked by the builder next to the balances.)
"""
from __future__ import annotations

import json
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
    escrow = {int(k): a for k, a in conn.execute("SELECT netuid, alpha FROM root_escrow")}
    burned = {int(k.split(":")[1]): int(v) for k, v in conn.execute(
        "SELECT key, value FROM storage WHERE key LIKE 'alpha_burned:%'")}  # node.runtime.epoch.add_burned_alpha
    for netuid, (tao_in, _, alpha_out, protocol, pending, _, _) in subnets.items():
        books = pool_alpha[netuid] + pending + protocol + escrow.get(netuid, 0) + burned.get(netuid, 0)
        assert alpha_out == books, \
            f"subnet {netuid}: alpha_out {alpha_out} != stakes + pending + protocol + root escrow + burned {books}"
        if netuid == 0:
            assert tao_in == alpha_out, f"root: TAO {tao_in} != root stake {alpha_out}"
    for key, (alpha, total) in pools.items():
        if key.startswith("0:"):
            assert alpha == total, f"root pool {key}: {alpha} rao for {total} shares"
    _check_root_claims(conn, escrow)
    for hotkey, take in conn.execute("SELECT hotkey, take FROM delegates"):
        assert 0 <= take <= 11_796, f"take of {hotkey}: {take}"


def _check_root_claims(conn: sqlite3.Connection, escrow: dict[int, int]) -> None:
    from node.runtime.root_claim import ONE

    rates = {h: {int(n): int(r) for n, r in json.loads(text).items()}
             for h, text in conn.execute("SELECT hotkey, rates FROM root_claimable")}
    root_shares = {(k.split(":")[0], k.split(":")[1]): s for k, s in conn.execute(
        "SELECT key, shares FROM stake WHERE key LIKE '%:0'") if k.split(":")[2] == "0"}
    owed: dict[int, int] = defaultdict(int)
    listed = set()
    for coldkey, text in conn.execute("SELECT coldkey, claimed FROM root_claimed"):
        for hotkey, marks in json.loads(text).items():
            listed.add((coldkey, hotkey))
            shares = root_shares.get((coldkey, hotkey), 0)
            for netuid, rate in rates.get(hotkey, {}).items():
                due = rate * shares - int(marks.get(str(netuid), 0))
                assert due >= 0, f"root claim of {coldkey} on {hotkey}/{netuid}: owed {due} < 0"
                owed[netuid] += due // ONE
    missing = set(root_shares) - listed
    assert not missing, f"root stakes missing from the claim watermarks: {sorted(missing)[:3]}"
    for netuid, total in owed.items():
        assert total <= escrow.get(netuid, 0), f"subnet {netuid}: root stakers are owed {total} > escrow {escrow.get(netuid, 0)}"
    _check_staking_coldkeys(conn, {coldkey for coldkey, _ in root_shares})


def _check_staking_coldkeys(conn: sqlite3.Connection, stakers: set[str]) -> None:
    """The auto-claim index is a bijection between 0..n-1 and the coldkeys holding root stake."""
    by_coldkey = dict(conn.execute("SELECT coldkey, idx FROM staking_coldkeys"))
    by_index = {int(i): c for i, c in conn.execute("SELECT idx, coldkey FROM staking_coldkeys_by_index")}
    row = conn.execute("SELECT value FROM storage WHERE key = 'num_staking_coldkeys'").fetchone()
    n = 0 if row is None else json.loads(row[0])
    assert set(by_index) == set(range(n)), f"auto-claim index: indices {sorted(by_index)[:5]}… are not 0..{n - 1}"
    assert len(by_coldkey) == n and all(by_index.get(i) == c for c, i in by_coldkey.items()), \
        "auto-claim index: StakingColdkeys and StakingColdkeysByIndex are not inverse"
    assert set(by_coldkey) == stakers, \
        f"auto-claim index: indexed {len(by_coldkey)} coldkeys, {len(stakers)} hold root stake " \
        f"(first differences {sorted(set(by_coldkey) ^ stakers)[:3]})"
