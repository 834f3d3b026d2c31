"""`btcli view dashboard --wallet-name / --coldkey-ss58` (the real btcli's flags): the dashboard opens
on the Wallets view showing that wallet, or that address watch-only, against a real dev node; the
browser-only flags (--use-wry, --save-file, --dashboard-path) are refused in one line."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from tests.tui.devnet import make_wallet, populated_node
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context
from tui.stake_view import initial_wallet
from tui.wallets_view import focused

BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
SIZE = (160, 48)


@pytest.fixture
def devnet(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    make_wallet(tmp_path / "wallets", name="charlie", uri="//Charlie")
    yield node, keys, str(tmp_path / "wallets")
    node.stop()


@pytest.mark.anyio
@pytest.mark.parametrize("extra, names", [({"wallet_name": "charlie"}, ["charlie"]),
                                          ({"coldkey_ss58": BOB}, ["(watch-only)"]),
                                          ({}, ["alice", "charlie"])])
async def test_the_dashboard_opens_on_the_chosen_wallet(devnet, extra, names):
    node, keys, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1, extra=dict(extra)))
    async with app.run_test(size=SIZE) as pilot:
        first = "wallets" if extra else "network"
        await wait_until(pilot, loaded(app, first), what=f"the {first} view")
        assert app.active == first
        if not extra:
            await pilot.press("3")
            await wait_until(pilot, loaded(app, "wallets"), what="the wallets view")
        data = app.view("wallets").data
        assert sorted(w["name"] for w in data["wallets"]) == names
        if "coldkey_ss58" in extra:
            assert data["free"][BOB] > 0  # a dev account, read from the node
        # the Stake form starts on the wallet asked for (it took the first wallet whatever --wallet-name said)
        await pilot.press("4")
        await wait_until(pilot, loaded(app, "stake"), what="the stake view")
        chosen = app.view("stake").query_one("#stake-wallet", Select).value
        assert chosen == ("charlie" if "wallet_name" in extra else "alice"), chosen


def test_focused_keeps_the_wallets_of_a_coldkey():
    wallets = [{"name": "a", "coldkey": "X", "encrypted": False, "hotkeys": []},
               {"name": "b", "coldkey": BOB, "encrypted": True, "hotkeys": []}]
    assert focused(wallets, [], {"coldkey_ss58": BOB})[0] == [wallets[1]]
    assert focused(wallets, [], {"wallet_name": "none"})[0] == []


def test_the_stake_forms_wallet_follows_the_choice_then_the_flag_then_the_first():
    wallets = [{"name": "a", "coldkey": "X"}, {"name": "b", "coldkey": BOB}, {"name": "c", "coldkey": "Y"}]
    assert initial_wallet(wallets, "c", {"wallet_name": "b"}) == "c"  # a reload keeps what the user chose
    assert initial_wallet(wallets, None, {"wallet_name": "b"}) == "b"
    assert initial_wallet(wallets, None, {"coldkey_ss58": BOB}) == "b"
    assert initial_wallet(wallets, "gone", {"coldkey_ss58": "elsewhere"}) == "a"


def test_browser_flags_are_refused_in_one_line(btcli):
    for flags in (["--use-wry"], ["--html"], ["--save-file"], ["--dashboard-path", "/tmp/d"]):
        done = btcli("view", "dashboard", *flags)
        assert done.returncode == 2 and "runs in this terminal" in done.stderr, done.stderr
        assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    bad = btcli("view", "dashboard", "--coldkey-ss58", "not-an-address")
    assert bad.returncode == 2 and "Invalid SS58 address" in bad.stderr
    missing = btcli("view", "--wallet-name", "nobody", "-p", "/nonexistent")
    assert missing.returncode == 2 and "no wallet 'nobody'" in missing.stderr.lower()
