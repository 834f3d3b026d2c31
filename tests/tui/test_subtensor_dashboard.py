"""The dashboard against a subtensor endpoint: the fake spec-461 subtensor node (tests/substrate,
a real WebSocket server on loopback answering from the runtime's metadata) through the subtensor
backend, and what a taonet node offers that a subtensor node does not left out, not failing."""

from __future__ import annotations

import time

import pytest

from tests.node.fixtures import wait_for
from tests.substrate.fake_subtensor import ALICE, BOB, RAO, FakeSubtensor
from tests.tui.devnet import make_wallet
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context
from tui.metagraph_data import table_columns
from tui.widgets.metagraph_table import ratio

# an app's first answer waits for the backend's connection, which decodes the runtime's metadata: a fraction of
# a second on a quiet machine, 40 s once seen on two cores running four other test processes
FIRST_LOAD_S = 90.0

pytestmark = pytest.mark.anyio
SIZE = (160, 48)


@pytest.fixture
def fake(tmp_path, monkeypatch):
    monkeypatch.setenv("TAONET_METADATA_CACHE", str(tmp_path / "metadata"))
    with FakeSubtensor(accounts={ALICE: 1_000 * RAO, BOB: 10 * RAO}) as node:
        yield node


@pytest.fixture
def wallets(tmp_path) -> str:
    make_wallet(tmp_path / "wallets")  # coldkey //Alice: her balance and her stake on subnet 1
    return str(tmp_path / "wallets")


def status_text(app: TaonetApp) -> str:
    return str(app.query_one("#status").render())


def head_number(app: TaonetApp) -> int:
    return int((app.head or {}).get("number", 0))


async def test_subtensor_views_follow_new_heads(fake, wallets):
    app = TaonetApp(Context(fake.url, wallets, None, 1))
    async with app.run_test(size=SIZE) as pilot:
        assert app.ctx.kind == "subtensor"
        tabs = [pane.id for pane in app.query("TabPane")]
        assert tabs == ["network", "subnet", "wallets", "stake"]  # no Processes, no Charts
        assert not app.query("ProcessesView") and not app.query("ChartsView")

        await wait_until(pilot, lambda: head_number(app) > 0, FIRST_LOAD_S, what="the first head over chain_subscribeNewHeads")
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        subnets = {s["netuid"]: s for s in app.view("network").data["subnets"]}
        assert subnets[1]["name"] == "apex" and subnets[1]["tao_in"] == 1_000 * RAO
        assert subnets[2]["name"] == "omron"
        table = app.view("network").query_one("#subnets-table")
        assert table.row_count() == 3
        first = head_number(app)
        await wait_until(pilot, lambda: f"#{first:,}" in status_text(app), what="the block in the status line")
        assert f"{fake.url} · subtensor" in status_text(app)

        fake.produce_blocks(2)
        await wait_until(pilot, lambda: head_number(app) >= first + 2, what="new heads after produce_blocks")
        await wait_until(pilot, loaded(app, "network", first + 2), what="the network view at the new head")
        await wait_until(pilot, lambda: f"#{first + 2:,}" in status_text(app), what="the status line's block")

        await pilot.press("2")
        await wait_until(pilot, loaded(app, "subnet"), what="the subnet view")
        sub = app.view("subnet").data
        assert sub["netuid"] == 1 and sub["hotkeys"] == [BOB] and sub["coldkeys"] == [ALICE]
        assert app.view("subnet").query_one("#metagraph").row_count() == 1
        unknown = dict(sub, validator_trust=[None])  # a column the chain does not keep reads "-", not "nan"
        assert ratio(table_columns(unknown)["validator_trust"][0]) == "-"

        await pilot.press("3")
        await wait_until(pilot, loaded(app, "wallets"), what="the wallets view")
        data = app.view("wallets").data
        assert data["free"] == {ALICE: 1_000 * RAO}
        assert [(s["hotkey"], s["netuid"], s["alpha"]) for s in data["stakes"]] == [(BOB, 1, 100 * RAO)]

        await pilot.press("5")  # the Processes key does nothing here
        assert app.active == "wallets"

        genesis = app.node_info["genesis_hash"]  # real money: a stake confirmation names network and genesis
        assert app.view("stake").real_chain() == f"{fake.url} (genesis {genesis[:12]}…)"


