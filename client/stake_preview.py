"""One preview of every stake action (add, remove, move, swap, transfer) for btcli and the dashboard.

Each item says what the pool would do (price, amount received, pool fee, price impact, the
safe-staking limit the call carries, the transaction fee) and whether the chain would take it:
"ok", "partial" (a partial fill within the limit) or "refused" with a sentence in TAO/α saying
why and what to do. The checks follow node.runtime.staking in its order (subnet, started,
registered hotkey, stake held, minimum stake, slippage, what is left behind), then `check_funds`
adds the transaction fees and refuses what the free balance cannot pay for. A refused item is
never signed. Amounts are rao (ints); the messages show TAO (τ) and alpha (α).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from client import staking
from client.balance import RAO_PER_TAO
from client.errors import RpcError
from client.backend import Backend

MOVES = ("move", "swap", "transfer")
EVENTS = {"add": "subtensor.StakeAdded", "remove": "subtensor.StakeRemoved", "move": "subtensor.StakeMoved",
          "transfer": "subtensor.StakeTransferred", "swap": "subtensor.StakeSwapped"}
# one call for all of a coldkey's stake on a hotkey: every subnet, or every subnet but root with the
# TAO restaked on root (node.runtime.unstake_all); its item's netuid is None, its amounts are sums
ALL_OF_HOTKEY = ("unstake_all", "unstake_all_alpha")


def tao(rao: int) -> str:
    return f"τ{rao / RAO_PER_TAO:,.9f}"


def alpha(rao: int) -> str:
    return f"α{rao / RAO_PER_TAO:,.9f}"


@dataclass(frozen=True)
class Safety:
    """Safe staking: buy/sell only within `tolerance` of the quoted price; `partial` fills what fits."""
    safe: bool = True
    tolerance: float = staking.DEFAULT_TOLERANCE
    partial: bool = False


@dataclass
class StakeItem:
    """One previewed call. `amount` is rao in (TAO for add, alpha otherwise); `received` rao out
    (alpha for add and moves, TAO for remove); `price` is TAO per alpha (a move across subnets:
    price(origin)/price(destination)); `limit` the u64 limit price the call carries (None: unsafe)."""
    action: str
    coldkey: str
    hotkey: str
    netuid: int
    amount: int
    dest_netuid: int | None = None
    dest: str | None = None  # destination hotkey (move) or coldkey (transfer)
    status: str = "ok"  # ok | partial | refused
    message: str = ""
    price: float | None = None
    received: int | None = None
    amount_used: int | None = None
    pool_fee: int = 0  # taken in the unit paid in (τ for add, α otherwise)
    pool_fee_tao: int = 0  # a move across subnets also pays the destination pool's fee in τ
    tx_fee: int | None = None
    price_impact: float | None = None
    limit: int | None = None
    allow_partial: bool = False

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    @property
    def unit_in(self) -> str:
        return "τ" if self.action == "add" else "α"

    @property
    def unit_out(self) -> str:
        return "τ" if self.action == "remove" or self.action in ALL_OF_HOTKEY else "α"

    def refuse(self, message: str) -> StakeItem:
        self.status, self.message = "refused", message
        return self

    def call(self) -> tuple[str, dict[str, Any]]:
        """The chain call (its `_limit` variant under safe staking)."""
        if self.action in ALL_OF_HOTKEY:
            return f"subtensor.{self.action}", {"hotkey": self.hotkey}
        if self.action == "add":
            return staking.stake_call(self.hotkey, self.netuid, self.amount, self.limit, self.allow_partial)
        if self.action == "remove":
            return staking.unstake_call(self.hotkey, self.netuid, self.amount, self.limit, self.allow_partial)
        where = {"origin_netuid": self.netuid, "destination_netuid": self.dest_netuid, "alpha_amount": self.amount}
        if self.action == "swap":
            args = {"hotkey": self.hotkey, **where}
        elif self.action == "move":
            args = {"origin_hotkey": self.hotkey, "destination_hotkey": self.dest, **where}
        else:
            args = {"destination_coldkey": self.dest, "hotkey": self.hotkey, **where}
        return staking.move_call(f"{self.action}_stake", args, self.limit, self.allow_partial)

    def to_json(self) -> dict[str, Any]:
        """Rao amounts as `*_rao`, the same in TAO/α as floats, the limit as a price."""
        out = asdict(self)
        for key in ("amount", "received", "amount_used", "pool_fee", "pool_fee_tao", "tx_fee"):
            out[key + "_rao"] = out[key]
            out[key] = None if out[key] is None else out[key] / RAO_PER_TAO
        out["limit_rao"], out["limit_price"] = self.limit, None if self.limit is None else self.limit / staking.LIMIT_SCALE
        out["ok"] = self.ok
        return out


def _pool_refusal(q: Mapping[str, Any]) -> str:
    """The pool's sentence without its raw-rao detail (node.runtime.staking words it
    "sentence (reason: numbers in rao)"), and what to do."""
    return q["message"].split(" (")[0] + ": ask for less"


def _quote(rpc: Backend, netuid: int, side: str, amount: int, limit: int | None = None) -> staking.StakeQuote:
    try:
        q = staking.stake_quote(rpc, netuid, side, amount, limit)
    except RpcError as exc:  # no such subnet
        return {"ok": False, "error": "subtensor.SubnetNotExists", "message": exc.rpc_message}
    return q if q["ok"] else {**q, "message": _pool_refusal(q)}


def _not_started(netuid: int) -> str:
    return f"subnet {netuid} has not started: its owner must run `btcli subnets start --netuid {netuid}`"


def _registered(rpc: Backend, hotkey: str) -> bool:
    from client.subnets import hotkey_owner

    return hotkey_owner(rpc, hotkey)["coldkey"] is not None


def _unregistered(hotkey: str) -> str:
    return (f"hotkey {hotkey} is not registered on any subnet, so it cannot take stake: "
            "pick a registered hotkey (a uid on the subnet) or register it (`btcli subnets register`)")


def held_stake(rpc: Backend, coldkey: str) -> dict[tuple[str, int], int]:
    """{(hotkey, netuid): alpha rao} of a coldkey."""
    return {(s["hotkey"], s["netuid"]): s["alpha"] for s in staking.stake_info(rpc, coldkey)["stakes"]}


def _real_btcli(rpc: Backend) -> bool:
    """Whether limits are computed as the real btcli computes them (on a subtensor endpoint)."""
    return rpc.kind == "subtensor"


def _beyond(side: str, price: float | None, limit: int) -> bool:
    """Whether the price after passes the limit (a price the chain's simulation cannot tell: no;
    the limit the call carries still holds when it runs)."""
    if price is None:
        return False
    return price > limit / staking.LIMIT_SCALE if side == "stake" else price < limit / staking.LIMIT_SCALE


def _price(item: StakeItem, rpc: Backend, side: str, q: staking.StakeQuote, safety: Safety) -> staking.StakeQuote:
    """Fill the pool's numbers and the limit; refuse (or mark partial) a fill past the tolerance."""
    limit = staking.limit_price(q["price_before"], safety.tolerance, side, _real_btcli(rpc)) if safety.safe else None
    item.price, item.limit = q["price_before"], limit
    if limit is not None and safety.partial and _beyond(side, q["price_after"], limit):
        limited = _quote(rpc, item.netuid, side, item.amount, limit)
        if not limited["ok"]:
            item.refuse(limited["message"].replace(": ask for less", ": raise the tolerance"))
            return q
        q = {**q, **limited}
    item.received, item.amount_used, item.pool_fee, item.price_impact = \
        q["received"], q["amount_used"], q["fee"], q["price_impact"]
    if limit is not None and (q.get("partial") or _beyond(side, q["price_after"], limit)):
        unit = item.unit_in
        if safety.partial:
            item.status = "partial"
            item.message = f"partial fill: {unit}{q['amount_used'] / RAO_PER_TAO:,.9f} of {unit}{item.amount / RAO_PER_TAO:,.9f} within the limit"
        else:
            item.refuse(f"slippage beyond the tolerance: the price would pass the limit {limit / staking.LIMIT_SCALE:.9f} "
                        f"(allow a partial fill, raise the tolerance, or {'stake' if side == 'stake' else 'unstake'} less)")
    return q


