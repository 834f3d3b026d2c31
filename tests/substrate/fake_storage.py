"""The fake subtensor's storage: a snapshot of the state as raw key -> value bytes, per block.

Keys are computed with the metadata's hashers and values encoded with the metadata's types (both
through `fake_runtime.Codec`), so `state_getStorage`, `state_queryStorageAt` and
`state_getKeys(Paged)` answer what a spec-461 node would for the items modelled here. An item the
fake does not model is absent, which a client reads as the item's default, as on a real node.
"""
from __future__ import annotations

from tests.substrate.fake_runtime import Codec
from tests.substrate.fake_state import MAX_TAKE, MIN_TAKE, State

HYPERPARAM_ITEMS = {  # SubtensorModule map (netuid -> value) -> the hyperparameter it holds
    "Rho": "rho", "Kappa": "kappa", "ImmunityPeriod": "immunity_period", "MinAllowedWeights": "min_allowed_weights",
    "MaxWeightsLimit": "max_weights_limit", "MinDifficulty": "min_difficulty", "MaxDifficulty": "max_difficulty",
    "WeightsVersionKey": "weights_version", "WeightsSetRateLimit": "weights_rate_limit",
    "AdjustmentInterval": "adjustment_interval", "ActivityCutoff": "activity_cutoff",
    "NetworkRegistrationAllowed": "registration_allowed", "TargetRegistrationsPerInterval": "target_regs_per_interval",
    "MinBurn": "min_burn", "MaxBurn": "max_burn", "BondsMovingAverage": "bonds_moving_avg",
    "MaxRegistrationsPerBlock": "max_regs_per_block", "ServingRateLimit": "serving_rate_limit",
    "MaxAllowedValidators": "max_validators", "AdjustmentAlpha": "adjustment_alpha", "Difficulty": "difficulty",
    "RevealPeriodEpochs": "commit_reveal_period", "LiquidAlphaOn": "liquid_alpha_enabled",
    "TransferToggle": "transfers_enabled", "BondsResetOn": "bonds_reset_enabled",
}


def snapshot(codec: Codec, state: State, *, number: int, now_ms: int, events: list) -> dict[bytes, bytes]:
    """Every modelled storage item at a block: {key: SCALE value}."""
    out: dict[bytes, bytes] = {}

    def put(pallet: str, item: str, params: list, value) -> None:
        out[codec.storage_key(pallet, item, params)] = codec.storage_value(pallet, item, value)

    put("System", "Number", [], number)
    put("System", "Events", [], events)
    put("System", "EventCount", [], len(events))
    put("Timestamp", "Now", [], now_ms)
    issuance = sum(a["free"] for a in state.accounts.values())
    put("Balances", "TotalIssuance", [], issuance)
    for address, acct in state.accounts.items():
        put("System", "Account", [address], {
            "nonce": acct["nonce"], "consumers": 0, "providers": 1 if acct["free"] else 0, "sufficients": 0,
            "data": {"free": acct["free"], "reserved": 0, "frozen": 0, "flags": 1 << 127},
        })
    if state.sudo_key:
        put("Sudo", "Key", [], state.sudo_key)
    put("SubtensorModule", "TotalNetworks", [], len(state.subnets))
    put("SubtensorModule", "NetworkLastLockCost", [], state.network_lock_cost)
    put("SubtensorModule", "TotalStake", [], sum(s.tao_in for s in state.subnets.values()))
    put("SubtensorModule", "TotalIssuance", [], issuance + sum(s.tao_in for s in state.subnets.values()))
    put("SubtensorModule", "MinDelegateTake", [], MIN_TAKE)
    put("SubtensorModule", "MaxDelegateTake", [], MAX_TAKE)
    put("SubtensorModule", "TxDelegateTakeRateLimit", [], 0)  # no rate limits in this model
    for hotkey, coldkey in state.owners.items():
        put("SubtensorModule", "Owner", [hotkey], coldkey)
    for hotkey, take in state.takes.items():
        put("SubtensorModule", "Delegates", [hotkey], take)
    owned: dict[str, list] = {}
    for hotkey, coldkey in state.owners.items():
        owned.setdefault(coldkey, []).append(hotkey)
    for coldkey, hotkeys in owned.items():
        put("SubtensorModule", "OwnedHotkeys", [coldkey], hotkeys)
    staking: dict[str, set] = {}
    for hotkey, coldkey, _ in state.stakes:
        staking.setdefault(coldkey, set()).add(hotkey)
    for coldkey, hotkeys in staking.items():
        put("SubtensorModule", "StakingHotkeys", [coldkey], sorted(hotkeys))
    for netuid, subnet in state.subnets.items():
        _subnet_items(put, state, subnet, netuid)
    return out


