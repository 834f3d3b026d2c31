"""The node's admin token: 32 random bytes (hex) in `<data_dir>/admin.token`, mode 0600.

Process control over RPC is as powerful as running code on the node's machine, so it needs this
token, which only someone who can read the data dir has. Comparison is constant-time.
"""
from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

TOKEN_FILE = "admin.token"


def token_path(data_dir: Path | str) -> Path:
    return Path(data_dir).expanduser() / TOKEN_FILE


def ensure_token(data_dir: Path | str) -> str:
    """The token of this data dir, created (mode 0600) when missing or unreadable as one."""
    path = token_path(data_dir)
    try:
        existing = path.read_text().strip()
        if len(existing) == 64 and all(c in "0123456789abcdef" for c in existing):
            os.chmod(path, 0o600)
            return existing
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(32)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token + "\n")
    os.replace(tmp, path)
    return token


def read_token(data_dir: Path | str) -> str | None:
    """The token written by the node running in `data_dir`, or None when there is none."""
    try:
        return token_path(data_dir).read_text().strip() or None
    except OSError:
        return None


def token_matches(expected: str, given: object) -> bool:
    """Constant-time comparison; anything that is not a string never matches."""
    if not isinstance(given, str) or not expected:
        return False
    return hmac.compare_digest(expected.encode(), given.strip().encode())
