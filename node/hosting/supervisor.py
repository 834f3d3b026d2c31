"""The supervisor: runs the hosted processes, restarts them, reports on them, stops them.

Each process runs in its own session (so a signal to the node's terminal does not reach it, and a
stop reaches its children too), logging to `<data_dir>/processes/<name>/process.log`. When one
exits while it should run, it is restarted after an exponential backoff (1, 2, 4 … 30 s; reset
once a run lasted a whole window). A process that needed `crashloop_restarts` restarts within
`crashloop_window` seconds is in a crash loop: state `crashloop`, no more retries until it is
started again. Stopping sends SIGTERM to its process group, then SIGKILL after `stop_timeout`.

States: `running`, `backoff` (waiting to restart), `crashloop`, `stopping`, `stopped`.
The process reports its own progress in `processes/<name>/status.json`; `status()` includes it.
"""
from __future__ import annotations

import collections
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from node.hosting.table import PROCESSES_DIR, ProcessSpec, ProcessTable, SpecError

log = logging.getLogger("taonet.hosting")
STATUS_FILE = "status.json"
LOG_NAME = "process.log"
MAX_LOG_BYTES = 10 * 1024 * 1024
MAX_LOG_READ = 1024 * 1024


@dataclass
class _Managed:
    spec: ProcessSpec
    proc: subprocess.Popen | None = None
    state: str = "stopped"
    started_at: float | None = None  # wall clock of the current run
    started_mono: float = 0.0
    restarts: int = 0
    recent: collections.deque = field(default_factory=collections.deque)  # monotonic times of restarts
    failures: int = 0  # consecutive short runs, for the backoff
    next_start: float = 0.0
    last_exit_code: int | None = None
    last_exit_at: float | None = None
    log_fh: Any = None


def _pid_cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\x00", b" ").decode(errors="replace")
    except OSError:
        return ""


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


