"""What the dashboard's words say, against a real dev node: units name what the numbers are (α for
subnet amounts, τ for TAO), the Wallets stake table names the coldkey of each stake, the
start-process form labels its fields, and the no-node banner says its message once."""

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


async def test_subnet_amounts_are_labelled_alpha(devnet):
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("2")
        await wait_until(pilot, loaded(app, "subnet"), what="the subnet view")
        table = app.view("subnet").query_one("#metagraph")
        header = table._header_cells()
        assert {"Stake α", "Emission α", "α/day"} <= set(header), header
        assert not [h for h in header if "τ" in h], header  # no TAO amount in a neuron's row
        table.focus()
        await pilot.press("enter")
        detail = await wait_until(pilot, lambda: "hotkey" in (t := str(app.screen.query_one("#neuron-detail").render()))
                                  and t, what="the neuron detail")
        assert "stake    α" in detail and "stake    τ" not in detail, detail


async def test_wallets_stake_table_names_the_coldkey(devnet):
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("3")
        await wait_until(pilot, loaded(app, "wallets"), what="the wallets view")
        table = app.view("wallets").query_one("#stakes-table")
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:2] == ["Coldkey", "Hotkey"], labels
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows and all(r[0] == "alice" for r in rows), rows


async def test_start_process_form_labels_its_fields(tmp_path):
    from tui.process_form import ProcessForm

    app = TaonetApp(Context(f"http://127.0.0.1:{free_port()}", str(tmp_path / "w"), None, 1), follow=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ProcessForm(str(tmp_path / "w"), 1))
        await wait_until(pilot, lambda: app.screen.query("#proc-subnet"), what="the process form")
        labels = [str(label.render()) for label in app.screen.query("Label")]
        for field in ("Role", "Subnet (netuid)", "Wallet", "Hotkey", "Subnet program"):
            assert any(text.startswith(field) for text in labels), (field, labels)
        box = app.screen.query_one("#proc-subnet")
        assert box.region.bottom <= 24, "the last field is off-screen at 80x24"


async def test_no_node_banner_says_it_once(tmp_path):
    app = TaonetApp(Context(f"http://127.0.0.1:{free_port()}", str(tmp_path / "w"), None, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        banner = app.query_one("#banner")
        await wait_until(pilot, lambda: banner.display, what="the no-node banner")
        text = str(banner.render())
        assert text.lower().count("no node answers") == 1 and text.count("btcli node start") == 1, text