def _subnet_items(put, state: State, subnet, netuid: int) -> None:
    hp = subnet.hyperparams
    put("SubtensorModule", "NetworksAdded", [netuid], True)
    put("SubtensorModule", "SubnetOwner", [netuid], subnet.owner_coldkey)
    put("SubtensorModule", "SubnetOwnerHotkey", [netuid], subnet.owner_hotkey)
    put("SubtensorModule", "Tempo", [netuid], hp["tempo"])
    put("SubtensorModule", "Burn", [netuid], subnet.burn)
    put("SubtensorModule", "SubnetworkN", [netuid], len(subnet.neurons))
    put("SubtensorModule", "MaxAllowedUids", [netuid], subnet.max_uids)
    put("SubtensorModule", "SubnetTAO", [netuid], subnet.tao_in)
    put("SubtensorModule", "SubnetAlphaIn", [netuid], subnet.alpha_in)
    put("SubtensorModule", "SubnetAlphaOut", [netuid], subnet.alpha_out)
    put("SubtensorModule", "SubnetMechanism", [netuid], 0 if subnet.is_root else 1)
    put("SubtensorModule", "MechanismCountCurrent", [netuid], 1)
    put("SubtensorModule", "NetworkRegisteredAt", [netuid], subnet.registered_at)
    put("SubtensorModule", "TokenSymbol", [netuid], "0x" + subnet.symbol.encode().hex())
    put("SubtensorModule", "CommitRevealWeightsEnabled", [netuid], hp["commit_reveal_weights_enabled"])
    for item, key in HYPERPARAM_ITEMS.items():
        put("SubtensorModule", item, [netuid], hp[key])
    put("Swap", "FeeRate", [netuid], 0)  # the model's pools charge no swap fee
    put("SubtensorModule", "Active", [netuid], [True] * len(subnet.neurons))
    if subnet.first_emission_block is not None and not subnet.is_root:
        put("SubtensorModule", "FirstEmissionBlockNumber", [netuid], subnet.first_emission_block)
    put("SubtensorModule", "SubtokenEnabled", [netuid], subnet.started)
    put("SubtensorModule", "SubnetLocked", [netuid], subnet.locked)
    put("SubtensorModule", "LastUpdate", [netuid], [n.last_update for n in subnet.neurons])
    put("SubtensorModule", "ValidatorPermit", [netuid], [n.validator_permit for n in subnet.neurons])
    for neuron in subnet.neurons:
        put("SubtensorModule", "Keys", [netuid, neuron.uid], neuron.hotkey)
        put("SubtensorModule", "Uids", [netuid, neuron.hotkey], neuron.uid)
        put("SubtensorModule", "IsNetworkMember", [neuron.hotkey, netuid], True)
        put("SubtensorModule", "TotalHotkeyAlpha", [neuron.hotkey, netuid], state.hotkey_alpha(neuron.hotkey, netuid))
        if neuron.weights:
            put("SubtensorModule", "Weights", [netuid, neuron.uid], neuron.weights)
        if neuron.axon:
            put("SubtensorModule", "Axons", [netuid, neuron.hotkey], neuron.axon)
