"""Focus never traps the user: opening a view leaves the view keys (1–6, q) working, Escape leaves
any form field of any view, and while a field has focus the footer says how to leave (and hides the
keys that would type into the field instead)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tests.tui.devnet import populated_node
from tests.tui.pilot import loaded, wait_until
from tui.app import TaonetApp
from tui.context import Context

pytestmark = pytest.mark.anyio


@pytest.fixture
def devnet(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets")
    yield node, keys, str(tmp_path / "wallets")
    node.stop()


def footer(app: Any) -> dict[str, str]:
    """What the footer shows: key as displayed → description."""
    return {k.key_display: k.description for k in app.screen.query(FooterKey)}


async def settled_footer(pilot: Any, app: Any, has: str) -> dict[str, str]:
    return await wait_until(pilot, lambda: has in footer(app).values() and footer(app), what=f"{has!r} in the footer")


@pytest.mark.parametrize("key,view", [("4", "stake"), ("6", "charts")])
async def test_view_keys_work_after_opening_a_form_view(devnet, key, view):
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press(key)
        await wait_until(pilot, lambda: app.active == view, what=f"the {view} view")
        await pilot.pause(0.1)
        assert not isinstance(app.focused, Input), f"opening {view} put the cursor in {app.focused}"
        await pilot.press("3")
        await wait_until(pilot, lambda: app.active == "wallets", what="the wallets view after pressing 3")


@pytest.mark.parametrize("key,field", [("4", "#stake-amount"), ("6", "#charts-uid"), ("2", "#subnet-filter")])
async def test_escape_leaves_a_field_and_the_footer_says_how(devnet, key, field):
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press(key)
        view = app.active
        box = app.query_one(field, Input)
        box.display = True
        box.focus()
        await pilot.press("1")  # typed into the field, not a view switch
        assert app.active == view and box.value.endswith("1")
        shown = await settled_footer(pilot, app, "Leave field")
        assert shown.get("esc") == "Leave field" and shown.get("^q") == "Quit", shown
        assert "Network" not in shown.values() and "q" not in shown, f"keys that type into the field: {shown}"

        await pilot.press("escape")
        assert not isinstance(app.focused, Input)
        assert app.focused is not None and app.view(view) in [app.focused, *app.focused.ancestors]
        shown = await settled_footer(pilot, app, "Network")
        assert "Leave field" not in shown.values() and shown.get("q") == "Quit", shown
        await pilot.press("5")
        await wait_until(pilot, lambda: app.active == "processes", what="the processes view after escape, 5")
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, what="q quitting after escape")


async def test_stake_form_keys_work_after_escape(devnet):
    """Escape from the amount field keeps the view's own keys: ctrl+s still reaches the Stake view."""
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        await pilot.press("4")
        await wait_until(pilot, loaded(app, "stake"), what="the stake view")
        stake = app.view("stake")
        await pilot.press("enter")  # the view's key to start typing in its form
        assert app.focused is app.query_one("#stake-amount")
        await pilot.press("escape")
        assert app.focused is stake
        await pilot.press("ctrl+s")  # nothing quoted yet: the view answers with a warning
        await wait_until(pilot, lambda: any("Nothing to submit" in str(n.message) for n in app._notifications),
                         what="the Stake view's answer to ctrl+s")


def shows(app: Any, description: str) -> bool:
    """Whether the footer shows a key with `description` inside the terminal (a narrow one cuts its end)."""
    return any(k.description == description and k.region.width and k.region.right <= app.size.width
               for k in app.screen.query(FooterKey))


async def test_the_footer_says_how_to_leave_at_80_columns(devnet):
    """At 80x24 the footer is cut at its end: every view still shows q Quit, and a field esc and ^q."""
    node, _, wallets = devnet
    app = TaonetApp(Context(node.url, wallets, None, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        for key, view in (("2", "subnet"), ("3", "wallets"), ("4", "stake"), ("5", "processes"), ("6", "charts"),
                          ("1", "network")):
            await pilot.press(key)
            await wait_until(pilot, lambda v=view: app.active == v and shows(app, "Quit"), what=f"q Quit in {view}'s footer")
        await pilot.press("4")
        await wait_until(pilot, loaded(app, "stake"), what="the stake view")
        await pilot.press("enter")
        assert isinstance(app.focused, Input)
        await wait_until(pilot, lambda: shows(app, "Leave field") and shows(app, "Quit"),
                         what="esc Leave field and ^q Quit in the footer of a field")
