"""The one error translator: known exceptions in, one clear line out, non-zero exit.

A traceback is shown only when TAONET_DEBUG=1. With --json-output the error is printed as a JSON
object on stdout as well, so scripts always get JSON.
"""
from __future__ import annotations

import errno
import os
import sys


class CliError(Exception):
    """An error a command raises on purpose; `exit_code` defaults to 1."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _known_message(exc: BaseException) -> str | None:
    """The one-line message for exceptions we expect, or None for unexpected ones."""
    from wallet.errors import WalletError

    if isinstance(exc, (CliError, WalletError)):
        return str(exc)
    name = type(exc).__name__
    if name in ("NodeUnavailable", "RpcError", "ExtrinsicFailed", "ClientError", "NodeError", "SubnetNotFound",
                "Refused"):
        return str(exc)
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {exc.filename or exc}"
    if isinstance(exc, (TimeoutError, ConnectionError)):
        return f"the connection failed ({exc.strerror or exc}): check that the node is running and reachable"
    if isinstance(exc, OSError):  # disk full, a folder where a file was expected, too many open files, …
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return f"disk full{where}: free some space and run the command again"
        return f"{exc.strerror or exc}{where}"
    if type(exc).__module__ == "sqlite3" and (getattr(exc, "sqlite_errorcode", None) == 13
                                              or "database or disk is full" in str(exc)):  # SQLITE_FULL
        return "disk full: free some space and run the command again"
    if type(exc).__module__ == "sqlite3":  # a chain database that is damaged, locked or not a database
        return f"the chain database refused the operation ({exc}): see `btcli node verify` and README 'Operating a node safely'"
    if isinstance(exc, ValueError):
        return str(exc)
    return None


def _usage_message(exc: BaseException) -> str | None:
    """The line for click's own errors (unknown option, missing or bad value: exit 2), or None."""
    format_message = getattr(exc, "format_message", None)
    if format_message is None or not hasattr(exc, "exit_code"):
        return None
    message = format_message()
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and getattr(exc, "exit_code", 1) == 2:
        message = f"{message.rstrip('.')} (see {ctx.command_path} -h)"
    return message


def report(exc: BaseException) -> int:
    """Print `exc` as one line (and as JSON when the command asked for JSON); return the exit code.

    Every failure comes here: click's usage errors and Abort, Ctrl-C, and any exception a command
    raises. People get click's usage text for usage errors; JSON mode gets one JSON object."""
    from btcli import output

    if isinstance(exc, KeyboardInterrupt):
        output.emit_error("Interrupted")
        return 130
    if type(exc).__name__ == "Abort":
        output.emit_error("Aborted")
        return 130
    usage = _usage_message(exc)
    if usage is not None:
        if output.current().json_output:
            output.emit_error(usage)
        else:
            exc.show()  # type: ignore[attr-defined]  # a click error: usage, a hint and the error, as click prints them
        return getattr(exc, "exit_code", 2) or 2
    if os.environ.get("TAONET_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    message = _known_message(exc)
    if message is None:
        message = f"unexpected {type(exc).__name__}: {exc} (set TAONET_DEBUG=1 for a traceback and report it)"
    message = message.strip().rstrip(".")
    first = message[:1].upper() + message[1:]
    output.emit_error(first)
    return getattr(exc, "exit_code", 1) or 1


def print_plain(line: str) -> None:
    sys.stderr.write(line + "\n")
