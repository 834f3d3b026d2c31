"""Recycled emission is never shown as earnings, against a real dev node: the demo subnet's owner
(Alice) also owns both registered hotkeys, so the chain recycles their incentive. The metagraph's
Emission and per-day columns show only what is earned, a Recycled column what is recycled, and
the neuron detail says so."""

from __future__ import annotations

import pytest

from client.subnets import earnings
from tests.tui.devnet import populated_node
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context

pytestmark = pytest.mark.anyio
RAO = 10**9


async def test_recycled_emission_is_shown_as_recycled(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    try:
        for _ in range(7):  # tempo 5: an epoch runs within these blocks
            head = node.produce_block().header.number
        app = TaonetApp(Context(node.url, str(tmp_path / "wallets"), None, 1))
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_until(pilot, loaded(app, "network"), what="the network view")
            await pilot.press("2")
            sub = app.view("subnet")
            await wait_until(pilot, loaded(app, "subnet", head), what="the subnet view")
            m = sub.data
            assert all(m["recycled"]), "the owner's hotkeys are marked recycled by the node"
            paid = earnings(m)
            i = max(range(m["n"]), key=lambda k: paid[k]["recycled_emission"])
            assert paid[i]["recycled_emission"] > 0, "an epoch recycled something"
            model = sub.query_one("#metagraph").model
            assert "Recycled α" in [c.label for c in model.columns.values()]
            uid = m["uids"][i]
            at = model.key_index[uid]
            row = {k: model.values[k][at] for k in ("emission", "recycled", "daily")}
            assert row["emission"] == paid[i]["earned_emission"] != m["emission"][i], row
            assert row["recycled"] == paid[i]["recycled_emission"], row
            assert row["daily"] == paid[i]["daily_earned"] / RAO, row

            table = sub.query_one("#metagraph")
            table.focus()
            await pilot.press(*["down"] * int(list(model.order).index(at)), "enter")
            detail = lambda: str(app.screen.query_one("#neuron-detail").render())  # noqa: E731
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "NeuronDetail" and "hotkey" in detail(),
                             what="the neuron detail")
            text = detail()
            assert f"{m['hotkeys'][i]}" in text
            assert f"α{paid[i]['recycled_emission'] / RAO:,.6f}/epoch recycled" in text, text
            assert f"α{paid[i]['earned_emission'] / RAO:,.6f}/epoch earned" in text, text
            history = lambda: str(app.screen.query_one("#neuron-history").render())  # noqa: E731
            await wait_until(pilot, lambda: "epochs, blocks" in history(), what="the history")
            assert "recycles (not earned)" in history(), history()
    finally:
        node.stop()
