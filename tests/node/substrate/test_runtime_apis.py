"""state_call against a real taonet node with a started subnet, neurons, weights, epochs, an axon
and stakes: each runtime API's answer, decoded with the spec-461 metadata, agrees with taonet's own
JSON-RPC (taonet_subnets, taonet_metagraph, taonet_neurons, taonet_stakeInfo, taonet_stakeQuote,
taonet_hyperparameters, taonet_lockCost) over HTTP for the same state."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, ChainSpec
from node.substrate import runtime_rpc
from node.substrate.codec import codec
from node.substrate.dialect import INVALID_PARAMS, SubstrateError
from node.substrate.session import Session

TAO = 10**9
U64F64 = 2**64


def spec() -> ChainSpec:
    settings = {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO}
    return ChainSpec("taonet-runtime-api-test", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()},
                     DEV_ACCOUNTS["alice"], 0, settings)


def _ok(b: ChainBuilder, who: str, call: str, /, **args) -> None:
    b.submit(who, call, args)
    b.block()
    result = b.last.results[-1]
    assert result.success, (call, result.error, result.message)


def build_chain(data_dir: Path, extra_neurons: int = 0) -> int:
    """A chain in `data_dir` with subnet 1 started (tempo 3), the owner's validator, two miners, weights,
    a served axon and stakes (and `extra_neurons` more miners); returns the netuid."""
    b = ChainBuilder(data_dir, spec(), check_invariants=False)
    try:
        _ok(b, "alice", "subtensor.register_network", hotkey=address_of("owner1"))
        _ok(b, "alice", "subtensor.start_call", netuid=1)
        for param, value in (("tempo", 3), ("weights_rate_limit", 0), ("commit_reveal_weights_enabled", False),
                             ("max_regs_per_block", 256), ("target_regs_per_interval", 256)):
            _ok(b, "alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                                               "args": {"netuid": 1, "parameter": param, "value": value}})
        _ok(b, "bob", "subtensor.burned_register", netuid=1, hotkey=address_of("hk-b"))
        _ok(b, "charlie", "subtensor.burned_register", netuid=1, hotkey=address_of("hk-c"))
        for i in range(extra_neurons):
            b.submit("dave", "subtensor.burned_register", {"netuid": 1, "hotkey": address_of(f"extra{i}")})
        if extra_neurons:
            b.block()
        _ok(b, "alice", "subtensor.add_stake", hotkey=address_of("owner1"), netuid=1, amount_staked=200 * TAO)
        _ok(b, "charlie", "subtensor.add_stake", hotkey=address_of("hk-b"), netuid=1, amount_staked=30 * TAO)
        _ok(b, "alice", "subtensor.serve_axon", netuid=1, hotkey=address_of("owner1"), ip="10.0.0.1", port=8091)
        _ok(b, "owner1", "subtensor.set_weights", netuid=1, dests=[1, 2], weights=[40000, 20000])
        b.block(8)
    finally:
        b.close()
    return 1


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    """A real taonet node (HTTP JSON-RPC on a free loopback port) on the built chain, making blocks on demand."""
    from node.service import BackgroundNode

    data_dir = tmp_path_factory.mktemp("runtime-apis") / "chain"
    build_chain(data_dir)
    n = BackgroundNode(data_dir, spec(), block_time=None)
    yield n
    n.stop()


def taonet(node, method: str, *params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
    req = urllib.request.Request(node.url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        answer = json.loads(resp.read())
    assert "error" not in answer, answer
    return answer["result"]


def call(node, name: str, *params, at: str | None = None):
    """state_call through the façade's handler (a Session on the node's chain), decoded by the metadata."""
    c = codec()
    method = c.api_by_call_name(name)
    data = "0x" + c.encode_api_params(method, list(params)).hex()
    answer = runtime_rpc.state_call(Session(node.chain), [name, data] + ([at] if at else []))
    return c.decode_api_result(method, bytes.fromhex(answer[2:]))


def A(name: str) -> str:
    return address_of(name)


# -- SubnetInfoRuntimeApi -------------------------------------------------------------------------
def test_dynamic_info_and_prices_agree_with_taonet_subnets(node):
    subnets = {s["netuid"]: s for s in taonet(node, "taonet_subnets")["subnets"]}
    dynamic = {d["netuid"]: d for d in call(node, "SubnetInfoRuntimeApi_get_all_dynamic_info")}
    prices = {p["netuid"]: p["price"] for p in call(node, "SwapRuntimeApi_current_alpha_price_all")}
    assert set(dynamic) == set(subnets) == set(prices) == {0, 1}
    for n, s in subnets.items():
        d = dynamic[n]
        assert d == call(node, "SubnetInfoRuntimeApi_get_dynamic_info", n)
        assert (d["owner_coldkey"], bytes(d["subnet_name"]).decode(), bytes(d["token_symbol"]).decode()) == \
            (s["owner_coldkey"], s["name"], s["symbol"])
        for mine, theirs in (("tao_in", "tao_in"), ("alpha_in", "alpha_in"), ("alpha_out", "alpha_out"),
                             ("subnet_volume", "subnet_volume"), ("tao_in_emission", "tao_emission"),
                             ("alpha_out_emission", "alpha_emission"), ("last_step", "last_epoch_block"),
                             ("tempo", "tempo"), ("network_registered_at", "registered_at"),
                             ("pending_root_emission", "pending")):
            expected = s[theirs]["root"] if theirs == "pending" else s[theirs]
            assert d[mine] == expected, (n, mine)
        assert d["pending_alpha_emission"] == s["pending"]["server"] + s["pending"]["validator"]
        assert prices[n] == call(node, "SwapRuntimeApi_current_alpha_price", n)
        assert abs(prices[n] / TAO - s["price"]) < 2e-9
        if n:
            assert d["moving_price"]["bits"] / 2**32 == pytest.approx(s["ema_price"], rel=1e-12)
            assert d["owner_hotkey"] == s["owner_hotkey"] == A("owner1")
            assert s["tao_in"] > 0 and s["alpha_emission"] > 0 and s["price"] > 0
    assert prices[0] == TAO
    assert call(node, "SubnetInfoRuntimeApi_get_dynamic_info", 7) is None
    assert call(node, "SwapRuntimeApi_current_alpha_price", 7) == 0


def test_metagraph_agrees_with_taonet_metagraph(node):
    g = taonet(node, "taonet_metagraph", 1, True)
    m = call(node, "SubnetInfoRuntimeApi_get_metagraph", 1)
    assert m == call(node, "SubnetInfoRuntimeApi_get_mechagraph", 1, 0)
    assert call(node, "SubnetInfoRuntimeApi_get_mechagraph", 1, 1) is None  # subnet 1 runs one mechanism
    assert call(node, "SubnetInfoRuntimeApi_get_metagraph", 9) is None
    assert m["num_uids"] == g["n"] == 3 and m["block"] == g["head"]
    pairs = {"hotkeys": "hotkeys", "coldkeys": "coldkeys", "alpha_stake": "alpha_stake", "tao_stake": "root_stake",
             "total_stake": "stake", "consensus": "consensus", "incentives": "incentive", "dividends": "dividends",
             "emission": "emission", "last_update": "last_update", "block_at_registration": "registered_at",
             "active": "active", "validator_permit": "validator_permit"}
    for mine, theirs in pairs.items():
        assert list(m[mine]) == list(g[theirs]), mine
    assert any(g["incentive"]) and any(g["dividends"]) and any(g["emission"]) and any(g["validator_permit"])
    assert m["axons"][0]["ip"] == 0x0A000001 and m["axons"][0]["port"] == 8091 and m["axons"][0]["ip_type"] == 4
    assert m["axons"][1]["ip"] == 0 and m["axons"][1]["block"] == 0
    assert dict(m["alpha_dividends_per_hotkey"]) == dict(zip(g["hotkeys"], g["dividends_alpha"]))
    hp = g["hyperparameters"]
    for mine, theirs in (("tempo", "tempo"), ("rho", "rho"), ("kappa", "kappa"), ("max_uids", "max_allowed_uids"),
                         ("max_validators", "max_allowed_validators"), ("immunity_period", "immunity_period"),
                         ("burn", "burn"), ("min_burn", "min_burn"), ("commit_reveal_weights_enabled",
                                                                     "commit_reveal_weights_enabled")):
        assert m[mine] == hp[theirs], mine
    assert m["identity"] is None and m["identities"] == [None] * 3 and m["trust"] == [0] * 3


def test_selective_mechagraph_carries_only_the_asked_fields(node):
    c = codec()
    tid = runtime_rpc.Ctx(None, None, c, 0).output_struct("SubnetInfoRuntimeApi", "get_selective_metagraph")
    names = [f["name"] for f in c.types[tid]["def"]["composite"]["fields"]]
    full = call(node, "SubnetInfoRuntimeApi_get_metagraph", 1)
    some = call(node, "SubnetInfoRuntimeApi_get_selective_mechagraph", 1, 0, [names.index("hotkeys"),
                                                                             names.index("alpha_stake")])
    assert some["netuid"] == 1 and some["hotkeys"] == full["hotkeys"] and some["alpha_stake"] == full["alpha_stake"]
    assert all(v is None for k, v in some.items() if k not in ("netuid", "hotkeys", "alpha_stake"))
    every = call(node, "SubnetInfoRuntimeApi_get_selective_metagraph", 1, list(range(len(names))))
    assert every == call(node, "SubnetInfoRuntimeApi_get_selective_mechagraph", 1, 0, list(range(len(names))))
    for name, value in full.items():
        assert every[name] == value, name
    assert every["validators"] == [uid for uid, p in enumerate(full["validator_permit"]) if p]
    assert call(node, "SubnetInfoRuntimeApi_get_selective_mechagraph", 1, 2, [0]) is None


def test_subnet_state_and_info(node):
    g = taonet(node, "taonet_metagraph", 1)
    state = call(node, "SubnetInfoRuntimeApi_get_subnet_state", 1)
    assert state["hotkeys"] == g["hotkeys"] and state["alpha_stake"] == g["alpha_stake"]
    infos = {i["netuid"]: i for i in call(node, "SubnetInfoRuntimeApi_get_subnets_info_v2")}
    s = taonet(node, "taonet_subnetInfo", 1)
    assert infos[1] == call(node, "SubnetInfoRuntimeApi_get_subnet_info_v2", 1)
    assert (infos[1]["subnetwork_n"], infos[1]["burn"], infos[1]["owner"], infos[1]["tempo"]) == \
        (s["neurons"], s["burn"], s["owner_coldkey"], s["tempo"])
    assert call(node, "SubnetInfoRuntimeApi_get_subnet_info", 1)["max_allowed_uids"] == s["max_allowed_uids"]
    assert call(node, "SubnetRegistrationRuntimeApi_get_network_registration_cost") == \
        taonet(node, "taonet_lockCost")["lock_cost"]


def test_hyperparameters_v3_v2_v1_agree_with_taonet(node):
    rows = {r["name"]: r for r in taonet(node, "taonet_hyperparameters", 1)["hyperparameters"]}
    v3 = {e["name"]: e["value"] for e in call(node, "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3", 1)}
    v2 = call(node, "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2", 1)
    v1 = call(node, "SubnetInfoRuntimeApi_get_subnet_hyperparams", 1)
    assert list(v3)[:len(v2)] == list(v2) and all(v1[k] == v2[k] for k in v1)
    assert list(v3)[len(v2):] == ["owner_cut_enabled", "owner_cut_auto_lock_enabled", "min_childkey_take"]  # v3's own
    aliases = {"max_validators": "max_allowed_validators"}
    for name, value in v2.items():
        (kind, inner), = v3[name].items()
        assert inner == value, name
        theirs = rows.get(aliases.get(name, name))
        if name == "alpha_sigmoid_steepness":
            assert kind == "I32F32" and value["bits"] == rows[name]["raw"] << 32
        elif name == "yuma_version":
            assert value == (3 if rows["yuma3_enabled"]["raw"] else 2)
        elif theirs is not None:
            assert value == theirs["raw"], name
            assert kind == ("Bool" if isinstance(value, bool) else kind)
    assert v3["tempo"] == {"U16": 3} and v3["min_burn"] == {"TaoBalance": rows["min_burn"]["raw"]}
    assert v2["subnet_is_active"] is True and v2["commit_reveal_weights_enabled"] is False
    assert call(node, "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3", 5) is None


# -- NeuronInfoRuntimeApi, DelegateInfoRuntimeApi -------------------------------------------------
def test_neurons_agree_with_taonet_neurons_and_metagraph(node):
    neurons = taonet(node, "taonet_neurons", 1)["neurons"]
    g = taonet(node, "taonet_metagraph", 1, True, True)
    lite = call(node, "NeuronInfoRuntimeApi_get_neurons_lite", 1)
    full = call(node, "NeuronInfoRuntimeApi_get_neurons", 1)
    assert [n["uid"] for n in lite] == [n["uid"] for n in neurons] == [0, 1, 2]
    for theirs, mine, graph_uid in zip(neurons, lite, g["uids"]):
        assert (mine["hotkey"], mine["coldkey"], mine["last_update"], mine["emission"]) == \
            (theirs["hotkey"], theirs["coldkey"], theirs["last_update"], theirs["emission"])
        assert mine["stake"] == [(theirs["coldkey"], theirs["stake"])]
        assert mine["validator_trust"] == g["validator_trust"][graph_uid]
        assert call(node, "NeuronInfoRuntimeApi_get_neuron_lite", 1, mine["uid"]) == mine
    assert full[0]["weights"] == [tuple(w) for w in g["weights"]["0"]] and full[0]["weights"]
    assert full[0]["bonds"] == [tuple(x) for x in g["bonds"].get("0", [])]
    assert call(node, "NeuronInfoRuntimeApi_get_neuron", 1, 0) == full[0]
    assert call(node, "NeuronInfoRuntimeApi_get_neuron_lite", 1, 3) is None
    assert call(node, "NeuronInfoRuntimeApi_get_neurons_lite", 8) == []


def test_delegates(node):
    delegates = {d["delegate_ss58"]: d for d in call(node, "DelegateInfoRuntimeApi_get_delegates")}
    assert set(delegates) == {A("owner1"), A("hk-b"), A("hk-c")}
    hk_b = call(node, "DelegateInfoRuntimeApi_get_delegate", A("hk-b"))
    assert hk_b == delegates[A("hk-b")] and hk_b["owner_ss58"] == A("bob") and hk_b["registrations"] == [1]
    take = taonet(node, "taonet_delegateTake", A("hk-b"))["take"]
    nominators = taonet(node, "taonet_nominators", A("hk-b"), 1)["nominators"]
    assert hk_b["take"] == take
    assert dict(hk_b["nominators"]) == {n["coldkey"]: [(1, n["alpha"])] for n in nominators}
    assert call(node, "DelegateInfoRuntimeApi_get_delegate", A("nobody")) is None
    permits = taonet(node, "taonet_metagraph", 1)["validator_permit"]
    assert permits[0] and delegates[A("owner1")]["validator_permits"] == [1]
    assert [bool(delegates[A(h)]["validator_permits"]) for h in ("owner1", "hk-b", "hk-c")] == permits


# -- StakeInfoRuntimeApi, SwapRuntimeApi -----------------------------------------------------------
def test_stake_info_agrees_with_taonet_stake_info(node):
    coldkeys = [A("alice"), A("charlie"), A("eve")]
    theirs = taonet(node, "taonet_stakeInfo", coldkeys)["stakes"]
    mine = call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkeys", coldkeys)
    assert [c for c, _ in mine] == coldkeys
    rows = [r for _, infos in mine for r in infos]
    assert [(r["coldkey"], r["hotkey"], r["netuid"], r["stake"], r["is_registered"]) for r in rows] == \
        [(r["coldkey"], r["hotkey"], r["netuid"], r["alpha"], r["uid"] is not None) for r in theirs]
    assert rows and all(r["stake"] > 0 for r in rows)
    assert call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkey", A("charlie")) == dict(mine)[A("charlie")]
    one = call(node, "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid", A("hk-b"), A("charlie"), 1)
    assert one == dict(mine)[A("charlie")][0]
    none = call(node, "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid", A("hk-b"), A("eve"), 1)
    assert none["stake"] == 0 and none["coldkey"] == A("eve")  # Some with stake 0, as the chain answers


@pytest.mark.parametrize("amount", [10**6, 7 * TAO, 10**15, 2**64 - 1])
def test_swap_simulations_are_taonet_stake_quotes(node, amount):
    stake = taonet(node, "taonet_stakeQuote", 1, "stake", amount)
    sim = call(node, "SwapRuntimeApi_sim_swap_tao_for_alpha", 1, amount)
    fee = call(node, "StakeInfoRuntimeApi_get_stake_fee", None, A("alice"), (A("owner1"), 1), A("alice"), amount)
    if stake["ok"]:
        assert (sim["tao_amount"], sim["alpha_amount"], sim["tao_fee"]) == \
            (stake["amount_used"], stake["received"], stake["fee"])
        assert fee == stake["fee"] and sim["alpha_amount"] > 0
    else:
        assert set(sim.values()) == {0} and fee == 0
    unstake = taonet(node, "taonet_stakeQuote", 1, "unstake", amount)
    sim = call(node, "SwapRuntimeApi_sim_swap_alpha_for_tao", 1, amount)
    if unstake["ok"]:
        assert (sim["alpha_amount"], sim["tao_amount"], sim["alpha_fee"]) == \
            (unstake["amount_used"], unstake["received"], unstake["fee"])
        assert call(node, "StakeInfoRuntimeApi_get_stake_fee", (A("owner1"), 1), A("alice"), None, A("alice"),
                    amount) == unstake["fee"]
    else:  # the pool cannot take it: the simulation is all zeros, never a made-up figure
        assert set(sim.values()) == {0}


def test_root_swaps_one_to_one(node):
    sim = call(node, "SwapRuntimeApi_sim_swap_tao_for_alpha", 0, 5 * TAO)
    assert sim["tao_amount"] == 5 * TAO and sim["alpha_amount"] == taonet(node, "taonet_stakeQuote", 0, "stake",
                                                                           5 * TAO)["received"]


# -- accounts, fees, metadata ---------------------------------------------------------------------
def test_account_nonce_and_fees(node):
    from node.runtime import balances
    from tests.substrate.vectors import golden

    assert call(node, "AccountNonceApi_account_nonce", A("alice")) == \
        taonet(node, "taonet_accountInfo", A("alice"))["nonce"] > 0
    assert call(node, "AccountNonceApi_account_nonce", A("nobody")) == 0
    from node.substrate import author_rpc

    ext = bytes.fromhex(golden()["extrinsics"][0]["extrinsic_hex"][2:])  # a real signed transfer
    length = len(ext)
    c = codec()
    answers = {}
    for name in ("TransactionPaymentApi_query_info", "TransactionPaymentApi_query_fee_details"):
        answer = runtime_rpc.state_call(Session(node.chain), [name, "0x" + (ext + length.to_bytes(4, "little")).hex()])
        answers[name] = c.decode_api_result(c.api_by_call_name(name), bytes.fromhex(answer[2:]))
    info, details = answers.values()
    payment = author_rpc.query_info(Session(node.chain), ["0x" + ext.hex()])
    assert info["partial_fee"] == int(payment["partialFee"]) == balances.fee_for(length, 0)
    assert info["class"] == "Normal" and info["weight"] == {"ref_time": 0, "proof_size": 0}
    fee = details["inclusion_fee"]
    assert fee["base_fee"] + fee["len_fee"] + fee["adjusted_weight_fee"] == info["partial_fee"]
    assert details["tip"] == golden()["extrinsics"][0]["tip"]
    assert call(node, "TransactionPaymentApi_query_length_to_fee", 100) == balances.fee_for(100, 0) - balances.BASE_FEE


def test_metadata_and_core_version(node):
    from node.substrate import metadata

    def raw(name, data="0x"):
        return bytes.fromhex(runtime_rpc.state_call(Session(node.chain), [name, data])[2:])

    v15 = raw("Metadata_metadata_at_version", "0x0f000000")
    assert v15[0] == 1 and v15.endswith(metadata.metadata_v15())
    assert raw("Metadata_metadata_at_version", "0x0e000000").endswith(metadata.metadata_v14())
    assert raw("Metadata_metadata_at_version", "0x10000000") == b"\x00"
    assert codec().decode("Vec<u32>", raw("Metadata_metadata_versions")) == [14, 15]
    version = codec().decode(codec().api_method("Core", "version").output, raw("Core_version"))
    assert version["spec_version"] == 461 and version["spec_name"] == "node-subtensor"


# -- errors ---------------------------------------------------------------------------------------
def test_hostile_and_unknown_calls_answer_errors(node):
    session = Session(node.chain)
    head = node.chain.reader.head_row()[1]
    assert call(node, "SubnetInfoRuntimeApi_get_dynamic_info", 1, at=head)["netuid"] == 1
    cases = [(["Nope_nothing", "0x"], 4003), (["SubnetInfoRuntimeApi_get_dynamic_info", "0x01"], 4003),
             (["SubnetInfoRuntimeApi_get_dynamic_info", "0x0100ff"], 4003),
             (["Core_execute_block", "0x"], 4003), (["SubnetInfoRuntimeApi_get_dynamic_info", "0xzz"], INVALID_PARAMS),
             (["SubnetInfoRuntimeApi_get_dynamic_info", "0x0100", "0x" + "ab" * 32], 4003),
             (["SubnetInfoRuntimeApi_get_dynamic_info", "0x0100", "junk"], INVALID_PARAMS),
             ([5, "0x"], INVALID_PARAMS), (["x"], INVALID_PARAMS), ({"a": 1}, INVALID_PARAMS),
             (["TransactionPaymentApi_query_info", "0x0400000000"], 4003),
             (["Metadata_metadata_at_version", "0x0f"], 4003),
             (["StakeInfoRuntimeApi_get_stake_info_for_coldkeys", "0xfeffffff"], 4003),
             (["StakeInfoRuntimeApi_get_stake_info_for_coldkeys", "0x" + "0540" + "11" * 32 * 4097], 4003)]
    for params, code in cases:
        with pytest.raises(SubstrateError) as info:
            runtime_rpc.state_call(session, params)
        assert info.value.code == code, (params, info.value.message)
    assert "at most 4096 coldkeys" in info.value.message  # the last case: bounded, and says what to do
