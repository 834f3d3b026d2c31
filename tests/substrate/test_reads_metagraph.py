"""client.subtensor.reads_metagraph (and the subnets summary) against finney netuid 1 at block 6,852,690.

Where a read needs a value the recordings lack, the test supplies it with `node.supply_*` (encoded from
the runtime's own types) and says so; every other value is what the real chain answered.
"""
from __future__ import annotations

import pytest

from client.errors import ClientError
from tests.substrate.replay_node import ReplayNode

HEAD = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0"   # finney block 6,852,690
GOLDEN_HEAD = "0x3c56d5098b9ddbc5a1826fb13af5eae5e599d3c6c9bdb3f9d257905ec2b64e31"
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"


def connect(node, tmp_path):
    from client.subtensor.connection import Substrate

    return Substrate(node.url, cache_dir=tmp_path / "metadata")


def read(conn, method, *params):
    from client.subtensor.reads import read as do_read

    return do_read(conn, method, list(params))


# -- finney: the metagraph of netuid 1 at block 6,852,690 -------------------------------------------
@pytest.fixture(scope="module")
def finney(tmp_path_factory):
    with ReplayNode("metagraph") as node:
        conn = connect(node, tmp_path_factory.mktemp("finney"))
        yield node, conn
        conn.close()


def test_neurons_of_finney_netuid_1_in_one_runtime_call(finney):
    node, conn = finney
    calls = node.count("state_call")
    answer = read(conn, "taonet_neurons", 1)
    assert node.count("state_call") == calls + 1
    assert (answer["head"], answer["netuid"], len(answer["neurons"])) == (6852690, 1, 1024)
    assert [n["uid"] for n in answer["neurons"]] == list(range(1024))
    first, validator = answer["neurons"][0], answer["neurons"][24]
    assert first["hotkey"] == "5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ"
    assert first["coldkey"] == "5EhQWxcFdYAk7B9tNdQnJQFzww5N3964rbsMk55SujcX3PwM"
    assert first["axon"] == {"ip": "192.222.59.109", "port": 6028, "ip_type": 4, "protocol": 4, "block": 6575906}
    assert (first["registered_at"], first["stake"]) == (6575900, 2557172316)
    assert validator["hotkey"] == "5HbScNssaEfioJHXjcXdpyqo1AKnYjymidGF8opcF9rTFZdT"
    assert (validator["stake"], validator["emission"], validator["last_update"]) == (11468722629709, 1404278762, 6852572)


def test_metagraph_of_finney_netuid_1(finney):
    node, conn = finney
    # not in the recordings (the SDK did not ask): supplied here, and checked to come through as given
    node.supply_metagraph_extras(conn)
    mg = read(conn, "taonet_metagraph", 1)
    # what the SDK's own test asserts on this recording (test_subtensor_integration.py: n, netuid, block)
    assert (mg["head"], mg["netuid"], mg["n"]) == (6852690, 1, 1024)
    assert mg["uids"] == list(range(1024)) and len(set(mg["hotkeys"])) == 1024
    assert mg["block_emission"] == 1_000_000_000 and mg["tao_weight"] == pytest.approx(0.18)
    # uid 24 is a validator: its stake is α + τ_w·root as the chain computes total_stake
    assert mg["validator_permit"][24] and mg["active"][24]
    assert (mg["alpha_stake"][24], mg["root_stake"][24], mg["stake"][24]) == (11468722629709, 258711584460575,
                                                                             58036807815746)
    assert (mg["dividends"][24], mg["validator_trust"][24], mg["emission"][24]) == (2244, 65535, 1404278762)
    assert mg["daily_emission"][24] == 1404278762 * 7200 // 99
    assert sum(mg["validator_permit"]) == 12
    # the two runtime calls (get_selective_mechagraph, get_neurons_lite) agree uid by uid
    lite = conn.runtime_call("NeuronInfoRuntimeApi", "get_neurons_lite", [1], HEAD)
    for i, n in enumerate(lite):
        assert (mg["hotkeys"][i], mg["coldkeys"][i], mg["emission"][i], mg["dividends"][i], mg["consensus"][i],
                mg["incentive"][i], mg["last_update"][i], mg["validator_permit"][i]) == \
               (n["hotkey"], n["coldkey"], n["emission"], n["dividends"], n["consensus"], n["incentive"],
                n["last_update"], n["validator_permit"])
    assert mg["stake_weight"] == [None] * 1024 and mg["incentive_alpha"] == [None] * 1024
    pool = mg["pool"]
    assert (pool["netuid"], pool["name"], pool["symbol"], pool["tempo"]) == (1, "Apex", "α", 99)
    assert pool["owner_coldkey"] == "5HCFWvRqzSHWRPecN7q8J6c7aKQnrCZTMHstPv39xL1wgDHh"
    assert (pool["tao_in"], pool["alpha_in"], pool["alpha_out"]) == (22079400556774, 2316467425363654, 924521643526855)
    assert pool["price"] == pytest.approx(0.00953194) and pool["started"] is True
    assert (pool["burn"], pool["neurons"], pool["max_allowed_uids"], pool["registration_allowed"]) == (500000, 1024, 1024, True)
    assert pool["blocks_until_next_epoch"] == 99 - (6852690 + 2) % 100
    assert mg["hyperparameters"]["immunity_period"] == 7200 and mg["hyperparameters"]["kappa"] == 32767


