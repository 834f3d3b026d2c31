"""Pre-flight checks: what the client can know will fail, found before anything is signed.

A paying call that fails on chain still pays its fee, so every signed command asks these first.
Each check is a small function over what the node said (its RPC results; the node's own limits
and settings come from the node, never from node.runtime) and returns a `Problem` — one line in
TAO saying what is wrong and what to do — or None. `refuse` raises the first problem as `Refused`,
which btcli prints as one line with a non-zero exit; nothing is signed. The balance check (fee
plus what a call spends) is btcli.chain.require_funds.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from client.balance import Balance
from client.errors import ClientError
from client.subnets import BurnCostRow, HotkeyOwner, LockCost


@dataclass(frozen=True)
class Problem:
    """A refusal: the chain error it foresees (e.g. "subtensor.NotSubnetOwner") and one line."""

    error: str
    message: str

    def __str__(self) -> str:
        return self.message


class Refused(ClientError):
    """A command refused before signing (nothing was submitted, no fee paid)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def refuse(*problems: Problem | None) -> None:
    """Raise the first problem given (None means that check passed)."""
    for problem in problems:
        if problem is not None:
            raise Refused(problem)


def tao(rao: int) -> str:
    return str(Balance.from_rao(int(rao)))


# -- subnets -------------------------------------------------------------------------------------
def subnet_missing(summaries: Sequence[dict[str, Any]], netuid: int) -> Problem | None:
    """`netuid` is not among the taonet_subnets summaries: name the subnets that exist."""
    if any(s["netuid"] == netuid for s in summaries):
        return None
    have = ", ".join(str(s["netuid"]) for s in summaries if s["netuid"]) or "none yet"
    return Problem("subtensor.SubnetNotExists",
                   f"subnet {netuid} does not exist (subnets: {have}); see `btcli subnets list`")


def hotkey_elsewhere(owner: HotkeyOwner, coldkey: str) -> Problem | None:
    """The hotkey is bound to another coldkey (taonet_hotkeyOwner), so this coldkey cannot use it."""
    if owner.get("coldkey") in (None, coldkey):
        return None
    return Problem("subtensor.NonAssociatedColdKey",
                   f"hotkey {owner['hotkey']} belongs to coldkey {owner['coldkey']}, not to this wallet's coldkey "
                   f"{coldkey}: use a hotkey of your own (`btcli wallet new-hotkey`)")


def create_blocked(lock: LockCost) -> Problem | None:
    """A new subnet cannot be created now (taonet_lockCost: rate limit, subnet limit)."""
    nxt = lock["head"] + 1
    last, limit = lock["last_lock_block"], lock["rate_limit"]
    if last and nxt - last < limit:
        return Problem("subtensor.NetworkTxRateLimitExceeded",
                       f"a subnet was created at block {last}; the next may be created from block {last + limit} "
                       f"(now {lock['head']}, {last + limit - nxt} blocks to wait)")
    if lock["subnets"] >= lock["subnet_limit"]:
        return Problem("subtensor.SubnetLimitReached", f"the chain already has {lock['subnet_limit']} subnets, its limit")
    return None


def start_blocked(subnet: dict[str, Any], coldkey: str) -> Problem | None:
    """start_call would fail: root, not the owner, or already started."""
    netuid = subnet["netuid"]
    if netuid == 0:
        return Problem("subtensor.SubnetNotExists", "root (netuid 0) is always running; start a subnet of your own")
    if subnet["owner_coldkey"] != coldkey:
        return Problem("subtensor.NotSubnetOwner",
                       f"subnet {netuid} is owned by {subnet['owner_coldkey']}; only its owner can start it "
                       f"(this wallet's coldkey is {coldkey})")
    if subnet["started"]:
        return Problem("subtensor.FirstEmissionBlockNumberAlreadySet",
                       f"subnet {netuid} is already started (since block {subnet['first_emission_block']}); "
                       "nothing to do")
    return None


