"""The real runtime's calls applied by taonet (node.substrate.calls_map): sudo hyperparameters,
registration, serve_axon, and commit-reveal with the real SDK's SCALE commit hash."""
from __future__ import annotations

import pytest

from node.builder import ChainBuilder, address_of, dev_key
from node.substrate import ingest
from node.substrate.calls_map import Unsupported, _hyper_value, to_neutral
from tests.economics.conftest import Econ, economy_spec
from tests.node.substrate.test_ingest import TAO, runtime, scale  # noqa: F401  (the runtime fixture)


def apply(b, runtime, who, call=None, args=None, pallet_call=None):
    """Submit one SCALE extrinsic, make a block, return its taonet events (names -> data)."""
    ext = ingest.submit(b.chain, scale(runtime, b.chain, who, call, args, pallet_call=pallet_call))
    b.block()
    index = [e.hash for e in b.last.included].index(ext.hash)
    result = b.last.results[index]
    assert result.success, (result.error, result.message)
    return {n: d for x, n, d in b.last.events if x == index}


def test_commit_reveal_with_the_real_sdk_hash(tmp_path, runtime):
    from client.subtensor.calls import PalletCall, weights_commit_hash

    b = ChainBuilder(tmp_path / "chain", economy_spec())
    try:
        netuid = Econ(b).new_subnet("alice", "owner1")
        for function, value in (("sudo_set_tempo", {"tempo": 10}), ("sudo_set_weights_set_rate_limit",
                                                                     {"weights_set_rate_limit": 0})):
            setter = PalletCall("AdminUtils", function, {"netuid": netuid, **value})
            events = apply(b, runtime, "alice", pallet_call=PalletCall("Sudo", "sudo", {"call": setter}))
            assert events["sudo.Sudid"]["success"], events
        from node.runtime import economy as eco

        assert eco.param(b.chain.state, netuid, "tempo") == 10
        events = apply(b, runtime, "charlie", "subtensor.burned_register", {"netuid": netuid, "hotkey": address_of("m1")})
        miner = events["subtensor.NeuronRegistered"]["uid"]
        hotkey = address_of("owner1")
        uids, values, salt = [miner], [65535], [4, 5, 6]
        digest = weights_commit_hash(runtime, hotkey, netuid, uids, values, salt, 0)  # what the real SDK commits
        apply(b, runtime, "owner1", "subtensor.commit_weights", {"netuid": netuid, "commit_hash": digest})
        epochs = eco.subnet(b.chain.state, netuid).epoch_count
        while eco.subnet(b.chain.state, netuid).epoch_count == epochs:
            b.block()
        events = apply(b, runtime, "owner1", "subtensor.reveal_weights",
                       {"netuid": netuid, "uids": uids, "values": values, "salt": salt, "version_key": 0})
        assert events["subtensor.WeightsRevealed"]["commit_hash"] == digest
    finally:
        b.close()


def test_serve_axon_register_limit_and_transfer_all(tmp_path, runtime):
    from client.subtensor.calls import PalletCall

    b = ChainBuilder(tmp_path / "chain", economy_spec())
    try:
        netuid = Econ(b).new_subnet("alice", "owner1")
        limit = PalletCall("SubtensorModule", "register_limit",
                           {"netuid": netuid, "hotkey": address_of("m1"), "limit_price": 1000 * TAO})
        assert "subtensor.NeuronRegistered" in apply(b, runtime, "charlie", pallet_call=limit)
        assert b.free("m1") == 0  # serve_axon is free (Pays::No): a hotkey with no TAO serves
        serve = {"netuid": netuid, "hotkey": address_of("m1"), "ip": "10.1.2.3", "port": 8091}
        assert ingest.fee_of(b.chain, scale(runtime, b.chain, "m1", "subtensor.serve_axon", serve)) == 0  # query_info's
        events = apply(b, runtime, "m1", "subtensor.serve_axon", {"netuid": netuid, "hotkey": address_of("m1"),
                                                                  "ip": "10.1.2.3", "port": 8091})
        served = next(d for n, d in events.items() if "Axon" in n)
        assert served["ip"] == "10.1.2.3" and served["port"] == 8091
        apply(b, runtime, "ferdie", "balances.transfer_all", {"dest": address_of("eve"), "keep_alive": False})
        assert b.free("ferdie") == 0
    finally:
        b.close()


