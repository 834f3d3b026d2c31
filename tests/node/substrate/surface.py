"""The part of the spec-461 runtime that issue 16's façade serves: the storage items and runtime API
methods the real clients read (../shared/vectors/substrate/README.md), for the tests to walk."""
from __future__ import annotations

STORAGE_ITEMS = [
    ("System", "Account"), ("System", "Number"), ("System", "Events"), ("System", "EventCount"),
    ("Timestamp", "Now"), ("Balances", "TotalIssuance"),
] + [("SubtensorModule", item) for item in (
    "NetworksAdded", "Tempo", "Burn", "SubnetworkN", "MaxAllowedUids", "Owner", "SubnetOwner",
    "SubnetOwnerHotkey", "MechanismCountCurrent", "SubnetEmaTaoFlow", "SubnetTaoInEmission",
    "SubnetIdentitiesV3", "TotalHotkeyAlpha", "Alpha", "Keys", "Uids", "Axons", "Weights", "Bonds",
    "LastUpdate", "CRV3WeightCommits", "WeightCommits", "TotalNetworks", "SubnetTAO", "SubnetAlphaIn",
    "SubnetAlphaOut", "TokenSymbol", "Delegates", "OwnedHotkeys", "StakingHotkeys", "IsNetworkMember",
    "ValidatorPermit", "Active", "FirstEmissionBlockNumber", "SubtokenEnabled", "SubnetLocked",
    "NetworkRegisteredAt", "SubnetMechanism", "RevealPeriodEpochs", "CommitRevealWeightsEnabled",
)]

API_METHODS = [("SubnetInfoRuntimeApi", m) for m in (
    "get_all_dynamic_info", "get_dynamic_info", "get_metagraph", "get_mechagraph", "get_selective_mechagraph",
    "get_subnet_hyperparams_v3", "get_subnet_hyperparams_v2", "get_subnet_hyperparams", "get_subnets_info_v2",
)] + [("NeuronInfoRuntimeApi", m) for m in ("get_neurons_lite", "get_neuron_lite")] + [
    ("StakeInfoRuntimeApi", m) for m in (
        "get_stake_info_for_coldkey", "get_stake_info_for_coldkeys", "get_stake_info_for_hotkey_coldkey_netuid",
        "get_stake_fee")
] + [("SwapRuntimeApi", m) for m in (
    "current_alpha_price", "current_alpha_price_all", "sim_swap_tao_for_alpha", "sim_swap_alpha_for_tao",
)] + [("DelegateInfoRuntimeApi", m) for m in ("get_delegates", "get_delegate", "get_delegated")] + [
    ("TransactionPaymentApi", "query_info"), ("TransactionPaymentApi", "query_fee_details"),
    ("AccountNonceApi", "account_nonce"), ("Metadata", "metadata_at_version"), ("Metadata", "metadata_versions"),
]


def surface_types(codec) -> set[int]:
    """Type ids of those items' keys and values and those methods' inputs and outputs."""
    ids: set[int] = set()
    for pallet, item in STORAGE_ITEMS:
        entry = codec.storage_entry(pallet, item)
        ids.update(entry.key_types)
        ids.add(entry.value_type)
    for api, method in API_METHODS:
        found = codec.api_method(api, method)
        ids.update(t for _, t in found.inputs)
        ids.add(found.output)
    return ids