def register_blocked(burn: BurnCostRow, owner: HotkeyOwner, coldkey: str, limit: int) -> Problem | None:
    """burned_register would fail (a taonet_burnCost row, taonet_hotkeyOwner of the hotkey, the
    price limit in rao, 0 for none): root, registration closed, already registered, another
    coldkey's hotkey, or a burn above the limit."""
    netuid, hotkey = burn["netuid"], owner["hotkey"]
    if netuid == 0:
        return Problem("subtensor.RegistrationNotPermittedOnRootSubnet",
                       "neurons cannot register on root (netuid 0): pick a subnet (`btcli subnets list`)")
    if not burn["registration_allowed"]:
        return Problem("subtensor.SubNetRegistrationDisabled",
                       f"registration is disabled on subnet {netuid} (its owner turned registration_allowed off)")
    if netuid in owner.get("netuids", []):
        return Problem("subtensor.HotKeyAlreadyRegisteredInSubNet",
                       f"hotkey {hotkey} is already registered on subnet {netuid}; "
                       "use another hotkey (`btcli wallet new-hotkey`) to register again")
    problem = hotkey_elsewhere(owner, coldkey)
    if problem:
        return problem
    if limit and burn["next_block_burn"] > limit:
        return Problem("subtensor.RegistrationPriceLimitExceeded",
                       f"the registration burn on subnet {netuid} is {tao(burn['next_block_burn'])}, above your limit "
                       f"of {tao(limit)}: raise --max-burn or --tolerance, or wait for the burn to decay")
    return None


def no_uid_to_take(mg: dict[str, Any], next_block: int) -> Problem | None:
    """A full subnet where a newcomer would replace nobody (every uid owner-immortal, or only
    immune ones ... as the chain's pruning rule decides)."""
    from consensus import registration as reg

    hp = mg["hyperparameters"]
    if mg["n"] < int(hp["max_allowed_uids"]):
        return None
    owner_cold, owner_hot = mg["pool"]["owner_coldkey"], mg["pool"]["owner_hotkey"]
    immortal = [u for u, h in zip(mg["uids"], mg["hotkeys"]) if h == owner_hot]
    others = sorted((r, u) for u, h, c, r in zip(mg["uids"], mg["hotkeys"], mg["coldkeys"], mg["registered_at"])
                    if c == owner_cold and h != owner_hot)
    immortal += [u for _, u in others[:int(hp.get("immune_owner_uids_limit", 1))]]
    uid = reg.neuron_to_prune(mg["emission"], mg["registered_at"], next_block, int(hp["immunity_period"]), immortal)
    if uid is not None:
        return None
    return Problem("subtensor.NoNeuronToPrune",
                   f"subnet {mg['netuid']} is full ({mg['n']} uids) and none of its neurons can be replaced now "
                   "(all immune or owner-owned): try again later or another subnet")


# -- hyperparameters -----------------------------------------------------------------------------
def setter_blocked(coldkey: str, sudo_key: str | None, owner: str, netuid: int) -> Problem | None:
    """Only the subnet's owner or the sudo key sets hyperparameters."""
    if coldkey in (sudo_key, owner):
        return None
    return Problem("subtensor.NotSubnetOwner",
                   f"the wallet's coldkey {coldkey} is neither subnet {netuid}'s owner ({owner}) nor the sudo key")


