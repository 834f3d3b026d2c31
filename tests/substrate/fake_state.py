"""The fake subtensor's state: accounts, subnets with constant-product pools, neurons, stakes, takes.

Plain Python values (ss58 strings, integer rao), copied before each extrinsic so a failed dispatch
leaves nothing behind. Prices are TAO per α; on chain they are rao per α·10^9 (`price_rao`).
Subnet 0 is root: staking there is 1:1, like the real chain's stable mechanism.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

RAO = 10**9
EXISTENTIAL_DEPOSIT = 500  # Balances.ExistentialDeposit of spec 461 (golden constants)
DEFAULT_MIN_STAKE = 2_000_000  # SubtensorModule's DefaultMinStake-like floor (rao)
MAX_TAKE = 11_796  # 18% of u16::MAX, the real MaxDelegateTake
MIN_TAKE = 0
ROOT = "<root>"  # the origin of a call dispatched by Sudo.sudo
WEIGHT_REF_TIME, WEIGHT_PROOF_SIZE = 200_000_000, 4_000  # every call's weight in this model


def transaction_fee(length: int) -> int:
    """The fee the fake charges (and `TransactionPaymentApi_query_info` quotes) for an extrinsic of `length` bytes."""
    return 125_000 + 300 * length

HYPERPARAMS = {  # get_subnet_hyperparams_v2 field -> localnet-like default
    "rho": 10, "kappa": 32_767, "immunity_period": 4_096, "min_allowed_weights": 0,
    "max_weights_limit": 65_535, "tempo": 360, "min_difficulty": 10_000_000, "max_difficulty": 2**62,
    "weights_version": 0, "weights_rate_limit": 100, "adjustment_interval": 360, "activity_cutoff": 5_000,
    "registration_allowed": True, "target_regs_per_interval": 1, "min_burn": 500_000,
    "max_burn": 100 * RAO, "bonds_moving_avg": 900_000, "max_regs_per_block": 1,
    "serving_rate_limit": 50, "max_validators": 64, "adjustment_alpha": 0, "difficulty": 10_000_000,
    "commit_reveal_period": 1, "commit_reveal_weights_enabled": False, "alpha_high": 58_982,
    "alpha_low": 45_875, "liquid_alpha_enabled": False, "alpha_sigmoid_steepness": {"bits": 0},
    "yuma_version": 2, "subnet_is_active": True, "transfers_enabled": True,
    "bonds_reset_enabled": False, "user_liquidity_enabled": False,
}


@dataclass
class Neuron:
    hotkey: str
    coldkey: str
    uid: int
    registered_at: int = 0
    axon: dict = field(default_factory=dict)  # AxonInfo fields; empty = never served
    weights: list = field(default_factory=list)  # [(uid, weight)]
    last_update: int = 0
    validator_permit: bool = False
    commit: str | None = None  # H256 hex of the pending weights commit


@dataclass
class Subnet:
    netuid: int
    owner_hotkey: str
    owner_coldkey: str
    name: str = ""
    symbol: str = ""
    tao_in: int = 0  # rao in the pool
    alpha_in: int = 0  # α (rao units) in the pool
    alpha_out: int = 0  # α held by stakers
    burn: int = RAO  # burned-registration cost, rao
    registered_at: int = 0
    max_uids: int = 256
    first_emission_block: int | None = 1  # None: not started (start_call), its token disabled
    locked: int = 0  # the lock paid to create it (SubnetLocked)
    neurons: list = field(default_factory=list)
    hyperparams: dict = field(default_factory=lambda: dict(HYPERPARAMS))

    @property
    def is_root(self) -> bool:
        return self.netuid == 0

    @property
    def started(self) -> bool:
        return self.is_root or self.first_emission_block is not None

    @property
    def price(self) -> float:
        """TAO per α (root and empty pools: 1.0)."""
        if self.is_root or not self.alpha_in:
            return 1.0
        return self.tao_in / self.alpha_in

    @property
    def price_rao(self) -> int:
        return int(self.price * RAO)

    def neuron(self, hotkey: str) -> Neuron | None:
        return next((n for n in self.neurons if n.hotkey == hotkey), None)

    # -- the pool: x·y = k, no swap fee -----------------------------------------------------------
    def quote_tao_for_alpha(self, tao: int) -> int:
        if self.is_root:
            return tao
        k = self.tao_in * self.alpha_in
        return self.alpha_in - math.ceil(k / (self.tao_in + tao)) if tao else 0

    def quote_alpha_for_tao(self, alpha: int) -> int:
        if self.is_root:
            return alpha
        k = self.tao_in * self.alpha_in
        return self.tao_in - math.ceil(k / (self.alpha_in + alpha)) if alpha else 0

    def price_after_buy(self, tao: int) -> float:
        if self.is_root:
            return 1.0
        return (self.tao_in + tao) / (self.alpha_in - self.quote_tao_for_alpha(tao))

    def price_after_sell(self, alpha: int) -> float:
        if self.is_root:
            return 1.0
        return (self.tao_in - self.quote_alpha_for_tao(alpha)) / (self.alpha_in + alpha)

    def max_buy_within(self, limit_price: float) -> int:
        """The most TAO that keeps the price after the swap at or under `limit_price`."""
        if self.is_root:
            return 2**63
        return max(0, int(math.isqrt(int(limit_price * self.tao_in * self.alpha_in)) - self.tao_in))

    def max_sell_within(self, limit_price: float) -> int:
        """The most α that keeps the price after the swap at or over `limit_price`."""
        if self.is_root:
            return 2**63
        if limit_price <= 0:
            return 2**63
        return max(0, int(math.isqrt(int(self.tao_in * self.alpha_in / limit_price)) - self.alpha_in))

    def buy(self, tao: int) -> int:
        alpha = self.quote_tao_for_alpha(tao)
        if not self.is_root:
            self.tao_in += tao
            self.alpha_in -= alpha
        self.alpha_out += alpha
        return alpha

    def sell(self, alpha: int) -> int:
        tao = self.quote_alpha_for_tao(alpha)
        if not self.is_root:
            self.tao_in -= tao
            self.alpha_in += alpha
        self.alpha_out -= alpha
        return tao


@dataclass
class State:
    accounts: dict = field(default_factory=dict)  # ss58 -> {"free": rao, "nonce": n}
    subnets: dict = field(default_factory=dict)  # netuid -> Subnet
    stakes: dict = field(default_factory=dict)  # (hotkey, coldkey, netuid) -> α
    owners: dict = field(default_factory=dict)  # hotkey -> coldkey (SubtensorModule.Owner)
    takes: dict = field(default_factory=dict)  # hotkey -> PerU16 take (Delegates)
    sudo_key: str | None = None
    network_lock_cost: int = 100 * RAO
    settings: dict = field(default_factory=dict)  # chain-wide AdminUtils settings (root only)

    def account(self, address: str) -> dict:
        return self.accounts.setdefault(address, {"free": 0, "nonce": 0})

    def free(self, address: str) -> int:
        return self.accounts.get(address, {}).get("free", 0)

    def stake(self, hotkey: str, coldkey: str, netuid: int) -> int:
        return self.stakes.get((hotkey, coldkey, netuid), 0)

    def add_alpha(self, hotkey: str, coldkey: str, netuid: int, alpha: int) -> None:
        key = (hotkey, coldkey, netuid)
        self.stakes[key] = self.stakes.get(key, 0) + alpha
        if not self.stakes[key]:
            del self.stakes[key]

    def hotkey_alpha(self, hotkey: str, netuid: int) -> int:
        return sum(a for (h, _, n), a in self.stakes.items() if h == hotkey and n == netuid)

    def stakers(self, hotkey: str, netuid: int) -> list[tuple[str, int]]:
        return [(c, a) for (h, c, n), a in sorted(self.stakes.items()) if h == hotkey and n == netuid]

    def coldkey_stakes(self, coldkey: str) -> list[tuple[str, int, int]]:
        return [(h, n, a) for (h, c, n), a in sorted(self.stakes.items()) if c == coldkey]

    def register(self, netuid: int, hotkey: str, coldkey: str, block: int) -> Neuron:
        subnet = self.subnets[netuid]
        neuron = Neuron(hotkey, coldkey, len(subnet.neurons), registered_at=block, last_update=block)
        subnet.neurons.append(neuron)
        self.owners.setdefault(hotkey, coldkey)
        self.takes.setdefault(hotkey, MAX_TAKE)
        return neuron
