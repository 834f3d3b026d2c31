"""client.stake_preview against the node's own rules, on a real dev node: for each case the
preview's verdict is checked against what the chain does with the very same call, signed and
included (ok → the call succeeds; refused → the chain refuses it too, for the reason named)."""
from __future__ import annotations

import pytest

from client import stake_preview as sp
from client.taonet import TaonetBackend
from node.builder import dev_key
from tests.tui.devnet import RAO, populated_node
from wallet.keypair import Keypair


@pytest.fixture
def devnet(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    yield node, keys
    node.stop()


def on_chain(node, rpc: TaonetBackend, pair, item: sp.StakeItem) -> dict:
    """Sign and submit the item's call whatever the preview said; {success, error} from its block."""
    chain = rpc
    call, args = item.call()
    ext_hash = chain.submit(chain.sign(pair, call, args))
    node.produce_block()
    where = rpc.call("taonet_extrinsicStatus", ext_hash)
    failed = [e["data"] for e in rpc.call("taonet_events", where["block_number"])
              if e["extrinsic_index"] == where["index"] and e["name"] == "system.ExtrinsicFailed"]
    return {"success": where["success"], "error": failed[0]["error"] if failed else None}


def agrees(node, rpc, pair, item: sp.StakeItem, error: str | None = None) -> None:
    got = on_chain(node, rpc, pair, item)
    assert got["success"] == item.ok, (item, got)
    if error:
        assert got["error"] == error, (item.message, got)
        assert "rao" not in item.message and item.message


def test_each_verdict_matches_the_chain(devnet):
    node, keys = devnet
    alice = Keypair.from_uri("//Alice")
    poor = Keypair.from_uri("//PoorStaker")
    stranger = Keypair.from_uri("//Nobody//hotkey").ss58_address
    safe, unsafe = sp.Safety(True, 0.005, False), sp.Safety(False)
    with TaonetBackend(node.url) as rpc:
        rpc.submit(rpc.sign(alice, "balances.transfer_keep_alive", {"dest": poor.ss58_address, "value": 10 * RAO}))
        node.produce_block()
        cold, a = alice.ss58_address, alice

        ok = sp.check_funds(rpc, [sp.preview_add(rpc, cold, keys["miner2"], 1, 1 * RAO, safe)])[0]
        assert ok.status == "ok" and ok.limit and ok.received > 0 and ok.tx_fee > 0
        agrees(node, rpc, a, ok)

        # the case: an unsafe stake of more than the balance is refused before signing
        broke = sp.check_funds(rpc, [sp.preview_add(rpc, poor.ss58_address, keys["miner2"], 1, 999_999 * RAO, unsafe)])[0]
        assert not broke.ok and "balance too low" in broke.message and "τ10.000000000" in broke.message
        agrees(node, rpc, poor, broke, "subtensor.NotEnoughBalanceToStake")

        low = sp.preview_add(rpc, cold, keys["miner2"], 1, RAO // 1000, unsafe)
        assert "minimum stake" in low.message
        agrees(node, rpc, a, low, "subtensor.AmountTooLow")

        nobody = sp.preview_add(rpc, cold, stranger, 1, RAO, unsafe)
        assert "not registered" in nobody.message
        agrees(node, rpc, a, nobody, "subtensor.HotKeyAccountNotExists")

        slip = sp.preview_add(rpc, cold, keys["miner2"], 1, 100 * RAO, safe)
        assert "tolerance" in slip.message
        agrees(node, rpc, a, slip, "subtensor.SlippageTooHigh")
        part = sp.check_funds(rpc, [sp.preview_add(rpc, cold, keys["miner2"], 1, 100 * RAO, sp.Safety(True, 0.005, True))])[0]
        assert part.status == "partial" and part.amount_used < 100 * RAO
        agrees(node, rpc, a, part)

        # unstakes: the minimum stake applies to what is left (the dashboard's old preview missed it)
        held = sp.held_stake(rpc, cold)[(keys["miner2"], 1)]
        dust_left = sp.preview_remove(rpc, cold, keys["miner2"], 1, held - 1000, unsafe)
        assert "would leave" in dust_left.message
        agrees(node, rpc, a, dust_left, "subtensor.AmountTooLow")
        too_much = sp.preview_remove(rpc, cold, keys["miner2"], 1, held + RAO, unsafe)
        assert "asked" in too_much.message
        agrees(node, rpc, a, too_much, "subtensor.NotEnoughStakeToWithdraw")
        tiny = sp.preview_remove(rpc, cold, keys["miner2"], 1, 1000, unsafe)
        assert "below the minimum stake" in tiny.message
        agrees(node, rpc, a, tiny, "subtensor.AmountTooLow")
        some = sp.preview_remove(rpc, cold, keys["miner2"], 1, RAO, safe)
        assert some.status == "ok" and some.unit_out == "τ"
        agrees(node, rpc, a, some)

        # moves, swaps and transfers
        big = sp.preview_move(rpc, "swap", cold, keys["miner1"], 1, 0, 40 * RAO, safe)
        assert big.status == "refused" and "tolerance" in big.message
        agrees(node, rpc, a, big, "subtensor.SlippageTooHigh")
        lost = sp.preview_move(rpc, "move", cold, keys["miner1"], 1, 1, RAO, safe, dest=stranger)
        assert "not registered" in lost.message
        agrees(node, rpc, a, lost, "subtensor.HotKeyAccountNotExists")
        bob = dev_key("bob").ss58_address
        given = sp.preview_move(rpc, "transfer", cold, keys["miner1"], 1, 1, 2 * RAO, safe, dest=bob)
        assert given.status == "ok" and given.received == 2 * RAO
        agrees(node, rpc, a, given)
        swapped = sp.preview_move(rpc, "swap", cold, keys["miner1"], 1, 0, RAO, sp.Safety(True, 0.05, False))
        assert swapped.status == "ok" and swapped.received > 0 and swapped.pool_fee > 0
        agrees(node, rpc, a, swapped)
        assert "already is" in sp.preview_move(rpc, "swap", cold, keys["miner1"], 1, 1, RAO, safe).message
        assert "does not exist" in sp.preview_add(rpc, cold, keys["miner1"], 7, RAO, safe).message
        huge = sp.preview_add(rpc, cold, keys["miner1"], 1, 10**18, unsafe)  # past what the pool can take
        assert huge.message == "the amount is more than 1000 times the pool's reserve: ask for less"


def test_check_funds_spends_in_order_and_changed_sees_new_outcomes(devnet):
    node, keys = devnet
    poor = Keypair.from_uri("//PoorStaker")
    alice = Keypair.from_uri("//Alice")
    with TaonetBackend(node.url) as rpc:
        rpc.submit(rpc.sign(alice, "balances.transfer_keep_alive", {"dest": poor.ss58_address, "value": 3 * RAO}))
        node.produce_block()
        items = [sp.preview_add(rpc, poor.ss58_address, keys[h], 1, 2 * RAO, sp.Safety(False)) for h in ("miner1", "miner2")]
        first, second = sp.check_funds(rpc, items)
    assert first.ok and not second.ok and "stake at most τ0.99" in second.message
    again = [sp.StakeItem(**vars(i)) for i in items]
    assert not sp.changed(items, again, 0.005)
    again[0].received = int(again[0].received * 0.99)
    assert sp.changed(items, again, 0.005)
    assert sp.changed(items, again[:1], 0.005)
