"""SVG snapshots of each view at a fixed size (pytest-textual-snapshot), against a dev node whose
blocks come on demand. Deterministic: the same extrinsics every run, the wallet path under a
fixed HOME, a status line without the node's random port or the wall clock, no cursor blink.
Snapshots change between Textual releases: they were made with the version pinned for tests."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.tui.devnet import populated_node  # noqa: E402
from tests.tui.pilot import loaded, wait_until  # noqa: E402
from tui.app import TaonetApp  # noqa: E402
from tui.context import Context  # noqa: E402

SIZE = (120, 36)


def fixed_status(url: str, info: Any, head: Any, seen: float, down: Any, now: Any = None) -> str:
    return f"[b]taonet-dev[/] · block [b]#{(head or {}).get('number', 0)}[/]"


@pytest.fixture
def snap_app(tmp_path, isolated_home, monkeypatch):
    wallets = isolated_home / ".bittensor" / "wallets"
    node, keys = populated_node(tmp_path / "chain", wallets)
    monkeypatch.setattr("tui.app.status_line", fixed_status)
    app = TaonetApp(Context(node.url, "~/.bittensor/wallets", None, 1))
    yield app, node
    node.stop()


def opened(view: str, key: str, then: Any = None):
    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_until(pilot, loaded(app, "network"), what="the network view")
        if key:
            await pilot.press(key)
        if view == "processes":  # an in-process node hosts nothing and has no admin token: the view says so
            await wait_until(pilot, lambda: app.view(view).query_one(".view--error").display, what="the token error")
        else:
            await wait_until(pilot, loaded(app, view), what=f"the {view} view")
        for box in app.query("Input"):
            box.cursor_blink = False
        if then is not None:
            await then(pilot)
        await pilot.pause(0.3)
    return run_before


@pytest.mark.parametrize("view,key", [("network", ""), ("subnet", "2"), ("wallets", "3"), ("processes", "5")])
def test_view_snapshot(snap_compare, snap_app, view, key):
    app, _ = snap_app
    assert snap_compare(app, terminal_size=SIZE, run_before=opened(view, key))


def test_stake_preview_snapshot(snap_compare, snap_app):
    app, _ = snap_app

    async def type_amount(pilot) -> None:
        stake = pilot.app.view("stake")
        stake.query_one("#stake-safe").value = False
        stake.query_one("#stake-amount").focus()
        await pilot.press(*"10")
        await wait_until(pilot, lambda: getattr(stake, "quoted", {}).get("ok"), what="the preview")

    assert snap_compare(app, terminal_size=SIZE, run_before=opened("stake", "4", type_amount))


def test_subnet_at_80x24_snapshot(snap_compare, snap_app):
    app, _ = snap_app
    assert snap_compare(app, terminal_size=(80, 24), run_before=opened("subnet", "2"))


def test_light_theme_snapshot(snap_compare, snap_app):
    app, _ = snap_app
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("network", ""))
