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


async def test_the_log_pane_stays_on_the_highlighted_process(node_process, tmp_path):  # noqa: F811
    """With two hosted processes and the second highlighted, refreshes (uptime changes every second)
    never move the cursor or the log pane back to the first."""
    from client import hosting
    from client.taonet import TaonetBackend

    node = node_process(tmp_path / "chain", block_time=0.2)
    wallets = tmp_path / "wallets"
    make_wallet(wallets)
    token = hosting.admin_token(node.data_dir)
    with TaonetBackend(node.url) as rpc:
        names = [hosting.start(rpc, token, hosting.process_spec("miner", 1, "alice", hk, str(wallets)))["name"]
                 for hk in ("miner1", "miner2")]
    app = TaonetApp(Context(node.url, str(wallets), str(node.data_dir), 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("5")
        view = app.view("processes")
        await wait_until(pilot, lambda: view.data and len(view.data["processes"]) == 2, what="both processes")
        table = view.query_one("#processes-table")
        second = table.get_row_at(1)[0]
        table.focus()
        await pilot.press("down")
        await wait_until(pilot, lambda: view._log_for == second, what="the second process's log")
        heads = set()
        for _ in range(60):  # about 6 s: several refreshes, each with new uptimes
            await pilot.pause(0.1)
            heads.add(view.data["head"])
            assert table.cursor_row == 1 and view._log_for == second, (table.cursor_row, view._log_for, names)
            assert view.ctx.extra["selected"] == second
        assert len(heads) >= 3, "the view did not refresh while watched"
