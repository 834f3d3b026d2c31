"""Hostile clients against a real node on 127.0.0.1 (issue 14): each attack runs while a probe reads
over RPC, and the node must keep making blocks on time and answering reads within a bound.

Bounded in count and time (the file runs in well under a minute on two busy cores); loopback only.
"""
from __future__ import annotations

import json
import socket
import statistics
import threading
import time
from contextlib import contextmanager

import httpx
import pytest

from node.builder import address_of, dev_key
from node.extrinsic import sign

BLOCK_TIME = 0.2
MAX_BLOCK_GAP = 2.0  # seconds between two blocks while an attack runs (10 block times: a busy machine)
MAX_READ = 4.0  # seconds for one read over RPC while an attack runs: half the 8 s that a read held behind a
# waiting call would take, with room for a busy machine (2.1 s seen beside a second pytest-xdist worker)


def rpc(url: str, method: str, *params, timeout: float = 10.0) -> dict:
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}
    return httpx.post(url, json=body, timeout=timeout).json()


@pytest.fixture
def node(tmp_path):
    from node.genesis import dev_spec
    from node.service import BackgroundNode

    node = BackgroundNode(tmp_path / "hostile", dev_spec(), block_time=BLOCK_TIME)
    yield node
    node.stop()


class Watch:
    """Reads over RPC every 50 ms from its own thread; on exit checks the block gaps and read times."""

    def __init__(self, node) -> None:
        self.node = node
        self.reads: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._probe, daemon=True)

    def _probe(self) -> None:
        alice = address_of("alice")
        with httpx.Client(timeout=MAX_READ * 3) as client:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    reply = client.post(self.node.url, json={"jsonrpc": "2.0", "id": 1, "method": "taonet_accountInfo",
                                                             "params": [alice]}).json()
                    if "result" not in reply:
                        self.failures.append(str(reply))
                except httpx.HTTPError as exc:
                    self.failures.append(f"{type(exc).__name__}: {exc}")
                self.reads.append(time.monotonic() - started)
                self._stop.wait(0.05)

    def __enter__(self) -> Watch:
        self.first = max(1, self.node.chain.head.number)  # genesis carries timestamp 0, not a block time
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        time.sleep(3 * BLOCK_TIME)  # the attack's aftermath counts too
        self._stop.set()
        self._thread.join(MAX_READ * 4)
        if exc[0] is not None:
            return
        rows = self.node.chain.reader.conn().execute(
            "SELECT timestamp FROM blocks WHERE number >= ? ORDER BY number", (self.first,)).fetchall()
        stamps = [r[0] / 1000 for r in rows]
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        assert len(stamps) >= 3, "the node made no blocks while attacked"
        assert max(gaps) <= MAX_BLOCK_GAP, f"a block came {max(gaps):.2f}s after the previous one"
        assert not self.failures, self.failures[:3]
        assert self.reads and max(self.reads) <= MAX_READ, f"a read took {max(self.reads):.2f}s"
        self.summary = {"blocks": len(stamps), "max_gap": max(gaps), "read_p50": statistics.median(self.reads),
                        "read_max": max(self.reads)}


def signed(node, who: str, call: str, args: dict, nonce: int, tip: int = 0) -> dict:
    return sign(dev_key(who), call, args, nonce, node.chain.genesis_hash, tip)


# -- 1. a number whose text expands without bound ---------------------------------------------
@pytest.mark.parametrize("value", ["1e10000000", "1e-10000000", "9" * 64, "1" + "0" * 63])
def test_hyperparameter_text_is_parsed_with_bounds_at_admission(node, value):
    nonce = rpc(node.url, "system_accountNextIndex", address_of("alice"))["result"]
    inner = {"call": "admin_utils.set_hyperparameter", "args": {"netuid": 0, "parameter": "kappa", "value": value}}
    with Watch(node):
        reply = rpc(node.url, "author_submitExtrinsic", signed(node, "alice", "sudo.sudo", {"call": inner}, nonce))
        assert reply.get("error", {}).get("code") == 1010, reply
        assert "kappa" in reply["error"]["message"] or "value" in reply["error"]["message"], reply


