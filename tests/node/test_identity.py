"""Identities, token symbols and the start-call delay on a builder chain: the real chain's checks
(utils/identity.rs, subnets/symbols.rs, subnets/subnet.rs do_start_call), their events, the read
model, and a replay that reproduces every state root (`node verify`)."""
from __future__ import annotations

from node import identity_rules, token_symbols
from node.builder import ChainBuilder, address_of
from node.read_model import identity as read
from node.reader import View
from node.replay import verify
from tests.economics.conftest import Econ, economy_spec


def _econ(tmp_path, **settings) -> Econ:
    return Econ(ChainBuilder(tmp_path / "chain", economy_spec(**settings)))


def _view(econ) -> View:
    return View(econ.b.chain.reader.conn())


def test_coldkey_identity_rules_events_and_replay(tmp_path):
    econ = _econ(tmp_path)
    # no hotkey of bob's holds a uid yet: the chain refuses (HotKeyNotRegisteredInNetwork)
    assert econ.fails("bob", "subtensor.set_identity", name="Bob") == "subtensor.HotKeyNotRegisteredInNetwork"
    netuid = econ.new_subnet("alice", "owner1")
    econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=address_of("bob-hk"))
    # a field over its byte limit (UTF-8 bytes, not characters): InvalidIdentity, nothing stored
    assert econ.fails("bob", "subtensor.set_identity", name="é" * 129) == "subtensor.InvalidIdentity"
    assert "name is 258 bytes" in econ.b.last.results[-1].message
    assert econ.fails("bob", "subtensor.set_identity", github_repo="x" * 257) == "subtensor.InvalidIdentity"
    assert read.identity(_view(econ), address_of("bob"))["identity"] is None
    events = econ.ok("bob", "subtensor.set_identity", name="Bob", url="https://bob.example", github_repo="bob/repo",
                     image="", discord="bob#1", description="validator", additional="é" * 512)
    assert ("subtensor.ChainIdentitySet", {"coldkey": address_of("bob")}) in events
    got = read.identity(_view(econ), address_of("bob"))["identity"]
    assert got["name"] == "Bob" and got["github_repo"] == "bob/repo" and len(got["additional"]) == 512
    assert set(got) == set(identity_rules.CHAIN_IDENTITY)
    # setting again replaces the whole identity (fields left out become empty)
    econ.ok("bob", "subtensor.set_identity", name="Robert")
    assert read.identity(_view(econ), address_of("bob"))["identity"]["url"] == ""
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_subnet_identity_owner_only_and_names_the_subnet(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("alice", "owner1")
    assert econ.fails("bob", "subtensor.set_subnet_identity", netuid=netuid, subnet_name="mine") == "subtensor.NotSubnetOwner"
    assert econ.fails("alice", "subtensor.set_subnet_identity", netuid=99, subnet_name="x") == "subtensor.SubnetNotExists"
    assert econ.fails("alice", "subtensor.set_subnet_identity", netuid=netuid, discord="d" * 257) == "subtensor.InvalidIdentity"
    events = econ.ok("alice", "subtensor.set_subnet_identity", netuid=netuid, subnet_name="apple",
                     github_repo="https://github.com/a/b", subnet_contact="a@b.c", logo_url="https://a/logo.png")
    assert ("subtensor.SubnetIdentitySet", {"netuid": netuid}) in events
    out = read.subnet_identity(_view(econ), netuid)
    assert out["name"] == "apple" and out["identity"]["logo_url"] == "https://a/logo.png"
    assert econ.subnet(netuid)["name"] == "apple"  # what subnets list/show display


def test_update_symbol_known_unused_owner_or_root(tmp_path):
    econ = _econ(tmp_path)
    a = econ.new_subnet("alice", "owner1")
    b = econ.new_subnet("bob", "owner2")
    assert econ.fails("bob", "subtensor.update_symbol", netuid=a, symbol="β") == "subtensor.NotSubnetOwner"
    assert econ.fails("alice", "subtensor.update_symbol", netuid=a, symbol="Τ") == "subtensor.SymbolDoesNotExist"
    assert econ.fails("alice", "subtensor.update_symbol", netuid=a, symbol="ab") == "subtensor.SymbolDoesNotExist"
    events = econ.ok("alice", "subtensor.update_symbol", netuid=a, symbol="シ")
    assert ("subtensor.SymbolUpdated", {"netuid": a, "symbol": "シ"}) in events
    # in use by another subnet, or by this one already: SymbolAlreadyInUse
    assert econ.fails("bob", "subtensor.update_symbol", netuid=b, symbol="シ") == "subtensor.SymbolAlreadyInUse"
    assert econ.fails("alice", "subtensor.update_symbol", netuid=a, symbol="シ") == "subtensor.SymbolAlreadyInUse"
    econ.sudo("subtensor.update_symbol", netuid=b, symbol="β")  # root may too
    symbols = read.symbols(_view(econ))
    assert symbols["in_use"][str(a)] == "シ" and "シ" not in symbols["available"] and "β" not in symbols["available"]
    assert len(token_symbols.SYMBOLS) == 439 and len(symbols["available"]) == 436


def test_start_call_waits_for_the_delay(tmp_path):
    econ = _econ(tmp_path, start_call_delay=5)
    netuid = econ.new_subnet("alice", "owner1", start=False)
    registered = econ.state_subnet(netuid).registered_at
    schedule = read.start_schedule(_view(econ), netuid)
    assert schedule["earliest_start_block"] == registered + 5 and not schedule["can_start"]
    assert schedule["blocks_remaining"] == registered + 5 - (econ.b.chain.head.number + 1)
    assert econ.fails("alice", "subtensor.start_call", netuid=netuid) == "subtensor.NeedWaitingMoreBlocksToStarCall"
    econ.b.block(registered + 5 - econ.b.chain.head.number - 1)
    assert read.start_schedule(_view(econ), netuid)["can_start"]
    econ.ok("alice", "subtensor.start_call", netuid=netuid)
    schedule = read.start_schedule(_view(econ), netuid)
    assert schedule["started"] and not schedule["can_start"]


def test_the_facade_serves_identities_as_the_runtime_stores_them(tmp_path):
    """IdentitiesV2 and SubnetIdentitiesV3 through state_getStorage, decoded with the real metadata;
    StartCallDelay is the chain setting."""
    from tests.node.substrate.test_storage import q, query_map

    econ = _econ(tmp_path, start_call_delay=7)
    netuid = econ.new_subnet("alice", "owner1", start=False)
    econ.ok("alice", "subtensor.set_identity", name="Alice", description="ünïcode")
    econ.ok("alice", "subtensor.set_subnet_identity", netuid=netuid, subnet_name="apple", logo_url="https://a/l.png")
    chain = econ.b.chain
    got = q(chain, "SubtensorModule", "IdentitiesV2", [address_of("alice")])
    assert got["name"] == "Alice" and got["description"] == "ünïcode" and got["url"] == ""
    assert q(chain, "SubtensorModule", "IdentitiesV2", [address_of("bob")]) is None
    assert len(query_map(chain, "SubtensorModule", "IdentitiesV2")) == 1
    sub = q(chain, "SubtensorModule", "SubnetIdentitiesV3", [netuid])
    assert sub["subnet_name"] == "apple" and sub["logo_url"] == "https://a/l.png"
    assert q(chain, "SubtensorModule", "StartCallDelay") == 7


def _fee(econ) -> int:
    return next(d["actual_fee"] for _, n, d in econ.b.last.events if n == "transaction_payment.TransactionFeePaid")


def test_register_network_with_identity_one_call_atomic_and_replayable(tmp_path):
    """The identity is checked first (InvalidIdentity: no subnet, only the fee paid), then the subnet
    is created as register_network creates it and the identity stored for the new netuid."""
    econ = _econ(tmp_path)
    before = econ.b.free("alice")
    assert econ.fails("alice", "subtensor.register_network_with_identity", hotkey=address_of("owner1"),
                      subnet_name="apex", logo_url="l" * 1025) == "subtensor.InvalidIdentity"
    assert "logo_url is 1025 bytes" in econ.b.last.results[-1].message
    assert econ.b.free("alice") == before - _fee(econ)
    assert econ.b.chain.state.get_value("netuids") == [0]
    fields = {"subnet_name": "apex", "github_repo": "https://github.com/a/apex", "subnet_contact": "a@apex.io",
              "subnet_url": "https://apex.io", "discord": "apex#1", "description": "ünïcode", "logo_url": "https://apex.io/l.png",
              "additional": "more"}
    events = econ.ok("alice", "subtensor.register_network_with_identity", hotkey=address_of("owner1"), **fields)
    names = [n for n, _ in events]
    assert names.index("subtensor.NetworkAdded") < names.index("subtensor.SubnetIdentitySet")
    netuid = dict(events)["subtensor.NetworkAdded"]["netuid"]
    assert ("subtensor.SubnetIdentitySet", {"netuid": netuid}) in events
    out = read.subnet_identity(_view(econ), netuid)
    assert out["identity"] == fields and econ.subnet(netuid)["name"] == "apex"
    assert econ.state_subnet(netuid).owner_hotkey == address_of("owner1")
    # a failure after the identity check (another coldkey's hotkey here) stores no identity either
    assert econ.fails("bob", "subtensor.register_network_with_identity", hotkey=address_of("owner1"),
                      subnet_name="second") == "subtensor.NonAssociatedColdKey"
    assert econ.b.chain.state.get("subnet_identities", str(netuid + 1)) is None
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems
