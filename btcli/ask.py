"""Questions asked on the terminal by the guided commands (`stake wizard`, `stake remove -i`).

Answers come from the terminal or, for scripts, from piped stdin (one answer a line). With neither
(stdin not a terminal and nothing piped) a command refuses before asking anything; stdin that ends
in the middle stops it with one line: nothing is ever signed on a guess.
"""
from __future__ import annotations

import sys
from typing import Any

from btcli import output


def answers_waiting() -> bool:
    """Whether there is someone to ask: a terminal, or answers piped on stdin (not yet at their end)."""
    if sys.stdin is None:
        return False
    if sys.stdin.isatty():
        return True
    peek = getattr(getattr(sys.stdin, "buffer", None), "peek", None)
    if peek is None:
        return False
    try:
        return bool(peek(1))  # waits for the first piped byte; b"" means stdin has ended (e.g. /dev/null)
    except (OSError, ValueError):
        return False


def need_answers(hint: str) -> None:
    """Refuse in one line when there is no terminal and no piped answers; `hint` says what to pass instead."""
    from btcli.errors import CliError

    if not answers_waiting():
        raise CliError(f"no terminal to ask in and no answers piped on stdin: {hint}")


def ask(question: str, **kw: Any) -> str:
    """One answer (rich's Prompt: `choices` re-asks until one is given, `default` on Enter)."""
    from rich.prompt import Prompt

    from btcli.errors import CliError

    try:
        return Prompt.ask(question, console=output.stderr_console(), **kw).strip()
    except EOFError:
        from rich.text import Text

        asked = Text.from_markup(question).plain.strip()
        raise CliError(f"stdin ended before an answer to {asked!r}: nothing signed") from None


def ask_int(question: str, choices: list[int] | None = None, default: int | None = None) -> int:
    """A whole number, one of `choices` when given; anything else stops the command (nothing signed)."""
    from btcli.errors import CliError

    answer = ask(question, **({} if default is None else {"default": str(default)}))
    if not answer.isdigit() or (choices is not None and int(answer) not in choices):
        raise CliError(f"{answer!r} is not one of {', '.join(map(str, choices or []))}: stopped, nothing signed")
    return int(answer)
