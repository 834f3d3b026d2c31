"""What miners and validators share: config, the hotkey, the metagraph sync, stopping, status.json.

A neuron runs `setup()`, then calls `step()` until SIGTERM/SIGINT (or until the node that hosts it
goes away), re-reading the metagraph every `sync_interval` seconds, then `teardown()`. After each
step it writes `status.json` in its state dir (atomically), which the hosting node reads.
The hotkey is loaded without a prompt: plain, or with the password from its `BT_PW_` variable or
the OS keyring. Hotkeys only: a neuron never needs the coldkey.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from subnets.base.metagraph import Metagraph, fetch

T = TypeVar("T")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass
class NeuronConfig:
    """Everything `python -m subnets.run` passes a neuron."""

    netuid: int
    network: str = "http://127.0.0.1:9944"
    wallet_name: str = "default"
    wallet_path: str = "~/.bittensor/wallets"
    hotkey: str = "default"
    subnet: str = "template"
    port: int = 0
    host: str = "127.0.0.1"
    options: dict[str, str] = field(default_factory=dict)
    state_dir: Path | None = None
    sync_interval: float = 2.0


def hosted_password(keyfile_path: str) -> str:
    """A key file's password from its BT_PW_ variable or the keyring; never a prompt."""
    from wallet import password
    from wallet.errors import PasswordError

    found = password.password_from_env(keyfile_path) or password.keyring_get(keyfile_path)
    if found is None:
        raise PasswordError(f"the hotkey {keyfile_path} is encrypted: set {password.env_var_name(keyfile_path)} "
                            "(`btcli wallet env-password` prints it) or keep its password in the keyring")
    return found


class Neuron:
    """Base of `Miner` and `Validator`; subclasses fill in `setup`, `step`, `teardown`, `report`."""

    role = "neuron"

    def __init__(self, config: NeuronConfig) -> None:
        self.config = config
        self.netuid = config.netuid
        self.log = logging.getLogger(f"taonet.{self.role}")
        self.stop_event = threading.Event()
        self.metagraph = Metagraph(config.netuid)
        self.hyperparameters: dict[str, Any] = {}
        self.keypair: Any = None
        self.rpc: Any = None
        self.uid: int | None = None
        self.started = time.time()
        self.last_sync = 0.0
        self.sync_error: str | None = None
        self._parent = int(os.environ.get("TAONET_SUPERVISOR_PID", "0") or 0)

    # -- what subclasses write -----------------------------------------------------------------
    @classmethod
    def missing_requirements(cls) -> str | None:
        """Why this neuron cannot run in this Python (a library it needs is not installed, say), as one
        line saying what to install; None when it can. Asked before anything starts (`btcli localnet up`)."""
        return None

    def setup(self) -> None:
        """Called once, after the hotkey is loaded and the first sync."""

    def step(self) -> None:
        """One unit of work; called again until the neuron stops. Wait with `self.sleep(s)`."""
        self.sleep(1.0)

    def teardown(self) -> None:
        """Called once when stopping."""

    def on_sync(self) -> None:
        """Called after each metagraph refresh."""

    def report(self) -> dict[str, Any]:
        """Extra fields for status.json."""
        return {}

    # -- helpers -------------------------------------------------------------------------------
    def option(self, key: str, default: T, cast: Callable[[str], T] | None = None) -> T:
        """The `--option key=value` as the type of `default` (bools take true/false/yes/no/1/0)."""
        raw = self.config.options.get(key)
        if raw is None:
            return default
        if cast is not None:
            return cast(raw)
        if isinstance(default, bool):
            if raw.lower() in _TRUE:
                return True  # type: ignore[return-value]
            if raw.lower() in _FALSE:
                return False  # type: ignore[return-value]
            raise ValueError(f"option {key}={raw!r}: expected true or false")
        if default is None:
            return raw  # type: ignore[return-value]
        return type(default)(raw)  # type: ignore[call-arg]

    def sleep(self, seconds: float) -> bool:
        """Wait up to `seconds`; True when the neuron is stopping."""
        return self.stop_event.wait(max(0.0, seconds))

    @property
    def hotkey(self) -> str:
        return self.keypair.ss58_address

    def hyperparameter(self, name: str, default: Any = None) -> Any:
        return self.hyperparameters.get(name, default)

    # -- the loop ------------------------------------------------------------------------------
    def load_hotkey(self) -> Any:
        from wallet.wallet import Wallet

        c = self.config
        return Wallet(c.wallet_name, c.hotkey, c.wallet_path).hotkey(hosted_password)

    def connect(self) -> Any:
        from client.taonet import TaonetBackend

        return TaonetBackend(self.config.network, timeout=30.0)

    def sync(self) -> None:
        """Refresh the metagraph and the hyperparameters from the node."""
        from client import subnets

        self.metagraph = fetch(self.rpc, self.netuid)
        rows = subnets.hyperparameters(self.rpc, self.netuid).get("hyperparameters", [])
        self.hyperparameters = {r["name"]: r["value"] for r in rows}
        self.uid = self.metagraph.uid_of(self.hotkey)
        self.last_sync = time.monotonic()
        self.sync_error = None
        self.on_sync()

    def _try_sync(self) -> None:
        try:
            self.sync()
        except Exception as exc:  # the node may be restarting, or the subnet not there yet
            message = f"{type(exc).__name__}: {exc}"
            if message != self.sync_error:
                self.log.warning("metagraph sync failed: %s (retrying)", message)
            self.sync_error = message
            self.last_sync = time.monotonic()

    def _orphaned(self) -> bool:
        """True when the node that started this process is gone (it was killed)."""
        return bool(self._parent) and os.getppid() != self._parent

    def request_stop(self, *_: Any) -> None:
        self.stop_event.set()

    def run(self) -> int:
        """Run until stopped; the exit status (0 on a clean stop)."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.request_stop)
        self.keypair = self.load_hotkey()
        self.rpc = self.connect()
        self.log.info("%s for subnet %d as %s (node %s)", self.role, self.netuid, self.hotkey, self.config.network)
        self._try_sync()
        self.setup()
        try:
            while not self.stop_event.is_set():
                if self._orphaned():
                    self.log.warning("the hosting node is gone: stopping")
                    break
                if time.monotonic() - self.last_sync >= self.config.sync_interval:
                    self._try_sync()
                self.step()
                self.write_status()
        finally:
            self.stop_event.set()
            self.teardown()
            self.write_status(stopped=True)
            self.rpc.close()
        self.log.info("stopped")
        return 0

    # -- status.json ---------------------------------------------------------------------------
    def write_status(self, stopped: bool = False) -> None:
        if self.config.state_dir is None:
            return
        data = {"role": self.role, "subnet": self.config.subnet, "netuid": self.netuid, "pid": os.getpid(),
                "hotkey": self.hotkey if self.keypair else None, "uid": self.uid, "registered": self.uid is not None,
                "block": self.metagraph.block, "started": self.started, "updated": time.time(), "stopped": stopped,
                "sync_error": self.sync_error, **self.report()}
        path = Path(self.config.state_dir) / "status.json"
        tmp = path.with_name("status.json.tmp")
        try:
            tmp.write_text(json.dumps(data, default=str) + "\n")
            os.replace(tmp, path)
        except OSError as exc:
            self.log.warning("cannot write %s: %s", path, exc)
