"""The neuron detail against a real dev node: stake by nominator once a second coldkey stakes to
the hotkey, and the neuron's per-epoch history once an epoch ran; plus its pure text functions."""

from __future__ import annotations

import pytest

from node.builder import dev_key
from tests.tui.devnet import RAO, populated_node, submit
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context
from tui.neuron_detail import history_text, nominators_text, sparkline

pytestmark = pytest.mark.anyio


async def test_detail_shows_nominators_and_history(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    try:
        bob = dev_key("bob")
        submit(node, bob, "subtensor.add_stake", {"hotkey": keys["miner1"], "netuid": 1, "amount_staked": 20 * RAO})
        for _ in range(7):  # tempo 5: an epoch runs within these blocks
            head = node.produce_block().header.number
        app = TaonetApp(Context(node.url, str(tmp_path / "wallets"), None, 1))
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_until(pilot, loaded(app, "network"), what="the network view")
            await pilot.press("2")
            sub = app.view("subnet")
            await wait_until(pilot, loaded(app, "subnet", head), what="the subnet view")
            uid = sub.data["hotkeys"].index(keys["miner1"])
            table = sub.query_one("#metagraph")
            table.focus()
            await pilot.press(*["down"] * uid, "enter")
            nominators = lambda: str(app.screen.query_one("#neuron-nominators").render())  # noqa: E731
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "NeuronDetail" and "nominator" in nominators(),
                             what="the nominators")
            text = nominators()
            assert bob.ss58_address in text and keys["coldkey"] in text and "Stake by nominator (2;" in text
            assert text.index(bob.ss58_address) > text.index(keys["coldkey"])  # Alice staked 50 TAO, Bob 20
            history = str(app.screen.query_one("#neuron-history").render())
            assert "epochs, blocks #" in history and "incentive" in history, history
            await pilot.press("escape")
    finally:
        node.stop()


def test_nominators_text_shows_the_top_and_counts_the_rest():
    rows = [{"coldkey": f"5C{i}", "alpha": (5 - i) * RAO, "shares": 5 - i, "proportion": (5 - i) / 20, "owner": i == 0}
            for i in range(3)]
    text = nominators_text({"count": 5, "pool_alpha": 20 * RAO, "owner": "5C0", "take": 11_796, "nominators": rows})
    assert "(5; pool α20.0000, take 18.00%)" in text and "5C0" in text and "owner" in text
    assert "… and 2 more holding α8.0000" in text  # 20 − (5 + 4 + 3)
    assert "nobody" in nominators_text({"count": 0, "pool_alpha": 0, "owner": None, "take": None, "nominators": []})


def test_history_text_keeps_this_hotkeys_epochs():
    h = {"neuron": {"number": [5, 10, 15], "hotkey": ["old", "hk", "hk"], "stake": [RAO, 2 * RAO, 3 * RAO],
                    "incentive": [0, 65535, 0], "dividends": [0, 0, 65535], "emission": [0, RAO, RAO]}}
    text = history_text(h, "hk")
    assert "2 epochs, blocks #10–#15" in text and "      #10" in text and "#5 " not in text
    assert "no epoch recorded" in history_text({"neuron": {"hotkey": []}}, "hk")
    assert sparkline([1, 2, 3]) == "▁▅█" and sparkline([2, 2]) == "▁▁" and sparkline([]) == ""
