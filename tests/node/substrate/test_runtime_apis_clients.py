"""The runtime APIs through real clients of the real protocol, over the node's WebSocket:
async-substrate-interface's SyncSubstrateInterface.runtime_call (what the bittensor SDK uses) decodes
the same values as the façade's own state_call, and taonet's client.subtensor SubtensorBackend,
reading the node as it would read subtensor, answers taonet_subnets / taonet_metagraph /
taonet_hyperparameters as the node's own taonet_* JSON-RPC does, for every field both carry."""
from __future__ import annotations

import pytest

from node.substrate.apis_subnets import ZERO_ACCOUNT
from tests.node.substrate.test_runtime_apis import A, build_chain, call, spec, taonet


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from node.service import BackgroundNode

    data_dir = tmp_path_factory.mktemp("runtime-apis-clients") / "chain"
    build_chain(data_dir)
    n = BackgroundNode(data_dir, spec(), block_time=None)
    n.ws_url = n.url.replace("http://", "ws://")
    yield n
    n.stop()


@pytest.fixture(scope="module")
def substrate(node):
    sync = pytest.importorskip("async_substrate_interface.sync_substrate")
    sub = sync.SubstrateInterface(node.ws_url)
    yield sub
    sub.close()


CALLS = [
    ("SubnetInfoRuntimeApi", "get_all_dynamic_info", []),
    ("SubnetInfoRuntimeApi", "get_dynamic_info", [1]),
    ("SubnetInfoRuntimeApi", "get_metagraph", [1]),
    ("SubnetInfoRuntimeApi", "get_selective_mechagraph", [1, 0, list(range(77))]),
    ("SubnetInfoRuntimeApi", "get_selective_mechagraph", [1, 0, [52, 67]]),
    ("SubnetInfoRuntimeApi", "get_subnet_hyperparams_v3", [1]),
    ("SubnetInfoRuntimeApi", "get_subnets_info_v2", []),
    ("NeuronInfoRuntimeApi", "get_neurons_lite", [1]),
    ("NeuronInfoRuntimeApi", "get_neuron", [1, 0]),
    ("StakeInfoRuntimeApi", "get_stake_info_for_coldkeys", [[A("alice"), A("charlie")]]),
    ("StakeInfoRuntimeApi", "get_stake_info_for_hotkey_coldkey_netuid", [A("hk-b"), A("eve"), 1]),
    ("SwapRuntimeApi", "current_alpha_price_all", []),
    ("SwapRuntimeApi", "sim_swap_tao_for_alpha", [1, 5 * 10**9]),
    ("SwapRuntimeApi", "sim_swap_alpha_for_tao", [1, 5 * 10**9]),
    ("DelegateInfoRuntimeApi", "get_delegates", []),
    ("SubnetRegistrationRuntimeApi", "get_network_registration_cost", []),
    ("AccountNonceApi", "account_nonce", [A("alice")]),
]


def _plain(value):
    """scalecodec's values with tuples as lists and bytes-like names as they decode, for comparing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("api,method,params", CALLS, ids=[f"{a}_{m}" for a, m, _ in CALLS])
def test_sync_substrate_interface_runtime_call(node, substrate, api, method, params):
    got = substrate.runtime_call(api, method, params)
    value = getattr(got, "value", got)
    assert _plain(value) == _plain(call(node, f"{api}_{method}", *params))
    if method in ("get_metagraph", "get_all_dynamic_info", "get_neurons_lite", "current_alpha_price_all"):
        assert value  # a real answer, not an empty one


def test_sdk_reads_the_metadata_it_was_served(substrate):
    """The client asked Metadata_metadata_at_version(15) and got spec 461's runtime API list."""
    assert substrate.runtime.runtime_version == 461
    assert "get_selective_mechagraph" in substrate.runtime.runtime_api_map["SubnetInfoRuntimeApi"]


def _agree(ours, theirs, path=""):
    """Every field the subtensor backend knows (not None) equals the node's own answer."""
    if theirs is None or (theirs == ZERO_ACCOUNT and ours in ("", None)):  # root's owner hotkey: the
        return                                                              # chain's default, all zeros
    if isinstance(theirs, dict):
        for key, value in theirs.items():
            if key in ours:
                _agree(ours[key], value, f"{path}.{key}")
        return
    if isinstance(theirs, list) and isinstance(ours, list):
        assert len(ours) == len(theirs), path
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _agree(a, b, f"{path}[{i}]")
        return
    if isinstance(theirs, float) or isinstance(ours, float):
        assert ours == pytest.approx(theirs, rel=1e-9, abs=2e-9), path
        return
    assert ours == theirs, path


def test_subtensor_backend_reads_the_node_as_taonet_does(node):
    from client.subtensor.backend import SubtensorBackend

    with SubtensorBackend(node.ws_url) as backend:
        theirs = backend.call("taonet_subnets")
        ours = taonet(node, "taonet_subnets")
        assert [s["netuid"] for s in theirs["subnets"]] == [s["netuid"] for s in ours["subnets"]] == [0, 1]
        for a, b in zip(ours["subnets"], theirs["subnets"]):
            # the client counts the next epoch by subtensor's schedule (block + netuid + 1) mod (tempo + 1);
            # taonet runs epochs by its own counter (its last epoch block), so that one field is not compared
            _agree({**a, "blocks_until_next_epoch": None}, {**b, "blocks_until_next_epoch": None}, f"subnets[{a['netuid']}]")
        assert theirs["subnets"][1]["tao_in"] == ours["subnets"][1]["tao_in"] > 0
        graph_theirs = backend.call("taonet_metagraph", 1)
        graph_ours = taonet(node, "taonet_metagraph", 1)
        for key in ("hotkeys", "coldkeys", "stake", "alpha_stake", "consensus", "incentive", "dividends", "emission"):
            assert graph_theirs[key] == graph_ours[key], key
        _agree({k: v for k, v in graph_ours.items() if k not in ("hyperparameters", "pool")},
               {k: v for k, v in graph_theirs.items() if k not in ("hyperparameters", "pool")})
        hp_theirs = {r["name"]: r for r in backend.call("taonet_hyperparameters", 1)["hyperparameters"]}
        hp_ours = {r["name"]: r for r in taonet(node, "taonet_hyperparameters", 1)["hyperparameters"]}
        aliases = {"max_validators": "max_allowed_validators"}
        shared = [n for n in hp_theirs if aliases.get(n, n) in hp_ours]
        assert len(shared) >= 25
        for name in shared:  # values as shown (the client's raw of a fixed-point one is its bits)
            assert hp_theirs[name]["value"] == pytest.approx(hp_ours[aliases.get(name, name)]["value"]), name
