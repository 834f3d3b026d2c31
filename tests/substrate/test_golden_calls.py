"""client.subtensor.calls against the spec-461 golden calls (byte for byte) and the neutral-call map."""
from __future__ import annotations

from fractions import Fraction
from hashlib import blake2b

import pytest

from client.errors import ClientError
from client.subtensor import calls
from client.subtensor.calls import PalletCall
from consensus import params as hp
from tests.substrate import vectors
from wallet import ss58

ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y"
HOTKEY = "5G6Fyo6U2fDhJXDJGp4Dr6XViVCdPcryiyLBDsusguSRcYvJ"
# the golden file describes the batch and proxy inner calls in words
DESCRIBED = {"transfer 1 to bob": PalletCall("Balances", "transfer_keep_alive", {"dest": BOB, "value": 1}),
             "transfer 2 to charlie": PalletCall("Balances", "transfer_keep_alive", {"dest": CHARLIE, "value": 2})}
# golden calls that taonet's neutral calls produce, with the neutral name
NEUTRAL = {"transfer_keep_alive": "balances.transfer_keep_alive", "transfer_allow_death": "balances.transfer_allow_death",
           "add_stake": "subtensor.add_stake", "remove_stake": "subtensor.remove_stake",
           "burned_register": "subtensor.burned_register", "set_weights": "subtensor.set_weights"}


@pytest.fixture(scope="module", params=[15, 14], ids=["v15", "v14"])
def runtime(request):
    return vectors.golden_runtime(request.param)


@pytest.fixture(scope="module")
def finney343():
    return calls.load_runtime(vectors.finney_metadata_v15(), 343, 1)


def _golden_pallet_call(entry: dict) -> PalletCall:
    params = dict(entry["params"])
    if entry["function"] == "sudo":
        inner = dict(params["call"])
        params["call"] = PalletCall(inner.pop("module"), inner.pop("function"), inner)
    elif entry["function"] == "batch":
        params["calls"] = [DESCRIBED[text].value() for text in params["calls"]]
    elif entry["function"] == "proxy":
        params["call"] = DESCRIBED[params["call"]]
    return PalletCall(entry["module"], entry["function"], params)


def test_every_golden_call_composes_byte_for_byte(runtime):
    golden = vectors.golden()["calls"]
    assert len(golden) == 10
    for entry in golden:
        data = calls.compose(runtime, _golden_pallet_call(entry)).data
        assert str(data) == entry["data_hex"], entry["function"]


def test_neutral_calls_give_the_golden_bytes(runtime):
    done = 0
    for entry in vectors.golden()["calls"]:
        name = NEUTRAL.get(entry["function"])
        if name:
            assert "0x" + calls.call_bytes(runtime, name, entry["params"]).hex() == entry["data_hex"], name
            done += 1
    assert done == len(NEUTRAL)


def test_every_taonet_call_maps_or_says_why(runtime):
    """Each name the taonet runtime registers either composes on spec 461 or raises one line."""
    import node.runtime  # noqa: F401  (registers every call)
    from node.runtime.dispatch import CALLS

    examples = _examples()
    assert set(CALLS) <= set(examples), sorted(set(CALLS) - set(examples))
    for name in sorted(CALLS):
        try:
            data = calls.call_bytes(runtime, name, examples[name])
        except ClientError as exc:
            assert "\n" not in str(exc)
            assert name in ("subtensor.set_root_claim_type", "subtensor.transfer_stake_limit"), (name, str(exc))
        else:
            assert len(data) >= 2  # pallet and call index (Proxy.remove_proxies takes no argument)


