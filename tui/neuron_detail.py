"""A neuron's detail (a modal): its metagraph row, the weights it sets and receives, its bonds,
the stake of its nominators and its history over epochs.

The data is read in a worker when the modal opens (`taonet_metagraph` with weights and bonds,
`taonet_nominators` for its hotkey, `taonet_history` for its uid); the texts are pure functions of it.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.metagraph_data import U16, axon_text, fetch
from client.balance import RAO_PER_TAO as RAO

TOP_NOMINATORS = 10
HISTORY_ROWS = 8
HISTORY_EPOCHS = 60  # samples read for the sparkline
SPARK = "▁▂▃▄▅▆▇█"


def detail_text(m: dict[str, Any], uid: int) -> str:
    """Everything about one uid (a pure function of a metagraph with weights and bonds)."""
    i = m["uids"].index(uid)
    rao = RAO

    def col(key: str, default: Any = 0) -> Any:
        values = m.get(key)
        return values[i] if values else default

    lines = [f"[b]Neuron {uid} on subnet {m['netuid']}[/] (block #{m['head']:,})",
             f"hotkey   {m['hotkeys'][i]}", f"coldkey  {m['coldkeys'][i]}",
             f"stake    α{col('stake') / rao:,.4f} (α{col('alpha_stake') / rao:,.4f} here, root τ{col('root_stake') / rao:,.4f})",
             f"VTrust {col('validator_trust') / U16:.5f}  consensus {col('consensus') / U16:.5f}  "
             f"incentive {col('incentive') / U16:.5f}  dividends {col('dividends') / U16:.5f}",
             emission_text(m, i),
             f"permit {'yes' if col('validator_permit', False) else 'no'} · active {'yes' if col('active', False) else 'no'}"
             f" · immune {'yes' if col('immune', False) else 'no'}",
             f"registered at #{col('registered_at')} · last update #{col('last_update')} "
             f"({col('blocks_since_update')} blocks ago)", f"axon     {axon_text(col('axons', None)) or '-'}"]
    for title, table in (("Weights", m.get("weights")), ("Bonds", m.get("bonds"))):
        if table is None:
            continue
        sets = table.get(str(uid)) or []
        gets = [(int(src), v) for src, row in table.items() for dst, v in row if dst == uid]
        lines.append(f"\n[b]{title} it sets[/] ({len(sets)}): " +
                     (", ".join(f"{dst}:{v / U16:.3f}" for dst, v in sets[:40]) or "none"))
        lines.append(f"[b]{title} it receives[/] ({len(gets)}): " +
                     (", ".join(f"{src}:{v / U16:.3f}" for src, v in gets[:40]) or "none"))
    return "\n".join(lines)


def emission_text(m: dict[str, Any], i: int) -> str:
    """The emission line: what the uid earns, and what the chain recycles (its hotkey belongs to the
    subnet owner's coldkey) said as recycled, never as earned."""
    rao = RAO
    paid = (m.get("earnings") or [None] * (i + 1))[i]
    if paid is None or not paid["recycled"]:
        return f"emission α{m['emission'][i] / rao:,.6f}/epoch, α{m['daily_emission'][i] / rao:,.4f}/day"
    return (f"emission α{paid['earned_emission'] / rao:,.6f}/epoch earned (α{paid['daily_earned'] / rao:,.4f}/day), "
            f"α{paid['recycled_emission'] / rao:,.6f}/epoch recycled: the hotkey belongs to the subnet owner's coldkey")


def nominators_text(n: dict[str, Any]) -> str:
    """Stake by nominator (a pure function of `taonet_nominators`): the top ones and a count of the rest."""
    take = "" if n.get("take") is None else f", take {n['take'] / U16 * 100:.2f}%"
    lines = [f"[b]Stake by nominator[/] ({n['count']}; pool α{n['pool_alpha'] / RAO:,.4f}{take})"]
    if n.get("owner"):
        lines.append(f"owner    {n['owner']}")
    for row in n["nominators"]:
        alpha = f"α{row['alpha'] / RAO:,.4f}"
        lines.append(f"{row['coldkey']}  {alpha:>18}  {row['proportion'] * 100:6.2f}%"
                     + ("  owner" if row["owner"] else ""))
    rest = n["count"] - len(n["nominators"])
    if rest > 0:
        shown = sum(row["alpha"] for row in n["nominators"])
        lines.append(f"… and {rest} more holding α{(n['pool_alpha'] - shown) / RAO:,.4f}")
    if not n["count"]:
        lines.append("nobody stakes to this hotkey on this subnet")
    return "\n".join(lines)


def sparkline(values: list[float], width: int = HISTORY_EPOCHS) -> str:
    """The last `width` values as block characters, scaled from their minimum to their maximum."""
    values = values[-width:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    return "".join(SPARK[0 if span == 0 else round((v - low) / span * (len(SPARK) - 1))] for v in values)


def history_text(h: dict[str, Any], hotkey: str, rows: int = HISTORY_ROWS, recycled: bool = False) -> str:
    """Per-epoch stake, incentive, dividends and emission of this hotkey at its uid (a pure function of
    `taonet_history` with a uid; samples of an earlier holder of the uid are left out). `recycled`:
    the hotkey belongs to the subnet owner's coldkey, so the emission recorded includes incentive
    the chain recycled (said under the table)."""
    neuron = h.get("neuron") or {}
    keep = [i for i, hk in enumerate(neuron.get("hotkey", [])) if hk == hotkey]
    if not keep:
        return "[b]History[/]\nno epoch recorded for this neuron yet (the node records from when it starts serving)"
    col = {k: [neuron[k][i] for i in keep] for k in ("number", "stake", "incentive", "dividends", "emission")}
    lines = [f"[b]History[/] ({len(keep)} epochs, blocks #{col['number'][0]}–#{col['number'][-1]})",
             f"stake    {sparkline([v / RAO for v in col['stake']])}",
             f"{'block':>9}  {'stake α':>14}  {'incentive':>9}  {'dividends':>9}  {'emission α':>12}"]
    for i in range(max(0, len(keep) - rows), len(keep)):
        block = f"#{col['number'][i]}"
        lines.append(f"{block:>9}  {col['stake'][i] / RAO:>14,.4f}  {col['incentive'][i] / U16:>9.5f}  "
                     f"{col['dividends'][i] / U16:>9.5f}  {col['emission'][i] / RAO:>12,.6f}")
    if recycled:
        lines.append("emission includes the incentive the chain recycles (not earned): the hotkey belongs to "
                     "the subnet owner's coldkey")
    return "\n".join(lines)


def read_detail(rpc: Any, netuid: int, uid: int, history: bool = True) -> dict[str, str]:
    """The modal's three texts, read from the node (runs in a worker); `history` False (a backend
    without the HISTORY capability, such as a subtensor node) leaves the history out."""
    from rich.markup import escape

    from client import subnets
    from client.errors import ClientError, RpcError

    m = fetch(rpc, netuid, with_weights=True)
    i = m["uids"].index(uid)
    hotkey, recycled = m["hotkeys"][i], bool(m["earnings"][i]["recycled"])
    out = {"detail": detail_text(m, uid)}
    try:  # a node older than these methods still shows the rest
        out["nominators"] = nominators_text(subnets.nominators(rpc, hotkey, netuid, TOP_NOMINATORS))
    except ClientError as exc:  # a node without the method, or a backend that cannot answer it
        out["nominators"] = f"[b]Stake by nominator[/]\n[yellow]{escape(str(exc))}[/]"
    if not history:
        return out
    try:
        out["history"] = history_text(rpc.call("taonet_history", netuid, uid, 0, HISTORY_EPOCHS), hotkey,
                                      recycled=recycled)
    except RpcError as exc:
        out["history"] = f"[b]History[/]\n[yellow]{escape(str(exc))}[/]"
    return out


class NeuronDetail(ModalScreen[None]):
    """Escape closes it."""

    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close", show=False)]
    DEFAULT_CSS = """
    NeuronDetail { align: center middle; }
    NeuronDetail > VerticalScroll { width: 90%; max-width: 120; height: 80%; border: round $accent;
                                    background: $surface; padding: 0 1; }
    """

    class Ready(Message):
        def __init__(self, texts: dict[str, str]) -> None:
            super().__init__()
            self.texts = texts

    def __init__(self, ctx: Any, netuid: int, uid: int) -> None:
        super().__init__()
        self.ctx, self.netuid, self.uid = ctx, netuid, uid  # ctx: tui.context.Context

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Loading neuron {self.uid}…", id="neuron-detail")
            yield Static("", id="neuron-nominators")
            yield Static("", id="neuron-history")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from rich.markup import escape

        from client.backend import HISTORY

        try:
            with self.ctx.backend(10.0) as rpc:
                texts = read_detail(rpc, self.netuid, self.uid, history=self.ctx.has(HISTORY))
        except Exception as exc:
            texts = {"detail": f"[red]cannot read neuron {self.uid}: {escape(str(exc))}[/]"}
        self.post_message(self.Ready(texts))

    def on_neuron_detail_ready(self, message: Ready) -> None:
        for key in ("detail", "nominators", "history"):
            text = message.texts.get(key, "")
            self.query_one(f"#neuron-{key}", Static).update("\n" + text if text and key != "detail" else text)
