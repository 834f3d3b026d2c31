"""Economy storage: subnet rows, chain-wide settings, hyperparameters, issuance and free balance
moves that the subnet, staking and coinbase modules share.  # spec §2, §3, §5

Issuance identity (exact, in rao), checked after every block by the test chain builder:
    total_issuance = Σ free balances + Σ SubnetTAO over every subnet (root included)
The lock paid for a subnet stays in its pool (SubnetTAO starts at the lock, §3.4), so "locked TAO"
is inside the pools; `lock_paid` records it per subnet. Swap fees and extrinsic fees are burned
(the dev node has no block author): issuance falls by them.

Alpha identity per subnet (alpha is not TAO; it has its own books):
    SubnetAlphaOut = Σ hotkey alpha pools + pending (server + validator + root + owner) + protocol alpha
"""
from __future__ import annotations

import json
from dataclasses import astuple, dataclass, fields
from fractions import Fraction
from typing import Any

from consensus import emission as em
from consensus import params as hp
from consensus.pool import DEFAULT_QUOTE_WEIGHT, PoolState, price
from node.runtime import amounts
from node.runtime import balances
from node.runtime.dispatch import Context, DispatchError
from node.schema import SUBNET_COLUMNS

ROOT_NETUID = 0
INT_CEILING = 2**63 - 1  # SQLite INTEGER: every stored amount stays below this

# Chain-wide settings: spec §5 defaults; a chain spec's "economics" object may override them.
DEFAULT_SETTINGS: dict[str, int] = {
    "network_min_lock_cost": hp.NETWORK_MIN_LOCK_COST,
    "network_lock_reduction_interval": hp.NETWORK_LOCK_REDUCTION_INTERVAL,
    "network_rate_limit": hp.NETWORK_RATE_LIMIT,
    "subnet_limit": hp.SUBNET_LIMIT,
    "tao_weight": hp.TAO_WEIGHT,  # u64 proportion of u64::MAX
    "min_stake": hp.DEFAULT_MIN_STAKE,
    "fee_rate": hp.FEE_RATE,
    "max_epochs_per_block": hp.MAX_EPOCHS_PER_BLOCK,
    "default_tempo": 360,
    "stake_threshold": hp.STAKE_THRESHOLD,  # StakeThreshold: least stake weight to set weights (rao)
    "delegate_take_rate_limit": 216_000,  # TxDelegateTakeRateLimit: blocks between take increases (0: off)
    "set_children_rate_limit": 150,  # SetChildren rate limit: blocks between set_children per hotkey and subnet
    "childkey_take_rate_limit": 216_000,  # TxChildkeyTakeRateLimit: blocks between childkey take increases
    "pending_childkey_cooldown": 7_200,  # PendingChildKeyCooldown: blocks before scheduled children apply
    "subnet_moving_alpha": em.DEFAULT_SUBNET_MOVING_ALPHA_Q32,  # SubnetMovingAlpha (§2.7), I96F32 bits
    "root_claim_threshold": 500_000,  # RootClaimableThreshold: least owed alpha rao a root claim pays
    "num_root_claims": 5,  # NumRootClaim: coldkeys auto-claimed per block (0: off)
    "start_call_delay": 0,  # StartCallDelay: blocks after registration before start_call (the runtime's initial 0)
    "tx_rate_limit": 1_000,  # TxRateLimit: blocks between a coldkey's key swaps (node.runtime.swap_hotkey; 0: off)
    "coldkey_swap_announcement_delay": 50,  # ColdkeySwapAnnouncementDelay (spec 461's storage default)
    "coldkey_swap_reannouncement_delay": 10,  # ColdkeySwapReannouncementDelay (spec 461's storage default)
    "max_mechanism_count": 2,  # MaxMechanismCount: mechanisms a subnet may run (node.runtime.mechanisms; ≤ 16)
    "mechanism_count_rate_limit": 7_200,  # MechanismCountSetRateLimit: blocks between an owner's count changes
    "mechanism_emission_rate_limit": 7_200,  # MechanismEmissionRateLimit: blocks between an owner's split changes
}
# settings with an upper bound below u64::MAX: name -> (most, error of the chain's sudo call)
SETTING_MAX: dict[str, tuple[int, str]] = {
    "num_root_claims": (50, "subtensor.InvalidNumRootClaim"),  # MAX_NUM_ROOT_CLAIMS
    "coldkey_swap_announcement_delay": (2**32 - 1, "admin_utils.ValueOutOfRange"),  # a BlockNumber (u32)
    "coldkey_swap_reannouncement_delay": (2**32 - 1, "admin_utils.ValueOutOfRange"),
    "max_mechanism_count": (16, "subtensor.InvalidValue"),  # MAX_MECHANISM_COUNT_PER_SUBNET
}
U64_MAX = 2**64 - 1


