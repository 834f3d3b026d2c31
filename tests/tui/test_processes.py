"""The Processes view against a real node subprocess (it hosts processes and has an admin token):
a miner started from the view appears in `btcli miner list`, and stops from the view."""

from __future__ import annotations

import json

import pytest

from tests.node.fixtures import node_process  # noqa: F401
from tests.tui.devnet import make_wallet
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context

pytestmark = pytest.mark.anyio


async def test_start_and_stop_a_miner_from_processes(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.2)
    wallets = tmp_path / "wallets"
    make_wallet(wallets)
    app = TaonetApp(Context(node.url, str(wallets), str(node.data_dir), 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("5")
        await wait_until(pilot, loaded(app, "processes"), what="the processes view")
        assert app.view("processes").data["processes"] == []
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ProcessForm", what="the process form")
        app.screen.query_one("#proc-wallet").value = "alice"
        app.screen.query_one("#proc-hotkey").value = "miner1"
        await pilot.press("ctrl+s")
        view = app.view("processes")
        await wait_until(pilot, lambda: view.data and view.data["processes"], timeout=30, what="the started miner")
        name = view.data["processes"][0]["name"]

        listed = btcli("miner", "list", "--data-dir", str(node.data_dir), "--network", node.url, "--json-output")
        assert listed.returncode == 0, listed.stderr
        assert name in [p["name"] for p in json.loads(listed.stdout)["processes"]]

        app.view("processes").focus_main()
        await pilot.press("x")
        await wait_until(pilot, lambda: view.data["processes"][0]["desired"] == "stopped", timeout=60,
                         what="the stopped miner")