# -- 11. integers past SQLite's range are bad params, never internal errors ---------------------
@pytest.mark.parametrize("method,params", [
    ("chain_getBlockHash", [2**63]), ("taonet_getHeader", [2**63]), ("taonet_getBlock", [2**64]),
    ("taonet_events", [2**63]), ("taonet_history", [2**63]), ("taonet_history", [1, 2**63]),
    ("taonet_history", [1, None, 2**63]), ("taonet_history", [1, None, 0, 10, 2**63]), ("taonet_subnetInfo", [2**63]),
])
def test_integers_past_the_bound_are_invalid_params(node, method, params):
    reply = rpc(node.url, method, *params)
    assert reply["error"]["code"] == -32602, reply
    assert "0.." in reply["error"]["message"], reply


# -- 2. one account fills the pool with future nonces -------------------------------------------
def _transfer(node, keypair, nonce: int, value: int = 1000, dest: str | None = None, tip: int = 0) -> dict:
    return sign(keypair, "balances.transfer_allow_death", {"dest": dest or address_of("charlie"), "value": value},
                nonce, node.chain.genesis_hash, tip)


def test_one_poor_account_cannot_fill_the_pool(node):
    from wallet.keypair import Keypair

    node.chain.pool.max_size = 200  # the same mechanism as 200,000 slots, at a test's scale
    mallory = Keypair.from_uri("//Mallory")
    fund = signed(node, "alice", "balances.transfer_allow_death", {"dest": mallory.ss58_address, "value": 143_900}, 0)
    assert rpc(node.url, "taonet_submitAndWait", fund, 30)["result"]["success"]
    with Watch(node):
        admitted = 0
        with httpx.Client(timeout=10) as client:
            for nonce in range(1, 301):  # nonce 0 never comes: every one waits for a gap
                reply = client.post(node.url, json={"jsonrpc": "2.0", "id": 1, "method": "author_submitExtrinsic",
                                                    "params": [_transfer(node, mallory, nonce)]}).json()
                admitted += "result" in reply
        assert admitted <= 1, f"{admitted} unpaid future extrinsics admitted"
        honest = rpc(node.url, "author_submitExtrinsic", signed(node, "alice", "balances.transfer_allow_death",
                                                                 {"dest": address_of("bob"), "value": 10**9}, 1))
        assert "result" in honest, honest


def test_future_extrinsics_are_bounded_per_signer_and_evicted_first(node):
    node.chain.pool.max_size = 40
    bob = dev_key("bob")
    replies = [rpc(node.url, "author_submitExtrinsic", _transfer(node, bob, nonce)) for nonce in range(1, 101)]
    admitted = sum("result" in r for r in replies)
    assert admitted == 40, admitted  # the pool is full of bob's future extrinsics
    assert "full" in replies[-1]["error"]["message"], replies[-1]
    dave = dev_key("dave")
    with Watch(node):
        for nonce in range(5):  # ready extrinsics make room by evicting future ones
            reply = rpc(node.url, "author_submitExtrinsic", _transfer(node, dave, nonce))
            assert "result" in reply, reply
    pending = rpc(node.url, "author_pendingExtrinsics", 0, 10)["result"]
    assert len(pending) <= 10
    too_many = rpc(node.url, "author_pendingExtrinsics", 0, 10**6)
    assert too_many["error"]["code"] == -32602, too_many


def test_future_extrinsics_per_signer_cap():
    from node.extrinsic import parse
    from node.pool import MAX_FUTURE_PER_SIGNER, Pool, Refused

    pool = Pool()
    bob = dev_key("bob")
    exts = [parse(sign(bob, "x.y", {}, n, "0x" + "00" * 32)) for n in range(1, MAX_FUTURE_PER_SIGNER + 2)]
    for ext in exts[:-1]:
        pool.add(ext, 0)
    with pytest.raises(Refused, match="waiting"):
        pool.add(exts[-1], 0)