def hyperparameter_blocked(rows: list[dict[str, Any]], name: str, stored: Any, as_sudo: bool, netuid: int,
                           neurons: int, head: int | None = None) -> Problem | None:
    """set_hyperparameter would fail: not settable, owner setting a root-only one, the owner's
    rate limit (owner_hparam_rate_limit tempos per parameter, from `last_set`; needs `head`), or a
    value the chain refuses (sudo tempo outside 1..65535, alpha_low ≥ alpha_high, max_allowed_uids
    below the neurons). `rows` are taonet_subnetInfo's hyperparameter rows; `stored` the value as
    the chain stores it."""
    row = next((r for r in rows if r["name"] == name), None)
    if row is None or not row["settable"]:
        note = f" ({row['note']})" if row and row.get("note") else ""
        return Problem("admin_utils.NotSettable", f"{name} cannot be set{note}")
    if not as_sudo and not row["owner_settable"]:
        owner = ", ".join(r["name"] for r in rows if r["owner_settable"])
        return Problem("admin_utils.NotOwnerSettable",
                       f"only the sudo key (root) may set {name}; as subnet {netuid}'s owner you may set: {owner}")
    if as_sudo and name == "tempo" and not 1 <= int(stored) <= 65535:
        return Problem("admin_utils.ValueOutOfRange", f"tempo must be in [1, 65535] for sudo, got {stored}")
    raw = {r["name"]: r["raw"] for r in rows}
    last = row.get("last_set")
    if not as_sudo and last is not None and head is not None:
        wait = int(raw.get("owner_hparam_rate_limit", 2)) * int(raw.get("tempo", 360))
        if head + 1 - last < wait:
            return Problem("admin_utils.RateLimitExceeded",
                           f"{name} was set at block {last}; its owner may set it again from block {last + wait} "
                           f"(now {head}, {last + wait - head - 1} blocks to wait)")
    if name in ("alpha_low", "alpha_high"):
        low = stored if name == "alpha_low" else raw["alpha_low"]
        high = stored if name == "alpha_high" else raw["alpha_high"]
        if low >= high:
            return Problem("admin_utils.ValueOutOfRange",
                           f"alpha_low ({low / 2**64:.6g}) must stay below alpha_high ({high / 2**64:.6g})")
    if name == "max_allowed_uids" and stored < neurons:
        return Problem("admin_utils.ValueOutOfRange",
                       f"subnet {netuid} has {neurons} neurons; max_allowed_uids cannot go below that")
    return None


# -- weights (free calls: the node's admission refuses some; these are the rest) ------------------
def weights_blocked(mg: dict[str, Any], hotkey: str, uids: Sequence[int], count: int, version_key: int,
                    call: str) -> Problem | None:
    """set_weights / commit_weights / reveal_weights would fail, in the chain's order (spec §4),
    from the metagraph (taonet_metagraph): root, not registered, commit-reveal mode, rate limit,
    too many weights, version key, permit, duplicates, unknown uids, too few weights. `count` is
    the number of weights given with `uids`."""
    netuid, hp = mg["netuid"], mg["hyperparameters"]
    if netuid == 0:
        return Problem("subtensor.CanNotSetRootNetworkWeights", "root (netuid 0) takes no weights: use a subnet (≥ 1)")
    if hotkey not in mg["hotkeys"]:
        return Problem("subtensor.HotKeyNotRegisteredInSubNet",
                       f"hotkey {hotkey} is not registered on subnet {netuid}: register it first "
                       f"(`btcli subnets register --netuid {netuid}`)")
    i = mg["hotkeys"].index(hotkey)
    uid, cr = mg["uids"][i], bool(hp.get("commit_reveal_weights_enabled"))
    if call == "set" and cr:
        return Problem("subtensor.CommitRevealEnabled",
                       f"subnet {netuid} uses commit-reveal: `btcli weights commit --netuid {netuid}`, then reveal")
    if call != "set" and not cr:
        return Problem("subtensor.CommitRevealDisabled",
                       f"commit-reveal is off on subnet {netuid}: `btcli weights set --netuid {netuid}`")
    last, limit = mg["last_update"][i], int(hp.get("weights_rate_limit", 0))
    if call != "reveal" and last and mg["head"] + 1 - last < limit:
        return Problem("subtensor.SettingWeightsTooFast",
                       f"uid {uid} last set or committed weights at block {last}; the next is allowed from block "
                       f"{last + limit} (now {mg['head']})")
    n = mg["n"]
    if count != len(uids):
        return Problem("subtensor.WeightVecNotEqualSize", f"{len(uids)} uids but {count} weights: one weight per uid")
    if len(uids) > n:
        return Problem("subtensor.UidsLengthExceedUidsInSubNet", f"{len(uids)} weights for a subnet of {n} uids")
    network_key = int(hp.get("weights_version", 0))
    if network_key and version_key < network_key:
        return Problem("subtensor.IncorrectWeightVersionKey",
                       f"version key {version_key} is below subnet {netuid}'s weights_version {network_key}: "
                       f"pass --version-key {network_key}")
    is_owner, self_only = hotkey == mg["pool"]["owner_hotkey"], list(uids) == [uid]
    if not (is_owner or self_only or mg["validator_permit"][i]):
        return Problem("subtensor.NeuronNoValidatorPermit",
                       f"uid {uid} holds no validator permit on subnet {netuid} (permits go to the top "
                       f"{hp.get('max_allowed_validators')} stakes at each epoch): stake more and wait for the next "
                       "epoch, or weight your own uid only")
    if len(set(uids)) != len(uids):
        return Problem("subtensor.DuplicateUids", "a uid appears twice in the weights: pass each uid once")
    bad = [u for u in uids if u >= n]
    if bad:
        return Problem("subtensor.UidVecContainInvalidOne", f"uid {bad[0]} does not exist on subnet {netuid} "
                                                            f"(uids 0..{n - 1})")
    minimum = min(int(hp.get("min_allowed_weights", 0)), n)
    if not self_only and len(uids) < minimum:
        return Problem("subtensor.WeightVecLengthIsLow",
                       f"{len(uids)} weights, but subnet {netuid} needs at least {minimum} (min_allowed_weights)")
    return None