class Supervisor:
    """Hosts processes for the node whose data dir is `data_dir` and whose RPC is at `node_url`."""

    def __init__(self, data_dir: Path | str, node_url: str, *, backoff_base: float = 1.0, backoff_max: float = 30.0,
                 crashloop_restarts: int = 5, crashloop_window: float = 60.0, stop_timeout: float = 10.0,
                 poll_interval: float = 0.2, command: Callable[[ProcessSpec], list[str]] | None = None,
                 max_log_bytes: int = MAX_LOG_BYTES) -> None:
        """`command` replaces the `subnets.run` command line (tests run small scripts with it); it is
        an in-process parameter only, never read from the process table or RPC."""
        self._command = command
        self.data_dir = Path(data_dir).expanduser()
        self.node_url = node_url
        self.backoff_base, self.backoff_max = backoff_base, backoff_max
        self.crashloop_restarts, self.crashloop_window = crashloop_restarts, crashloop_window
        self.stop_timeout = stop_timeout
        self.poll_interval = poll_interval
        self.max_log_bytes = max_log_bytes
        (self.data_dir / PROCESSES_DIR).mkdir(parents=True, exist_ok=True)
        self.table = ProcessTable(self.data_dir)
        self._procs: dict[str, _Managed] = {}
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._closing = False
        self._thread: threading.Thread | None = None

    # -- paths ---------------------------------------------------------------------------------
    def state_dir(self, name: str) -> Path:
        return self.data_dir / PROCESSES_DIR / name

    def log_path(self, name: str) -> Path:
        return self.state_dir(name) / LOG_NAME

    # -- lifecycle -----------------------------------------------------------------------------
    def resume(self) -> list[str]:
        """At node start: end what a killed node left running, start every process whose desired
        state is `running`, and start the monitor. Returns the names started."""
        started = []
        for spec in self.table.all():
            self._end_leftover(spec)
            with self._lock:
                managed = self._procs.setdefault(spec.name, _Managed(spec))
                if spec.desired == "running":
                    self._spawn(managed)
                    started.append(spec.name)
        self._ensure_monitor()
        return started

    def shutdown(self) -> None:
        """At node stop: stop every process (their desired state is kept for the next start)."""
        with self._lock:
            self._closing = True
            names = list(self._procs)
        self._wake.set()
        threads = [threading.Thread(target=self._terminate, args=(name,), daemon=True) for name in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join(self.stop_timeout + 5)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _ensure_monitor(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._monitor, name="process-supervisor", daemon=True)
            self._thread.start()

    # -- the API (what the RPC methods call) ----------------------------------------------------
    def start(self, spec: ProcessSpec) -> dict[str, Any]:
        """Start `spec` (idempotent: the same spec already running is left alone); its status,
        with `already_running`. A different spec under a running name is refused."""
        if self._closing:
            raise SpecError("the node is stopping")
        with self._lock:
            managed = self._procs.get(spec.name)
            if managed is not None and managed.state in ("running", "backoff", "stopping"):
                if not managed.spec.same_process(spec):
                    raise SpecError(f"a different process named {spec.name!r} is {managed.state}: stop it first, "
                                    "or pick another --process-name")
                return {**self._status(managed), "already_running": True}
            self._check_port(spec)
            spec.desired = "running"
            if managed is None:
                managed = self._procs[spec.name] = _Managed(spec)
            else:
                managed.spec = spec
                managed.restarts, managed.failures = 0, 0
                managed.recent.clear()
            self.table.put(spec)
            self._spawn(managed)
            self._ensure_monitor()
            return {**self._status(managed), "already_running": False}

    def stop(self, name: str, remove: bool = False) -> dict[str, Any]:
        """Stop a process (SIGTERM, SIGKILL after the timeout); `remove` also forgets it."""
        with self._lock:
            managed = self._procs.get(name)
            if managed is None:
                raise SpecError(f"no process named {name!r}; `btcli miner list` shows them")
            managed.spec.desired = "stopped"
            self.table.update(name, desired="stopped")
        killed = self._terminate(name)
        with self._lock:
            status = {**self._status(managed), "killed": killed, "removed": remove}
            if remove:
                self._procs.pop(name, None)
                self.table.remove(name)
        return status

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._status(m) for m in sorted(self._procs.values(), key=lambda m: m.spec.name)]

    def status(self, name: str) -> dict[str, Any]:
        with self._lock:
            managed = self._procs.get(name)
            if managed is None:
                raise SpecError(f"no process named {name!r}")
            return self._status(managed)

    def logs(self, name: str, lines: int = 100, since: int | None = None) -> dict[str, Any]:
        """The last `lines` lines of the log, or (with `since`, a byte offset) what was written
        after it, at most 1 MiB; `offset` is where to continue from."""
        if self.table.get(name) is None and name not in self._procs:
            raise SpecError(f"no process named {name!r}")
        path = self.log_path(name)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return {"name": name, "path": str(path), "lines": [], "offset": 0}
        with open(path, "rb") as fh:
            if since is not None:
                start = since if 0 <= since <= size else 0  # a rotated log starts over
                fh.seek(start)
                chunk = fh.read(MAX_LOG_READ)
                cut = chunk.rfind(b"\n") + 1  # only whole lines; the rest comes next time
                text = chunk[:cut].decode(errors="replace")
                return {"name": name, "path": str(path), "lines": text.splitlines(), "offset": start + cut}
            fh.seek(max(0, size - MAX_LOG_READ))
            text = fh.read().decode(errors="replace")
        return {"name": name, "path": str(path), "lines": text.splitlines()[-lines:] if lines > 0 else [], "offset": size}

    # -- internals -----------------------------------------------------------------------------
    def _check_port(self, spec: ProcessSpec) -> None:
        if not spec.port:
            return
        for other in self._procs.values():
            if other.spec.name != spec.name and other.spec.port == spec.port and other.state in ("running", "backoff"):
                raise SpecError(f"port {spec.port} is used by {other.spec.name}")

    def _spawn(self, managed: _Managed) -> None:
        spec = managed.spec
        state_dir = self.state_dir(spec.name)
        state_dir.mkdir(parents=True, exist_ok=True)
        log_path = state_dir / LOG_NAME
        try:
            if log_path.stat().st_size > self.max_log_bytes:
                log_path.replace(log_path.with_name(LOG_NAME + ".1"))
        except FileNotFoundError:
            pass
        argv = self._argv(spec)
        if managed.log_fh is not None:
            managed.log_fh.close()
        managed.log_fh = open(log_path, "ab")
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        managed.log_fh.write(f"{stamp} [supervisor] starting {spec.name}: {' '.join(argv)}\n".encode())
        managed.log_fh.flush()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TAONET_SUPERVISOR_PID": str(os.getpid())}
        try:
            managed.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=managed.log_fh, stderr=subprocess.STDOUT,
                                            start_new_session=True, close_fds=True, cwd=state_dir, env=env)
        except OSError as exc:
            managed.log_fh.write(f"{stamp} [supervisor] cannot start: {exc}\n".encode())
            managed.log_fh.flush()
            managed.proc = None
            self._exited(managed, 127)
            return
        managed.state = "running"
        managed.started_at, managed.started_mono = time.time(), time.monotonic()
        spec.pid = managed.proc.pid
        self.table.update(spec.name, pid=managed.proc.pid)
        log.info("started %s (pid %d)", spec.name, managed.proc.pid)

    def _argv(self, spec: ProcessSpec) -> list[str]:
        if self._command is not None:
            return list(self._command(spec))
        return spec.command(sys.executable, self.node_url, self.state_dir(spec.name))

    def _supervisor_line(self, managed: _Managed, text: str) -> None:
        if managed.log_fh is not None:
            managed.log_fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} [supervisor] {text}\n".encode())
            managed.log_fh.flush()

    def _exited(self, managed: _Managed, code: int) -> None:
        """A process ended while it should run: schedule a restart, or declare a crash loop."""
        now = time.monotonic()
        managed.proc = None
        managed.last_exit_code, managed.last_exit_at = code, time.time()
        if managed.spec.desired != "running" or self._closing:
            managed.state = "stopped"
            return
        while managed.recent and now - managed.recent[0] > self.crashloop_window:
            managed.recent.popleft()
        if len(managed.recent) >= self.crashloop_restarts:
            managed.state = "crashloop"
            self._supervisor_line(managed, f"exited with status {code}; crash loop: {len(managed.recent)} restarts "
                                           f"in {self.crashloop_window:g} s, not restarting until it is started again")
            log.warning("%s is in a crash loop (last status %s)", managed.spec.name, code)
            return
        ran = now - managed.started_mono if managed.started_mono else 0.0
        managed.failures = 1 if ran >= self.crashloop_window else managed.failures + 1
        delay = min(self.backoff_max, self.backoff_base * 2 ** (managed.failures - 1))
        managed.state, managed.next_start = "backoff", now + delay
        self._supervisor_line(managed, f"exited with status {code}; restarting in {delay:g} s")
        log.warning("%s exited with status %s; restarting in %gs", managed.spec.name, code, delay)

    def _monitor(self) -> None:
        while not self._closing:
            with self._lock:
                for managed in list(self._procs.values()):
                    if managed.log_fh is not None:
                        self._rotate_log(managed)
                    if managed.state == "running" and managed.proc is not None:
                        code = managed.proc.poll()
                        if code is not None:
                            self._exited(managed, code)
                    if managed.state == "backoff" and time.monotonic() >= managed.next_start and not self._closing:
                        managed.restarts += 1
                        managed.recent.append(time.monotonic())
                        self._spawn(managed)
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    def _rotate_log(self, managed: _Managed) -> None:
        """Past max_log_bytes, copy the log to process.log.1 and truncate it in place (the process
        writes in append mode, so it goes on at the new end): a running process cannot fill the disk."""
        try:
            if os.fstat(managed.log_fh.fileno()).st_size <= self.max_log_bytes:
                return
            log_path = self.log_path(managed.spec.name)
            shutil.copyfile(log_path, log_path.with_name(LOG_NAME + ".1"))
            os.ftruncate(managed.log_fh.fileno(), 0)
        except OSError as exc:
            log.warning("cannot rotate the log of %s: %s", managed.spec.name, exc)

    def _terminate(self, name: str) -> bool:
        """SIGTERM the process group, SIGKILL after the timeout; True when it had to be killed."""
        with self._lock:
            managed = self._procs.get(name)
            if managed is None:
                return False
            proc = managed.proc
            if proc is None or proc.poll() is not None:
                if managed.state != "crashloop" or managed.spec.desired != "running":
                    managed.state = "stopped"
                if proc is not None:
                    managed.last_exit_code, managed.proc = proc.returncode, None
                return False
            managed.state = "stopping"
        _signal_group(proc.pid, signal.SIGTERM)
        killed = False
        try:
            proc.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            killed = True
            proc.wait(10)
        with self._lock:
            managed.proc = None
            managed.state = "stopped"
            managed.last_exit_code, managed.last_exit_at = proc.returncode, time.time()
            self._supervisor_line(managed, f"stopped (status {proc.returncode}{', killed' if killed else ''})")
            if managed.log_fh is not None:
                managed.log_fh.close()
                managed.log_fh = None
        return killed

    def _end_leftover(self, spec: ProcessSpec) -> None:
        """A process a killed node left behind still runs with the pid in the table: end it, so the
        fresh one gets its port. Only a process whose command line is this spec's is touched."""
        pid = spec.pid
        if not pid or pid == os.getpid():
            return
        cmdline = _pid_cmdline(pid)
        expected = " ".join(self._argv(spec)) if self._command is not None else str(self.state_dir(spec.name))
        if not cmdline or expected not in cmdline:
            return
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        while _pid_cmdline(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _pid_cmdline(pid):
            _signal_group(pid, signal.SIGKILL)

    def _status(self, managed: _Managed) -> dict[str, Any]:
        spec = managed.spec
        running = managed.state == "running" and managed.proc is not None
        out: dict[str, Any] = {
            "name": spec.name, "role": spec.role, "subnet": spec.subnet, "netuid": spec.netuid,
            "wallet_name": spec.wallet_name, "hotkey": spec.hotkey, "port": spec.port, "options": spec.options,
            "state": managed.state, "desired": spec.desired, "pid": managed.proc.pid if running else None,
            "started_at": managed.started_at if running else None,
            "uptime_s": round(time.monotonic() - managed.started_mono, 3) if running else None,
            "restarts": managed.restarts, "last_exit_code": managed.last_exit_code,
            "log": str(self.log_path(spec.name)),
        }
        if managed.state == "backoff":
            out["restart_in_s"] = round(max(0.0, managed.next_start - time.monotonic()), 3)
        out["report"] = self._report(spec.name)
        return out

    def _report(self, name: str) -> dict[str, Any] | None:
        """What the process wrote about itself in status.json (None when it wrote nothing)."""
        try:
            data = json.loads((self.state_dir(name) / STATUS_FILE).read_text())
        except (OSError, ValueError):
            return None
        if isinstance(data, dict) and isinstance(data.get("updated"), (int, float)):
            data["age_s"] = round(time.time() - data["updated"], 3)
        return data if isinstance(data, dict) else None
