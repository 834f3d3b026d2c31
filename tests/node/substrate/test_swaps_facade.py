"""Key swaps on the Substrate façade: the real announce_coldkey_swap / swap_coldkey_announced /
swap_hotkey(_v2) map to taonet's calls, their events encode with the spec-461 metadata, and the
storage the real btcli's `wallet swap-check` reads (ColdkeySwapAnnouncements, ColdkeySwapDisputes,
the delays, TxRateLimit, LastHotkeySwapOnNetuid) reads back, on a builder chain."""
from __future__ import annotations

import pytest

from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS
from node.runtime.swap_coldkey import coldkey_hash
from node.substrate.calls_map import Unsupported, to_neutral
from node.substrate.codec import codec
from node.substrate.events import convert
from tests.economics.conftest import economy_spec
from tests.node.substrate.test_childkeys_facade import q


def _decoded(function: str, args: dict) -> dict:
    c = codec()
    return c.decode_call(c.encode_call({"call_module": "SubtensorModule", "call_function": function, "call_args": args}))


def test_real_calls_and_events_map():
    alice, bob = DEV_ACCOUNTS["alice"], DEV_ACCOUNTS["bob"]
    call = _decoded("announce_coldkey_swap", {"new_coldkey_hash": coldkey_hash(bob)})
    assert to_neutral(call["call_module"], call["call_function"], call["call_args"], alice) == \
        ("subtensor.announce_coldkey_swap", {"new_coldkey_hash": coldkey_hash(bob)})
    call = _decoded("swap_hotkey", {"hotkey": alice, "new_hotkey": bob, "netuid": None})
    assert to_neutral("SubtensorModule", "swap_hotkey", call["call_args"], alice) == \
        ("subtensor.swap_hotkey", {"hotkey": alice, "new_hotkey": bob, "netuid": None})
    call = _decoded("swap_hotkey_v2", {"hotkey": alice, "new_hotkey": bob, "netuid": 2, "keep_stake": False})
    assert to_neutral("SubtensorModule", "swap_hotkey_v2", call["call_args"], alice) == \
        ("subtensor.swap_hotkey", {"hotkey": alice, "new_hotkey": bob, "netuid": 2})
    with pytest.raises(Unsupported, match="keep_stake"):
        to_neutral("SubtensorModule", "swap_hotkey_v2", {**call["call_args"], "keep_stake": True}, alice)
    records = convert([(0, "subtensor.ColdkeySwapAnnounced", {"who": alice, "new_coldkey_hash": coldkey_hash(bob)}),
                       (0, "subtensor.ColdkeySwapped", {"old_coldkey": alice, "new_coldkey": bob}),
                       (0, "subtensor.HotkeySwapped", {"coldkey": alice, "old_hotkey": alice, "new_hotkey": bob}),
                       (0, "subtensor.HotkeySwappedOnSubnet", {"coldkey": alice, "old_hotkey": alice, "new_hotkey": bob,
                                                               "netuid": 1}),
                       (0, "subtensor.ColdkeySwapCleared", {"who": alice}),
                       (0, "subtensor.ColdkeySwapDisputed", {"coldkey": alice})])
    assert [r.name for r in records][:2] == ["SubtensorModule.ColdkeySwapAnnounced", "SubtensorModule.ColdkeySwapped"]
    codec().encode_events(records)


def test_storage_items(tmp_path):
    b = ChainBuilder(tmp_path / "chain", economy_spec(coldkey_swap_announcement_delay=7))
    bob = DEV_ACCOUNTS["bob"]
    new = address_of("bob-new")
    b.submit("bob", "subtensor.announce_coldkey_swap", {"new_coldkey_hash": coldkey_hash(new)})
    b.block()
    assert b.last.results[-1].success, b.last.results[-1].message
    when = b.chain.head.number + 7
    assert tuple(q(b.chain, "ColdkeySwapAnnouncements", (bob,))) == (when, coldkey_hash(new))
    assert q(b.chain, "ColdkeySwapAnnouncements", (DEV_ACCOUNTS["charlie"],)) is None
    assert q(b.chain, "ColdkeySwapAnnouncementDelay", ()) == 7
    assert q(b.chain, "ColdkeySwapReannouncementDelay", ()) == 10
    assert q(b.chain, "TxRateLimit", ()) == 1000
    b.submit("bob", "subtensor.dispute_coldkey_swap", {})
    b.block()
    assert q(b.chain, "ColdkeySwapDisputes", (bob,)) == b.chain.head.number
    b.close()


def test_last_tx_block_reads(tmp_path):
    b = ChainBuilder(tmp_path / "chain", economy_spec())
    b.submit("bob", "subtensor.register_network", {"hotkey": address_of("bob-owner")})
    b.block()
    b.submit("bob", "subtensor.swap_hotkey", {"hotkey": address_of("bob-owner"), "new_hotkey": address_of("bob-next"),
                                             "netuid": None})
    b.block()
    assert b.last.results[-1].success, b.last.results[-1].message
    bob = DEV_ACCOUNTS["bob"]
    assert q(b.chain, "LastTxBlock", (bob,)) == b.chain.head.number
    assert q(b.chain, "LastRateLimitedBlock", ({"LastTxBlock": bob},)) == b.chain.head.number
    assert q(b.chain, "LastRateLimitedBlock", ({"LastTxBlock": DEV_ACCOUNTS["charlie"]},)) in (None, 0)
    b.close()
