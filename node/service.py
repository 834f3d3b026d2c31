"""Run a node: the block producer in a thread, uvicorn (the RPC server) in the main thread.

SIGTERM or SIGINT stops the server, then the producer finishes the block it is making and stops;
nothing is half-written either way, since each block commits in one transaction. The data
directory holds `node.lock` (flocked by the node for its whole life: one node per data dir, see
node.paths), `node.pid` (removed on a clean stop), `node.json` (pid, RPC URL, chain) and, in
detached mode, `node.log`.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import signal
import socket
import threading
import time
from pathlib import Path

from node.chain import Chain
from node.errors import NodeError
from node.genesis import ChainSpec
from serving.http_guard import ConnectionLimits, server_options

log = logging.getLogger("taonet.node")
DEFAULT_BLOCK_TIME = 12.0
DEV_BLOCK_TIME = 0.5
DEFAULT_RPC_PORT = 9944
CONNECTION_LIMITS = ConnectionLimits()  # header/keep-alive timeouts and connection caps of the RPC server
from node.paths import INFO_FILE, PID_FILE


class Producer(threading.Thread):
    """Makes a block every `block_time` seconds (the first one at once) until stopped."""

    def __init__(self, chain: Chain, block_time: float) -> None:
        super().__init__(name="block-producer", daemon=True)
        self.chain = chain
        self.block_time = block_time
        self._stop_event = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        next_at = time.monotonic()
        try:
            while not self._stop_event.wait(max(0.0, next_at - time.monotonic())):
                outcome = self.chain.produce_block()
                header = outcome.header
                if outcome.included or header.number % 100 == 0:
                    log.info("block #%d %s: %d extrinsics, %d dropped", header.number, header.hash[:18],
                             len(outcome.included), len(outcome.dropped))
                next_at = max(next_at + self.block_time, time.monotonic())
        except BaseException as exc:  # a producer failure must not leave a zombie RPC server
            self.error = exc
            if isinstance(exc, NodeError):  # a cause the operator can act on (disk full): one line
                log.error("block production stopped: %s", exc)
            else:
                log.exception("block production stopped")
            os.kill(os.getpid(), signal.SIGTERM)

    def stop(self) -> None:
        """Ask to stop and wait: the block being made is finished and committed first."""
        self._stop_event.set()
        if self.is_alive():
            self.join()


def bind(host: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on accepted sockets whose proto says TCP
    # (with proto 0 every response waits ~40 ms for a delayed ACK)
    if type(port) is not int or not 0 <= port <= 65535:
        raise NodeError(f"--rpc-port must be a port number, 0 to 65535 (0: any free port), got {port!r}")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        hint = ("is another node running? Use --rpc-port to pick another port" if exc.errno == errno.EADDRINUSE
                else f"is {host} an address of this machine? Check --rpc-host" if exc.errno == errno.EADDRNOTAVAIL
                else "check --rpc-host and --rpc-port")
        raise NodeError(f"cannot listen on {host}:{port} ({exc.strerror}): {hint}") from None
    sock.listen(2048)
    return sock


def run(data_dir: Path | str, spec: ChainSpec | None, rpc_host: str = "127.0.0.1", rpc_port: int = DEFAULT_RPC_PORT,
        block_time: float = DEFAULT_BLOCK_TIME, allow_remote_admin: bool = False) -> int:
    """Run a node until SIGTERM/SIGINT; return the exit status. The node also hosts processes
    (node/hosting): they start with it, stop before it, and need its admin token."""
    import uvicorn

    from node.rpc import build_app

    data_dir = Path(data_dir).expanduser()
    chain = Chain(data_dir, spec, block_time=block_time)  # takes the data dir's lock, or names its holder
    try:
        sock = bind(rpc_host, rpc_port)
    except BaseException:
        chain.close()
        raise
    port = sock.getsockname()[1]
    producer = Producer(chain, block_time)
    url = f"http://{rpc_host if ':' not in rpc_host else '[' + rpc_host + ']'}:{port}"
    info = {"pid": os.getpid(), "rpc_url": url, "chain": chain.spec.name, "genesis_hash": chain.genesis_hash,
            "block_time": block_time, "data_dir": str(data_dir), "started": time.time()}
    supervisor = _hosting(data_dir, url, rpc_host, allow_remote_admin)

    def started() -> None:
        producer.start()
        supervisor.resume()
        (data_dir / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n")
        (data_dir / PID_FILE).write_text(f"{os.getpid()}\n")
        log.info("chain '%s' (genesis %s) at block #%d; RPC on %s; block time %gs",
                 chain.spec.name, chain.genesis_hash, chain.head.number, url, block_time)

    # uvicorn re-raises the stop signal after its shutdown: keep the process alive until we are done
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    config = uvicorn.Config(build_app(chain, on_startup=[started], on_shutdown=[supervisor.shutdown, producer.stop]), log_level="warning",
                            access_log=False, timeout_graceful_shutdown=2, lifespan="on", log_config=None,
                            **server_options(CONNECTION_LIMITS))
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        supervisor.shutdown()
        producer.stop()
        for name in (PID_FILE, INFO_FILE):  # while the lock is still ours: they may be the next node's after
            (data_dir / name).unlink(missing_ok=True)
        chain.close()
        log.info("stopped at block #%d", chain.head.number)
    return 1 if producer.error else 0


def _hosting(data_dir: Path, url: str, rpc_host: str, allow_remote_admin: bool):
    """The process supervisor, the admin token and the privileged RPC methods of a running node."""
    from node import rpc_hosting
    from node.hosting.supervisor import Supervisor
    from node.hosting.token import ensure_token

    supervisor = Supervisor(data_dir, url)
    rpc_hosting.register(supervisor, ensure_token(data_dir), rpc_host, allow_remote_admin)
    return supervisor


class BackgroundNode:
    """A node served from a thread of this process (tests, benchmarks, the dashboard's demos).

    With `block_time=None` no producer runs: call `produce_block()` to make blocks on demand.
    """

    def __init__(self, data_dir: Path | str, spec: ChainSpec | None, block_time: float | None = 0.1,
                 rpc_host: str = "127.0.0.1", rpc_port: int = 0) -> None:
        import uvicorn

        from node.rpc import build_app

        self.chain = Chain(data_dir, spec, block_time=block_time)
        try:
            self._sock = bind(rpc_host, rpc_port)
        except BaseException:
            self.chain.close()  # the data dir's lock is not kept by a node that never served
            raise
        self.url = f"http://{rpc_host}:{self._sock.getsockname()[1]}"
        self.producer = Producer(self.chain, block_time) if block_time else None
        starts = [self.producer.start] if self.producer else []
        stops = [self.producer.stop] if self.producer else []
        config = uvicorn.Config(build_app(self.chain, starts, stops), log_level="warning", access_log=False,
                                lifespan="on", timeout_graceful_shutdown=1, **server_options(CONNECTION_LIMITS))
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True,
                                        name="rpc-server")
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise NodeError("the RPC server did not start")
            time.sleep(0.01)

    def produce_block(self):
        if self.producer is not None:
            raise RuntimeError("a producer thread is running: blocks come every block_time")
        return self.chain.produce_block()

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        if self.producer is not None:
            self.producer.stop()
        self._sock.close()
        self.chain.close()

    def __enter__(self) -> BackgroundNode:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
