"""client.subtensor.reads against recorded chains: finney (spec 343 era) and the spec-461 golden localnet.

Where a read needs a value the recordings lack, the test supplies it with `node.supply_*` (encoded from
the runtime's own types) and says so; every other value is what the real chain answered.
"""
from __future__ import annotations

import json

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


@pytest.fixture(scope="module")
def finney(tmp_path_factory):
    with ReplayNode("metagraph") as node:
        conn = connect(node, tmp_path_factory.mktemp("finney"))
        yield node, conn
        conn.close()


# -- finney: stakes, quotes, costs ---------------------------------------------------------------------
VALIDATOR = "5HbScNssaEfioJHXjcXdpyqo1AKnYjymidGF8opcF9rTFZdT"       # uid 24 of netuid 1
VALIDATOR_COLDKEY = "5F4XcaiEBkE3ARx2kG29KJ8e94nFfUZQYC4c7zfticastxiD"


def test_stake_info_of_a_coldkey(finney):
    """get_stake_info_for_coldkeys is not recorded: supplied with the recorded validator's own stake."""
    node, conn = finney
    row = {"hotkey": VALIDATOR, "coldkey": VALIDATOR_COLDKEY, "netuid": 1, "stake": 959_873_144_507, "locked": 0,
           "emission": 0, "tao_emission": 0, "drain": 0, "is_registered": True}
    node.supply_call(conn, "StakeInfoRuntimeApi", "get_stake_info_for_coldkeys", [[VALIDATOR_COLDKEY]],
                [(VALIDATOR_COLDKEY, [row])], HEAD)
    node.supply_storage(conn, "SubtensorModule", "Uids", [1, VALIDATOR], 24, HEAD)
    node.supply_call(conn, "SwapRuntimeApi", "current_alpha_price", [1], 9_531_940, HEAD)
    info = read(conn, "taonet_stakeInfo", VALIDATOR_COLDKEY)
    assert info["head"] == 6852690
    assert info["stakes"] == [{"coldkey": VALIDATOR_COLDKEY, "hotkey": VALIDATOR, "netuid": 1, "uid": 24,
                               "alpha": 959_873_144_507, "shares": None, "price": pytest.approx(0.00953194),
                               "tao_value": int(959_873_144_507 * 0.00953194)}]
    assert info["totals"] == {VALIDATOR_COLDKEY: int(959_873_144_507 * 0.00953194)}


def test_stake_and_swap_quotes_are_the_runtime_simulation(finney):
    node, conn = finney
    node.supply_call(conn, "SwapRuntimeApi", "current_alpha_price", [1], 9_531_940, HEAD)
    node.supply_call(conn, "SwapRuntimeApi", "current_alpha_price", [2], 19_063_880, HEAD)
    node.supply_call(conn, "SwapRuntimeApi", "sim_swap_tao_for_alpha", [1, 10**9],
                {"tao_amount": 10**9, "alpha_amount": 104_000_000_000, "tao_fee": 500_000, "alpha_fee": 0}, HEAD)
    node.supply_storage(conn, "SubtensorModule", "SubtokenEnabled", [1], True, HEAD)
    node.supply_storage(conn, "SubtensorModule", "NominatorMinRequiredStake", [], 2_000_000, HEAD)
    node.supply_storage(conn, "Swap", "FeeRate", [1], 33, HEAD)
    quote = read(conn, "taonet_stakeQuote", 1, "stake", 10**9)
    assert quote["ok"] and (quote["amount_used"], quote["received"], quote["fee"], quote["fee_unit"]) == (
        10**9, 104_000_000_000, 500_000, "tao")
    assert (quote["started"], quote["min_stake"], quote["fee_rate"]) == (True, 2_000_000, 33)
    ideal = (10**9 - 500_000) / 0.00953194
    # the x·y=k pool's price after the simulated swap: e²/p, e the swap's own price without its fee
    assert quote["price_after"] == pytest.approx(((10**9 - 500_000) / 104_000_000_000) ** 2 / 0.00953194)
    assert quote["price_impact"] == pytest.approx((ideal - 104_000_000_000) / ideal)
    # the runtime answers zeros for a swap it cannot make: a refused quote, not a free one
    node.supply_call(conn, "SwapRuntimeApi", "sim_swap_alpha_for_tao", [1, 5 * 10**9],
                {"tao_amount": 0, "alpha_amount": 0, "tao_fee": 0, "alpha_fee": 0}, HEAD)
    refused = read(conn, "taonet_swapQuote", 1, 2, 5 * 10**9)
    assert refused["ok"] is False and "subnet 1" in refused["message"]
    node.supply_call(conn, "SwapRuntimeApi", "sim_swap_alpha_for_tao", [1, 5 * 10**9],
                {"tao_amount": 47_000_000, "alpha_amount": 5 * 10**9, "tao_fee": 0, "alpha_fee": 2_500_000}, HEAD)
    node.supply_call(conn, "SwapRuntimeApi", "sim_swap_tao_for_alpha", [2, 47_000_000],
                {"tao_amount": 47_000_000, "alpha_amount": 2_450_000_000, "tao_fee": 23_500, "alpha_fee": 0}, HEAD)
    swap = read(conn, "taonet_swapQuote", 1, 2, 5 * 10**9)
    assert (swap["tao"], swap["received"], swap["fee_alpha"], swap["fee_tao"]) == (47_000_000, 2_450_000_000,
                                                                                2_500_000, 23_500)
    assert swap["price_ratio_before"] == pytest.approx(0.5)
    with pytest.raises(ClientError, match="side"):
        read(conn, "taonet_stakeQuote", 1, "buy", 10**9)


