"""The btcli config file: defaults for options the user does not pass.

Stored as JSON at `$TAONET_CONFIG` or `~/.bittensor/taonet/config.json` (mode 0600). Keys follow
the real btcli's config names (`wallet_name`, `wallet_path`, `wallet_hotkey`, `network`, ...).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "wallet_name": "default",
    "wallet_path": "~/.bittensor/wallets",
    "wallet_hotkey": "default",
    "network": "local",
    "use_keyring": False,
    "safe_staking": True,
    "rate_tolerance": 0.005,
    "allow_partial_stake": False,
}

TYPES: dict[str, type] = {key: type(value) for key, value in DEFAULTS.items()}


def path() -> Path:
    override = os.environ.get("TAONET_CONFIG")
    return Path(os.path.expanduser(override or "~/.bittensor/taonet/config.json"))


def load() -> dict[str, Any]:
    """The stored settings (without defaults); an unreadable file is an error, not silence."""
    p = path()
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"config file {p} is unreadable ({exc}): fix it or remove it") from None
    return data if isinstance(data, dict) else {}


def get(key: str) -> Any:
    """A setting: the stored value, else the default."""
    return load().get(key, DEFAULTS.get(key))


def parse_value(key: str, text: str) -> Any:
    if key not in DEFAULTS:
        raise ValueError(f"unknown config key {key!r}: choose one of {', '.join(DEFAULTS)}")
    kind = TYPES[key]
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{key} takes true or false, not {text!r}")
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"{key} takes a {kind.__name__}, not {text!r}") from None


def save(settings: dict[str, Any]) -> Path:
    from wallet.keyfile import write_private

    p = path()
    write_private(p, (json.dumps(settings, indent=2, sort_keys=True) + "\n").encode())
    return p