def test_timelocked_weights_commits_are_refused_saying_what_works():
    """What the 10.5 SDK's set_weights sends on a commit-reveal subnet (drand timelock) is refused by
    name, with the two ways to weights that work on taonet."""
    from node.substrate.calls_map import TIMELOCKED

    signer = dev_key("bob").ss58_address
    for function in TIMELOCKED:
        with pytest.raises(Unsupported) as info:
            to_neutral("SubtensorModule", function, {"netuid": 3, "mecid": 0, "commit": "0x00", "reveal_round": 1,
                                                     "commit_reveal_version": 4}, signer)
        message = str(info.value)
        assert message.startswith(f"SubtensorModule.{function} is not supported by taonet: a timelocked (drand)")
        assert "`btcli sudo set --netuid 3 --param commit_reveal_weights_enabled --value false`" in message
        assert "commit_weights and reveal_weights" in message


def test_mapping_edges():
    signer = dev_key("bob").ss58_address
    assert to_neutral("SubtensorModule", "set_mechanism_weights",
                      {"netuid": 1, "mecid": 0, "dests": [0], "weights": [1], "version_key": 0}, signer) == \
        ("subtensor.set_weights", {"netuid": 1, "dests": [0], "weights": [1], "version_key": 0})
    assert to_neutral("SubtensorModule", "set_mechanism_weights",
                      {"netuid": 1, "mecid": 1, "dests": [0], "weights": [1], "version_key": 0}, signer) == \
        ("subtensor.set_mechanism_weights", {"netuid": 1, "mecid": 1, "dests": [0], "weights": [1], "version_key": 0})
    assert to_neutral("AdminUtils", "sudo_set_mechanism_emission_split", {"netuid": 1, "maybe_split": None}, signer) == \
        ("admin_utils.set_mechanism_emission_split", {"netuid": 1, "maybe_split": None})
    with pytest.raises(Unsupported, match="^Utility.as_derivative is not supported by taonet$"):
        to_neutral("Utility", "as_derivative", {"index": 0, "call": {}}, signer)
    with pytest.raises(Unsupported, match="only MultiAddress::Id"):
        to_neutral("Balances", "transfer_keep_alive", {"dest": {"Index": 3}, "value": 1}, signer)
    axon = to_neutral("SubtensorModule", "serve_axon", {"netuid": 2, "version": 9, "ip": 2**128 - 1, "port": 1,
                                                        "ip_type": 6, "protocol": 4, "placeholder1": 0,
                                                        "placeholder2": 0}, signer)
    assert axon == ("subtensor.serve_axon", {"netuid": 2, "hotkey": signer, "ip": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                                             "port": 1, "ip_type": 6, "protocol": 4})
    with pytest.raises(Unsupported, match="not an IPv4 address"):
        to_neutral("SubtensorModule", "serve_axon", {"netuid": 2, "ip": 2**40, "port": 1, "ip_type": 4}, signer)
    assert to_neutral("AdminUtils", "sudo_set_subnet_limit", {"max_subnets": 9}, signer) == \
        ("admin_utils.set_chain_setting", {"setting": "subnet_limit", "value": 9})


def test_a_fixed_point_hyperparameter_keeps_its_bits():
    from consensus import params as hp

    for bits in (round(1.26 * 2**64), 2**64, 2**64 + 1, 3 * 2**64 - 1):
        text = _hyper_value("burn_increase_mult", {"bits": bits})
        assert hp.validate("burn_increase_mult", text) == bits
    assert to_neutral("AdminUtils", "sudo_set_burn_increase_mult", {"netuid": 3, "burn_increase_mult": {"bits": 2**64}},
                      "x") == ("admin_utils.set_hyperparameter",
                               {"netuid": 3, "parameter": "burn_increase_mult", "value": "1"})


