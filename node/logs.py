"""The node's logs: size-rotated files (client faults as one rate-limited line: serving.faults).

A detached node logs to `node.log`, rotated by size (LOG_MAX_BYTES, LOG_BACKUPS old files) with
the standard library's RotatingFileHandler; the process's stdout and stderr follow each rotation,
so nothing writes to a file that was rotated away.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_MAX_BYTES = 10 * 1024 * 1024
LOG_BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StdRotatingHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler that points this process's stdout and stderr at the current file."""

    def _redirect(self) -> None:
        if self.stream is not None:
            for fd in (1, 2):
                os.dup2(self.stream.fileno(), fd)

    def doRollover(self) -> None:
        super().doRollover()
        self._redirect()


def log_to_file(path: Path | str, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS) -> logging.Handler:
    """Log (and send stdout/stderr) to `path`, rotated by size: path.1 … path.{backups}."""
    handler = _StdRotatingHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    sys.stdout.flush()
    sys.stderr.flush()
    handler._redirect()
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    return handler
