"""The dashboard against a real dev node (an in-process node whose blocks come on demand): the
no-node banner and reconnect, the Network and Subnet views after a block and after an epoch,
the neuron detail, a stake from the Stake view that lands and shows in Wallets."""

from __future__ import annotations

import pytest

from tests.node.fixtures import free_port
from tests.tui.devnet import populated_node
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context

pytestmark = pytest.mark.anyio
SIZE = (160, 48)


@pytest.fixture
def devnet(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    yield node, keys, str(tmp_path / "wallets")
    node.stop()


def make_app(node, wallets: str) -> TaonetApp:
    return TaonetApp(Context(node.url, wallets, None, 1))


async def test_no_node_banner_then_reconnects(tmp_path):
    from node.genesis import dev_spec
    from node.service import BackgroundNode

    port = free_port()
    app = TaonetApp(Context(f"http://127.0.0.1:{port}", str(tmp_path / "w"), None, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        banner = app.query_one("#banner")
        await wait_until(pilot, lambda: banner.display, what="the no-node banner")
        assert "btcli node start --dev" in str(banner.render())
        node = BackgroundNode(tmp_path / "late", dev_spec(), block_time=None, rpc_port=port)
        try:
            await wait_until(pilot, lambda: not banner.display, what="the reconnect")
            node.produce_block()
            await wait_until(pilot, loaded(app, "network", 1), what="the network view")
        finally:
            node.stop()
        await wait_until(pilot, lambda: banner.display, what="the banner after the node went away")


async def test_network_and_subnet_follow_blocks_and_epochs(devnet):
    node, keys, wallets = devnet
    app = make_app(node, wallets)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        data = app.view("network").data
        assert [s["netuid"] for s in data["subnets"]] == [0, 1]
        head = node.produce_block().header.number
        await wait_until(pilot, loaded(app, "network", head), what="the next block on Network")

        await pilot.press("2")
        await wait_until(pilot, loaded(app, "subnet", head), what="the subnet view")
        sub = app.view("subnet")
        assert sub.data["uids"] == [0, 1] and set(sub.data["hotkeys"]) == {keys["miner1"], keys["miner2"]}
        table = sub.query_one("#metagraph")
        assert table.row_count() == 2
        epochs = sub.data["pool"]["epoch_count"]
        emission = list(sub.data["emission"])
        for _ in range(7):  # tempo 5: an epoch runs within these blocks
            head = node.produce_block().header.number
        await wait_until(pilot, loaded(app, "subnet", head), what="the subnet view after an epoch")
        assert sub.data["pool"]["epoch_count"] > epochs
        assert list(sub.data["emission"]) != emission

        table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "hotkey" in str(app.screen.query_one("#neuron-detail").render()),
                         what="the neuron detail")
        await pilot.press("escape")


async def test_stake_lands_and_shows_in_wallets(devnet):
    node, keys, wallets = devnet
    app = make_app(node, wallets)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("4")
        stake = app.view("stake")
        await wait_until(pilot, loaded(app, "stake"), what="the stake view")
        stake.query_one("#stake-hotkey").value = keys["miner2"]
        stake.query_one("#stake-safe").value = False
        stake.query_one("#stake-amount").focus()
        await pilot.press(*"12.5")
        await wait_until(pilot, lambda: getattr(stake, "quoted", {}).get("ok"), what="an ok preview")
        assert "you receive" in str(stake.query_one("#stake-preview").render())
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmModal", what="the confirmation")
        await pilot.press("y")
        result = stake.query_one("#stake-result")
        await wait_until(pilot, lambda: "included" in str(result.render()) or "failed" in str(result.render()),
                         each=node.produce_block, what="the stake result")
        assert "included" in str(result.render()), str(result.render())

        app.set_focus(None)  # digits typed into a field stay there; from elsewhere they switch views
        await pilot.press("3")
        head = node.produce_block().header.number
        await wait_until(pilot, loaded(app, "wallets", head), what="the wallets view")
        stakes = app.view("wallets").data["stakes"]
        assert any(s["hotkey"] == keys["miner2"] and s["netuid"] == 1 and s["alpha"] > 0 for s in stakes)


async def test_stake_with_an_encrypted_coldkey_asks_the_password(tmp_path, isolated_home):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets", password="correct horse")
    try:
        app = make_app(node, str(tmp_path / "wallets"))
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, loaded(app, "network"), what="the network view")
            await pilot.press("4")
            stake = app.view("stake")
            await wait_until(pilot, loaded(app, "stake"), what="the stake view")
            assert stake.data["wallets"][0]["encrypted"]
            stake.query_one("#stake-safe").value = False
            stake.query_one("#stake-amount").focus()
            await pilot.press("5")
            await wait_until(pilot, lambda: getattr(stake, "quoted", {}).get("ok"), what="an ok preview")
            await pilot.press("ctrl+s")  # the password first: the quote confirmed comes after the slow unlock
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "PasswordModal", what="the password")
            assert app.screen.query_one("#password").password  # masked
            await pilot.press(*"correct horse", "enter")
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmModal", what="the confirmation")
            await pilot.press("y")
            result = stake.query_one("#stake-result")
            await wait_until(pilot, lambda: "included" in str(result.render()) or "failed" in str(result.render()),
                             each=node.produce_block, what="the stake result")
            assert "included" in str(result.render()), str(result.render())
    finally:
        node.stop()


@pytest.mark.skipif("taonet_history" not in __import__("node.rpc_registry", fromlist=["METHODS"]).METHODS,
                    reason="taonet_history is registered once README and man document it")
async def test_charts_show_the_history_of_price_and_a_neuron(devnet):
    node, keys, wallets = devnet
    for _ in range(11):  # two epochs at tempo 5
        head = node.produce_block().header.number
    app = make_app(node, wallets)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("6")
        await wait_until(pilot, loaded(app, "charts", head), what="the charts view")
        data = app.view("charts").data
        assert data["subnet"]["number"][-1] == head and len(data["subnet"]["price"]) >= 11
        assert len(data["neuron"]["stake"]) >= 2 and data["neuron"]["hotkey"][-1] == keys["miner1"]
        head = node.produce_block().header.number
        await wait_until(pilot, loaded(app, "charts", head), what="the charts after a block")
        assert app.view("charts").data["subnet"]["number"][-1] == head