def settings(state: Any) -> dict[str, int]:
    """The chain-wide economic settings (defaults overlaid with what genesis or sudo set)."""
    return {**DEFAULT_SETTINGS, **state.get_value("economics", {})}


def setting(state: Any, name: str) -> int:
    return settings(state)[name]


def tao_weight(state: Any) -> Fraction:
    return Fraction(setting(state, "tao_weight"), U64_MAX)


@dataclass
class Subnet:
    """A `subnets` row (same fields, same order as node.schema.SUBNET_COLUMNS)."""

    owner_coldkey: str
    owner_hotkey: str
    name: str
    symbol: str
    registered_at: int
    first_emission_block: int  # 0 until the owner's start_call
    lock_paid: int
    tao_in: int  # SubnetTAO
    alpha_in: int  # SubnetAlphaIn
    alpha_out: int  # SubnetAlphaOut
    protocol_alpha: int
    quote_weight: int  # Perquintill
    burn: int  # current neuron registration burn (rao)
    ema_price_q32: int  # SubnetMovingPrice, I96F32 bits
    last_epoch_block: int
    pending_epoch_at: int
    blocks_since_last_step: int
    epoch_count: int
    pending_server: int
    pending_validator: int
    pending_root: int
    pending_owner: int
    neurons: int  # uids in use (0..neurons-1)
    volume: int  # TAO traded through the pool (rao)
    tao_emission: int  # TAO emission of the last block
    alpha_emission: int  # alpha minted to alpha_out in the last block
    registrations: int  # neuron registrations ever

    netuid: int = -1  # not stored: the row key

    def pool(self, fee_rate: int = hp.FEE_RATE) -> PoolState:
        return PoolState(self.tao_in, self.alpha_in, self.quote_weight, fee_rate, stable=self.netuid == ROOT_NETUID)

    def set_pool(self, pool: PoolState) -> None:
        self.tao_in, self.alpha_in, self.quote_weight = pool.tao_reserve, pool.alpha_reserve, pool.quote_weight

    @property
    def price(self) -> Fraction:
        return price(self.pool())

    @property
    def pending_total(self) -> int:
        return self.pending_server + self.pending_validator + self.pending_root + self.pending_owner


_FIELDS = [f.name for f in fields(Subnet) if f.name != "netuid"]
assert tuple(_FIELDS) == tuple(name for name, _ in SUBNET_COLUMNS), "Subnet fields must match the subnets table"


def netuids(state: Any) -> list[int]:
    """Every subnet's netuid, root (0) first."""
    return state.get_value("netuids", [])


def subnet(state: Any, netuid: int) -> Subnet | None:
    row = state.get("subnets", str(netuid))
    if row is None:
        return None
    s = Subnet(*row)
    s.netuid = netuid
    return s


def require_subnet(state: Any, netuid: int) -> Subnet:
    s = subnet(state, netuid)
    if s is None:
        raise DispatchError("subtensor.SubnetNotExists", f"subnet {netuid} does not exist (`btcli subnets list` shows them)")
    return s