# -- 3. waiting calls that never end ------------------------------------------------------------
def test_waiting_calls_hold_no_worker_and_are_bounded(node):
    import asyncio

    keys = [dev_key(name) for name in ("alice", "bob", "charlie", "dave", "eve", "ferdie")]
    # nonce gaps: these can never be included while the test runs
    exts = [_transfer(node, keys[i % 6], 1 + i // 6) for i in range(360)]  # nonce 0 never comes

    async def flood() -> list[dict]:
        clients = [httpx.AsyncClient(timeout=30, transport=httpx.AsyncHTTPTransport(
            local_address=address, limits=httpx.Limits(max_connections=200))) for address in ("127.0.0.2", "127.0.0.3")]

        async def one(i, ext):
            body = {"jsonrpc": "2.0", "id": 1, "method": "taonet_submitAndWait", "params": [ext, 8]}
            return (await clients[i % 2].post(node.url, json=body)).json()
        try:
            return await asyncio.gather(*(one(i, e) for i, e in enumerate(exts)))
        finally:
            for client in clients:
                await client.aclose()

    box: dict = {}
    attacker = threading.Thread(target=lambda: box.update(replies=asyncio.run(flood())))
    with Watch(node):
        attacker.start()
        time.sleep(2.0)
        health = httpx.get(node.url + "/health", timeout=MAX_READ)
        assert health.status_code in (200, 503)
        attacker.join(30)
    replies = box["replies"]
    waited = [r for r in replies if "result" in r]
    refused = [r for r in replies if "error" in r]
    assert waited and all(r["result"]["status"] == "pending" for r in waited)
    assert len(waited) <= 2 * 32, len(waited)  # per client address
    assert all(r["error"]["code"] == -32005 and "poll" in r["error"]["message"] for r in refused), refused[:2]


def test_health_says_saturated_when_every_waiter_or_worker_is_taken(tmp_path, monkeypatch):
    """GET /health answers 503 'saturated' while the waiting calls or the RPC workers are all taken
    (the flood above may not reach either bound), and ok again once they are free."""
    from websockets.sync.client import connect

    from node import rpc as node_rpc
    from node import rpc_wait
    from node.genesis import dev_spec
    from node.service import BackgroundNode
    from node.substrate import registry

    monkeypatch.setattr(rpc_wait, "MAX_WAITERS", 3)
    monkeypatch.setattr(node_rpc, "RPC_WORKERS", 2)
    monkeypatch.setitem(registry.METHODS, "test_slow", lambda session, params: time.sleep(2.5) or "done")
    node = BackgroundNode(tmp_path / "saturated", dev_spec(), block_time=BLOCK_TIME)

    def health_until(text: str, seconds: float = 10.0) -> httpx.Response:
        deadline = time.monotonic() + seconds
        while True:
            answer = httpx.get(node.url + "/health", timeout=MAX_READ)
            if text in answer.text or time.monotonic() > deadline:
                return answer
            time.sleep(0.05)
    try:
        assert health_until("ok").status_code == 200
        bob = dev_key("bob")
        waits = [threading.Thread(target=rpc, args=(node.url, "taonet_submitAndWait", _transfer(node, bob, n), 3))
                 for n in (1, 2, 3)]  # nonce gaps: never included
        for thread in waits:
            thread.start()
        answer = health_until("saturated")
        assert (answer.status_code, answer.text) == (503, "saturated: 3 calls waiting (at most 3)")
        assert rpc(node.url, "taonet_submitAndWait", _transfer(node, bob, 4), 3)["error"]["code"] == -32005
        for thread in waits:
            thread.join(20)
        assert health_until("ok").status_code == 200

        with connect(node.url.replace("http", "ws")) as first, connect(node.url.replace("http", "ws")) as second:
            for ws in (first, second):
                ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "test_slow", "params": []}))
            answer = health_until("saturated")
            assert (answer.status_code, answer.text) == (503, "saturated: all 2 RPC workers busy")
            assert [json.loads(ws.recv(timeout=20))["result"] for ws in (first, second)] == ["done", "done"]
        assert health_until("ok").status_code == 200
    finally:
        node.stop()


