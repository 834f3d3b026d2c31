"""The Stake view's moves against a real dev node: stake moved to another hotkey of the same
coldkey and transferred to another coldkey land on chain (checked by RPC), and a bad destination
gets a clear message in the preview; plus the destination check itself."""

from __future__ import annotations

from typing import Any

import pytest

from client.taonet import TaonetBackend
from node.builder import dev_key
from tests.tui.devnet import RAO, populated_node
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context
from tui.stake_form import resolve_destination

pytestmark = pytest.mark.anyio


@pytest.fixture
def devnet(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    yield node, keys, str(tmp_path / "wallets")
    node.stop()


def alpha_of(url: str, coldkey: str, hotkey: str, netuid: int) -> int:
    with TaonetBackend(url) as rpc:
        stakes = rpc.call("taonet_stakeInfo", coldkey)["stakes"]
    return sum(s["alpha"] for s in stakes if s["hotkey"] == hotkey and s["netuid"] == netuid)


async def open_stake_view(pilot: Any) -> Any:
    """Wait for the app to load, switch to the Stake view and wait for its data."""
    app = pilot.app
    await wait_until(pilot, loaded(app, "network"), what="the network view")
    await pilot.press("4")
    await wait_until(pilot, loaded(app, "stake"), what="the stake view")
    return app.view("stake")


async def fill_and_submit(pilot: Any, node: Any, action: str, to: str, amount: str) -> dict[str, Any]:
    """Fill the Stake form, wait for an ok preview, confirm; the chain's events of the included call."""
    app = pilot.app
    stake = app.view("stake")
    stake.query_one("#stake-action").value = action
    await wait_until(pilot, lambda: stake.query_one("#stake-to").display, what=f"the {action} destination field")
    stake.query_one("#stake-to").value = to
    stake.query_one("#stake-amount").value = amount
    await wait_until(pilot, lambda: getattr(stake, "quoted", {}).get("ok") and stake.form()["action"] == action
                     and stake.form()["to"], what=f"an ok {action} preview")
    assert "you receive  α" in str(stake.query_one("#stake-preview").render())
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmModal", what="the confirmation")
    assert f"to {'hotkey' if action == 'move' else 'coldkey'} " in str(app.screen.query_one("#confirm-text").render())
    await pilot.press("y")
    result = stake.query_one("#stake-result")
    await wait_until(pilot, lambda: "included" in str(result.render()) or "failed" in str(result.render()),
                     each=node.produce_block, what=f"the {action} result")
    assert "included" in str(result.render()), str(result.render())
    with TaonetBackend(node.url) as rpc:
        block = int(str(result.render()).split("block #")[1].split()[0])
        return {e["name"]: e["data"] for e in rpc.call("taonet_events", block)}


async def test_move_to_another_hotkey_and_transfer_to_another_coldkey(devnet):
    node, keys, wallets = devnet
    bob = dev_key("bob").ss58_address
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(160, 48)) as pilot:
        stake = await open_stake_view(pilot)
        assert not stake.query_one("#stake-to").display  # add needs no destination
        stake.query_one("#stake-hotkey").value = keys["miner1"]
        on_miner2 = alpha_of(node.url, keys["coldkey"], keys["miner2"], 1)

        events = await fill_and_submit(pilot, node, "move", "miner2", "5")
        moved = events["subtensor.StakeMoved"]
        assert (moved["hotkey"], moved["destination_hotkey"], moved["destination_coldkey"]) == \
               (keys["miner1"], keys["miner2"], keys["coldkey"])
        assert moved["alpha"] == moved["received_alpha"] == 5 * RAO and moved["destination_netuid"] == 1
        # shares are minted rounded down, so the stake's value may be a rao short; dividends only add to it
        assert alpha_of(node.url, keys["coldkey"], keys["miner2"], 1) >= on_miner2 + 5 * RAO - 1

        assert alpha_of(node.url, bob, keys["miner1"], 1) == 0
        events = await fill_and_submit(pilot, node, "transfer", bob, "3")
        sent = events["subtensor.StakeTransferred"]
        assert (sent["coldkey"], sent["destination_coldkey"], sent["hotkey"]) == (keys["coldkey"], bob, keys["miner1"])
        assert sent["received_alpha"] == 3 * RAO
        assert alpha_of(node.url, bob, keys["miner1"], 1) >= 3 * RAO - 1

        stake.query_one("#stake-to").value = bob[:-1] + ("x" if bob[-1] != "x" else "y")
        await wait_until(pilot, lambda: "checksum" in str(stake.query_one("#stake-preview").render()),
                         what="the bad address message")
        assert "destination coldkey" in str(stake.query_one("#stake-preview").render())


