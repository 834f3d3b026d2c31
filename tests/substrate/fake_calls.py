"""A small model of what the calls the CLI signs do on subtensor, and the errors they fail with.

`dispatch(codec, state, ext, block)` applies one checked extrinsic to `state` and returns the
pallet's events as `(pallet, event, attributes)`, or raises `Failed` with a `DispatchError` value
(`Module{index, error}` carries the real pallet and error index from the metadata). The model:
Balances transfers (keep-alive, allow-death, all), staking through constant-product pools with the
limit price checked (`SlippageTooHigh`), move/swap/transfer stake, burned registration, weights
(set, commit, reveal with the real blake2-256 commit hash), axons, takes, subnet creation and
start, the owners' and root's `AdminUtils.sudo_set_*`, and `Sudo.sudo`. Not modelled: emissions,
epochs, root claims, rate limits, childkeys, identities, proxies, batches, MEV shield.
"""
from __future__ import annotations

from tests.substrate.fake_extrinsic import Failed, Signed
from tests.substrate.fake_neurons import NeuronCalls
from tests.substrate.fake_runtime import Codec
from tests.substrate.fake_state import (
    DEFAULT_MIN_STAKE,
    EXISTENTIAL_DEPOSIT,
    RAO,
    State,
    Subnet,
)
from tests.substrate.fake_sudo import SudoCalls