def test_health_says_saturated_when_the_facade_watches_are_all_taken(tmp_path, monkeypatch):
    """The Substrate façade's watched extrinsics (node.substrate.author_rpc) count in health too."""
    from node.genesis import dev_spec
    from node.service import BackgroundNode
    from node.substrate import author_rpc

    monkeypatch.setattr(author_rpc, "MAX_WATCHES", 0)  # every place taken from the start
    node = BackgroundNode(tmp_path / "watched", dev_spec(), block_time=None)
    try:
        answer = httpx.get(node.url + "/health", timeout=MAX_READ)
        assert (answer.status_code, answer.text) == (503, "saturated: 0 extrinsics watched (at most 0)")
    finally:
        node.stop()


# -- 5. client faults are one line, rate-limited ------------------------------------------------
def test_a_client_leaving_mid_body_is_one_line_at_most(node, caplog):
    import logging

    port = int(node.url.rsplit(":", 1)[1])
    server_log = logging.getLogger("uvicorn")  # uvicorn's loggers do not propagate to the root
    server_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO), Watch(node):
            for _ in range(50):
                with socket.create_connection(("127.0.0.1", port)) as sock:
                    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: 1000\r\n\r\n{\"jsonrpc\":")
                    time.sleep(0.005)
            time.sleep(0.3)
    finally:
        server_log.removeHandler(caplog.handler)
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in lines if r.exc_info], "a traceback reached the log"
    assert len(lines) <= 2, [r.getMessage() for r in lines]


# -- 4. idle and trickling connections ----------------------------------------------------------
@pytest.fixture
def guarded(tmp_path, monkeypatch):
    """Start in-process nodes with a 256-connection cap per address and the given header timeout."""
    from node import service
    from node.genesis import dev_spec
    from serving.http_guard import ConnectionLimits

    nodes = []

    def start(header_timeout: float):
        monkeypatch.setattr(service, "CONNECTION_LIMITS", ConnectionLimits(header_timeout=header_timeout, per_address=256))
        nodes.append(service.BackgroundNode(tmp_path / f"guarded{len(nodes)}", dev_spec(), block_time=BLOCK_TIME))
        return nodes[-1]

    yield start
    for node in nodes:
        node.stop()


@pytest.fixture
def guarded_node(guarded):
    return guarded(1.5)