@pytest.mark.parametrize("function", ["batch", "batch_all", "force_batch"])
def test_utility_batches(tmp_path, runtime, function):
    """transfer · a safe stake below the price (fails) · transfer, as the real pallet_utility runs them."""
    from client.subtensor.calls import PalletCall

    b = ChainBuilder(tmp_path / "chain", economy_spec())
    try:
        netuid = Econ(b).new_subnet("alice", "owner1")
        transfer = PalletCall("Balances", "transfer_keep_alive", {"dest": address_of("dave"), "value": TAO}).value()
        slipping = PalletCall("SubtensorModule", "add_stake_limit", {
            "hotkey": address_of("owner1"), "netuid": netuid, "amount_staked": TAO, "limit_price": 1,
            "allow_partial": False}).value()
        before = b.free("dave")
        call = PalletCall("Utility", function, {"calls": [transfer, slipping, transfer]})
        ext = ingest.submit(b.chain, scale(runtime, b.chain, "bob", None, None, pallet_call=call))
        b.block()
        result = b.last.results[[e.hash for e in b.last.included].index(ext.hash)]
        names = [(n, d) for _, n, d in b.last.events if n.startswith("utility.")]
        if function == "batch":
            assert result.success and b.free("dave") == before + TAO
            assert names[-1] == ("utility.BatchInterrupted", {"index": 1, "error": "subtensor.SlippageTooHigh",
                                                              "message": names[-1][1]["message"]})
        elif function == "batch_all":
            assert (result.success, result.error) == (False, "subtensor.SlippageTooHigh")
            assert b.free("dave") == before and names == []
        else:
            assert result.success and b.free("dave") == before + 2 * TAO
            assert [n for n, _ in names] == ["utility.ItemCompleted", "utility.ItemFailed", "utility.ItemCompleted",
                                             "utility.BatchCompletedWithErrors"]
        b.chain.close()
        from node.replay import verify

        assert verify(tmp_path / "chain").ok
    finally:
        b.close()


def test_a_batch_may_not_hold_a_batch(tmp_path):
    from node.runtime import check_args
    from node.runtime.types import ArgumentError

    inner = {"call": "utility.batch", "args": {"calls": []}}
    with pytest.raises(ArgumentError, match="cannot hold another batch"):
        check_args("utility.batch_all", {"calls": [inner]})
    with pytest.raises(ArgumentError, match="at most 1024"):
        check_args("utility.batch", {"calls": [{"call": "subtensor.start_call", "args": {"netuid": 1}}] * 1025})


def test_batch_events_are_the_real_pallet_s(tmp_path, runtime):
    """System.Events of a batch interrupted by SlippageTooHigh: Utility.BatchInterrupted with the
    Module error, the batch extrinsic itself a success (encodable with the runtime's metadata)."""
    from client.subtensor.calls import PalletCall
    from node.substrate.codec import codec
    from node.substrate.events import records

    b = ChainBuilder(tmp_path / "chain", economy_spec())
    try:
        netuid = Econ(b).new_subnet("alice", "owner1")
        slipping = PalletCall("SubtensorModule", "add_stake_limit", {
            "hotkey": address_of("owner1"), "netuid": netuid, "amount_staked": TAO, "limit_price": 1,
            "allow_partial": False}).value()
        transfer = PalletCall("Balances", "transfer_keep_alive", {"dest": address_of("dave"), "value": TAO}).value()
        call = PalletCall("Utility", "batch", {"calls": [transfer, slipping]})
        ingest.submit(b.chain, scale(runtime, b.chain, "bob", None, None, pallet_call=call))
        b.block()
        found = records(b.chain, b.chain.head.number)
        names = [r.name for r in found if r.phase == 0]
        assert names[-3:] == ["Utility.BatchInterrupted", "TransactionPayment.TransactionFeePaid", "System.ExtrinsicSuccess"]
        assert "Utility.ItemCompleted" in names
        interrupted = next(r for r in found if r.name == "Utility.BatchInterrupted")
        index, error = codec().module_error("SubtensorModule", "SlippageTooHigh")
        assert interrupted.fields["index"] == 1 and interrupted.fields["error"]["Module"]["index"] == index
        decoded = codec().decode_events(codec().encode_events(found))
        assert [r.name for r in decoded] == [r.name for r in found]
    finally:
        b.close()