async def test_neuron_detail_without_history(fake, wallets):
    """The neuron detail on a subtensor node: the neuron, and no history (the chain keeps none)."""
    app = TaonetApp(Context(fake.url, wallets, None, 1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await wait_until(pilot, loaded(app, "subnet"), FIRST_LOAD_S, what="the subnet view")
        app.view("subnet").query_one("#metagraph").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "hotkey" in str(app.screen.query_one("#neuron-detail").render()),
                         what="the neuron detail")
        assert BOB in str(app.screen.query_one("#neuron-detail").render())
        assert str(app.screen.query_one("#neuron-history").render()).strip() == ""
        await pilot.press("escape")


def test_feed_stops_promptly_while_no_block_comes(fake):
    """The heads worker's body (tui.feed.follow) on a subtensor node: NodeUp and the head, then a
    new block, and it notices a quit within about a second (keep-alives) though no block comes."""
    import threading

    from tui.feed import follow
    from tui.messages import HeadArrived, NodeUp

    ctx = Context(fake.url)
    posted: list = []
    stop = threading.Event()
    worker = threading.Thread(target=follow, args=(ctx.url, lambda: ctx.backend(10.0), posted.append, stop.is_set,
                                                   stop.wait), daemon=True)
    subscribed = fake.calls.count("chain_subscribeNewHeads")
    worker.start()
    # The head from chainInfo comes before the subscription: a block made in between would be missed
    # (a later one would not), so the block is made once the node holds the feed's subscription.
    wait_for(lambda: fake.calls.count("chain_subscribeNewHeads") > subscribed, timeout=60, what="the heads subscription")
    up = next(m for m in posted if isinstance(m, NodeUp))
    assert up.url == fake.url and "hosting" not in up.capabilities and "new_heads" in up.capabilities
    first = max(m.header["number"] for m in posted if isinstance(m, HeadArrived))
    fake.produce_blocks(1)
    wait_for(lambda: max(m.header["number"] for m in posted if isinstance(m, HeadArrived)) > first, timeout=60,
             what="the new head")
    assert max(m.header["number"] for m in posted if isinstance(m, HeadArrived)) == first + 1
    time.sleep(1.5)  # the chain is idle now: only keep-alives come
    stopped = time.monotonic()
    stop.set()
    worker.join(5.0)
    assert not worker.is_alive() and time.monotonic() - stopped < 3.0


async def test_an_endpoint_that_does_not_answer_says_so(tmp_path, monkeypatch):
    from tests.node.fixtures import free_port

    monkeypatch.setenv("TAONET_METADATA_CACHE", str(tmp_path / "metadata"))
    url = f"ws://127.0.0.1:{free_port()}"
    app = TaonetApp(Context(url, str(tmp_path / "w"), None, 1))
    async with app.run_test(size=(100, 24)) as pilot:
        banner = app.query_one("#banner")
        await wait_until(pilot, lambda: banner.display, what="the banner")
        text = str(banner.render())
        assert "No subtensor node answers at" in text and "btcli node start" not in text
        assert "offline" in status_text(app) and "subtensor" in status_text(app)


async def test_processes_key_hidden_on_subtensor(fake, wallets):
    app = TaonetApp(Context(fake.url, wallets, None, 1), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.check_action("show", ("processes",)) is False
        assert app.check_action("show", ("charts",)) is False
        assert app.check_action("show", ("wallets",)) is True
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Show Wallets" in commands and "Show Processes" not in commands and "Show Charts" not in commands


async def test_taonet_node_keeps_processes_and_charts(tmp_path):
    from tests.tui.devnet import populated_node

    node, _ = populated_node(tmp_path / "chain", tmp_path / "wallets")
    try:
        app = TaonetApp(Context(node.url, str(tmp_path / "wallets"), str(tmp_path / "chain"), 1))
        async with app.run_test(size=SIZE) as pilot:
            assert [p.id for p in app.query("TabPane")] == ["network", "subnet", "wallets", "stake", "processes",
                                                            "charts"]
            await wait_until(pilot, loaded(app, "network"), what="the network view")
            await wait_until(pilot, lambda: "· taonet" in status_text(app), what="the status line")
            assert app.check_action("show", ("processes",)) is True
            await pilot.press("5")
            assert app.active == "processes"
    finally:
        node.stop()


@pytest.mark.parametrize("how", ["python -m tui", "btcli view"])
def test_dashboard_on_a_subtensor_endpoint_in_a_terminal(how, fake, wallets, tmp_path, isolated_home):
    """`python -m tui --network ws://…` (and `btcli view`) in a real terminal (tmux): subnets, the
    metagraph, the wallet's balance and stake, no Processes tab, new heads advance the block, q quits."""
    import shlex
    import sys

    from tests.conftest import btcli_exe
    from tests.terminal.tmux import Tmux

    term = Tmux(160, 40)
    try:
        program = [sys.executable, "-m", "tui"] if how == "python -m tui" else btcli_exe() + ["view"]
        command = " ".join(shlex.quote(a) for a in program + ["--network", fake.url, "--wallet-path", wallets])
        term.start(command, env={"TERM": "xterm-256color", "TAONET_METADATA_CACHE": str(tmp_path / "metadata"),
                                 "HOME": str(isolated_home), "TAONET_CONFIG": str(isolated_home / "config.json")})
        screen = term.wait_for("omron", timeout=60)  # the Network view lists the fake's subnets
        assert "apex" in screen and "subtensor" in screen
        assert "Processes" not in screen and "Charts" not in screen
        head = fake.produce_blocks(3)
        term.wait_for(f"#{head:,}", timeout=30)
        term.send("2")
        screen = term.wait_for(BOB[:6], timeout=30)  # subnet 1's metagraph: Bob's hotkey
        assert "epochs     -" in screen  # what the real chain does not keep reads "-", not "None"
        term.send("3")
        screen = term.wait_for("1,000.0000", timeout=30)  # Alice's free τ
        assert "100.0000" in screen  # her α on subnet 1
        term.send("q")
        assert term.exit_code(timeout=10) == 0
    finally:
        term.close()