def save_subnet(state: Any, s: Subnet) -> None:
    row = astuple(s)[:len(_FIELDS)]
    for name, value in zip(_FIELDS, row):
        if isinstance(value, int) and not 0 <= value <= INT_CEILING:
            raise DispatchError("subtensor.Overflow", f"subnet {s.netuid}: {name} would be {value}, out of range")
    state.put("subnets", str(s.netuid), row)


def new_subnet(netuid: int, owner_coldkey: str, owner_hotkey: str, block: int) -> Subnet:
    s = Subnet(owner_coldkey, owner_hotkey, "", "", block, 0, 0, 0, 0, 0, 0, DEFAULT_QUOTE_WEIGHT, 0, 0, block, 0, 0,
               0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    s.netuid = netuid
    return s


# -- neurons (their rows are node.runtime.subnets'; the weights read them too) ---------------------
def neuron_key(netuid: int, uid: int) -> str:
    return f"{netuid}:{uid:05d}"


def uid_of(state: Any, netuid: int, hotkey: str) -> int | None:
    row = state.get("uids", f"{netuid}:{hotkey}")
    return None if row is None else row[0]


# -- hyperparameters --------------------------------------------------------------------------
def default_params() -> dict[str, int | bool]:
    """A new subnet's hyperparameters as stored (floats as U64F64 bits); `burn` lives on the row."""
    return {p.name: hp.validate(p.name, p.default) for p in hp.HYPERPARAMS.values()
            if p.name not in LIVE_PARAMS and p.name not in hp.LAZY}


# parameters kept on the subnet row (they change every block) or derived from it
LIVE_PARAMS = ("burn", "subnet_is_active")


def params(state: Any, netuid: int) -> dict[str, Any]:
    row = state.get("hyperparams", str(netuid))
    return {} if row is None else json.loads(row[0])


def param(state: Any, netuid: int, name: str) -> Any:
    return params(state, netuid).get(name, hp.HYPERPARAMS[name].default)


def save_params(state: Any, netuid: int, values: dict[str, Any], last_set: dict[str, int]) -> None:
    state.put("hyperparams", str(netuid), (_json(values), _json(last_set)))


def last_set(state: Any, netuid: int) -> dict[str, int]:
    row = state.get("hyperparams", str(netuid))
    return {} if row is None else json.loads(row[1])


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


# -- issuance and free balances ---------------------------------------------------------------
def add_issuance(state: Any, delta: int) -> None:
    if delta:
        state.put_value("total_issuance", balances.total_issuance(state) + delta)


def withdraw_free(ctx: Context, who: str, amount: int, error: str, what: str) -> None:
    """Take `amount` rao from `who`'s free balance (the account is reaped, its dust burned, if it
    would keep less than the existential deposit). Issuance is unchanged: the caller puts the TAO
    somewhere (a pool) or burns it."""
    free, nonce = balances.account(ctx.state, who)
    if free < amount:
        raise DispatchError(error, f"balance too low to {what}: {amounts.tao(free)} free after the fee, {amounts.tao(amount)} needed")
    remaining = free - amount
    if 0 < remaining < balances.EXISTENTIAL_DEPOSIT:
        ctx.emit("balances.DustLost", account=who, amount=remaining)
        add_issuance(ctx.state, -remaining)
        remaining = 0
    balances.set_account(ctx.state, who, remaining, nonce)


def deposit_free(ctx: Context, who: str, amount: int) -> int:
    """Add `amount` rao (already counted in issuance) to `who`; an amount that would leave a new
    account below the existential deposit is burned instead. Returns what was credited."""
    if amount <= 0:
        return 0
    free, nonce = balances.account(ctx.state, who)
    if free + amount < balances.EXISTENTIAL_DEPOSIT:
        ctx.emit("balances.DustLost", account=who, amount=amount)
        add_issuance(ctx.state, -amount)
        return 0
    balances.set_account(ctx.state, who, free + amount, nonce)
    return amount


def price_float(p: Fraction) -> float:
    return float(p)
