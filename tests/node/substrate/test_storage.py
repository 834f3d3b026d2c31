"""Storage of the Substrate façade (node/substrate/storage_rpc.py) on a real taonet chain (SQLite,
signed extrinsics through the node's runtime): every key the façade lists decodes with the spec-461
metadata, and the values equal taonet's own read model for the same state."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, ChainSpec
from node.read_model import metagraph as rm_metagraph
from node.read_model import stakes as rm_stakes
from node.read_model import subnets as rm_subnets
from node.substrate import storage_rpc
from node.substrate.codec import codec
from node.substrate.dialect import INVALID_PARAMS, SubstrateError

TAO = 10**9


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    spec = ChainSpec("taonet-storage-test", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0,
                     {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO})
    b = ChainBuilder(tmp_path_factory.mktemp("storage") / "chain", spec)

    def ok(who: str, call: str, /, **args) -> None:
        b.submit(who, call, args)
        b.block()
        result = b.last.results[-1]
        assert result.success, (call, result.error, result.message)

    ok("alice", "subtensor.register_network", hotkey=address_of("owner1"), subnet_name="apple", symbol="A")
    ok("alice", "subtensor.start_call", netuid=1)
    ok("alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                                   "args": {"netuid": 1, "parameter": "weights_rate_limit", "value": 0}})
    ok("bob", "subtensor.burned_register", netuid=1, hotkey=address_of("bobhot"))
    ok("bob", "subtensor.serve_axon", netuid=1, hotkey=address_of("bobhot"), ip="10.1.2.3", port=8091)
    ok("alice", "subtensor.add_stake", hotkey=address_of("bobhot"), netuid=1, amount_staked=10 * TAO)
    ok("alice", "subtensor.add_stake", hotkey=address_of("owner1"), netuid=0, amount_staked=10 * TAO)
    ok("bobhot", "subtensor.commit_weights", netuid=1, commit_hash="0x" + "ab" * 32)
    ok("alice", "admin_utils.set_hyperparameter", netuid=1, parameter="commit_reveal_weights_enabled", value=False)
    ok("owner1", "subtensor.set_weights", netuid=1, dests=[0, 1], weights=[1, 3])
    ok("bob", "subtensor.decrease_take", hotkey=address_of("bobhot"), take=1000)
    b.transfer("alice", "bob", 5 * TAO).block()
    yield b.chain
    b.close()


def _session(chain):
    return SimpleNamespace(chain=chain)


def q(chain, pallet: str, item: str, params=(), at=None):
    """Read one item through state_getStorage and decode it with the metadata (absent: the default)."""
    c = codec()
    key = "0x" + c.storage_key(pallet, item, list(params)).hex()
    raw = storage_rpc.get_storage(_session(chain), [key] if at is None else [key, at])
    return c.decode_storage_value(pallet, item, None if raw is None else bytes.fromhex(raw[2:]))


def query_map(chain, pallet: str, item: str, params=()) -> list[bytes]:
    prefix = "0x" + codec().storage_key(pallet, item, list(params)).hex()
    return storage_rpc.get_keys(_session(chain), [prefix])


def view(chain):
    from node.reader import View

    return View(chain.reader.conn())


def test_every_listed_key_decodes_with_the_metadata(chain):
    c = codec()
    keys = storage_rpc.get_keys(_session(chain), ["0x"])
    assert keys == sorted(keys) and len(keys) > 100
    changes = storage_rpc.query_storage_at(_session(chain), [keys])[0]["changes"]
    index = storage_rpc.index()
    served = set()
    for key, value in changes:
        raw = bytes.fromhex(key[2:])
        entry = index.entries[raw[:32]]
        assert value is not None, f"{entry.pallet}.{entry.item}: a listed key has no value"
        data = bytes.fromhex(value[2:])
        if (entry.pallet, entry.item) == ("System", "Events"):
            assert c.encode_events(c.decode_events(data)) == data
        else:
            assert c.storage_value(entry.pallet, entry.item, c.decode_storage_value(entry.pallet, entry.item, data)) == data
        served.add((entry.pallet, entry.item))
    for wanted in [("System", "Account"), ("System", "Events"), ("SubtensorModule", "Axons"), ("SubtensorModule", "Alpha"),
                   ("SubtensorModule", "Weights"), ("SubtensorModule", "SubnetIdentitiesV3"), ("SubtensorModule", "Tempo"),
                   ("SubtensorModule", "Delegates"), ("SubtensorModule", "LastUpdate"), ("Sudo", "Key")]:
        assert wanted in served, wanted


def test_items_equal_the_read_model(chain):
    v = view(chain)
    for who in ("alice", "bob", "owner1"):
        account = q(chain, "System", "Account", [address_of(who)])
        free, nonce = chain.reader.account(address_of(who))
        assert (account["data"]["free"], account["nonce"]) == (free, nonce)
        assert account["data"]["reserved"] == account["data"]["frozen"] == 0
    head = chain.reader.head_row()
    assert q(chain, "System", "Number") == head[0]
    assert q(chain, "Timestamp", "Now") == head[3]
    assert q(chain, "Sudo", "Key") == address_of("alice")
    assert q(chain, "SubtensorModule", "TotalIssuance") == chain.reader.storage("total_issuance")
    info = rm_subnets.subnet_info(v, 1)
    assert q(chain, "SubtensorModule", "NetworksAdded", [1]) is True
    assert q(chain, "SubtensorModule", "NetworksAdded", [7]) is False  # absent: the default
    assert q(chain, "SubtensorModule", "SubnetTAO", [1]) == info["tao_in"]
    assert q(chain, "SubtensorModule", "SubnetAlphaIn", [1]) == info["alpha_in"]
    assert q(chain, "SubtensorModule", "SubnetAlphaOut", [1]) == info["alpha_out"]
    assert q(chain, "SubtensorModule", "Burn", [1]) == info["burn"]
    assert q(chain, "SubtensorModule", "SubnetworkN", [1]) == info["neurons"] == 2
    assert q(chain, "SubtensorModule", "Tempo", [1]) == info["tempo"]
    assert q(chain, "SubtensorModule", "MaxAllowedUids", [1]) == info["max_allowed_uids"]
    assert q(chain, "SubtensorModule", "SubnetOwner", [1]) == address_of("alice")
    assert q(chain, "SubtensorModule", "SubnetOwnerHotkey", [1]) == address_of("owner1")
    assert q(chain, "SubtensorModule", "MechanismCountCurrent", [1]) == 1
    assert q(chain, "SubtensorModule", "SubtokenEnabled", [1]) is True
    assert q(chain, "SubtensorModule", "FirstEmissionBlockNumber", [1]) == info["first_emission_block"]
    assert q(chain, "SubtensorModule", "SubnetLocked", [1]) == info["lock_paid"]
    assert q(chain, "SubtensorModule", "SubnetTaoInEmission", [1]) == info["tao_emission"]
    assert q(chain, "SubtensorModule", "SubnetIdentitiesV3", [1])["subnet_name"] == "apple"
    assert q(chain, "SubtensorModule", "TokenSymbol", [1]) == "A"
    s = rm_subnets.eco.subnet(v, 1)
    assert [q(chain, "SubtensorModule", item, [1]) for item in ("LastEpochBlock", "PendingEpochAt", "SubnetEpochIndex")] == [
        s.last_epoch_block, s.pending_epoch_at, s.epoch_count]
    assert q(chain, "SubtensorModule", "SubnetMovingPrice", [1])["bits"] == rm_subnets.eco.subnet(v, 1).ema_price_q32


def test_neurons_equal_the_metagraph(chain):
    v = view(chain)
    mg = rm_metagraph.metagraph(v, 1, with_weights=True)
    for uid, hotkey in zip(mg["uids"], mg["hotkeys"]):
        assert q(chain, "SubtensorModule", "Keys", [1, uid]) == hotkey
        assert q(chain, "SubtensorModule", "Uids", [1, hotkey]) == uid
        assert q(chain, "SubtensorModule", "TotalHotkeyAlpha", [hotkey, 1]) == mg["alpha_stake"][uid]
        assert q(chain, "SubtensorModule", "IsNetworkMember", [hotkey, 1]) is True
    assert q(chain, "SubtensorModule", "LastUpdate", [1]) == mg["last_update"]
    assert q(chain, "SubtensorModule", "Emission", [1]) == mg["emission"]
    for item, column in [("Active", "active"), ("ValidatorPermit", "validator_permit"), ("Incentive", "incentive"),
                         ("Dividends", "dividends"), ("Consensus", "consensus"), ("ValidatorTrust", "validator_trust"),
                         ("StakeWeight", "stake_weight")]:
        assert q(chain, "SubtensorModule", item, [1]) == mg[column], item
    axon = q(chain, "SubtensorModule", "Axons", [1, address_of("bobhot")])
    assert (axon["ip"], axon["port"], axon["ip_type"]) == (0x0A010203, 8091, 4)
    assert q(chain, "SubtensorModule", "Axons", [1, address_of("owner1")]) is None  # never served
    weights = q(chain, "SubtensorModule", "Weights", [1, 0])
    assert [list(w) for w in weights] == mg["weights"]["0"]
    assert len(query_map(chain, "SubtensorModule", "Keys", [1])) == 2
    assert len(query_map(chain, "SubtensorModule", "Axons", [1])) == 1
    assert q(chain, "SubtensorModule", "Owner", [address_of("bobhot")]) == address_of("bob")
    assert q(chain, "SubtensorModule", "Delegates", [address_of("bobhot")]) == 1000
    assert q(chain, "SubtensorModule", "CRV3WeightCommits", [1, 0]) == []  # taonet has no v3 commits
    commits = rm_metagraph.weight_commits(v, 1, address_of("bobhot"))["commits"]
    assert q(chain, "SubtensorModule", "WeightCommits", [1, address_of("bobhot")]) == [
        ("0x" + "ab" * 32, c["commit_block"], c["reveal_from_block"], c["reveal_until_block"]) for c in commits]
    assert q(chain, "SubtensorModule", "CommitRevealWeightsEnabled", [1]) is False


def test_alpha_shares_give_the_stake_of_the_read_model(chain):
    v = view(chain)
    (row,) = [r for r in rm_stakes.stakes(v, address_of("alice")) if r["netuid"] == 1]
    shares = q(chain, "SubtensorModule", "Alpha", [address_of("bobhot"), address_of("alice"), 1])["bits"]
    total_shares = q(chain, "SubtensorModule", "TotalHotkeyShares", [address_of("bobhot"), 1])["bits"]
    pool = q(chain, "SubtensorModule", "TotalHotkeyAlpha", [address_of("bobhot"), 1])
    assert shares * pool // total_shares == row["alpha"] > 0
    assert q(chain, "SubtensorModule", "StakingHotkeys", [address_of("alice")]) == sorted(
        [address_of("bobhot"), address_of("owner1")])
    alpha_keys = query_map(chain, "SubtensorModule", "Alpha", [address_of("bobhot")])
    assert len(alpha_keys) == 1


def test_the_items_the_clients_read_are_served():
    from tests.node.substrate.surface import STORAGE_ITEMS

    not_in_taonet = {("SubtensorModule", "SubnetEmaTaoFlow"), ("SubtensorModule", "CRV3WeightCommits")}
    assert {i for i in STORAGE_ITEMS if i not in storage_rpc.ITEMS} == not_in_taonet
    for pallet, item in storage_rpc.ITEMS:  # each is an item of the runtime, with as many key parts
        codec().storage_entry(pallet, item)


def test_root_stakers_index(chain):
    v = view(chain)
    n = q(chain, "SubtensorModule", "NumStakingColdkeys")
    assert n == v.get_value("num_staking_coldkeys") == 1
    assert q(chain, "SubtensorModule", "StakingColdkeysByIndex", [0]) == address_of("alice")
    assert q(chain, "SubtensorModule", "StakingColdkeys", [address_of("alice")]) == 0
    assert q(chain, "SubtensorModule", "StakingColdkeys", [address_of("bob")]) is None


def test_absent_unknown_and_unserved_keys(chain):
    c = codec()
    session = _session(chain)
    nobody = "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM"
    assert storage_rpc.get_storage(session, ["0x" + c.storage_key("System", "Account", [nobody]).hex()]) is None
    assert storage_rpc.get_storage(session, ["0x" + c.storage_key("SubtensorModule", "Keys", [1, 99]).hex()]) is None
    # an item taonet has no concept of: its default from the metadata, or null where it is Optional
    key = "0x" + c.storage_key("SubtensorModule", "MinChildkeyTake").hex()
    assert storage_rpc.get_storage(session, [key]) == "0x" + c.storage_entry("SubtensorModule", "MinChildkeyTake").default.hex()
    flow = "0x" + c.storage_key("SubtensorModule", "SubnetEmaTaoFlow", [1]).hex()
    assert storage_rpc.get_storage(session, [flow]) is None
    assert storage_rpc.get_keys(session, [flow[:66 + 2]]) == []
    # a key of no item, and a forged hash in a served item's key
    assert storage_rpc.get_storage(session, ["0x" + "ab" * 40]) is None
    good = c.storage_key("System", "Account", [address_of("alice")])
    forged = good[:32] + bytes([good[32] ^ 1]) + good[33:]
    assert storage_rpc.get_storage(session, ["0x" + forged.hex()]) is None
    assert storage_rpc.get_storage(session, ["0x" + good.hex() + "00"]) is None


def test_listed_keys_are_the_librarys_keys(chain):
    c = codec()
    alice, bobhot, owner1 = address_of("alice"), address_of("bobhot"), address_of("owner1")
    for pallet, item, params, prefix in [
        ("SubtensorModule", "Keys", [[1, 0], [1, 1]], [1]),
        ("SubtensorModule", "Alpha", [[bobhot, alice, 1]], [bobhot]),
        ("SubtensorModule", "WeightCommits", [[1, bobhot]], [1]),
        ("System", "BlockHash", [[0], [1]], []),
        ("SubtensorModule", "IsNetworkMember", [[owner1, 1]], [owner1]),
    ]:
        found = set(query_map(chain, pallet, item, prefix))
        assert {"0x" + k.hex() for k in c.storage_keys(pallet, item, params)} <= found, item


def test_keys_paged_walks_every_key_in_order(chain):
    session = _session(chain)
    prefix = "0x" + codec().storage_prefix("SubtensorModule", "Tempo").hex()
    every = storage_rpc.get_keys(session, [prefix])
    pages, start = [], None
    while True:
        page = storage_rpc.get_keys_paged(session, [prefix, 1, start])
        if not page:
            break
        pages += page
        start = page[-1]
    assert pages == every and len(every) == 2  # root and subnet 1
    whole = storage_rpc.get_keys(session, ["0x"])
    assert storage_rpc.get_keys_paged(session, ["0x", 1000]) == whole[:1000]


def test_past_blocks_answer_their_own_number_events_and_time(chain):
    session = _session(chain)
    row = chain.reader.block_row(number=2)
    assert q(chain, "System", "Number", at=row[1]) == 2
    assert q(chain, "Timestamp", "Now", at=row[1]) == row[3]
    assert q(chain, "System", "ParentHash", at=row[1]) == row[2]
    assert q(chain, "System", "BlockHash", [1], at=row[1]) == chain.reader.block_row(number=1)[1]
    events = q(chain, "System", "Events", at=row[1])
    assert [e["event_id"] for e in events][-1] == "ExtrinsicSuccess"
    result = storage_rpc.query_storage_at(session, [["0x" + codec().storage_key("System", "Number").hex()], row[1]])
    assert result[0]["block"] == row[1]
    with pytest.raises(SubstrateError) as err:
        storage_rpc.get_storage(session, ["0x" + codec().storage_key("System", "Number").hex(), "0x" + "11" * 32])
    assert err.value.code == 4003


@pytest.mark.parametrize("params", [
    [], [1], ["nothex"], ["0xzz"], ["0x" + "00" * 5000], [{"a": 1}], ["0x", "0x12"], ["0x", None, None],
])
def test_hostile_params_answer_invalid_params(chain, params):
    with pytest.raises(SubstrateError) as err:
        storage_rpc.get_storage(_session(chain), params)
    assert err.value.code == INVALID_PARAMS


@pytest.mark.parametrize("method,params", [
    ("state_getKeysPaged", ["0x", -1]), ("state_getKeysPaged", ["0x", 1001]), ("state_getKeysPaged", ["0x", True]),
    ("state_getKeysPaged", ["0x", 10, "zz"]), ("state_queryStorageAt", ["0x12"]),
    ("state_queryStorageAt", [["0x12"] * 1001]), ("state_getKeys", [7]),
])
def test_hostile_key_queries(chain, method, params):
    with pytest.raises(SubstrateError) as err:
        storage_rpc.TABLE[method](_session(chain), params)
    assert err.value.code == INVALID_PARAMS
