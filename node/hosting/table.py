"""The process table: what the node hosts and whether each should run, in `<data_dir>/processes.json`.

This is node bookkeeping, like `node.json`: it lives beside the chain database, never in its state
tables, so it is not part of any state root and replaying the chain ignores it. Writes are atomic
(a temporary file, fsync, rename), so a node killed mid-write leaves the old table or the new one.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("taonet.hosting")
TABLE_FILE = "processes.json"
PROCESSES_DIR = "processes"
ROLES = ("miner", "validator")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
OPTION_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")


class SpecError(ValueError):
    """A process spec that cannot be hosted (the message says which field and why)."""


@dataclass
class ProcessSpec:
    """One hosted process: always `python -m subnets.run` with these (validated) fields as arguments."""

    name: str
    role: str
    subnet: str = "template"
    netuid: int = 1
    wallet_name: str = "default"
    wallet_path: str = "~/.bittensor/wallets"
    hotkey: str = "default"
    port: int | None = None
    options: dict[str, str] = field(default_factory=dict)
    network: str | None = None  # the node's own RPC URL when None
    desired: str = "running"  # "running" or "stopped"
    pid: int | None = None  # last pid, so a restarted node can end what a killed one left behind

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def same_process(self, other: ProcessSpec) -> bool:
        """Whether two specs describe the same process (bookkeeping fields aside)."""
        keys = ("name", "role", "subnet", "netuid", "wallet_name", "wallet_path", "hotkey", "port", "options",
                "network")
        return all(getattr(self, k) == getattr(other, k) for k in keys)

    def command(self, python: str, node_url: str, state_dir: Path) -> list[str]:
        """The argv that runs this process, built from the validated fields only."""
        argv = [python, "-m", "subnets.run", self.role, "--subnet", self.subnet, "--netuid", str(self.netuid),
                "--wallet-name", self.wallet_name, "--wallet-path", self.wallet_path, "--hotkey", self.hotkey,
                "--network", self.network or node_url, "--state-dir", str(state_dir)]
        if self.port:
            argv += ["--port", str(self.port)]
        for key, value in sorted(self.options.items()):
            argv += ["--option", f"{key}={value}"]
        return argv


def _text(spec: dict[str, Any], key: str, default: str | None, limit: int = 4096) -> str | None:
    value = spec.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > limit or "\x00" in value:
        raise SpecError(f"{key} must be a non-empty string of at most {limit} characters")
    return value


def spec_from_request(spec: Any) -> ProcessSpec:
    """Validate a spec that came over RPC (only miners and validators, run by `subnets.run`, are hosted)."""
    if not isinstance(spec, dict):
        raise SpecError("the process spec must be an object")
    unknown = set(spec) - {"name", "role", "subnet", "netuid", "wallet_name", "wallet_path", "hotkey", "port",
                           "options", "network"}
    if unknown:
        raise SpecError(f"unknown spec fields: {', '.join(sorted(unknown))}")
    role = spec.get("role")
    if role not in ROLES:
        raise SpecError(f"role must be one of {', '.join(ROLES)}")
    netuid = spec.get("netuid")
    if type(netuid) is not int or not 0 <= netuid < 65536:
        raise SpecError("netuid must be an integer in 0..65535")
    port = spec.get("port")
    if port is not None and (type(port) is not int or not 0 <= port <= 65535):
        raise SpecError("port must be an integer in 1..65535 (or omitted)")
    options = spec.get("options") or {}
    if not isinstance(options, dict) or len(options) > 64:
        raise SpecError("options must be an object of at most 64 entries")
    for key, value in options.items():
        if not OPTION_KEY_RE.match(key) or not isinstance(value, str) or len(value) > 1024 or "\x00" in value:
            raise SpecError(f"option {key!r}: keys are identifiers and values strings of at most 1024 characters")
    wallet_name = _text(spec, "wallet_name", "default", 128)
    hotkey = _text(spec, "hotkey", "default", 128)
    subnet = _text(spec, "subnet", "template", 1024)
    wallet_path = _text(spec, "wallet_path", "~/.bittensor/wallets")
    network = _text(spec, "network", None, 1024)
    name = spec.get("name") or f"{role}-{netuid}-{wallet_name}-{hotkey}"
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SpecError("name must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit)")
    return ProcessSpec(name=name, role=role, subnet=subnet or "template", netuid=netuid, wallet_name=wallet_name or "default",
                       wallet_path=wallet_path or "~/.bittensor/wallets", hotkey=hotkey or "default", port=port or None,
                       options={k: str(v) for k, v in options.items()}, network=network)


def spec_from_table(item: Any) -> ProcessSpec:
    """A spec read back from processes.json, checked like one from RPC: the file is not trusted (a
    field it should not hold, such as a command line, sets the entry aside)."""
    if not isinstance(item, dict):
        raise SpecError("an entry must be an object")
    fields = {k: v for k, v in item.items() if v is not None or k not in ("argv", "pid", "port", "network")}
    desired, pid = fields.pop("desired", "running"), fields.pop("pid", None)
    if desired not in ("running", "stopped"):
        raise SpecError("desired must be running or stopped")
    if pid is not None and (type(pid) is not int or pid <= 0):
        raise SpecError("pid must be a positive integer")
    spec = spec_from_request(fields)
    spec.desired, spec.pid = desired, pid
    return spec


class ProcessTable:
    """The persisted specs, by name. Thread-safe; every change is saved at once."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / TABLE_FILE
        self._lock = threading.Lock()
        self._specs: dict[str, ProcessSpec] = {}
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self.path.read_text())
        except FileNotFoundError:
            return
        except (OSError, ValueError):  # a damaged table is set aside, never a reason not to start
            self.path.replace(self.path.with_name(self.path.name + ".damaged"))
            return
        for item in raw.get("processes", []) if isinstance(raw, dict) else []:
            try:
                spec = spec_from_table(item)
            except SpecError as exc:
                log.warning("%s: entry %r set aside, not run: %s", self.path, (item or {}).get("name")
                            if isinstance(item, dict) else item, exc)
                continue
            self._specs[spec.name] = spec

    def _save(self) -> None:
        data = {"version": 1, "processes": [s.to_json() for s in self._specs.values()]}
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w") as fh:
            fh.write(json.dumps(data, indent=2) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def get(self, name: str) -> ProcessSpec | None:
        with self._lock:
            return self._specs.get(name)

    def all(self) -> list[ProcessSpec]:
        with self._lock:
            return list(self._specs.values())

    def put(self, spec: ProcessSpec) -> None:
        with self._lock:
            self._specs[spec.name] = spec
            self._save()

    def update(self, name: str, **changes: Any) -> None:
        with self._lock:
            spec = self._specs.get(name)
            if spec is None:
                return
            for key, value in changes.items():
                setattr(spec, key, value)
            self._save()

    def remove(self, name: str) -> None:
        with self._lock:
            if self._specs.pop(name, None) is not None:
                self._save()
