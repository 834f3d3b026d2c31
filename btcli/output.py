"""The one output sink: a command hands it a result; people get Rich tables, scripts pure JSON.

`--json-output` puts exactly one JSON document on stdout and nothing else; diagnostics, spinners
and warnings always go to stderr. Renderers are functions of the data only.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Renderer = Callable[[Any, Any], None]  # (console, data) -> None


@dataclass
class Sink:
    json_output: bool = False
    quiet: bool = False


_current = Sink()
_flags = {"answer_no": False, "quiet": False}  # set while the command line is parsed (btcli.options)


def configure(json_output: bool = False, quiet: bool = False) -> Sink:
    """Set the output mode for this command (called by each command first)."""
    global _current
    _current = Sink(json_output=json_output, quiet=quiet or _flags["quiet"])
    return _current


def answer_no(value: bool) -> None:
    """--no: every confirmation is answered no (the real btcli's flag)."""
    _flags["answer_no"] = value


def force_quiet(value: bool) -> None:
    """--quiet on a command that does not declare it."""
    _flags["quiet"] = value


def current() -> Sink:
    return _current


JSON_FLAGS = ("--json-output", "--json-out")


def asks_for_json(args: list[str]) -> bool:
    """Whether a command line asks for JSON (before `--`), known before its options are parsed."""
    for arg in args:
        if arg == "--":
            return False
        if arg in JSON_FLAGS:
            return True
    return False


# Piped output is as wide as its content: a script or a file gets whole addresses and amounts.
NO_WIDTH_LIMIT = 10_000


def stdout_console():
    """The console for results: the terminal's width, or no limit when stdout is not a terminal."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else NO_WIDTH_LIMIT)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _default(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def emit(data: Any, render: Renderer | None = None) -> None:
    """Print a command's result: JSON with --json-output, else `render(console, data)`."""
    if _current.json_output:
        sys.stdout.write(json.dumps(data, default=_default, indent=2) + "\n")
        sys.stdout.flush()
        return
    if _current.quiet:
        return
    console = stdout_console()
    if render is None:
        console.print_json(json.dumps(data, default=_default))
    else:
        render(console, data)


def extrinsic_identifier(res: dict) -> str | None:
    """The real btcli's `extrinsic_identifier` ("<block>-<index in block>") of a signed call's
    outcome (btcli.chain.submit's result: its events carry the index); None when not included."""
    if res.get("extrinsic_identifier"):
        return str(res["extrinsic_identifier"])
    if res.get("block_number") is None:
        return None
    if res.get("index") is not None:
        return f"{res['block_number']}-{res['index']}"
    index = next((e.get("extrinsic_index") for e in res.get("events") or [] if e.get("extrinsic_index") is not None), None)
    return None if index is None else f"{res['block_number']}-{index}"


def emit_error(message: str) -> None:
    """An error: one line on stderr, and a JSON object on stdout in JSON mode."""
    if _current.json_output:
        sys.stdout.write(json.dumps({"success": False, "error": message}) + "\n")
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()


def info(message: str) -> None:
    """A diagnostic line for people, on stderr (silent with --quiet or --json-output)."""
    if _current.quiet or _current.json_output:
        return
    stderr_console().print(message)


def warn(message: str) -> None:
    """A warning on stderr (shown even with --json-output, never on stdout)."""
    if _current.quiet:
        return
    stderr_console().print(f"[yellow]Warning:[/] {message}")


_spinner: Any = None


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on stderr while a long step runs (nothing in JSON/quiet mode or without a terminal)."""
    global _spinner
    if _current.quiet or _current.json_output or not sys.stderr.isatty():
        yield
        return
    with stderr_console().status(message) as spinner:
        _spinner = spinner
        try:
            yield
        finally:
            _spinner = None


@contextmanager
def paused() -> Iterator[None]:
    """Hide the running spinner while the user is asked something (a password prompt)."""
    spinner = _spinner
    if spinner is not None:
        spinner.stop()
    try:
        yield
    finally:
        if spinner is not None:
            spinner.start()


def confirm(question: str, no_prompt: bool, default: bool = False, real_money: bool = False) -> bool:
    """Ask yes/no on the terminal; `--no` answers no, `--no-prompt`/JSON mode yes; no terminal is an error.
    With `real_money` (a signed call on a real chain) only `--no-prompt` skips the question."""
    if _flags["answer_no"]:  # the real btcli's --no: show the question, decline, stop; nothing is signed
        from btcli.errors import CliError

        if not (_current.quiet or _current.json_output):
            stderr_console().print(f"{question} no (--no)")
        raise CliError("declined (--no): nothing was signed or changed")
    if no_prompt or (_current.json_output and not real_money):
        return True
    if not sys.stdin.isatty():
        from btcli.errors import CliError

        raise CliError("no terminal to confirm on: pass --no-prompt (-y) to proceed without asking")
    from rich.prompt import Confirm

    return Confirm.ask(question, default=default, console=stderr_console())


def _content_width(cells: list[str]) -> int:
    from rich.text import Text

    return max((Text.from_markup(cell).cell_len for cell in cells), default=0)


# A word that must never be split: an ss58 address, a 0x hex key or hash, an amount or number (τ/α, commas, %).
_WHOLE_WORD = r"5[1-9A-HJ-NP-Za-km-z]{46,47}|0x[0-9a-fA-F]{8,}|[+-]?[τα]?\d[\d,]*(?:\.\d+)?%?"


def _whole_width(cells: list[str]) -> int:
    """The widest key or amount among the words of `cells`: a wrapping column is never made narrower."""
    import re

    from rich.text import Text

    whole = re.compile(f"(?:{_WHOLE_WORD})")
    words = (w for cell in cells for w in Text.from_markup(cell).plain.split())
    return max((len(w) for w in words if whole.fullmatch(w.strip("()[],;:"))), default=0)


def _narrowed(widths: dict[int, int], excess: int, floors: dict[int, int] | None = None,
              floor: int = 8) -> dict[int, int] | None:
    """Caps for the wrapping columns (index -> content width) that take `excess` off the widest first,
    none below `floor` or its own floor (its widest key or amount); None when they cannot give that much."""
    caps = dict(widths)
    lowest = {i: max(floor, (floors or {}).get(i, 0)) for i in caps}
    while excess > 0:
        widest = max((i for i in caps if caps[i] > lowest[i]), key=lambda i: caps[i], default=None)
        if widest is None:
            return None
        caps[widest] -= 1
        excess -= 1
    return caps


def table(console: Any, title: str, columns: list[str], rows: list[list[Any]], *, keep: Sequence[str] = (),
          optional: Sequence[str] = (), **kwargs: Any) -> None:
    """Render a Rich table that fits the console without cutting anything to an ellipsis.

    `keep` names columns that are never wrapped (keys, addresses, amounts); `optional` names columns
    left out, first named first, when the table is wider than the console (a caption says which).
    Other columns then wrap at spaces to make room, never narrower than the widest key or amount they
    hold (an ss58 address, a 0x hash, a τ/α amount stays whole even in a column no caller marked);
    only if that is not enough do cells fold onto a second line, whole. Piped output has no width
    limit (`stdout_console`), so it is never narrowed."""
    from rich.measure import Measurement
    from rich.table import Table

    cells = [["" if v is None else str(v) for v in row] for row in rows]
    shown = list(range(len(columns)))
    dropping = [columns.index(name) for name in optional if name in columns]
    compact = squeezed = False
    caps: dict[int, int] = {}
    unlimited = console.options.update(width=NO_WIDTH_LIMIT, max_width=NO_WIDTH_LIMIT)

    def build() -> Any:
        t = Table(title=title, title_justify="left", caption_justify="left", **kwargs)
        if compact:
            t.show_edge, t.pad_edge = False, False
        for i in shown:  # a kept column folds (never crops) only when nothing else is left to give way
            t.add_column(columns[i], no_wrap=columns[i] in keep and not squeezed, overflow="fold", max_width=caps.get(i))
        for row in cells:
            t.add_row(*(row[i] for i in shown))
        return t

    t = build()
    while not (caps or squeezed) and (excess := Measurement.get(console, unlimited, t).maximum - console.width) > 0:
        if not compact:
            compact = True  # first give up the outer border
        elif dropping:
            shown.remove(dropping.pop(0))
        else:
            wrapping = {i: _content_width([columns[i]] + [row[i] for row in cells]) for i in shown if columns[i] not in keep}
            whole = {i: _whole_width([row[i] for row in cells]) for i in wrapping}
            # other text gives way first (down to 8 columns, then 3), keys and amounts never
            caps = _narrowed(wrapping, excess, whole) or _narrowed(wrapping, excess, whole, floor=3) or {}
            squeezed = not caps
            if squeezed:  # even so too wide: long text narrowed first, then everything folds, whole
                caps = {i: min(wrapping[i], max(8, whole[i])) for i in wrapping}
        t = build()
    hidden = [columns[i] for i in range(len(columns)) if i not in shown]
    if hidden:
        t.caption = f"Not shown at {console.width} columns: {', '.join(hidden)} (a wider terminal or --json-output shows them)."
    console.print(t)