def test_destinations_resolve_names_and_refuse_bad_addresses():
    alice, bob = dev_key("alice").ss58_address, dev_key("bob").ss58_address
    wallet = {"name": "w", "coldkey": alice, "hotkeys": [("miner2", bob)]}
    assert resolve_destination("move", "miner2", wallet, [wallet]) == (bob, None)
    assert resolve_destination("move", f" {alice} ", wallet, [wallet]) == (alice, None)
    assert resolve_destination("transfer", "w", wallet, [wallet]) == (alice, None)
    assert resolve_destination("add", "anything", wallet, [wallet]) == (None, None)
    to, error = resolve_destination("move", "miner9", wallet, [wallet])
    assert to is None and "'miner9' is not a hotkey name of wallet w" in error and "invalid ss58 address" in error
    assert "enter the destination coldkey" in resolve_destination("transfer", "", wallet, [wallet])[1]


def test_amounts_that_are_not_numbers_are_named():
    from tui.stake_form import preview
    from tui.stake_view import parse_amount

    assert parse_amount("1.5") == 1_500_000_000 and parse_amount("  ") == 0
    assert parse_amount("localnet down") is None and parse_amount("1,5x") is None
    form = {"action": "add", "amount": 0, "amount_error": True}
    assert "not a number" in preview(None, form).message and not preview(None, form).ok
    assert preview(None, {**form, "amount_error": False}).message == "enter an amount"


async def test_a_preview_for_an_older_form_is_never_submitted(devnet):
    node, keys, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(160, 48)) as pilot:
        stake = await open_stake_view(pilot)
        stake.query_one("#stake-hotkey").value = keys["miner1"]
        stake.query_one("#stake-amount").value = "2"
        await wait_until(pilot, lambda: stake.quoted.get("ok"), what="an ok preview")
        stake.query_one("#stake-amount").value = "1"  # its quote is not back yet
        assert stake.quoted == {}
        stake.action_submit()
        await pilot.pause()
        assert app.screen.__class__.__name__ != "ConfirmModal"
        await wait_until(pilot, lambda: stake.quoted.get("ok"), what="the new preview")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmModal", what="the confirmation")
        assert "τ1.000000000" in str(app.screen.query_one("#confirm-text").render())


async def answer_modals(pilot: Any, password: str, result: Any, node: Any = None) -> str:
    """Answer the password and confirmation modals in whatever order they come, until a result shows."""
    app = pilot.app
    def done() -> bool:
        return any(w in str(result.render()) for w in ("included", "failed", "refused"))

    while not done():
        await wait_until(pilot, lambda: done() or app.screen.__class__.__name__ in ("ConfirmModal", "PasswordModal"),
                         timeout=60, what="a modal or the result", each=node.produce_block if node else None)
        if app.screen.__class__.__name__ == "PasswordModal":
            app.screen.query_one("#password").value = password
            await pilot.press("enter")
        elif app.screen.__class__.__name__ == "ConfirmModal":
            await pilot.press("y")
        await pilot.pause(0.05)
    return str(result.render())


async def test_an_encrypted_coldkey_safe_stakes_first_time_while_the_price_climbs(tmp_path):
    """Issue 13 item 1 in the dashboard: the limit is quoted after the (slow, argon2i) unlock, on a
    node whose price rises each block; the old order (confirm, then unlock, then submit the old
    limit) failed with SlippageTooHigh."""
    from node.genesis import dev_spec
    from node.service import BackgroundNode
    from tests.cli.test_stake_encrypted import PASSWORD, climbing_subnet
    from tests.tui.devnet import make_wallet

    keys = make_wallet(tmp_path / "wallets", password=PASSWORD)
    node = BackgroundNode(tmp_path / "chain", dev_spec(), block_time=0.1)
    try:
        climbing_subnet(node.url)
        app = TaonetApp(Context(node.url, str(tmp_path / "wallets"), None, 1))
        async with app.run_test(size=(160, 48)) as pilot:
            stake = await open_stake_view(pilot)
            stake.query_one("#stake-hotkey").value = "miner1"
            stake.query_one("#stake-tolerance").value = "0.02"
            stake.query_one("#stake-amount").value = "1"
            await wait_until(pilot, lambda: stake.quoted.get("ok"), what="an ok preview")
            await pilot.press("ctrl+s")
            text = await answer_modals(pilot, PASSWORD, stake.query_one("#stake-result"))
            assert "included" in text and "α" in text and "subtensor." not in text, text
        assert alpha_of(node.url, keys["coldkey"], keys["miner1"], 1) > 0
    finally:
        node.stop()