def test_burn_cost_of_one_subnet(finney):
    node, conn = finney
    for name, value in (("Burn", 500_000), ("MinBurn", 500_000), ("MaxBurn", 100 * 10**9),
                        ("NetworkRegistrationAllowed", True), ("SubnetworkN", 1024), ("MaxAllowedUids", 1024)):
        node.supply_storage(conn, "SubtensorModule", name, [1], value, HEAD)
    node.supply_call(conn, "SubnetRegistrationRuntimeApi", "get_network_registration_cost", [], 1_485_558_848, HEAD)
    cost = read(conn, "taonet_burnCost", 1)
    assert cost == {"head": 6852690, "lock_cost": 1_485_558_848, "subnets": [
        {"netuid": 1, "burn": 500_000, "next_block_burn": 500_000, "min_burn": 500_000, "max_burn": 100 * 10**9,
         "registration_allowed": True, "neurons": 1024, "max_allowed_uids": 1024}]}


def test_hotkey_owner_and_its_subnets(tmp_path):
    hotkey = "5Cf4LPRv6tiyuFsfLRQaFYEEn3zJRGi4bAE9DwbbKmbCSHpV"
    with ReplayNode("get_netuids_for_hotkey") as node, connect(node, tmp_path) as conn:
        _, at = conn.head()
        node.supply_storage(conn, "SubtensorModule", "Owner", [hotkey], ALICE, at)   # not recorded
        owner = read(conn, "taonet_hotkeyOwner", hotkey)
    # IsNetworkMember recorded (100 keys over two pages): the SDK's own test expects [14]
    assert owner == {"hotkey": hotkey, "coldkey": ALICE, "since": None, "netuids": [14]}


def test_a_method_a_subtensor_endpoint_lacks_says_so_in_one_line(finney):
    _, conn = finney
    with pytest.raises(ClientError) as err:
        read(conn, "taonet_processList")
    assert "processList is not available on a subtensor endpoint" in str(err.value) and "\n" not in str(err.value)


def test_a_missing_subnet_and_bad_params_are_one_line(finney):
    _, conn = finney
    with pytest.raises(ClientError, match="netuid"):
        read(conn, "taonet_neurons", "one")
    with pytest.raises(ClientError, match="ss58"):
        read(conn, "taonet_accountInfo", "not-an-address")
    with pytest.raises(ClientError, match="wrong number of parameters"):
        read(conn, "taonet_neurons")


# -- finney: balance, delegate take, subnet creation cost ------------------------------------------
def test_balance_of_a_finney_account(tmp_path):
    from wallet import ss58

    who = ss58.encode(bytes.fromhex("1257de87a71abb164403f7cb9ea65d0721f8bb89d8bd85754deceedd91e86053"))
    with ReplayNode("get_balance") as node, connect(node, tmp_path) as conn:
        # System.Account recorded: nonce 0x8d, free 0x01bc0fc3d0 rao (u64 LE d0c30fbc01000000)
        assert read(conn, "taonet_accountInfo", who) == {"address": who, "free": 7_450_117_072, "nonce": 141}
        assert read(conn, "taonet_accountInfos", [who]) == [{"address": who, "free": 7_450_117_072, "nonce": 141}]