def _closed(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_idle_connections_are_capped_per_address(guarded):
    """Past 256 connections from one address the node closes each new one at once; the 256 stay
    (a header timeout of a minute: what closes here is the cap, however slow the machine)."""
    node = guarded(60.0)
    port = int(node.url.rsplit(":", 1)[1])
    sockets = []
    try:
        with Watch(node):
            for _ in range(1100):  # from another loopback address than the honest reader's
                sock = socket.socket()
                sock.bind(("127.0.0.2", 0))
                sock.connect(("127.0.0.1", port))
                sockets.append(sock)
            deadline = time.monotonic() + 20
            while (refused := sum(_closed(s) for s in sockets)) < 1100 - 256 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert refused == 1100 - 256, f"{refused} of 1,100 connections from one address were closed, not 844"
    finally:
        for sock in sockets:
            sock.close()


def test_idle_connections_time_out(guarded_node):
    """A connection whose headers do not arrive within the header timeout (1.5 s here) is closed,
    even one trickling its headers in a byte at a time."""
    port = int(guarded_node.url.rsplit(":", 1)[1])
    sockets = []
    try:
        with Watch(guarded_node):
            for _ in range(20):
                sock = socket.socket()
                sock.bind(("127.0.0.2", 0))
                sock.connect(("127.0.0.1", port))
                sockets.append(sock)
            slow = socket.create_connection(("127.0.0.1", port))
            sockets.append(slow)
            trickle = b"POST / HTTP/1.1\r\nX-Slow: " + b"a" * 100  # headers trickling in, a byte at a time
            started = time.monotonic()
            for byte in trickle:  # every 0.15 s, far inside the timeout: only a timeout from the start closes it
                if _closed(slow):
                    break
                try:
                    slow.send(bytes([byte]))
                except OSError:
                    break
                time.sleep(0.15)
            assert time.monotonic() - started < 10, "the trickling connection outlived the header timeout"
            deadline = time.monotonic() + 10
            while not all(_closed(s) for s in sockets) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert all(_closed(s) for s in sockets), "an idle connection outlived the header timeout"
    finally:
        for sock in sockets:
            sock.close()


def test_slow_bodies_idle_keep_alives_and_long_kept_connections_end(tmp_path, monkeypatch):
    """A body not in within BODY_TIMEOUT answers 408 and closes; a kept-alive connection idle past
    `keep_alive` is closed; one that made `max_requests` requests is told to close after the last."""
    from node import rpc as node_rpc
    from node import service
    from node.genesis import dev_spec
    from serving.http_guard import ConnectionLimits

    monkeypatch.setattr(node_rpc, "BODY_TIMEOUT", 0.5)
    monkeypatch.setattr(service, "CONNECTION_LIMITS", ConnectionLimits(header_timeout=60.0, keep_alive=0.5,
                                                                       max_requests=3))
    node = service.BackgroundNode(tmp_path / "kept", dev_spec(), block_time=None)
    port = int(node.url.rsplit(":", 1)[1])
    body = b'{"jsonrpc":"2.0","id":1,"method":"system_name","params":[]}'
    request = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
               + str(len(body)).encode() + b"\r\n\r\n" + body)

    def answer(sock: socket.socket) -> bytes:
        data = b""
        while not data.endswith(b'"id":1}'):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        return data

    def closed_within(sock: socket.socket, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not _closed(sock) and time.monotonic() < deadline:
            time.sleep(0.05)
        return _closed(sock)
    try:
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(request[:-10])  # the body's last 10 bytes never come
            slow.settimeout(10)
            assert slow.recv(100).startswith(b"HTTP/1.1 408")
            assert closed_within(slow, 5)
        with socket.create_connection(("127.0.0.1", port)) as idle:
            idle.settimeout(10)
            idle.sendall(request)
            assert b'"result":"taonet"' in answer(idle)
            assert closed_within(idle, 5), "an idle kept-alive connection stayed open"
        with socket.create_connection(("127.0.0.1", port)) as busy:
            busy.settimeout(10)
            replies = []
            for _ in range(3):
                busy.sendall(request)
                replies.append(answer(busy).lower())
            assert all(b'"result":"taonet"' in r for r in replies)
            assert b"connection: close" in replies[-1] and b"connection: close" not in replies[0]
            assert closed_within(busy, 0.4)  # at once, not at the keep-alive timeout
    finally:
        node.stop()


def test_a_batch_reply_is_bounded(node, monkeypatch):
    from node import rpc as node_rpc

    monkeypatch.setattr(node_rpc, "MAX_REPLY", 50_000)
    bob = dev_key("bob")
    for nonce in range(1, 61):
        rpc(node.url, "author_submitExtrinsic", _transfer(node, bob, nonce))
    batch = [{"jsonrpc": "2.0", "id": i, "method": "author_pendingExtrinsics", "params": []} for i in range(100)]
    response = httpx.post(node.url, json=batch, timeout=30)
    assert len(response.content) < 2 * 50_000
    replies = response.json()
    assert len(replies) == 100 and "split the batch" in replies[-1]["error"]["message"]


def test_a_client_past_the_connection_cap_is_told_why(guarded_node):
    from client.errors import ClientError
    from client.taonet import TaonetBackend

    port = int(guarded_node.url.rsplit(":", 1)[1])
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(256)]
    try:
        time.sleep(0.2)
        with TaonetBackend(guarded_node.url) as client:
            with pytest.raises(ClientError, match="too many connections from this address"):
                client.call("system_health")
    finally:
        for sock in sockets:
            sock.close()