# -- axons ---------------------------------------------------------------------------------------
def axon_blocked(mg: dict[str, Any], hotkey: str, signer: str, ip: str, port: int, ip_type: int) -> Problem | None:
    """serve_axon would fail: not registered, a signer that is neither the hotkey nor its coldkey,
    a bad address or port, or the serving rate limit (from taonet_metagraph). serve_axon is free
    (Pays::No), so it needs no balance and the node itself refuses one that would fail before its
    pool; this says why first, with what to do."""
    netuid = mg["netuid"]
    if hotkey not in mg["hotkeys"]:
        return Problem("subtensor.HotKeyNotRegisteredInSubNet",
                       f"hotkey {hotkey} is not registered on subnet {netuid}: register it first "
                       f"(`btcli subnets register --netuid {netuid}`)")
    i = mg["hotkeys"].index(hotkey)
    if signer not in (hotkey, mg["coldkeys"][i]):
        return Problem("subtensor.NonAssociatedColdKey",
                       f"hotkey {hotkey} belongs to coldkey {mg['coldkeys'][i]}; only it (or the hotkey) may serve its axon")
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return Problem("subtensor.InvalidIpAddress", f"{ip!r} is not an IPv4 or IPv6 address")
    if ip_type not in (4, 6) or parsed.version != ip_type:
        return Problem("subtensor.InvalidIpType", f"{ip} is IPv{parsed.version}: pass --ip-type {parsed.version}")
    if not 0 <= port <= 65535 or (port == 0 and not parsed.is_unspecified):
        return Problem("subtensor.InvalidPort", "the port must be in 1..65535 (port 0 only with 0.0.0.0, a reset)")
    axon, limit = mg["axons"][i], int(mg["hyperparameters"].get("serving_rate_limit", 0))
    if axon and axon["block"] and mg["head"] + 1 - axon["block"] < limit:
        return Problem("subtensor.ServingRateLimitExceeded",
                       f"the axon was set at block {axon['block']}; it can change again from block "
                       f"{axon['block'] + limit} (now {mg['head']})")
    return None


# -- transfers -----------------------------------------------------------------------------------
def transfer_blocked(free: Balance, fee: Balance, value: Balance, keep_alive: bool, dest_free: Balance,
                     existential: int, to_self: bool) -> Problem | None:
    """A transfer of `value` (the balance and fee already checked) would fail: keep-alive leaving
    the sender below the existential deposit, or a destination left below it (the existential
    deposit in rao, from taonet_chainInfo)."""
    ed = Balance.from_rao(existential)
    left = free.rao - fee.rao - value.rao
    if keep_alive and left < existential:
        most = Balance.from_rao(max(0, free.rao - fee.rao - existential))
        return Problem("balances.KeepAlive",
                       f"sending {value} would leave {Balance.from_rao(max(0, left))}, below the existential deposit "
                       f"of {ed}: send at most {most}, or pass --allow-death to empty the account")
    if not to_self and dest_free.rao + value.rao < existential:
        return Problem("balances.ExistentialDeposit",
                       f"the destination would hold {dest_free + value}, below the existential deposit of {ed}: "
                       f"send at least {Balance.from_rao(existential - dest_free.rao)}")
    return None