def test_delegate_take_of_a_finney_hotkey(tmp_path):
    from tests.substrate import vectors
    from wallet import ss58

    recorded = next(iter(vectors.finney_recorded()["get_delegate_take"]["state_getStorageAt"]))
    key = json.loads(recorded)[0]                   # Delegates: blake2_128_concat(hotkey) after the prefix
    hotkey = ss58.encode(bytes.fromhex(key[-64:]))
    with ReplayNode("get_delegate_take") as node, connect(node, tmp_path) as conn:
        number, at = conn.head()
        # recorded: Delegates = 0x142e (11,796 of 65,535); the rest is supplied (not recorded)
        node.supply_storage(conn, "SubtensorModule", "Owner", [hotkey], ALICE, at)
        node.supply_storage(conn, "SubtensorModule", "LastTxBlockDelegateTake", [hotkey], number - 100, at)
        node.supply_storage(conn, "SubtensorModule", "TxDelegateTakeRateLimit", [], 216_000, at)
        node.supply_storage(conn, "SubtensorModule", "MinDelegateTake", [], 0, at)
        node.supply_storage(conn, "SubtensorModule", "MaxDelegateTake", [], 11_796, at)
        take = read(conn, "taonet_delegateTake", hotkey)
    assert (take["head"], take["hotkey"], take["owner"]) == (number, hotkey, ALICE)
    assert take["take"] == 11_796 and take["take_fraction"] == pytest.approx(0.18, abs=1e-4)
    assert (take["min_take"], take["max_take"], take["rate_limit"]) == (0, 11_796, 216_000)
    assert (take["last_change"], take["next_increase_block"]) == (number - 100, number - 100 + 216_000)
    assert take["default_take"] == 11_796               # the runtime's InitialDefaultDelegateTake constant


def test_subnet_creation_cost_on_finney(tmp_path):
    # recorded without a block: SubnetRegistrationRuntimeApi_get_network_registration_cost = 0x40d48b5800000000
    with ReplayNode("get_subnet_burn_cost", "get_balance") as node, connect(node, tmp_path) as conn:
        number, at = conn.head()
        for name, value in (("NetworkMinLockCost", 1_000_000_000_000), ("NetworkLastLockCost", 1_000_000_000_000),
                            ("NetworkLockReductionInterval", 14_400), ("NetworkRateLimit", 7_200),
                            ("SubnetLimit", 128), ("TotalNetworks", 65)):
            node.supply_storage(conn, "SubtensorModule", name, [], value, at)
        if conn.has_storage("SubtensorModule", "NetworkLastLockBlock", at):
            node.supply_storage(conn, "SubtensorModule", "NetworkLastLockBlock", [], number - 10, at)
        lock = read(conn, "taonet_lockCost")
    assert lock["head"] == number and lock["lock_cost"] == 1_485_558_848          # 0x588bd440
    assert (lock["min_lock_cost"], lock["reduction_interval"], lock["rate_limit"], lock["subnets"]) == (
        1_000_000_000_000, 14_400, 7_200, 64)


# -- the spec-461 golden localnet: hyperparameters (v3 -> v2 -> v1) and accounts ----------------------
@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    with ReplayNode.golden() as node:
        conn = connect(node, tmp_path_factory.mktemp("golden"))
        yield node, conn
        conn.close()


def test_hyperparameters_fall_back_to_the_call_the_runtime_answers(golden):
    node, conn = golden
    answer = read(conn, "taonet_hyperparameters", 1)
    asked = [p[0] for m, p in node.requests if m == "state_call" and "hyperparams" in p[0]]
    assert asked[-3:] == ["SubnetInfoRuntimeApi_get_subnet_hyperparams_v3",
                          "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
                          "SubnetInfoRuntimeApi_get_subnet_hyperparams"]
    values = {row["name"]: row["value"] for row in answer["hyperparameters"]}
    # the golden file's own decoding of this runtime call
    assert (values["rho"], values["kappa"], values["immunity_period"], values["tempo"]) == (10, 32767, 4096, 100)
    assert values["max_weights_limit"] == 65535 and values["min_difficulty"] == 10_000_000
    assert answer["netuid"] == 1 and answer["owner_coldkey"] is None      # SubnetOwner: the zero account
    tempo = next(r for r in answer["hyperparameters"] if r["name"] == "tempo")
    assert (tempo["type"], tempo["storage"], tempo["last_set"]) == ("u16", "Tempo", None)


def test_account_on_the_golden_localnet(golden):
    _, conn = golden
    assert read(conn, "taonet_accountInfo", ALICE) == {"address": ALICE, "free": 999_998_999_833_753, "nonce": 1}