def test_subnets_from_dynamic_info(finney):
    """get_all_dynamic_info is not in the recordings: it is supplied here for netuids 0 and 1, built
    from the recorded metagraph's own values, to check how the read maps the runtime's fields."""
    node, conn = finney
    g = conn.runtime_call("SubnetInfoRuntimeApi", "get_selective_mechagraph", [1, 0, list(range(74))], HEAD)
    shared = ("owner_hotkey", "owner_coldkey", "tempo", "last_step", "blocks_since_last_step", "alpha_in", "alpha_out",
              "tao_in", "alpha_out_emission", "alpha_in_emission", "tao_in_emission", "pending_alpha_emission",
              "pending_root_emission", "subnet_volume", "network_registered_at")
    one = {"netuid": 1, **{k: g[k] for k in shared}, "subnet_name": list(b"Apex"), "token_symbol": list("α".encode()),
           "emission": g["subnet_emission"], "subnet_identity": None, "moving_price": {"bits": g["moving_price"]["bits"]}}
    root = {**one, "netuid": 0, "subnet_name": list(b"root"), "token_symbol": list("Τ".encode()), "tempo": 99}
    node.supply_call(conn, "SubnetInfoRuntimeApi", "get_all_dynamic_info", [], [root, one], HEAD)
    node.supply_storage(conn, "SubtensorModule", "BlockEmission", [], 1_000_000_000, HEAD)
    node.supply_call(conn, "SwapRuntimeApi", "current_alpha_price", [1], 9_531_940, HEAD)
    for name, entries in (("Burn", {1: 500_000}), ("NetworkRegistrationAllowed", {0: False, 1: True}),
                          ("SubnetworkN", {0: 64, 1: 1024}), ("MaxAllowedUids", {0: 64, 1: 1024}),
                          ("SubnetLocked", {1: 0}), ("FirstEmissionBlockNumber", {1: 4_920_351})):
        node.supply_map(conn, "SubtensorModule", name, entries, HEAD)
    answer = read(conn, "taonet_subnets")
    assert answer["head"] == 6852690 and answer["block_emission"] == 1_000_000_000
    zero, sn1 = answer["subnets"]
    assert (zero["netuid"], zero["price"], zero["started"], zero["registration_allowed"]) == (0, 1.0, True, False)
    assert (sn1["netuid"], sn1["name"], sn1["symbol"], sn1["price"]) == (1, "Apex", "α", pytest.approx(0.00953194))
    assert (sn1["tao_in"], sn1["alpha_in"], sn1["neurons"], sn1["burn"]) == (22079400556774, 2316467425363654, 1024, 500000)
    assert (sn1["first_emission_block"], sn1["started"], sn1["last_epoch_block"]) == (4_920_351, True, 6852597)
    assert sn1["ema_price"] == pytest.approx(g["moving_price"]["bits"] / 2**32)
    assert sn1["epoch_count"] is None and sn1["emission_share"] is None


VALIDATOR = "5HbScNssaEfioJHXjcXdpyqo1AKnYjymidGF8opcF9rTFZdT"       # uid 24 of netuid 1


def test_neurons_fall_back_to_neurons_lite_on_runtimes_without_the_metagraph_api(finney, monkeypatch):
    node, conn = finney
    real = conn.has_runtime_call
    monkeypatch.setattr(conn, "has_runtime_call", lambda api, method, at=None:
                        method not in ("get_selective_mechagraph", "get_metagraph") and real(api, method, at))
    node.supply_storage(conn, "SubtensorModule", "Tempo", [1], 99, HEAD)          # not recorded
    node.supply_storage(conn, "SubtensorModule", "ImmunityPeriod", [1], 7200, HEAD)
    before = node.count("state_call", "NeuronInfoRuntimeApi_get_neurons_lite")
    answer = read(conn, "taonet_neurons", 1)
    assert node.count("state_call", "NeuronInfoRuntimeApi_get_neurons_lite") == before + 1
    assert len(answer["neurons"]) == 1024 and answer["neurons"][24]["hotkey"] == VALIDATOR
    assert answer["neurons"][24]["registered_at"] is None      # neurons_lite does not carry it


@pytest.mark.parametrize(("group", "name", "rows"), [("weights", "Weights", {"10": [[10, 65535]]}),
                                                      ("bonds", "Bonds", {})])
def test_weights_and_bonds_rows_of_finney_netuid_23(tmp_path, group, name, rows):
    """Recorded Weights / Bonds maps of netuid 23: uid 10 sets all its weight on itself; 19 bond rows, all empty."""
    from client.subtensor.reads_metagraph import sparse

    with ReplayNode(group) as node, connect(node, tmp_path) as conn:
        assert sparse(conn, name, 23, conn.head()[1]) == rows


def test_metagraph_flags_must_be_booleans(finney):
    _, conn = finney
    with pytest.raises(ClientError, match="true or false"):
        read(conn, "taonet_metagraph", 1, "yes")