class Dispatcher(NeuronCalls, SudoCalls):
    def __init__(self, codec: Codec, state: State, ext: Signed, block: int) -> None:
        self.codec, self.state, self.ext, self.block = codec, state, ext, block
        self.events: list[tuple[str, str, object]] = []

    def fail(self, pallet: str, error: str):
        index, err = self.codec.module_error(pallet, error)
        raise Failed({"Module": {"index": index, "error": "0x" + bytes([err, 0, 0, 0]).hex()}})

    def run(self) -> list:
        handler = getattr(self, f"{self.ext.pallet}_{self.ext.function}", None)
        if handler is None and self.ext.pallet == "AdminUtils" and self.ext.function.startswith("sudo_set_"):
            handler = self.admin_set
        if handler is None:
            self.fail("System", "CallFiltered")  # an honest refusal for calls this model lacks
        handler(**self.ext.args)
        return self.events

    # -- Balances ---------------------------------------------------------------------------------
    def _transfer(self, dest: str, value: int, keep_alive: bool) -> None:
        who = self.ext.signer
        free = self.state.free(who)
        if value > free:
            raise Failed({"Token": "FundsUnavailable"})
        if keep_alive and free - value < EXISTENTIAL_DEPOSIT:
            raise Failed({"Token": "NotExpendable"})
        if self.state.free(dest) + value < EXISTENTIAL_DEPOSIT:
            raise Failed({"Token": "BelowMinimum"})
        new = dest not in self.state.accounts or not self.state.free(dest)
        self.state.account(who)["free"] -= value
        self.state.account(dest)["free"] += value
        if new:
            self.events += [("System", "NewAccount", {"account": dest}),
                            ("Balances", "Endowed", {"account": dest, "free_balance": value})]
        self.events.append(("Balances", "Transfer", {"from": who, "to": dest, "amount": value}))

    def Balances_transfer_keep_alive(self, dest, value):
        self._transfer(dest, value, True)

    def Balances_transfer_allow_death(self, dest, value):
        self._transfer(dest, value, False)

    def Balances_transfer_all(self, dest, keep_alive):
        free = self.state.free(self.ext.signer)
        self._transfer(dest, free - EXISTENTIAL_DEPOSIT if keep_alive else free, bool(keep_alive))

    # -- staking ----------------------------------------------------------------------------------
    def _subnet(self, netuid: int) -> Subnet:
        subnet = self.state.subnets.get(netuid)
        if subnet is None:
            self.fail("SubtensorModule", "SubnetNotExists")
        return subnet

    def _trading(self, netuid: int) -> Subnet:
        """A subnet whose token trades: it exists and has been started (else SubtokenDisabled)."""
        subnet = self._subnet(netuid)
        if not subnet.started:
            self.fail("SubtensorModule", "SubtokenDisabled")
        return subnet

    def _stake(self, hotkey, netuid, tao, limit_price=None, allow_partial=False) -> None:
        subnet, coldkey = self._trading(netuid), self.ext.signer
        if hotkey not in self.state.owners:
            self.fail("SubtensorModule", "HotKeyAccountNotExists")
        if tao < DEFAULT_MIN_STAKE:
            self.fail("SubtensorModule", "AmountTooLow")
        if self.state.free(coldkey) < tao:
            self.fail("SubtensorModule", "NotEnoughBalanceToStake")
        if limit_price is not None and subnet.price_after_buy(tao) * RAO > limit_price:
            if not allow_partial:
                self.fail("SubtensorModule", "SlippageTooHigh")
            tao = min(tao, subnet.max_buy_within(limit_price / RAO))
            if tao < DEFAULT_MIN_STAKE:
                self.fail("SubtensorModule", "SlippageTooHigh")
        self.state.account(coldkey)["free"] -= tao
        alpha = subnet.buy(tao)
        self.state.add_alpha(hotkey, coldkey, netuid, alpha)
        self.events.append(("SubtensorModule", "StakeAdded", (coldkey, hotkey, tao, alpha, netuid, 0)))

    def _unstake(self, hotkey, netuid, alpha, limit_price=None, allow_partial=False, credit=True) -> int:
        subnet, coldkey = self._trading(netuid), self.ext.signer
        if alpha == 0:
            self.fail("SubtensorModule", "AmountTooLow")
        if self.state.stake(hotkey, coldkey, netuid) < alpha:
            self.fail("SubtensorModule", "NotEnoughStakeToWithdraw")
        if limit_price is not None and subnet.price_after_sell(alpha) * RAO < limit_price:
            if not allow_partial:
                self.fail("SubtensorModule", "SlippageTooHigh")
            alpha = min(alpha, subnet.max_sell_within(limit_price / RAO))
            if alpha == 0:
                self.fail("SubtensorModule", "SlippageTooHigh")
        tao = subnet.sell(alpha)
        self.state.add_alpha(hotkey, coldkey, netuid, -alpha)
        if credit:
            self.state.account(coldkey)["free"] += tao
            self.events.append(("SubtensorModule", "StakeRemoved", (coldkey, hotkey, tao, alpha, netuid, 0)))
        return tao

    def SubtensorModule_add_stake(self, hotkey, netuid, amount_staked):
        self._stake(hotkey, netuid, amount_staked)

    def SubtensorModule_add_stake_limit(self, hotkey, netuid, amount_staked, limit_price, allow_partial):
        self._stake(hotkey, netuid, amount_staked, limit_price, allow_partial)

    def SubtensorModule_remove_stake(self, hotkey, netuid, amount_unstaked):
        self._unstake(hotkey, netuid, amount_unstaked)

    def SubtensorModule_remove_stake_limit(self, hotkey, netuid, amount_unstaked, limit_price, allow_partial):
        self._unstake(hotkey, netuid, amount_unstaked, limit_price, allow_partial)

    @staticmethod
    def _rate_after(source: Subnet, target: Subnet, alpha: int) -> float:
        """origin price / destination price after moving `alpha` (what a move or swap limit bounds from below)."""
        return source.price_after_sell(alpha) / target.price_after_buy(source.quote_alpha_for_tao(alpha))

    def _move(self, hotkey, to_hotkey, to_coldkey, origin, destination, alpha, limit_price=None,
              allow_partial=False) -> int:
        coldkey = self.ext.signer
        if origin == destination and hotkey == to_hotkey and to_coldkey == coldkey:
            self.fail("SubtensorModule", "SameNetuid")
        if to_hotkey not in self.state.owners:
            self.fail("SubtensorModule", "HotKeyAccountNotExists")
        source, target = self._trading(origin), self._trading(destination)
        if alpha == 0:
            self.fail("SubtensorModule", "AmountTooLow")
        if self.state.stake(hotkey, coldkey, origin) < alpha:
            self.fail("SubtensorModule", "NotEnoughStakeToWithdraw")
        if limit_price is not None and origin != destination and self._rate_after(source, target, alpha) * RAO < limit_price:
            if not allow_partial:
                self.fail("SubtensorModule", "SlippageTooHigh")
            low, high = 0, alpha  # the most α whose move keeps the rate at or above the limit
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if self._rate_after(source, target, mid) * RAO >= limit_price else (low, mid - 1)
            if low == 0:
                self.fail("SubtensorModule", "SlippageTooHigh")
            alpha = low
        self.state.add_alpha(hotkey, coldkey, origin, -alpha)
        if origin == destination:  # no swap within one subnet: the α changes hands
            self.state.add_alpha(to_hotkey, to_coldkey, origin, alpha)
            return int(alpha * source.price)
        tao = source.sell(alpha)
        self.state.add_alpha(to_hotkey, to_coldkey, destination, target.buy(tao))
        return tao

    def SubtensorModule_move_stake(self, origin_hotkey, destination_hotkey, origin_netuid, destination_netuid,
                                   alpha_amount, limit_price=None, allow_partial=False):
        tao = self._move(origin_hotkey, destination_hotkey, self.ext.signer, origin_netuid, destination_netuid,
                         alpha_amount, limit_price, allow_partial)
        self.events.append(("SubtensorModule", "StakeMoved", (self.ext.signer, origin_hotkey, origin_netuid,
                                                              destination_hotkey, destination_netuid, tao)))

    SubtensorModule_move_stake_limit = SubtensorModule_move_stake

    def SubtensorModule_swap_stake(self, hotkey, origin_netuid, destination_netuid, alpha_amount, limit_price=None,
                                   allow_partial=False):
        tao = self._move(hotkey, hotkey, self.ext.signer, origin_netuid, destination_netuid, alpha_amount,
                         limit_price, allow_partial)
        self.events.append(("SubtensorModule", "StakeSwapped",
                            (self.ext.signer, hotkey, origin_netuid, destination_netuid, tao)))

    SubtensorModule_swap_stake_limit = SubtensorModule_swap_stake

    def SubtensorModule_transfer_stake(self, destination_coldkey, hotkey, origin_netuid, destination_netuid,
                                       alpha_amount):
        tao = self._move(hotkey, hotkey, destination_coldkey, origin_netuid, destination_netuid, alpha_amount)
        self.events.append(("SubtensorModule", "StakeTransferred", (self.ext.signer, destination_coldkey, hotkey,
                                                                    origin_netuid, destination_netuid, tao)))

    def SubtensorModule_unstake_all(self, hotkey):
        for h, netuid, alpha in self.state.coldkey_stakes(self.ext.signer):
            if h == hotkey:
                self._unstake(hotkey, netuid, alpha)


def dispatch(codec: Codec, state: State, ext: Signed, block: int) -> list:
    return Dispatcher(codec, state, ext, block).run()