def _refuse_beyond_held(item: StakeItem, held: int) -> StakeItem | None:
    """The held-stake checks every alpha-spending item shares (remove, move, swap, transfer)."""
    if held == 0:
        return item.refuse(f"no stake on hotkey {item.hotkey} on subnet {item.netuid}")
    if item.amount <= 0:
        return item.refuse("enter an amount above 0")
    if item.amount > held:
        return item.refuse(f"staked {alpha(held)} on this hotkey on subnet {item.netuid}, {alpha(item.amount)} "
                           "asked: use at most that")
    return None


def preview_add(rpc: Backend, coldkey: str, hotkey: str, netuid: int, amount: int, safety: Safety) -> StakeItem:
    """Stake `amount` TAO rao to `hotkey` on `netuid` (node.runtime.staking.add_stake's checks)."""
    item = StakeItem("add", coldkey, hotkey, netuid, amount, allow_partial=safety.partial)
    if amount <= 0:
        return item.refuse("enter an amount above 0")
    q = _quote(rpc, netuid, "stake", amount)
    if not q["ok"]:
        return item.refuse(q["message"])
    if not q["started"]:
        return item.refuse(_not_started(netuid))
    if not _registered(rpc, hotkey):
        return item.refuse(_unregistered(hotkey))
    minimum = q["min_stake"] + (0 if netuid == 0 else amount * q["fee_rate"] // 65535)
    if amount < minimum:
        return item.refuse(f"below the minimum stake: stake at least {tao(minimum)} (the minimum {tao(q['min_stake'])} "
                           "plus the pool's fee)")
    _price(item, rpc, "stake", q, safety)
    if item.ok and (item.amount_used or 0) < q["min_stake"]:
        item.refuse(f"only {tao(item.amount_used or 0)} can be staked within the limit, below the minimum stake "
                    f"{tao(q['min_stake'])}: raise the tolerance")
    return item


def preview_remove(rpc: Backend, coldkey: str, hotkey: str, netuid: int, amount: int | None, safety: Safety,
                   held: int | None = None) -> StakeItem:
    """Unstake `amount` alpha rao (None: all of it) from `hotkey` on `netuid` (remove_stake's checks)."""
    if held is None:
        held = held_stake(rpc, coldkey).get((hotkey, netuid), 0)
    item = StakeItem("remove", coldkey, hotkey, netuid, held if amount is None else amount, allow_partial=safety.partial)
    refused = _refuse_beyond_held(item, held)
    if refused is not None:
        return refused
    q = _quote(rpc, netuid, "unstake", item.amount)
    if not q["ok"]:
        return item.refuse(q["message"])
    if not q["started"]:
        return item.refuse(_not_started(netuid))
    q = _price(item, rpc, "unstake", q, safety)
    if not item.ok:
        return item
    used, minimum = item.amount_used or item.amount, q["min_stake"]
    if used < held and (item.received or 0) < minimum:
        return item.refuse(f"returns {tao(item.received or 0)}, below the minimum stake {tao(minimum)}: "
                           "unstake more, or everything (--all)")
    left = held - used
    if 0 < left and int(left * q["price_before"]) < minimum:
        item.refuse(f"would leave {alpha(left)} staked, worth less than the minimum stake {tao(minimum)}: "
                    "unstake everything (--all) or less")
    return item


def preview_unstake_all(rpc: Backend, coldkey: str, hotkey: str, alpha_only: bool,
                        held: dict[tuple[str, int], int]) -> StakeItem:
    """unstake_all (every subnet) or unstake_all_alpha (every subnet but root, the TAO restaked on
    root) of `hotkey`: each position sold at the pool's price with no limit, as the chain does; a
    position the chain would skip (not started, a refused sale) is named, not counted."""
    action = "unstake_all_alpha" if alpha_only else "unstake_all"
    positions = sorted((n, a) for (hk, n), a in held.items() if hk == hotkey and a > 0 and not (alpha_only and n == 0))
    item = StakeItem(action, coldkey, hotkey, None, 0)  # type: ignore[arg-type]  # every subnet
    item.received, skipped, sold = 0, [], []
    for n, a in positions:
        p = preview_remove(rpc, coldkey, hotkey, n, None, Safety(False, 0.0, False), held=a)
        if not p.ok:
            skipped.append(f"subnet {n} ({p.message})")
            continue
        item.amount += a
        item.received += p.received or 0
        item.pool_fee += p.pool_fee
        sold.append(str(n))
    if not sold:
        where = "on any subnet but root" if alpha_only else "on any subnet"
        return item.refuse(f"nothing to unstake from {hotkey} {where}" + (f": {'; '.join(skipped)}" if skipped else ""))
    item.message = (f"sells subnet(s) {', '.join(sold)}" + (", the TAO staked on root" if alpha_only else "")
                    + (f"; skips {'; '.join(skipped)}" if skipped else ""))
    return item


def preview_move(rpc: Backend, action: str, coldkey: str, hotkey: str, netuid: int, dest_netuid: int,
                 amount: int | None, safety: Safety, dest: str | None = None, held: int | None = None) -> StakeItem:
    """Move (to hotkey `dest`), transfer (to coldkey `dest`) or swap (to subnet `dest_netuid`)
    `amount` alpha rao (None: all) of the stake on `hotkey` on `netuid` (staking.move's checks)."""
    if held is None:
        held = held_stake(rpc, coldkey).get((hotkey, netuid), 0)
    item = StakeItem(action, coldkey, hotkey, netuid, held if amount is None else amount, dest_netuid=dest_netuid,
                     dest=dest, allow_partial=safety.partial)
    if action != "swap" and not dest:
        return item.refuse(f"enter the destination {'hotkey' if action == 'move' else 'coldkey'}")
    to_hot = dest if action == "move" and dest else hotkey
    to_cold = dest if action == "transfer" and dest else coldkey
    if dest_netuid == netuid and (to_hot, to_cold) == (hotkey, coldkey):
        return item.refuse("that is where the stake already is: choose another "
                           + ("subnet" if action == "swap" else "destination or subnet"))
    nets = {s["netuid"]: s for s in rpc.call("taonet_subnets")["subnets"]}
    for n in (netuid, dest_netuid):
        if n not in nets:
            return item.refuse(f"subnet {n} does not exist")
        if not nets[n]["started"]:
            return item.refuse(_not_started(n))
    if not _registered(rpc, to_hot):
        return item.refuse(_unregistered(to_hot))
    refused = _refuse_beyond_held(item, held)
    if refused is not None:
        return refused
    minimum, price = _min_stake(rpc, netuid), nets[netuid]["price"]
    if netuid == dest_netuid:
        item.price, item.received, item.amount_used, item.price_impact = 1.0, item.amount, item.amount, 0.0
        if item.amount < held and int(item.amount * price) < minimum:
            item.refuse(f"move at least the minimum stake's worth ({tao(minimum)}), or all of it")
        return item
    q = staking.swap_quote(rpc, netuid, dest_netuid, item.amount)
    if not q["ok"]:
        return item.refuse(_pool_refusal(q))
    item.price, item.received, item.amount_used = q["price_ratio_before"], q["received"], item.amount
    item.pool_fee, item.pool_fee_tao, item.price_impact = q["fee_alpha"], q["fee_tao"], q["price_impact"]
    if safety.safe:
        item.limit = staking.limit_price(q["price_ratio_before"], safety.tolerance, "swap", _real_btcli(rpc))
        if q["price_ratio_after"] is not None and q["price_ratio_after"] < item.limit / staking.LIMIT_SCALE:
            if not safety.partial:
                return item.refuse("slippage beyond the tolerance: the price ratio would pass the limit "
                                   f"{item.limit / staking.LIMIT_SCALE:.9f} (allow a partial fill, raise the tolerance, "
                                   "or move less)")
            if not _limited_on_chain(rpc, action):
                return item.refuse("slippage beyond the tolerance, and the real chain has no partial stake transfer "
                                   "between subnets: transfer less, or transfer within the subnet and then swap")
            item.status, item.message = "partial", "partial fill: only the part within the limit moves"
            return item  # the chain picks the amount; the checks below apply to the whole
        if not _limited_on_chain(rpc, action):
            item.limit = None
            item.message = ("checked against the tolerance at this preview only: the real chain has no price limit for "
                            "a stake transfer between subnets (for one, transfer within the subnet, then `btcli stake "
                            "swap`)")
    if q["tao"] < minimum:
        return item.refuse(f"worth {tao(q['tao'])}, below the minimum stake {tao(minimum)}: move more, or all of it")
    left = held - item.amount
    if 0 < left and int(left * price) < minimum:
        item.refuse(f"would leave {alpha(left)} on subnet {netuid}, worth less than the minimum stake {tao(minimum)}: "
                    "move everything or less")
    return item


def _min_stake(rpc: Backend, netuid: int) -> int:
    """The chain's minimum stake, rao (on a subtensor node from a quote: it has no taonet_economics)."""
    if rpc.kind == "subtensor":
        return int(staking.stake_quote(rpc, netuid, "unstake", 0)["min_stake"] or 0)
    return int(rpc.call("taonet_economics")["settings"]["min_stake"])


def _limited_on_chain(rpc: Backend, action: str) -> bool:
    """Whether the chain has a limit-price variant of `action` across subnets: the real chain has no
    transfer_stake_limit (move and swap have theirs)."""
    return not (action == "transfer" and rpc.kind == "subtensor")


def check_funds(rpc: Backend, items: list[StakeItem]) -> list[StakeItem]:
    """Fill each ok item's transaction fee and refuse, in order, those the coldkey's free balance
    cannot pay for (an add spends its TAO too); the items, for chaining."""
    todo = [i for i in items if i.ok]
    if not todo:
        return items
    coldkey = todo[0].coldkey
    free = rpc.account(coldkey).free.rao
    for item in todo:
        item.tx_fee = rpc.estimate_fee(coldkey, *item.call()).rao
        spend = (item.amount_used or item.amount) if item.action == "add" else 0
        if free < spend + item.tx_fee:
            what = f"{tao(spend)} + fee {tao(item.tx_fee)}" if spend else f"the fee {tao(item.tx_fee)}"
            hint = f"stake at most {tao(max(free - item.tx_fee, 0))}, or send" if spend else "send"
            item.refuse(f"balance too low: {coldkey} holds {tao(free)} free, {what} needed: {hint} TAO to it first")
            continue
        free -= spend + item.tx_fee
    return items


def changed(old: list[StakeItem], new: list[StakeItem], tolerance: float) -> bool:
    """Whether a re-quote changed the outcome: a status, or an amount received by more than the tolerance."""
    if len(old) != len(new):
        return True
    for a, b in zip(old, new):
        if a.status != b.status:
            return True
        if a.received and b.received is not None and abs(b.received - a.received) > a.received * tolerance:
            return True
    return False


def outcome(events: list[dict[str, Any]], action: str) -> dict[str, Any]:
    """What an included stake call did, from its events: {sent, received, pool_fee, tx_fee,
    partial} in rao (sent in the unit paid in, received in the unit out)."""
    data: dict[str, Any] = next((e["data"] for e in events if e["name"] == EVENTS.get(action)), {})
    paid = next((e["data"]["actual_fee"] for e in events if e["name"] == "transaction_payment.TransactionFeePaid"), None)
    if action in ALL_OF_HOTKEY:  # every sale; the alpha-only call's TAO is the root StakeAdded's
        sales = [e["data"] for e in events if e["name"] == EVENTS["remove"]]
        restaked = next((e["data"]["alpha"] for e in events if e["name"] == EVENTS["add"]), None)
        sent, fee = sum(s["alpha"] for s in sales), sum(s.get("fee", 0) for s in sales)
        received = restaked if action == "unstake_all_alpha" else sum(s["tao"] for s in sales)
        return {"sent": sent, "received": received, "pool_fee": fee, "tx_fee": paid, "partial": False}
    if action == "add":
        sent, received, fee = data.get("tao"), data.get("alpha"), data.get("fee")
    elif action == "remove":
        sent, received, fee = data.get("alpha"), data.get("tao"), data.get("fee")
    else:
        sent, received, fee = data.get("alpha"), data.get("received_alpha"), data.get("fee_tao")
    return {"sent": sent, "received": received, "pool_fee": fee, "tx_fee": paid, "partial": bool(data.get("partial"))}
