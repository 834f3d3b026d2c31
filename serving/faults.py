"""Client faults as one rate-limited log line, for the node's RPC and the axons.

What a client can cause (a disconnect mid-body, a malformed HTTP request) is logged as one line,
at most once per FAULT_INTERVAL per kind, with the count of the ones left out, so no client can
grow a log faster than that; a traceback in the HTTP server's own logger becomes one line.
"""
from __future__ import annotations

import logging
import threading
import time

FAULT_INTERVAL = 60.0

log = logging.getLogger("taonet.rpc")


class ClientFaults:
    """One line per kind of client fault per `interval` seconds, then how many were left out."""

    def __init__(self, logger: logging.Logger = log, interval: float = FAULT_INTERVAL) -> None:
        self.logger, self.interval = logger, interval
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._skipped: dict[str, int] = {}

    def allow(self, kind: str) -> int | None:
        """None to stay quiet, else how many of `kind` were left out since the last line."""
        now = time.monotonic()
        with self._lock:
            last = self._last.get(kind)
            if last is not None and now - last < self.interval:
                self._skipped[kind] = self._skipped.get(kind, 0) + 1
                return None
            self._last[kind] = now
            return self._skipped.pop(kind, 0)

    def note(self, message: str) -> None:
        skipped = self.allow(message)
        if skipped is not None:
            self.logger.warning("client fault: %s%s", message, f" ({skipped} more since the last report)" if skipped else "")


class OneLine(logging.Filter):
    """For the HTTP server's own logger: a traceback becomes its last line, and each message is
    rate-limited (a client sending garbage must not be able to fill the disk)."""

    def __init__(self, faults: ClientFaults | None = None) -> None:
        super().__init__()
        self.faults = faults or ClientFaults(logging.getLogger("uvicorn.error"))

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg, record.args = f"{record.getMessage()} ({type(exc).__name__}: {str(exc)[:200]})", None
            record.exc_info, record.exc_text = None, None
        skipped = self.faults.allow(record.getMessage()[:120])
        if skipped is None:
            return False
        if skipped:
            record.msg, record.args = f"{record.getMessage()} ({skipped} more since the last report)", None
        return True


def quiet_server_logs() -> None:
    """Install OneLine on uvicorn's error logger (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, OneLine) for f in logger.filters):
        logger.addFilter(OneLine())
