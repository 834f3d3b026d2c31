"""Processes view: the miners and validators the node hosts, their state, restarts, last weights,
and a live tail of the highlighted one's log; `n` starts one, `x` stops the highlighted one."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Log, Static

from tui.context import Context
from tui.messages import ActionDone
from tui.process_form import ProcessForm
from tui.view_base import View


def process_rows(processes: list[dict[str, Any]]) -> list[tuple]:
    """One row per process (a pure function of taonet_processList)."""
    rows = []
    for p in processes:
        report = p.get("report") or {}
        uptime = p.get("uptime_s")
        rows.append((p["name"], p["role"], str(p["netuid"]), p["state"], str(p.get("pid") or "-"),
                     "-" if uptime is None else f"{uptime:.0f}s", str(p["restarts"]),
                     str(report.get("last_weights_block") or "-"), str(report.get("axon_port") or p.get("port") or "-")))
    return rows


class ProcessesView(View):
    """Hosted processes (needs the node's admin token from its data dir)."""

    BINDINGS = [Binding("n", "start", "Start new"), Binding("x", "stop", "Stop")]

    MAIN = "#processes-table"

    def compose(self) -> ComposeResult:
        yield Static("", id="processes-title")
        yield Static("", classes="view--error")
        yield DataTable(id="processes-table", cursor_type="row", zebra_stripes=True)
        yield Log(id="processes-log", max_lines=500)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Name", "Role", "Net", "State", "PID", "Uptime", "Restarts",
                                              "Weights at", "Port")
        self._log_for: str | None = None

    @staticmethod
    def load(rpc: Any, ctx: Context) -> dict[str, Any]:
        from client import hosting

        token = ctx.admin_token()
        listing = hosting.processes(rpc, token)
        names = [p["name"] for p in listing["processes"]]
        selected = ctx.extra.get("selected")
        selected = selected if selected in names else (names[0] if names else None)
        log = None
        if selected is not None:
            since = ctx.extra.get("log_offset") if ctx.extra.get("log_name") == selected else None
            log = hosting.logs(rpc, token, selected, 50, since)
        return {"head": listing["head"], "processes": listing["processes"], "selected": selected, "log": log}

    def show(self, data: dict[str, Any]) -> None:
        super().show(data)
        rows = process_rows(data["processes"])
        self.query_one("#processes-title", Static).update(
            f"[b]{len(rows)} hosted processes[/] at block #{data['head']:,} · n: start · x: stop highlighted")
        table = self.query_one(DataTable)
        self.set_rows(table, rows)
        # the highlighted row is the selection; a load made for an earlier one never changes it
        selected = rows[table.cursor_row][0] if 0 <= table.cursor_row < len(rows) else None
        self.ctx.extra["selected"] = selected
        log, widget = data["log"], self.query_one(Log)
        if log is None or log["name"] != selected:
            if selected is not None:
                self.app.action_refresh()  # the next load brings the highlighted process's log
            return
        if self._log_for != log["name"]:
            widget.clear()
            self._log_for = log["name"]
        if log["lines"]:
            widget.write_lines(log["lines"])
        self.ctx.extra.update(log_name=log["name"], log_offset=log["offset"])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        rows = getattr(event.data_table, "_rows_shown", None) or []
        if 0 <= event.cursor_row < len(rows) and self.ctx.extra.get("selected") != rows[event.cursor_row][0]:
            self.ctx.extra["selected"] = rows[event.cursor_row][0]
            self.app.action_refresh()

    def action_start(self) -> None:
        def chosen(spec: dict[str, Any] | None) -> None:
            if spec:
                self.control(self.ctx, "start", spec)

        self.app.push_screen(ProcessForm(self.ctx.wallet_path, self.ctx.netuid), chosen)

    def action_stop(self) -> None:
        name = self.ctx.extra.get("selected")
        if name:
            self.control(self.ctx, "stop", name)

    @work(thread=True, group="process-control")
    def control(self, ctx: Context, what: str, arg: Any) -> None:
        from client import hosting

        try:
            with ctx.backend(60.0) as rpc:
                token = ctx.admin_token()
                if what == "start":
                    status = hosting.start(rpc, token, arg)
                    text = f"Started {status['name']} ({status['state']})"
                else:
                    status = hosting.stop(rpc, token, arg)
                    text = f"Stopped {arg}"
            self.post_message(ActionDone(f"process-{what}", True, text, status))
        except Exception as exc:
            self.post_message(ActionDone(f"process-{what}", False, f"Process {what} failed: {exc}"))