def _examples() -> dict[str, dict]:
    limit = {"limit_price": 10**9, "allow_partial": False}
    move = {"origin_hotkey": HOTKEY, "destination_hotkey": BOB, "origin_netuid": 1, "destination_netuid": 2, "alpha_amount": 5}
    transfer = {"destination_coldkey": BOB, "hotkey": HOTKEY, "origin_netuid": 1, "destination_netuid": 2, "alpha_amount": 5}
    swap = {"hotkey": HOTKEY, "origin_netuid": 1, "destination_netuid": 2, "alpha_amount": 5}
    return {
        "balances.transfer_keep_alive": {"dest": BOB, "value": 1}, "balances.transfer_allow_death": {"dest": BOB, "value": 1},
        "utility.batch": {"calls": [{"call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1}}]},
        "utility.batch_all": {"calls": [{"call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1}}]},
        "utility.force_batch": {"calls": [{"call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1}}]},
        "balances.transfer_all": {"dest": BOB, "keep_alive": True}, "balances.force_set_balance": {"who": BOB, "new_free": 9},
        "subtensor.set_root_claim_type": {"new_root_claim_type": "Swap"}, "subtensor.claim_root": {"subnets": [2, 1]},
        "subtensor.add_stake": {"hotkey": HOTKEY, "netuid": 1, "amount_staked": 10**9},
        "subtensor.add_stake_limit": {"hotkey": HOTKEY, "netuid": 1, "amount_staked": 10**9, **limit},
        "subtensor.remove_stake": {"hotkey": HOTKEY, "netuid": 1, "amount_unstaked": 5},
        "subtensor.remove_stake_limit": {"hotkey": HOTKEY, "netuid": 1, "amount_unstaked": 5, **limit},
        "subtensor.move_stake": move, "subtensor.move_stake_limit": {**move, **limit},
        "subtensor.transfer_stake": transfer, "subtensor.transfer_stake_limit": {**transfer, **limit},
        "subtensor.swap_stake": swap, "subtensor.swap_stake_limit": {**swap, **limit},
        "subtensor.register_network": {"hotkey": HOTKEY, "subnet_name": "", "symbol": ""},
        "subtensor.register_network_with_identity": {"hotkey": HOTKEY, "symbol": "", "subnet_name": "a", "github_repo": "",
                                                     "subnet_contact": "", "subnet_url": "", "discord": "",
                                                     "description": "", "logo_url": "l", "additional": ""},
        "subtensor.start_call": {"netuid": 2}, "subtensor.burned_register": {"netuid": 1, "hotkey": HOTKEY, "max_burn": 0},
        "subtensor.serve_axon": {"netuid": 1, "hotkey": HOTKEY, "ip": "10.0.0.1", "port": 8091, "ip_type": 4, "protocol": 4},
        "admin_utils.set_hyperparameter": {"netuid": 1, "parameter": "kappa", "value": 100},
        "admin_utils.set_chain_setting": {"setting": "network_rate_limit", "value": 100},
        "admin_utils.set_mechanism_count": {"netuid": 1, "mechanism_count": 2},
        "admin_utils.set_mechanism_emission_split": {"netuid": 1, "maybe_split": [16383, 49152]},
        "subtensor.set_mechanism_weights": {"netuid": 1, "mecid": 1, "dests": [0, 1], "weights": [1, 65535],
                                            "version_key": 0},
        "subtensor.commit_mechanism_weights": {"netuid": 1, "mecid": 1, "commit_hash": "0x" + "cd" * 32},
        "subtensor.reveal_mechanism_weights": {"netuid": 1, "mecid": 1, "uids": [0], "values": [65535], "salt": [1],
                                               "version_key": 0},
        "sudo.sudo": {"call": {"call": "balances.force_set_balance", "args": {"who": BOB, "new_free": 9}}},
        "sudo.set_key": {"new": BOB},
        "subtensor.increase_take": {"hotkey": HOTKEY, "take": 100}, "subtensor.decrease_take": {"hotkey": HOTKEY, "take": 100},
        "subtensor.set_weights": {"netuid": 1, "dests": [0], "weights": [1]},
        "subtensor.commit_weights": {"netuid": 1, "commit_hash": "0x" + "ab" * 32},
        "subtensor.reveal_weights": {"netuid": 1, "uids": [0], "values": [1], "salt": [7]},
        "subtensor.set_identity": {"name": "A", "url": "", "github_repo": "", "image": "", "discord": "", "description": "",
                                   "additional": ""},
        "subtensor.set_subnet_identity": {"netuid": 1, "subnet_name": "a", "github_repo": "", "subnet_contact": "",
                                          "subnet_url": "", "discord": "", "description": "", "logo_url": "",
                                          "additional": ""},
        "subtensor.update_symbol": {"netuid": 1, "symbol": "シ"},
        "subtensor.try_associate_hotkey": {"hotkey": HOTKEY},
        "subtensor.swap_hotkey": {"hotkey": HOTKEY, "new_hotkey": BOB, "netuid": None},
        "subtensor.announce_coldkey_swap": {"new_coldkey_hash": "0x" + "cd" * 32},
        "subtensor.swap_coldkey_announced": {"new_coldkey": BOB}, "subtensor.clear_coldkey_swap_announcement": {},
        "subtensor.dispute_coldkey_swap": {}, "subtensor.reset_coldkey_swap": {"coldkey": BOB},
        "subtensor.swap_coldkey": {"old_coldkey": HOTKEY, "new_coldkey": BOB, "swap_cost": 0},
        "subtensor.trigger_epoch": {"netuid": 1},
        "admin_utils.trim_to_max_allowed_uids": {"netuid": 1, "max_n": 64},
        "admin_utils.set_alpha_values": {"netuid": 1, "alpha_low": 2000, "alpha_high": 60000},
        "admin_utils.set_sn_owner_hotkey": {"netuid": 1, "hotkey": HOTKEY},
        "subtensor.add_stake_burn": {"hotkey": HOTKEY, "netuid": 1, "amount": 10**9, "limit": None},
        "subtensor.set_coldkey_auto_stake_hotkey": {"netuid": 1, "hotkey": HOTKEY},
        "subtensor.unstake_all": {"hotkey": HOTKEY},
        "subtensor.unstake_all_alpha": {"hotkey": HOTKEY},
        "subtensor.set_children": {"hotkey": HOTKEY, "netuid": 1, "children": [[2**63, BOB]]},
        "subtensor.set_childkey_take": {"hotkey": HOTKEY, "netuid": 1, "take": 100},
        "proxy.add_proxy": {"delegate": BOB, "proxy_type": "Staking", "delay": 0},
        "proxy.remove_proxy": {"delegate": BOB, "proxy_type": "Staking", "delay": 0},
        "proxy.remove_proxies": {}, "proxy.create_pure": {"proxy_type": "Any", "delay": 0, "index": 0},
        "proxy.kill_pure": {"spawner": BOB, "proxy_type": "Any", "index": 0, "height": 5, "ext_index": 1},
        "proxy.proxy": {"real": ALICE, "force_proxy_type": "Transfer",
                        "call": {"call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1}}},
        "proxy.announce": {"real": ALICE, "call_hash": "0x" + "ab" * 32},
        "proxy.remove_announcement": {"real": ALICE, "call_hash": "0x" + "ab" * 32},
        "proxy.reject_announcement": {"delegate": BOB, "call_hash": "0x" + "ab" * 32},
        "proxy.proxy_announced": {"delegate": BOB, "real": ALICE, "force_proxy_type": None,
                                  "call": {"call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1}}},
    }


def test_the_proxy_call_gives_the_golden_bytes(runtime):
    entry = next(e for e in vectors.golden()["calls"] if e["function"] == "proxy")
    data = calls.call_bytes(runtime, "proxy.proxy", {"real": ALICE, "force_proxy_type": "Transfer", "call": {
        "call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1}}})
    assert "0x" + data.hex() == entry["data_hex"]


def test_the_limit_calls_keep_their_limit(runtime):
    call = calls.to_pallet_call(runtime, "subtensor.add_stake_limit",
                                {"hotkey": HOTKEY, "netuid": 1, "amount_staked": 10**9, "limit_price": 1_234})
    assert call == PalletCall("SubtensorModule", "add_stake_limit", {"hotkey": HOTKEY, "netuid": 1, "amount_staked": 10**9,
                                                                      "limit_price": 1_234, "allow_partial": False})
    data = calls.call_bytes(runtime, "subtensor.remove_stake_limit", {"hotkey": HOTKEY, "netuid": 3, "amount_unstaked": 5,
                                                                      "limit_price": 7, "allow_partial": True})
    assert data.endswith((3).to_bytes(2, "little") + (5).to_bytes(8, "little") + (7).to_bytes(8, "little") + b"\x01")


def test_register_with_a_burn_limit_uses_register_limit(runtime, finney343):
    call = calls.to_pallet_call(runtime, "subtensor.burned_register", {"netuid": 1, "hotkey": HOTKEY, "max_burn": 5 * 10**8})
    assert call == PalletCall("SubtensorModule", "register_limit", {"netuid": 1, "hotkey": HOTKEY, "limit_price": 5 * 10**8})
    # spec 343 (finney's recordings) has no register_limit: the limit is refused, never dropped silently
    with pytest.raises(ClientError, match="no price-limited registration"):
        calls.to_pallet_call(finney343, "subtensor.burned_register", {"netuid": 1, "hotkey": HOTKEY, "max_burn": 1})
    assert calls.to_pallet_call(finney343, "subtensor.burned_register", {"netuid": 1, "hotkey": HOTKEY}).function == "burned_register"


def test_transfer_stake_limit_only_within_one_subnet(runtime):
    same = calls.to_pallet_call(runtime, "subtensor.transfer_stake_limit",
                                {"destination_coldkey": BOB, "hotkey": HOTKEY, "origin_netuid": 2, "destination_netuid": 2,
                                 "alpha_amount": 5, "limit_price": 1})
    assert (same.function, "limit_price" in same.params) == ("transfer_stake", False)
    with pytest.raises(ClientError, match="no price-limited stake transfer between subnets"):
        calls.to_pallet_call(runtime, "subtensor.transfer_stake_limit",
                             {"destination_coldkey": BOB, "hotkey": HOTKEY, "origin_netuid": 1, "destination_netuid": 2,
                              "alpha_amount": 5, "limit_price": 1})


def test_serve_axon_sends_the_ip_as_an_integer(runtime):
    call = calls.to_pallet_call(runtime, "subtensor.serve_axon",
                                {"netuid": 1, "hotkey": HOTKEY, "ip": "192.168.1.20", "port": 8091, "ip_type": 4, "protocol": 4})
    assert call.params == {"netuid": 1, "version": 0, "ip": 0xC0A80114, "port": 8091, "ip_type": 4, "protocol": 4,
                           "placeholder1": 0, "placeholder2": 0}
    v6 = calls.to_pallet_call(runtime, "subtensor.serve_axon", {"netuid": 1, "hotkey": HOTKEY, "ip": "2001:db8::1", "port": 1})
    assert (v6.params["ip"], v6.params["ip_type"]) == (0x20010DB8000000000000000000000001, 6)
    for bad, why in (({"ip": "not-an-ip"}, "not an IPv4 or IPv6"), ({"ip": "::1", "ip_type": 4}, "IPv6 address")):
        with pytest.raises(ClientError, match=why):
            calls.to_pallet_call(runtime, "subtensor.serve_axon", {"netuid": 1, "hotkey": HOTKEY, "port": 1, **bad})


def test_register_network_with_a_name_sends_the_identity(runtime):
    call = calls.to_pallet_call(runtime, "subtensor.register_network", {"hotkey": HOTKEY, "subnet_name": "apex", "symbol": ""})
    assert call.function == "register_network_with_identity" and call.params["identity"]["subnet_name"] == b"apex"
    assert call.params["identity"]["logo_url"] == b""
    full = calls.to_pallet_call(runtime, "subtensor.register_network_with_identity",
                                {"hotkey": HOTKEY, "subnet_name": "apex", "github_repo": "0xnot-hex", "logo_url": "ü"})
    assert full.params == {"hotkey": HOTKEY, "identity": {
        "subnet_name": b"apex", "github_repo": b"0xnot-hex", "subnet_contact": b"", "subnet_url": b"", "discord": b"",
        "description": b"", "logo_url": "ü".encode(), "additional": b""}}
    assert calls.call_bytes(runtime, "subtensor.register_network_with_identity", {"hotkey": HOTKEY, "subnet_name": "apex"})
    assert calls.call_bytes(runtime, "subtensor.register_network", {"hotkey": HOTKEY, "subnet_name": "apex"})
    with pytest.raises(ClientError, match="without --symbol"):
        calls.to_pallet_call(runtime, "subtensor.register_network", {"hotkey": HOTKEY, "subnet_name": "", "symbol": "Ω"})


def test_hyperparameters_use_the_real_setters(runtime):
    def setter(parameter, value, root=False):
        call = calls.to_pallet_call(runtime, "admin_utils.set_hyperparameter",
                                    {"netuid": 3, "parameter": parameter, "value": value}, root=root)
        return call.pallet, call.function, call.params

    assert setter("kappa", 100) == ("AdminUtils", "sudo_set_kappa", {"netuid": 3, "kappa": 100})
    assert setter("max_validators", "64") == ("AdminUtils", "sudo_set_max_allowed_validators",
                                              {"netuid": 3, "max_allowed_validators": 64})
    assert setter("commit_reveal_period", 2) == ("AdminUtils", "sudo_set_commit_reveal_weights_interval",
                                                 {"netuid": 3, "interval": 2})
    assert setter("commit_reveal_weights_enabled", "false")[2] == {"netuid": 3, "enabled": False}
    assert setter("tempo", 400) == ("SubtensorModule", "set_tempo", {"netuid": 3, "tempo": 400})  # the owner's call
    assert setter("tempo", 400, root=True) == ("AdminUtils", "sudo_set_tempo", {"netuid": 3, "tempo": 400})
    # FixedU128<U64>: 1.26 as U64F64 bits, as taonet's node stores it
    bits = setter("burn_increase_mult", "1.26")[2]["burn_increase_mult"]["bits"]
    assert bits == round(Fraction("1.26") * 2**64) == hp.validate("burn_increase_mult", "1.26")
    assert setter("alpha_sigmoid_steepness", -5)[2] == {"netuid": 3, "steepness": -5}
    for parameter, value, why in (("max_weights_limit", 5, "has no sudo_set_max_weight_limit call"),
                                  ("no_such_thing", 5, "unknown hyperparameter"),
                                  ("kappa", 70_000, "does not fit"), ("kappa", "1.5", "whole number"),
                                  ("liquid_alpha_enabled", "maybe", "true or false"),
                                  ("alpha_low", 5, "set together")):
        with pytest.raises(ClientError, match=why):
            calls.call_bytes(runtime, "admin_utils.set_hyperparameter", {"netuid": 3, "parameter": parameter, "value": value})


def test_sudo_wraps_the_root_variant(runtime):
    inner = {"call": "admin_utils.set_hyperparameter", "args": {"netuid": 1, "parameter": "tempo", "value": 400}}
    call = calls.to_pallet_call(runtime, "sudo.sudo", {"call": inner})
    assert call == PalletCall("Sudo", "sudo", {"call": PalletCall("AdminUtils", "sudo_set_tempo", {"netuid": 1, "tempo": 400})})
    wrapped = calls.call_bytes(runtime, "sudo.sudo", {"call": inner})
    plain = bytes(calls.compose(runtime, call.params["call"]).data.data)
    assert wrapped[2:] == plain and wrapped[:2] == bytes.fromhex("0c00")  # Sudo pallet 12, call 0
    setting = calls.to_pallet_call(runtime, "sudo.sudo", {"call": {"call": "admin_utils.set_chain_setting",
                                                                   "args": {"setting": "subnet_limit", "value": 64}}})
    assert setting.params["call"] == PalletCall("AdminUtils", "sudo_set_subnet_limit", {"max_subnets": 64})
    with pytest.raises(ClientError, match="cannot wrap another sudo.sudo"):
        calls.to_pallet_call(runtime, "sudo.sudo", {"call": {"call": "sudo.sudo", "args": {}}})


def test_calls_the_chain_lacks_say_so_in_one_line(runtime, finney343):
    with pytest.raises(ClientError, match=r"^subtensor.set_root_claim_type: the subtensor runtime \(spec 461\) has no"):
        calls.call_bytes(runtime, "subtensor.set_root_claim_type", {"new_root_claim_type": "Keep"})
    keep = {"new_root_claim_type": {"KeepSubnets": {"subnets": [1, 2]}}}
    assert calls.to_pallet_call(finney343, "subtensor.set_root_claim_type", keep).function == "set_root_claim_type"
    assert calls.call_bytes(finney343, "subtensor.set_root_claim_type", {"new_root_claim_type": "Keep"})[2:] == b"\x01"
    with pytest.raises(ClientError, match="KeepSubnets"):  # spec 343 knows only Swap and Keep
        calls.call_bytes(finney343, "subtensor.set_root_claim_type", keep)
    with pytest.raises(ClientError, match="taonet-only call"):
        calls.call_bytes(runtime, "node.anything", {})
    with pytest.raises(ClientError, match="missing argument 'netuid'"):
        calls.call_bytes(runtime, "subtensor.add_stake", {"hotkey": HOTKEY, "amount_staked": 1})
    with pytest.raises(ClientError, match="does not fit"):
        calls.call_bytes(runtime, "balances.transfer_keep_alive", {"dest": "not-an-address", "value": 1})
    with pytest.raises(ClientError, match="no setter taonet knows"):
        calls.call_bytes(runtime, "admin_utils.set_chain_setting", {"setting": "tao_weight", "value": 1})


def test_commit_hash_is_blake2_of_the_scale_tuple(runtime):
    """subtensor's get_commit_hash: BlakeTwo256 of (hotkey, netuid u16, uids, values, salt Vec<u16>, version_key u64)."""
    def vec_u16(items):
        return bytes([len(items) << 2]) + b"".join(i.to_bytes(2, "little") for i in items)

    expected = blake2b(ss58.decode(ALICE, None) + (7).to_bytes(2, "little") + vec_u16([0, 1]) + vec_u16([10, 20])
                       + vec_u16([1, 2, 3]) + (9).to_bytes(8, "little"), digest_size=32).hexdigest()
    assert calls.weights_commit_hash(runtime, ALICE, 7, [0, 1], [10, 20], [1, 2, 3], 9) == "0x" + expected


def test_a_neutral_batch_gives_the_golden_batch(runtime):
    entry = next(e for e in vectors.golden()["calls"] if e["function"] == "batch")
    inner = {"transfer 1 to bob": {"dest": BOB, "value": 1}, "transfer 2 to charlie": {"dest": CHARLIE, "value": 2}}
    neutral = {"calls": [{"call": "balances.transfer_keep_alive", "args": inner[text]} for text in entry["params"]["calls"]]}
    assert "0x" + calls.call_bytes(runtime, "utility.batch", neutral).hex() == entry["data_hex"]