async def test_unstake_leaving_dust_is_refused_and_anyone_can_be_staked_to_by_uid(devnet):
    """The dashboard's preview is the chain's: an unstake leaving less than the minimum stake is
    refused (it used to say ok); a hotkey is typed as a name, a uid on the subnet or an address, and
    the result names the amount received."""
    node, keys, wallets = devnet
    bob_hotkey = dev_key("bob").ss58_address
    with TaonetBackend(node.url) as rpc:

        chain = rpc
        chain.submit(chain.sign(dev_key("bob"), "subtensor.burned_register",
                                {"netuid": 1, "hotkey": bob_hotkey, "max_burn": 100 * RAO}))
        node.produce_block()
        uid = next(n["uid"] for n in rpc.call("taonet_neurons", 1)["neurons"] if n["hotkey"] == bob_hotkey)
    held = alpha_of(node.url, keys["coldkey"], keys["miner1"], 1)
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(160, 48)) as pilot:
        stake = await open_stake_view(pilot)
        stake.query_one("#stake-action").value = "remove"
        stake.query_one("#stake-hotkey").value = "miner1"
        stake.query_one("#stake-safe").value = False
        stake.query_one("#stake-amount").value = f"{(held - 1000) / RAO:.9f}"
        preview = stake.query_one("#stake-preview")
        await wait_until(pilot, lambda: "would leave" in str(preview.render()), what="the dust refusal")
        assert not stake.quoted.get("ok")

        stake.query_one("#stake-action").value = "add"
        stake.query_one("#stake-hotkey").value = str(uid)
        stake.query_one("#stake-amount").value = "2"
        await wait_until(pilot, lambda: stake.quoted.get("ok") and stake.form()["action"] == "add",
                         what="an ok preview for a uid")
        assert bob_hotkey[:8] in str(preview.render())
        await pilot.press("ctrl+s")
        text = await answer_modals(pilot, "", stake.query_one("#stake-result"), node)
        assert "included" in text and "you received α" in text.lower() and "StakeAdded" not in text, text
    assert alpha_of(node.url, keys["coldkey"], bob_hotkey, 1) > 0


async def test_stake_form_fits_80x24_and_shows_no_raw_markup(devnet):
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        stake = await open_stake_view(pilot)
        fields = ("#stake-tolerance", "#stake-amount", "#stake-hotkey", "#stake-safe", "#stake-partial")

        def inside() -> bool:  # once laid out (a busy machine may take a few refreshes)
            form = stake.query_one("#stake-form").region
            return all(stake.query_one(w).region.width >= 6 and form.contains_region(stake.query_one(w).region)
                       for w in fields)

        await wait_until(pilot, inside, what="every field of the form inside it at 80x24")
        tolerance = stake.query_one("#stake-tolerance")
        assert tolerance.content_region.width > len(tolerance.value), "the tolerance's value is cut (0.005 read 0.0)"
        form = stake.query_one("#stake-form")
        for label in form.query("Label"):
            if label.display:  # every word of a label is on screen (none cut at the form's edge)
                assert form.region.contains_region(label.region), (str(label.render()), label.region, form.region)
                assert label.region.width * label.region.height >= len(str(label.render())), str(label.render())
        tolerance.value = "2"
        preview = stake.query_one("#stake-preview")
        await wait_until(pilot, lambda: "tolerance" in str(preview.render()), what="the tolerance message")
        assert "[/]" not in str(preview.render()) and "[0, 1)" in str(preview.render())


async def test_a_confirmation_is_requoted_and_a_changed_outcome_is_not_sent(devnet):
    """The price jumps while the confirmation is open: after the yes the form is quoted again,
    and as the amount received moved beyond the tolerance the new preview is shown and asked
    again; a no then signs nothing (the nonce stays put)."""
    node, keys, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(160, 48)) as pilot:
        stake = await open_stake_view(pilot)
        stake.query_one("#stake-hotkey").value = "miner1"
        stake.query_one("#stake-amount").value = "0.5"
        await wait_until(pilot, lambda: stake.quoted.get("status") == "ok", what="an ok safe preview")
        with TaonetBackend(node.url) as rpc:
            nonce = rpc.call("system_accountNextIndex", keys["coldkey"])
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmModal", what="the confirmation")
            chain = rpc  # meanwhile someone buys a lot: the price jumps past the 0.5% tolerance
            chain.submit(chain.sign(dev_key("bob"), "subtensor.add_stake",
                                    {"hotkey": keys["miner2"], "netuid": 1, "amount_staked": 200 * RAO}))
            node.produce_block()
            first = str(app.screen.query_one("#confirm-text").render())
            await pilot.press("y")
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ConfirmModal"
                             and str(app.screen.query_one("#confirm-text").render()) != first, timeout=30.0,
                             what="a new confirmation")
            received = [float(text.split("you receive  α")[1].split()[0].replace(",", ""))
                        for text in (first, str(app.screen.query_one("#confirm-text").render()))]
            assert received[1] < received[0] * 0.95  # the new preview, at the new price
            await pilot.press("n")
            await pilot.pause(0.3)
            assert rpc.call("system_accountNextIndex", keys["coldkey"]) == nonce
            assert "included" not in str(stake.query_one("#stake-result").render())
