"""Sub-mechanisms on the Substrate façade: MechanismCountCurrent / MechanismEmissionSplit /
MaxMechanismCount in storage, get_mechagraph / get_selective_mechagraph / get_all_mechagraphs per
mechanism (its own last updates and incentives, netuid = mecid·4096 + netuid, as the chain)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from consensus import mechanisms as cm
from node.builder import ChainBuilder, address_of
from node.substrate import runtime_rpc, storage_rpc
from node.substrate.codec import codec
from node.substrate.session import Session
from tests.economics.conftest import TAO, Econ, economy_spec
from tests.economics.test_weights_epoch import _register, _subnet, _until_epoch

FULL = 65535
SPLIT = [FULL // 4, FULL - FULL // 4]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    econ = Econ(ChainBuilder(tmp_path_factory.mktemp("mech") / "chain", economy_spec()))
    netuid = _subnet(econ)
    econ.ok("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="max_allowed_uids", value=128)
    uids = {name: _register(econ, netuid, cold, name) for name, cold in
            (("val", "bob"), ("m1", "charlie"), ("m2", "dave"))}
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("val"), netuid=netuid, amount_staked=100 * TAO)
    econ.ok("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2)
    econ.sudo("admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=SPLIT)
    _until_epoch(econ, netuid)
    econ.ok("val", "subtensor.set_weights", netuid=netuid, dests=[uids["m1"]], weights=[FULL])
    econ.ok("val", "subtensor.set_mechanism_weights", netuid=netuid, mecid=1, dests=[uids["m2"]], weights=[FULL])
    _until_epoch(econ, netuid)
    yield SimpleNamespace(chain=econ.b.chain, netuid=netuid, uids=uids)
    econ.b.close()


def q(chain, pallet: str, item: str, params=()):
    c = codec()
    key = "0x" + c.storage_key(pallet, item, list(params)).hex()
    raw = storage_rpc.get_storage(SimpleNamespace(chain=chain), [key])
    return c.decode_storage_value(pallet, item, None if raw is None else bytes.fromhex(raw[2:]))


def api(chain, name: str, *params):
    c = codec()
    method = c.api_by_call_name(name)
    data = "0x" + c.encode_api_params(method, list(params)).hex()
    answer = runtime_rpc.state_call(Session(chain), [name, data])
    return c.decode_api_result(method, bytes.fromhex(answer[2:]))


def test_storage(chain):
    assert q(chain.chain, "SubtensorModule", "MechanismCountCurrent", [chain.netuid]) == 2
    assert q(chain.chain, "SubtensorModule", "MechanismEmissionSplit", [chain.netuid]) == SPLIT
    assert q(chain.chain, "SubtensorModule", "MaxMechanismCount") == 2
    # the per-mechanism maps are keyed by the storage index mecid·4096 + netuid, as the chain's
    n, uids, index = chain.netuid, chain.uids, cm.storage_index(chain.netuid, 1)
    assert q(chain.chain, "SubtensorModule", "Weights", [index, uids["val"]]) == [(uids["m2"], FULL)]
    assert q(chain.chain, "SubtensorModule", "Weights", [n, uids["val"]]) == [(uids["m1"], FULL)]
    assert q(chain.chain, "SubtensorModule", "Incentive", [index])[uids["m2"]] == FULL
    assert q(chain.chain, "SubtensorModule", "Incentive", [n])[uids["m1"]] == FULL
    assert q(chain.chain, "SubtensorModule", "LastUpdate", [index])[uids["val"]] != \
        q(chain.chain, "SubtensorModule", "LastUpdate", [n])[uids["val"]]
    assert q(chain.chain, "SubtensorModule", "Bonds", [index, uids["val"]])


def test_mechagraphs(chain):
    n, uids = chain.netuid, chain.uids
    main = api(chain.chain, "SubnetInfoRuntimeApi_get_mechagraph", n, 0)
    second = api(chain.chain, "SubnetInfoRuntimeApi_get_mechagraph", n, 1)
    assert main["netuid"] == n and second["netuid"] == cm.storage_index(n, 1)
    assert main["incentives"][uids["m1"]] == FULL and main["incentives"][uids["m2"]] == 0
    assert second["incentives"][uids["m2"]] == FULL and second["incentives"][uids["m1"]] == 0
    assert main["last_update"][uids["val"]] != second["last_update"][uids["val"]]
    assert main["hotkeys"] == second["hotkeys"] and main["total_stake"] == second["total_stake"]
    assert api(chain.chain, "SubnetInfoRuntimeApi_get_mechagraph", n, 2) is None
    every = api(chain.chain, "SubnetInfoRuntimeApi_get_all_mechagraphs")
    assert [g["netuid"] for g in every if g] == [0, n, cm.storage_index(n, 1)]
    c = codec()
    tid = runtime_rpc.Ctx(None, None, c, 0).output_struct("SubnetInfoRuntimeApi", "get_selective_metagraph")
    fields = [f["name"] for f in c.types[tid]["def"]["composite"]["fields"]]
    some = api(chain.chain, "SubnetInfoRuntimeApi_get_selective_mechagraph", n, 1, [fields.index("incentives")])
    assert some["netuid"] == cm.storage_index(n, 1) and some["incentives"] == second["incentives"]


def test_root_sets_max_mechanism_count_both_ways():
    """admin_utils.set_chain_setting max_mechanism_count <-> AdminUtils.sudo_set_max_mechanism_count (in Sudo)."""
    from client.subtensor import calls
    from node.substrate import calls_map
    from tests.substrate import vectors

    runtime = vectors.golden_runtime("v15")
    inner = {"call": "admin_utils.set_chain_setting", "args": {"setting": "max_mechanism_count", "value": 4}}
    decoded = codec().decode_call(calls.call_bytes(runtime, "sudo.sudo", {"call": inner}))
    assert decoded["call_args"]["call"]["call_function"] == "sudo_set_max_mechanism_count"
    assert calls_map.to_neutral(decoded["call_module"], decoded["call_function"], decoded["call_args"], "x") == \
        ("sudo.sudo", {"call": inner})