HOTKEY = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
SWAP_TO = "5G6Fyo6U2fDhJXDJGp4Dr6XViVCdPcryiyLBDsusguSRcYvJ"  # a new key for the swap calls
NEUTRAL = [
    ("balances.transfer_keep_alive", {"dest": HOTKEY, "value": 5}),
    ("balances.transfer_all", {"dest": HOTKEY, "keep_alive": True}),
    ("subtensor.add_stake", {"hotkey": HOTKEY, "netuid": 2, "amount_staked": 7}),
    ("subtensor.remove_stake_limit", {"hotkey": HOTKEY, "netuid": 2, "amount_unstaked": 7, "limit_price": 9,
                                      "allow_partial": True}),
    ("subtensor.move_stake", {"origin_hotkey": HOTKEY, "destination_hotkey": HOTKEY, "origin_netuid": 1,
                              "destination_netuid": 2, "alpha_amount": 3}),
    ("subtensor.transfer_stake", {"destination_coldkey": HOTKEY, "hotkey": HOTKEY, "origin_netuid": 1,
                                  "destination_netuid": 1, "alpha_amount": 3}),
    ("subtensor.swap_stake_limit", {"hotkey": HOTKEY, "origin_netuid": 1, "destination_netuid": 2, "alpha_amount": 3,
                                    "limit_price": 4, "allow_partial": False}),
    ("subtensor.start_call", {"netuid": 3}),
    ("subtensor.burned_register", {"netuid": 3, "hotkey": HOTKEY, "max_burn": 10**9}),
    ("subtensor.register_network", {"hotkey": HOTKEY}),
    ("subtensor.register_network_with_identity", {"hotkey": HOTKEY, "subnet_name": "alpha", "github_repo": "0xnot-hex",
                                                  "subnet_contact": "a@b.c", "subnet_url": "u", "discord": "d",
                                                  "description": "ünï", "logo_url": "l", "additional": "x"}),
    ("subtensor.commit_weights", {"netuid": 3, "commit_hash": "0x" + "ab" * 32}),
    ("subtensor.reveal_weights", {"netuid": 3, "uids": [0, 2], "values": [9, 8], "salt": [1], "version_key": 4}),
    ("subtensor.increase_take", {"hotkey": HOTKEY, "take": 1000}),
    ("subtensor.decrease_take", {"hotkey": HOTKEY, "take": 10}),
    ("subtensor.claim_root", {"subnets": [1, 3]}),
    ("subtensor.set_identity", {"name": "Alice", "url": "0xnot-hex", "github_repo": "", "image": "", "discord": "a#1",
                                "description": "ünï", "additional": ""}),
    ("subtensor.set_subnet_identity", {"netuid": 3, "subnet_name": "apple", "github_repo": "", "subnet_contact": "",
                                       "subnet_url": "", "discord": "", "description": "", "logo_url": "l",
                                       "additional": ""}),
    ("subtensor.update_symbol", {"netuid": 3, "symbol": "シ"}),
    ("subtensor.try_associate_hotkey", {"hotkey": HOTKEY}),
    ("subtensor.swap_hotkey", {"hotkey": HOTKEY, "new_hotkey": SWAP_TO, "netuid": None}),
    ("subtensor.swap_hotkey", {"hotkey": HOTKEY, "new_hotkey": SWAP_TO, "netuid": 3}),
    ("subtensor.announce_coldkey_swap", {"new_coldkey_hash": "0x" + "cd" * 32}),
    ("subtensor.swap_coldkey_announced", {"new_coldkey": SWAP_TO}),
    ("subtensor.clear_coldkey_swap_announcement", {}),
    ("subtensor.dispute_coldkey_swap", {}),
    ("subtensor.trigger_epoch", {"netuid": 2}),
    ("admin_utils.trim_to_max_allowed_uids", {"netuid": 2, "max_n": 64}),
    ("admin_utils.set_alpha_values", {"netuid": 2, "alpha_low": 2000, "alpha_high": 60000}),
    ("admin_utils.set_sn_owner_hotkey", {"netuid": 2, "hotkey": HOTKEY}),
    ("subtensor.add_stake_burn", {"hotkey": HOTKEY, "netuid": 2, "amount": 10**9, "limit": None}),
    ("subtensor.add_stake_burn", {"hotkey": HOTKEY, "netuid": 2, "amount": 10**9, "limit": 2 * 10**9}),
    ("sudo.sudo", {"call": {"call": "admin_utils.set_hyperparameter",
                            "args": {"netuid": 3, "parameter": "recycle_or_burn", "value": "Burn"}}}),
    ("admin_utils.set_hyperparameter", {"netuid": 3, "parameter": "min_childkey_take", "value": 100}),
    ("admin_utils.set_hyperparameter", {"netuid": 3, "parameter": "owner_cut_enabled", "value": False}),
    ("sudo.sudo", {"call": {"call": "admin_utils.trim_to_max_allowed_uids", "args": {"netuid": 2, "max_n": 70}}}),
    ("subtensor.set_coldkey_auto_stake_hotkey", {"netuid": 3, "hotkey": HOTKEY}),
    ("subtensor.unstake_all", {"hotkey": HOTKEY}),
    ("subtensor.unstake_all_alpha", {"hotkey": HOTKEY}),
    ("proxy.add_proxy", {"delegate": HOTKEY, "proxy_type": "Staking", "delay": 0}),
    ("proxy.remove_proxy", {"delegate": HOTKEY, "proxy_type": "Transfer", "delay": 3}),
    ("proxy.remove_proxies", {}),
    ("proxy.create_pure", {"proxy_type": "Any", "delay": 0, "index": 1}),
    ("proxy.kill_pure", {"spawner": HOTKEY, "proxy_type": "Any", "index": 0, "height": 12, "ext_index": 1}),
    ("proxy.proxy", {"real": HOTKEY, "force_proxy_type": None,
                     "call": {"call": "subtensor.add_stake", "args": {"hotkey": HOTKEY, "netuid": 2, "amount_staked": 7}}}),
    ("proxy.proxy", {"real": HOTKEY, "force_proxy_type": "Transfer",
                     "call": {"call": "balances.transfer_keep_alive", "args": {"dest": HOTKEY, "value": 5}}}),
    ("sudo.sudo", {"call": {"call": "admin_utils.set_chain_setting", "args": {"setting": "start_call_delay", "value": 9}}}),
    ("sudo.sudo", {"call": {"call": "admin_utils.set_chain_setting",
                            "args": {"setting": "coldkey_swap_announcement_delay", "value": 9}}}),
    ("sudo.sudo", {"call": {"call": "admin_utils.set_chain_setting", "args": {"setting": "tx_rate_limit", "value": 0}}}),
    ("sudo.sudo", {"call": {"call": "admin_utils.set_hyperparameter",
                            "args": {"netuid": 3, "parameter": "burn_increase_mult", "value": "1.25"}}}),
    ("sudo.sudo", {"call": {"call": "admin_utils.set_chain_setting", "args": {"setting": "stake_threshold", "value": 7}}}),
]


