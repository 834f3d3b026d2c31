"""Childkeys on a builder chain: set_children / set_childkey_take checks in the chain's order, the
pending cooldown applied at an epoch, the epoch's inherited stake and the parent/child dividend
split, and a replay (`btcli node verify`) of it all. The builder checks the issuance and alpha
identities and the state root after every block."""
from __future__ import annotations

import json

from node.builder import ChainBuilder, address_of
from node.replay import verify
from node.runtime import childkeys
from tests.economics.conftest import TAO, Econ, economy_spec
from tests.economics.test_weights_epoch import _register, _subnet, _until_epoch

MAX = 2**64 - 1


def _econ(tmp_path, **settings) -> Econ:
    base = {"set_children_rate_limit": 5, "pending_childkey_cooldown": 3, "childkey_take_rate_limit": 20}
    return Econ(ChainBuilder(tmp_path / "chain", economy_spec(**{**base, **settings})))


def _names(econ) -> list[str]:
    return [n for _, n, _ in econ.b.last.events]


def _event(econ, name: str) -> dict:
    return next(d for _, n, d in econ.b.last.events if n == name)


def _state(econ):
    return econ.b.chain.state


def test_set_children_checks_in_the_chains_order(tmp_path):
    econ = _econ(tmp_path, stake_threshold=TAO)
    netuid = _subnet(econ)
    _register(econ, netuid, "bob", "parent")
    parent, child = address_of("parent"), address_of("child")

    def fails(who, hotkey=parent, net=netuid, children=((MAX // 2, child),)):
        return econ.fails(who, "subtensor.set_children", hotkey=hotkey, netuid=net,
                          children=[list(c) for c in children])

    assert fails("bob", net=0) == "subtensor.RegistrationNotPermittedOnRootSubnet"
    assert fails("bob", net=99) == "subtensor.SubnetNotExists"
    assert fails("charlie") == "subtensor.NonAssociatedColdKey"
    assert fails("bob", children=((1, child), (2, child))) == "subtensor.DuplicateChild"
    assert fails("bob", children=((1, parent),)) == "subtensor.InvalidChild"
    six = [(1, address_of(f"c{i}")) for i in range(6)]
    assert fails("bob", children=six) == "subtensor.TooManyChildren"
    assert fails("bob", children=((MAX, child), (1, address_of("c2")))) == "subtensor.ProportionOverflow"
    assert fails("bob") == "subtensor.NotEnoughStakeToSetChildkeys"
    # the subnet owner's hotkey needs no stake; nor does a revoke
    econ.ok("bob", "subtensor.set_children", hotkey=parent, netuid=netuid, children=[])
    econ.ok("bob", "subtensor.add_stake", hotkey=parent, netuid=netuid, amount_staked=10 * TAO)
    assert fails("bob") == "subtensor.TxRateLimitExceeded"  # the revoke above started the wait
    assert _state(econ).get("child_keys", f"{netuid}:{parent}") is None, "failed calls change nothing"
    econ.b.block(5)
    events = dict(econ.ok("bob", "subtensor.set_children", hotkey=parent, netuid=netuid,
                          children=[[MAX // 2, child]]))
    scheduled = events["subtensor.SetChildrenScheduled"]
    assert scheduled["cooldown_block"] == econ.b.chain.head.number + 3
    # the child cannot name its parent as its own child (no cycles) once applied
    _until_epoch(econ, netuid)
    _until_epoch(econ, netuid)
    assert childkeys.children_of(_state(econ), netuid, parent) == [(MAX // 2, child)]
    _register(econ, netuid, "charlie", "child")
    econ.ok("charlie", "subtensor.add_stake", hotkey=child, netuid=netuid, amount_staked=10 * TAO)
    assert econ.fails("charlie", "subtensor.set_children", hotkey=child, netuid=netuid,
                      children=[[MAX // 2, parent]]) == "subtensor.ChildParentInconsistency"
    econ.b.close()


def test_unstarted_subnet_applies_at_once_and_revoke_clears_both_sides(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("alice", "owner1", start=False)
    owner, c1, c2 = address_of("owner1"), address_of("c1"), address_of("c2")
    events = dict(econ.ok("alice", "subtensor.set_children", hotkey=owner, netuid=netuid,
                          children=[[MAX // 4, c1], [MAX // 4, c2]]))
    assert "subtensor.SetChildrenScheduled" not in events
    assert events["subtensor.SetChildren"] == {"hotkey": owner, "netuid": netuid, "children": [[MAX // 4, c1], [MAX // 4, c2]]}
    state = _state(econ)
    assert sorted(childkeys.children_of(state, netuid, owner)) == sorted([(MAX // 4, c1), (MAX // 4, c2)])
    assert childkeys.parents_of(state, netuid, c1) == [(MAX // 4, owner)]
    econ.b.block(5)
    econ.ok("alice", "subtensor.set_children", hotkey=owner, netuid=netuid, children=[[MAX, c2]])
    state = _state(econ)
    assert childkeys.children_of(state, netuid, owner) == [(MAX, c2)]
    assert childkeys.parents_of(state, netuid, c1) == [] and childkeys.parents_of(state, netuid, c2) == [(MAX, owner)]
    econ.b.block(5)
    econ.ok("alice", "subtensor.set_children", hotkey=owner, netuid=netuid, children=[])
    for table in ("child_keys", "parent_keys"):
        rows = econ.b.chain.reader.conn().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        assert rows == 0
    econ.b.close()


def test_childkey_take_range_and_rate_limit(tmp_path):
    econ = _econ(tmp_path)
    netuid = _subnet(econ)
    _register(econ, netuid, "bob", "val1")
    val1 = address_of("val1")
    assert childkeys.childkey_take(_state(econ), netuid, val1) == 0
    take = lambda who, t: econ.fails(who, "subtensor.set_childkey_take", hotkey=val1, netuid=netuid, take=t)
    assert take("charlie", 100) == "subtensor.NonAssociatedColdKey"
    assert take("bob", 11_797) == "subtensor.InvalidChildkeyTake"
    events = dict(econ.ok("bob", "subtensor.set_childkey_take", hotkey=val1, netuid=netuid, take=5_000))
    assert events["subtensor.ChildKeyTakeSet"] == {"hotkey": val1, "take": 5_000}
    at = econ.b.chain.head.number
    assert take("bob", 6_000) == "subtensor.TxChildkeyTakeRateLimitExceeded"
    econ.ok("bob", "subtensor.set_childkey_take", hotkey=val1, netuid=netuid, take=1_000)  # lowering: no wait
    at = econ.b.chain.head.number  # but it restarts the wait, as on chain
    econ.b.block(at + 18 - econ.b.chain.head.number)
    assert take("bob", 6_000) == "subtensor.TxChildkeyTakeRateLimitExceeded"  # block at + 19
    assert econ.b.chain.head.number == at + 19
    econ.ok("bob", "subtensor.set_childkey_take", hotkey=val1, netuid=netuid, take=11_796)
    assert childkeys.childkey_take(_state(econ), netuid, val1) == 11_796
    econ.b.close()


def test_epoch_uses_inherited_stake_and_pays_the_parent(tmp_path):
    """bob's 'parent' (staked, never sets weights) lends everything to charlie's 'child' (no stake
    of its own): the child validates with the parent's stake and the dividends it earns go back to
    the parent, minus the childkey take the child keeps."""
    econ = _econ(tmp_path)
    netuid = _subnet(econ)
    uids = {name: _register(econ, netuid, cold, name) for name, cold in
            (("parent", "bob"), ("child", "charlie"), ("m1", "dave"))}
    parent, child = address_of("parent"), address_of("child")
    econ.ok("bob", "subtensor.add_stake", hotkey=parent, netuid=netuid, amount_staked=100 * TAO)
    econ.ok("charlie", "subtensor.set_childkey_take", hotkey=child, netuid=netuid, take=6_553)
    econ.ok("bob", "subtensor.set_children", hotkey=parent, netuid=netuid, children=[[MAX, child]])
    while childkeys.pending_of(_state(econ), netuid, parent) is not None:
        econ.b.block()
    assert "subtensor.SetChildren" in _names(econ)
    parent_alpha = econ.stake("bob", "parent", netuid)
    _until_epoch(econ, netuid)  # permits follow the inherited stake
    econ.ok("child", "subtensor.set_weights", netuid=netuid, dests=[uids["m1"]], weights=[65535], version_key=0)
    before_parent, before_child = econ.stake("bob", "parent", netuid), econ.stake("charlie", "child", netuid)
    _until_epoch(econ, netuid)
    row = lambda uid: _state(econ).get("neuron_epoch", f"{netuid}:{uid:05d}")
    assert row(uids["child"])[6] == 1 and row(uids["child"])[0] > 30_000, "the child holds the parent's stake weight"
    assert row(uids["parent"])[0] == 0, "the parent lent all of it"
    parent_gain = econ.stake("bob", "parent", netuid) - before_parent
    child_gain = econ.stake("charlie", "child", netuid) - before_child
    assert parent_gain > 0 and child_gain > 0
    # the child keeps its take (≈10%) of the parent's share, as its owner's stake
    assert abs(child_gain / (parent_gain + child_gain) - 6_553 / 65_535) < 0.02
    assert parent_alpha > 0
    econ.b.close()


def test_childkeys_replay(tmp_path):
    econ = _econ(tmp_path)
    netuid = _subnet(econ)
    _register(econ, netuid, "bob", "parent")
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("parent"), netuid=netuid, amount_staked=10 * TAO)
    econ.ok("bob", "subtensor.set_children", hotkey=address_of("parent"), netuid=netuid,
            children=[[MAX // 3, address_of("child")]])
    econ.ok("bob", "subtensor.set_childkey_take", hotkey=address_of("parent"), netuid=netuid, take=100)
    _until_epoch(econ, netuid)
    _until_epoch(econ, netuid)
    assert json.loads(_state(econ).get("child_keys", f"{netuid}:{address_of('parent')}")[0]) == \
        [[MAX // 3, address_of("child")]]
    econ.b.close()
    report = verify(tmp_path / "chain")
    assert report.ok, report.problems


def test_read_model_children_and_parents(tmp_path):
    from node.read_model import childkeys as rm
    from node.reader import View
    from node.rpc_registry import METHODS

    econ = _econ(tmp_path)
    netuid = econ.new_subnet("alice", "owner1", start=False)
    owner, c1 = address_of("owner1"), address_of("c1")
    econ.ok("alice", "subtensor.set_children", hotkey=owner, netuid=netuid, children=[[MAX // 2, c1]])
    assert {"taonet_children", "taonet_parents"} <= set(METHODS)
    view = View(econ.b.chain.reader.conn())
    got = rm.children(view, owner, netuid)
    assert got["owner"] == address_of("alice") and got["rules"]["max_children"] == 5
    row = got["subnets"][0]
    assert row["children"] == [{"hotkey": c1, "proportion": MAX // 2, "fraction": (MAX // 2) / MAX}]
    assert row["pending"] is None and row["next_set_children_block"] == econ.b.chain.head.number + 5
    assert rm.parents(view, c1)["subnets"][0]["parents"][0]["hotkey"] == owner
    assert row["stake"]["inherited_alpha"] <= row["stake"]["alpha"]
    econ.b.close()