def test_chain_info_and_constants(golden):
    node, conn = golden
    node.supply_storage(conn, "SubtensorModule", "TotalIssuance", [], 1_000_000_000_000_000, GOLDEN_HEAD)
    if conn.has_storage("Sudo", "Key", GOLDEN_HEAD):
        node.supply_storage(conn, "Sudo", "Key", [], ALICE, GOLDEN_HEAD)
    info = read(conn, "taonet_chainInfo")
    assert (info["best_number"], info["best_hash"]) == (67, GOLDEN_HEAD)
    assert info["genesis_hash"] == "0x1dc00e76a13fc48b9c932e076622c5920295afaad4fd805c284a5cf3222ce452"
    assert info["existential_deposit"] == 500 and info["total_issuance"] == 10**15
    assert info["base_fee"] is None and info["byte_fee"] is None      # weight-based fees: no such constants
    constants = read(conn, "taonet_constants")
    assert constants["rao_per_tao"] == 10**9 and constants["existential_deposit"] == 500


def test_subnet_info_on_a_runtime_with_current_alpha_price_all(golden):
    """Spec 461 prices every subnet in one call (SwapRuntimeApi.current_alpha_price_all). The dynamic
    info, prices and storage are supplied (not in the golden file); the hyperparameters are recorded."""
    node, conn = golden
    info = {"netuid": 1, "owner_hotkey": ALICE, "owner_coldkey": ALICE, "subnet_name": list(b"apex"),
            "token_symbol": list("α".encode()), "tempo": 100, "last_step": 60, "blocks_since_last_step": 7,
            "emission": 0, "alpha_in": 10**12, "alpha_out": 2 * 10**12, "tao_in": 10**11, "alpha_out_emission": 10**9,
            "alpha_in_emission": 10**8, "tao_in_emission": 10**7, "pending_alpha_emission": 5 * 10**9,
            "pending_root_emission": 0, "subnet_volume": 0, "network_registered_at": 3, "subnet_identity": None,
            "moving_price": {"bits": 2**31}}
    node.supply_call(conn, "SubnetInfoRuntimeApi", "get_dynamic_info", [1], info, GOLDEN_HEAD)
    node.supply_call(conn, "SwapRuntimeApi", "current_alpha_price_all", [],
                [{"netuid": 0, "price": 10**9}, {"netuid": 1, "price": 100_000_000}], GOLDEN_HEAD)
    for name, value in (("Burn", 10**9), ("NetworkRegistrationAllowed", True), ("SubnetworkN", 1),
                        ("MaxAllowedUids", 256), ("SubnetLocked", 10**11), ("FirstEmissionBlockNumber", 11)):
        node.supply_storage(conn, "SubtensorModule", name, [1], value, GOLDEN_HEAD)
    answer = read(conn, "taonet_subnetInfo", 1)
    assert (answer["head"], answer["netuid"], answer["name"], answer["price"]) == (67, 1, "apex", 0.1)
    assert (answer["ema_price"], answer["lock_paid"], answer["started"], answer["burn"]) == (0.5, 10**11, True, 10**9)
    assert answer["blocks_until_next_epoch"] == 100 - (67 + 2) % 101
    assert answer["pending"] == {"server": None, "validator": None, "root": 0, "owner": None, "alpha": 5 * 10**9}
    assert {r["name"]: r["value"] for r in answer["hyperparameters"]}["tempo"] == 100


def test_many_balances_in_one_request(golden):
    """Alice's System.Account is recorded; Bob's key is answered as absent (null), as a node answers an
    account it never saw: a zero balance, in the order asked."""
    node, conn = golden
    from tests.substrate import vectors

    alice = next(v for v in vectors.golden()["storage_values"] if v["storage_function"] == "Account")
    bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
    bob_key = conn.substrate.create_storage_key("System", "Account", [bob], block_hash=GOLDEN_HEAD).to_hex()
    node.add("state_queryStorageAt", [[bob_key, alice["key_hex"]], GOLDEN_HEAD],
             [{"block": GOLDEN_HEAD, "changes": [[alice["key_hex"], alice["raw_hex"]], [bob_key, None]]}])
    before = node.count("state_queryStorageAt")
    assert read(conn, "taonet_accountInfos", [bob, ALICE]) == [
        {"address": bob, "free": 0, "nonce": 0}, {"address": ALICE, "free": 999_998_999_833_753, "nonce": 1}]
    assert node.count("state_queryStorageAt") == before + 1