@pytest.mark.parametrize("name,args", NEUTRAL, ids=[f"{n}-{i}" for i, (n, _) in enumerate(NEUTRAL)])
def test_calls_map_inverts_the_client_s_mapping(runtime, name, args):
    """taonet's client maps a neutral call to the real one (client/subtensor/calls.py); the node maps
    the real one back to the same neutral call, which taonet's runtime accepts."""
    from client.subtensor.calls import call_bytes
    from node.runtime import check_args
    from node.substrate.codec import codec

    decoded = codec().decode_call(call_bytes(runtime, name, args))
    back = to_neutral(decoded["call_module"], decoded["call_function"], decoded["call_args"], HOTKEY)
    assert check_args(*back) == check_args(name, args)


def test_the_golden_corpus_calls_map_or_are_refused_by_name():
    from node.runtime import check_args
    from node.substrate.codec import codec
    from tests.substrate.vectors import golden

    seen = {}
    for case in golden()["calls"]:
        call = codec().decode_call(bytes.fromhex(case["data_hex"].removeprefix("0x")))
        try:
            check_args(*to_neutral(call["call_module"], call["call_function"], call["call_args"], HOTKEY))
            seen[f"{call['call_module']}.{call['call_function']}"] = "ok"
        except Unsupported as exc:
            seen[f"{call['call_module']}.{call['call_function']}"] = str(exc)
    assert seen["Utility.batch"] == seen["SubtensorModule.set_weights"] == seen["Balances.transfer_keep_alive"] == "ok"
    assert seen["Proxy.proxy"] == "ok"
    assert seen["Sudo.sudo"] == "System.remark is not supported by taonet"  # named: the inner call
