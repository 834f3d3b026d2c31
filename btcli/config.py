"""The btcli config file: defaults for options the user does not pass.

Stored as JSON at `$TAONET_CONFIG` or `~/.bittensor/taonet/config.json` (mode 0600). Keys follow
the real btcli's config names (`wallet_name`, `wallet_path`, `wallet_hotkey`, `network`, ...).
The real btcli's own file (`$BTCLI_CONFIG_PATH` or `~/.bittensor/config.yml`, YAML) is read as
defaults under it: a key set in taonet's file wins, then a non-null key of the real btcli's file
(those taonet knows; `dashboard_path` is the real btcli's HTML dashboard's alone), then DEFAULTS.
taonet never writes the real btcli's file.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, cast

DEFAULTS: dict[str, Any] = {
    "wallet_name": "default",
    "wallet_path": "~/.bittensor/wallets",
    "wallet_hotkey": "default",
    "network": "local",
    "use_keyring": False,
    "safe_staking": True,
    "rate_tolerance": 0.005,
    "allow_partial_stake": False,
    "disk_cache": True,
}

TYPES: dict[str, type] = {key: type(value) for key, value in DEFAULTS.items()}
# keys with a bounded value: (low, high, what a good value looks like); low <= value < high
RANGES: dict[str, tuple[float, float, str]] = {
    "rate_tolerance": (0.0, 1.0, "a fraction in [0, 1) such as 0.005 (0.5%)"),
}


def path() -> Path:
    override = os.environ.get("TAONET_CONFIG")
    return Path(os.path.expanduser(override or "~/.bittensor/taonet/config.json"))


def real_path() -> Path:
    """The real btcli's config file (read, never written)."""
    return Path(os.path.expanduser(os.environ.get("BTCLI_CONFIG_PATH") or "~/.bittensor/config.yml"))


def load_real() -> dict[str, Any]:
    """The real btcli's settings that taonet knows, its nulls left out (they mean "not set")."""
    p = real_path()
    if not p.exists():
        return {}
    import yaml  # type: ignore[import-untyped]

    try:
        data = yaml.safe_load(p.read_text())
    except (OSError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"the real btcli's config file {p} is unreadable ({reason}): fix it or remove it") from None
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k in DEFAULTS and v is not None}


def source(key: str) -> str:
    """Where a key's value comes from: "config" (taonet's file), "btcli config.yml" or "default"."""
    if key in load():
        return "config"
    return "btcli config.yml" if key in load_real() else "default"


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
    """A setting: taonet's stored value, else the real btcli's (config.yml), else the default. A stored
    value of the wrong type or out of range is an error naming the file and the fix, never a surprise
    deep inside a command."""
    stored = load()
    if key not in DEFAULTS:
        return stored.get(key)
    if key in stored:
        try:
            return check(key, stored[key])
        except ValueError as exc:
            raise ValueError(f"{exc} (in the config file {path()}): fix it with `btcli config set {key} VALUE` "
                             f"or remove it with `btcli config clear`") from None
    real = load_real()
    if key in real:
        try:
            return check(key, real[key])
        except ValueError as exc:
            raise ValueError(f"{exc} (in the real btcli's config file {real_path()}): fix it there, or set "
                             f"taonet's own with `btcli config set {key} VALUE`") from None
    return DEFAULTS[key]


def check(key: str, value: Any) -> Any:
    """`value` if it has the key's type and range, else a ValueError saying what the key takes."""
    kind = TYPES[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ValueError(f"config key {key} takes a {kind.__name__}, not {value!r}")
    if key in RANGES:
        low, high, looks = RANGES[key]
        if not low <= cast(float, value) < high:  # RANGES holds numeric keys only
            raise ValueError(f"config key {key} is {looks}, not {value!r}")
    return value


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
        return check(key, kind(text))
    except ValueError as exc:
        if key in RANGES and str(exc).startswith(f"config key {key} is"):
            raise
        raise ValueError(f"{key} takes a {kind.__name__}, not {text!r}") from None


def save(settings: dict[str, Any]) -> Path:
    from wallet.keyfile import write_private

    p = path()
    write_private(p, (json.dumps(settings, indent=2, sort_keys=True) + "\n").encode())
    return p
