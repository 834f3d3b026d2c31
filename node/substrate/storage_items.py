"""The storage items the façade serves: each a function from taonet's state to the item's value.

An `Item` answers `value(ctx, params)` (the Python value the metadata's type encodes, or None: the
key is absent, as on a subtensor node) and, for a map, `keys(ctx)`: the params of every key the
state holds (what `state_getKeys(Paged)` enumerates). `Ctx` is one read: a consistent snapshot of
the state (`node.reader.View`) and the block asked for.

Block history: taonet keeps only the head's state (node/schema.py: the state tables are
overwritten in place). An item read at a past block answers the head's state, except the items a
block itself records, which answer the asked block: `System.Number`, `System.ParentHash`,
`System.BlockHash`, `System.Events` / `System.EventCount` (node/substrate/events.py) and
`Timestamp.Now`.

This module has the core (`Ctx`, `Item`, the item helpers) and the chain-wide items of `System`,
`Timestamp`, `Balances`, `Sudo` and `SubtensorModule`; `storage_subnets.py` and `storage_neurons.py`
have the per-subnet and per-neuron / per-account ones. `storage_rpc.ITEMS` joins the three tables.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from consensus import emission as em
from node import identity_rules
from node.runtime import economy as eco
from node.runtime import take
from node.substrate.codec import codec

Params = tuple
BLOCK_HASH_COUNT = 256  # System.BlockHash keeps the hashes of the last 256 parents (and block 0's)


@dataclass
class Ctx:
    """One storage read: the state snapshot (`view`, the head's) and the block asked for."""

    chain: Any
    view: Any  # node.reader.View
    number: int
    block_hash: str
    parent_hash: str
    timestamp: int  # ms
    cache: dict = field(default_factory=dict)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def netuids(self) -> list[int]:
        return self.memo("netuids", lambda: list(eco.netuids(self.view)))

    def subnet(self, netuid: int) -> eco.Subnet | None:
        if not isinstance(netuid, int):
            return None
        return self.memo(("subnet", netuid), lambda: eco.subnet(self.view, netuid))

    def params(self, netuid: int) -> dict[str, Any]:
        return self.memo(("params", netuid), lambda: eco.params(self.view, netuid))

    def rows(self, table: str, prefix: str = "") -> list[tuple]:
        return self.memo(("rows", table, prefix), lambda: self.view.prefix(table, prefix))


@dataclass(frozen=True)
class Item:
    """A served storage item: `value(ctx, params)` -> value or None (absent), or bytes already
    SCALE-encoded; a map's `keys(ctx)`."""

    pallet: str
    name: str
    value: Callable[[Ctx, Params], Any]
    keys: Callable[[Ctx], Iterable[Params]] | None = None


def _identity(row: tuple | None, names: Iterable[str]) -> dict[str, str] | None:
    """An identity row as the metadata's struct of Vec<u8> fields (0x-hex of the UTF-8 text)."""
    return None if row is None else {name: "0x" + value.encode().hex() for name, value in zip(names, row)}


def table(*items: Item) -> dict[tuple[str, str], Item]:
    return {(i.pallet, i.name): i for i in items}


def plain(pallet: str, name: str, fn: Callable[[Ctx], Any]) -> Item:
    """A value item (no key)."""
    return Item(pallet, name, lambda ctx, params: fn(ctx))


def fixed(bits: int) -> dict[str, int]:
    """A `substrate_fixed` value (I96F32, U64F64, ...) from its raw bits."""
    return {"bits": int(bits)}


def _account(ctx: Ctx, params: Params) -> Any:
    row = ctx.view.get("accounts", params[0])
    if row is None:
        return None
    free, nonce = row
    held = ctx.view.get("reserved", params[0])  # proxy deposits (node.runtime.proxy)
    reserved = int(held[0]) if held else 0
    # taonet keeps a reaped account's nonce (no replays): it stays, with no provider and no balance
    return {"nonce": nonce, "consumers": 0, "providers": 1 if free or reserved else 0, "sufficients": 0,
            "data": {"free": free, "reserved": reserved, "frozen": 0, "flags": 1 << 127}}


def _block_hash(ctx: Ctx, params: Params) -> Any:
    n = params[0]
    if not isinstance(n, int) or n >= ctx.number or (n and n < ctx.number - BLOCK_HASH_COUNT):
        return None
    row = ctx.chain.reader.block_row(number=n)
    return row[1] if row else None


def _block_hash_keys(ctx: Ctx) -> list[Params]:
    return [(n,) for n in sorted({0, *range(max(1, ctx.number - BLOCK_HASH_COUNT), ctx.number)}) if n < ctx.number]


def _events(ctx: Ctx) -> list:
    from node.substrate import events

    return ctx.memo("events", lambda: events.records(ctx.chain, ctx.number))


def _by_index(ctx: Ctx, params: Params) -> Any:
    row = ctx.view.get("staking_coldkeys_by_index", str(params[0]))
    return None if row is None else row[0]


def _free_total(ctx: Ctx) -> int:
    free = ctx.view.conn.execute("SELECT COALESCE(SUM(free), 0) FROM accounts").fetchone()[0]
    return free + ctx.view.conn.execute("SELECT COALESCE(SUM(amount), 0) FROM reserved").fetchone()[0]


def _pools_total(ctx: Ctx) -> int:
    return ctx.view.conn.execute("SELECT COALESCE(SUM(tao_in), 0) FROM subnets").fetchone()[0]


def _issuance(ctx: Ctx) -> int:
    return ctx.view.get_value("total_issuance", 0)


ITEMS = table(
    Item("System", "Account", _account,
         lambda ctx: [(row[0],) for row in ctx.rows("accounts")]),
    plain("System", "Number", lambda ctx: ctx.number),
    plain("System", "ParentHash", lambda ctx: ctx.parent_hash),
    Item("System", "BlockHash", _block_hash, _block_hash_keys),
    plain("System", "Events", lambda ctx: codec().encode_events(_events(ctx))),  # bytes: stored as they are
    plain("System", "EventCount", lambda ctx: len(_events(ctx))),
    plain("Timestamp", "Now", lambda ctx: ctx.timestamp),
    # the real chain's Balances.TotalIssuance is the TAO in accounts; SubtensorModule.TotalIssuance
    # all of it, pools (staked TAO) included: taonet's total_issuance = free + pools (node.runtime.economy)
    plain("Balances", "TotalIssuance", _free_total),
    plain("Sudo", "Key", lambda ctx: ctx.view.get_value("sudo_key")),
    plain("SubtensorModule", "TotalIssuance", _issuance),
    plain("SubtensorModule", "TotalStake", _pools_total),
    plain("SubtensorModule", "TotalNetworks", lambda ctx: len(ctx.netuids())),
    plain("SubtensorModule", "BlockEmission", lambda ctx: em.block_emission(_issuance(ctx))),
    plain("SubtensorModule", "TaoWeight", lambda ctx: eco.setting(ctx.view, "tao_weight")),
    plain("SubtensorModule", "SubnetMovingAlpha", lambda ctx: fixed(eco.setting(ctx.view, "subnet_moving_alpha"))),
    plain("SubtensorModule", "NetworkMinLockCost", lambda ctx: eco.setting(ctx.view, "network_min_lock_cost")),
    plain("SubtensorModule", "NetworkLockReductionInterval",
          lambda ctx: eco.setting(ctx.view, "network_lock_reduction_interval")),
    plain("SubtensorModule", "NetworkRateLimit", lambda ctx: eco.setting(ctx.view, "network_rate_limit")),
    plain("SubtensorModule", "SubnetLimit", lambda ctx: eco.setting(ctx.view, "subnet_limit")),
    plain("SubtensorModule", "NetworkLastLockCost", lambda ctx: ctx.view.get_value("network_last_lock", 0)),
    plain("SubtensorModule", "MaxEpochsPerBlock", lambda ctx: eco.setting(ctx.view, "max_epochs_per_block")),
    plain("SubtensorModule", "StartCallDelay", lambda ctx: eco.setting(ctx.view, "start_call_delay")),
    plain("SubtensorModule", "StakeThreshold", lambda ctx: eco.setting(ctx.view, "stake_threshold")),
    plain("SubtensorModule", "TxDelegateTakeRateLimit", lambda ctx: eco.setting(ctx.view, "delegate_take_rate_limit")),
    plain("SubtensorModule", "MinDelegateTake", lambda ctx: take.MIN_TAKE),
    plain("SubtensorModule", "MaxDelegateTake", lambda ctx: take.MAX_TAKE),
    plain("SubtensorModule", "NumStakingColdkeys", lambda ctx: ctx.view.get_value("num_staking_coldkeys", 0)),
    # the dense index of root stakers that auto-claims walk (node.runtime.auto_claim keeps the runtime's own)
    Item("SubtensorModule", "StakingColdkeys", lambda ctx, p: (ctx.view.get("staking_coldkeys", p[0]) or (None,))[0],
         lambda ctx: [(r[0],) for r in ctx.rows("staking_coldkeys")]),
    Item("SubtensorModule", "StakingColdkeysByIndex", _by_index,
         lambda ctx: [(int(r[0]),) for r in ctx.rows("staking_coldkeys_by_index")]),
    # a coldkey's ChainIdentityV2 (node.runtime.identity), each field as Vec<u8>
    Item("SubtensorModule", "IdentitiesV2", lambda ctx, p: _identity(ctx.view.get("identities", p[0]), identity_rules.CHAIN_IDENTITY),
         lambda ctx: [(r[0],) for r in ctx.rows("identities")]),
)
