"""The taonet dashboard: watches a node block by block and acts on it.

The app owns the connection: one worker follows the node's new-heads feed (reconnecting
forever, with a banner while no node answers), and a 4 Hz timer applies only the newest
pending head by asking the visible view to load its data in a worker. Views show what a
`Loaded` message brings; nothing is fetched or drawn for views that are hidden.

The node is a taonet node or a subtensor endpoint (`tui.context.Context.backend`, the one place a
backend is opened); a view needing what the backend lacks (`client.backend` capabilities: hosted
processes, chart history) is left out, with its key, instead of failing.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from client.backend import HISTORY, HOSTING

from tui.charts_view import ChartsView
from tui.context import Context
from tui.focus import LeaveFirstScreen, hidden_while_typing, typing
from tui.messages import ActionDone, HeadArrived, Loaded, LoadFailed, NodeDown, NodeUp, OpenSubnet
from tui.network_view import NetworkView
from tui.processes_view import ProcessesView
from tui.stake_view import StakeView
from tui.status import status_line, where_text
from tui.subnet_view import SubnetView
from tui.view_base import View
from tui.wallets_view import WalletsView

NO_NODE = {"taonet": ("No node answers at {url} ({reason}). Start one with `btcli node start --dev` or "
                      "`btcli localnet up`; retrying…"),
           "subtensor": "No subtensor node answers at {url} ({reason}); retrying…"}
VIEWS = (("network", "Network", NetworkView, None), ("subnet", "Subnet", SubnetView, None),
         ("wallets", "Wallets", WalletsView, None), ("stake", "Stake", StakeView, None),
         ("processes", "Processes", ProcessesView, HOSTING), ("charts", "Charts", ChartsView, HISTORY))
"""(key, title, view, the backend capability it needs or None)."""


class TaonetApp(App[None]):
    """`btcli view`: Network, Subnet, Wallets, Stake, Processes and Charts views of one node."""

    CSS_PATH = "app.tcss"
    TITLE = "taonet"
    REPAINT_INTERVAL = 0.25  # at most four view refreshes a second, whatever the block time
    RETRY_INTERVAL = 1.0
    BINDINGS = [
        # while a text field has focus (see tui/focus.py): how to leave it, and how to quit
        Binding("escape", "leave_field", "Leave field"),
        Binding("ctrl+q", "quit_field", "Quit", priority=True),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("1", "show('network')", "Network"),
        Binding("2", "show('subnet')", "Subnet"),
        Binding("3", "show('wallets')", "Wallets"),
        Binding("4", "show('stake')", "Stake"),
        Binding("5", "show('processes')", "Processes"),
        Binding("6", "show('charts')", "Charts"),
        Binding("r", "refresh", "Refresh"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, ctx: Context, *, follow: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.follow = follow  # False in tests that drive refreshes themselves
        self.node_info: dict[str, Any] | None = None
        self.head: dict[str, Any] | None = None
        self.head_seen = 0.0
        self.down_reason: str | None = None
        self._dirty = True
        self._loading: set[str] = set()
        self._rpc: Any = None
        self._rpc_lock = threading.Lock()
        self._reopen = False  # the node went down: the next load opens a fresh backend
        self._stopping = threading.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="banner")
        yield Static("connecting…", id="status")
        focused = "wallets" if {"wallet_name", "coldkey_ss58"} & self.ctx.extra.keys() else "network"
        with TabbedContent(id="views", initial=focused):
            for key, title, cls, need in VIEWS:
                if need is None or self.ctx.has(need):
                    with TabPane(title, id=key):
                        yield cls(self.ctx, id=f"{key}-view")
        yield Footer()

    def get_default_screen(self) -> LeaveFirstScreen:
        return LeaveFirstScreen(id="_default")  # its footer starts with how to leave (tui/focus.py)

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        if self.follow:
            self.follow_node()
        self.set_interval(self.REPAINT_INTERVAL, self.apply_pending)
        self.set_interval(1.0, self.update_status)

    def on_unmount(self) -> None:
        self._stopping.set()
        with self._rpc_lock:
            rpc, self._rpc = self._rpc, None
        if rpc is not None:
            rpc.close()

    def offered(self, key: str) -> bool:
        """Whether view `key` is shown: its capability is one the backend has."""
        need = next((n for k, _, _, n in VIEWS if k == key), None)
        return need is None or self.ctx.has(need)

    # -- node I/O (workers: they post messages and never touch widgets) -------------------------
    @work(thread=True, exclusive=True, group="heads")
    def follow_node(self) -> None:
        """Follow the new-heads feed and reconnect forever (tui/feed.py)."""
        from tui.feed import follow

        worker = get_current_worker()
        follow(self.ctx.url, lambda: self.ctx.backend(10.0), self.post_message,
               lambda: worker.is_cancelled or self._stopping.is_set(), self._stopping.wait, self.RETRY_INTERVAL)

    def backend(self) -> Any:
        """The backend the views' loads share (opened on first use, again after the node went down)."""
        with self._rpc_lock:
            if self._reopen and self._rpc is not None:
                old, self._rpc = self._rpc, None
                old.close()
            self._reopen = False
            if self._rpc is None:
                self._rpc = self.ctx.backend(10.0)
            return self._rpc

    @work(thread=True, group="load")
    def load_view(self, key: str, loader: Any, ctx: Context, head: int) -> None:
        try:
            self.post_message(Loaded(key, head, loader(self.backend(), ctx)))
        except Exception as exc:
            self.post_message(LoadFailed(key, f"{type(exc).__name__}: {exc}"))

    # -- handlers ---------------------------------------------------------------------------------
    def on_node_up(self, message: NodeUp) -> None:
        self.node_info, self.down_reason = message.info, None
        if message.capabilities and message.capabilities != self.ctx.capabilities:
            self.ctx.capabilities = message.capabilities
            tabs = self.query_one(TabbedContent)
            for key, _, _, need in VIEWS:
                if need is not None and not self.ctx.has(need) and tabs.query(f"TabPane#{key}"):
                    tabs.hide_tab(key)
        self.query_one("#banner").display = False
        self._dirty = True

    def on_node_down(self, message: NodeDown) -> None:
        self.down_reason, self._reopen = message.reason, True
        banner = self.query_one("#banner", Static)
        banner.update(NO_NODE.get(self.ctx.kind, NO_NODE["subtensor"]).format(url=message.url, reason=message.reason))
        banner.display = True
        self.update_status()

    def on_head_arrived(self, message: HeadArrived) -> None:
        if self.head is None or message.header.get("number") != self.head.get("number"):
            self.head, self.head_seen, self._dirty = message.header, time.monotonic(), True

    def on_loaded(self, message: Loaded) -> None:
        self._loading.discard(message.view)
        view = self.view(message.view)
        if view is not None:
            view.show(message.data)

    def on_load_failed(self, message: LoadFailed) -> None:
        self._loading.discard(message.view)
        view = self.view(message.view)
        if view is not None:
            view.show_error(message.error)

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.text, severity="information" if message.ok else "error", timeout=8)
        self._dirty = True

    @on(OpenSubnet)
    def open_subnet(self, message: OpenSubnet) -> None:
        self.ctx.netuid = message.netuid
        self.action_show("subnet")

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        view = self.view(self.active)
        if view is not None:
            view.focus_main()
        self.refresh_view()

    # -- refresh ----------------------------------------------------------------------------------
    def view(self, key: str) -> Any:
        found = self.query(f"#{key}-view")
        return found.first() if found else None

    @property
    def active(self) -> str:
        return self.query_one(TabbedContent).active or "network"

    def apply_pending(self) -> None:
        """The 4 Hz tick: refresh the visible view when a newer head came (or a refresh was asked)."""
        if self._dirty and self.down_reason is None and self.node_info is not None:
            self.update_status()
            self.refresh_view()

    def refresh_view(self) -> None:
        key = self.active
        if key in self._loading:
            return  # the next tick applies the newest head once this load lands
        self._dirty = False
        view = self.view(key)
        if view is None or not hasattr(view, "load"):
            return
        self._loading.add(key)
        self.load_view(key, view.load, view.loader_context(), int((self.head or {}).get("number", 0)))

    def update_status(self) -> None:
        # one fixed-height line: a repaint, never a relayout of the screen
        found = self.query("#status")
        if not found:  # the app is closing: its screen is already gone
            return
        found.first(Static).update(status_line(where_text(self.ctx.label, self.ctx.kind), self.node_info, self.head,
                                               self.head_seen, self.down_reason), layout=False)

    # -- actions ----------------------------------------------------------------------------------
    def action_show(self, key: str) -> None:
        if self.offered(key):
            self.query_one(TabbedContent).active = key

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("leave_field", "quit_field"):
            return typing(self)
        if action == "show" and parameters and not self.offered(str(parameters[0])):
            return False  # a view the backend cannot serve: neither its key nor its footer entry
        return not hidden_while_typing(self, action)

    def action_leave_field(self) -> None:
        view = next((n for n in self.focused.ancestors_with_self if isinstance(n, View)), None)
        if view is not None:
            view.leave_field()
        else:
            self.set_focus(None)

    def action_quit_field(self) -> None:
        self.exit()

    def action_refresh(self) -> None:
        self._dirty = True
        self.apply_pending()

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Any):
        yield from super().get_system_commands(screen)
        for key, title, _, _ in VIEWS:
            if not self.offered(key):
                continue
            yield SystemCommand(f"Show {title}", f"Open the {title} view", lambda k=key: self.action_show(k))
