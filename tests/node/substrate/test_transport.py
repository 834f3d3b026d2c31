"""The Substrate façade's transport on a real node's RPC port: WebSocket on GET / (Upgrade), batches,
subscriptions bounded per connection, HTTP POST /substrate, loopback origins only; taonet's own
HTTP POST / unchanged on the same port (tests/node/test_rpc.py covers it in full)."""
from __future__ import annotations

import contextlib
import json
import time

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from node.substrate import session as session_module
from node.substrate import transport


def ws_url(node) -> str:
    return node.url.replace("http://", "ws://")


def call(ws, method: str, *params, req_id: int = 1) -> dict:
    ws.send(json.dumps({"jsonrpc": "2.0", "id": req_id, "method": method, "params": list(params)}))
    return json.loads(ws.recv(timeout=10))


def test_websocket_on_the_rpc_port_next_to_taonet_http(manual_node):
    with connect(ws_url(manual_node)) as ws:
        assert call(ws, "chain_getBlockHash", 0)["result"] == manual_node.chain.genesis_hash
        assert call(ws, "state_getRuntimeVersion")["result"]["specVersion"] == 461
        taonet = httpx.post(manual_node.url + "/", json={"jsonrpc": "2.0", "id": 7, "method": "taonet_chainInfo"})
        assert taonet.json()["result"]["genesis_hash"] == manual_node.chain.genesis_hash
        assert call(ws, "system_chain", req_id="abc") == {"jsonrpc": "2.0", "result": "taonet-dev", "id": "abc"}


def test_batches_answer_a_list_and_notifications_nothing(manual_node):
    with connect(ws_url(manual_node)) as ws:
        ws.send(json.dumps([{"jsonrpc": "2.0", "id": 1, "method": "chain_getHead", "params": []},
                            {"jsonrpc": "2.0", "method": "system_health", "params": []},  # a notification
                            {"jsonrpc": "2.0", "id": 2, "method": "no_such", "params": []},
                            {"jsonrpc": "2.0", "id": 3, "method": "system_properties"}]))
        answers = json.loads(ws.recv(timeout=10))
        assert [a["id"] for a in answers] == [1, 2, 3]
        assert answers[0]["result"] == manual_node.chain.head.hash
        assert answers[1]["error"]["code"] == -32601
        assert answers[2]["result"] == {"ss58Format": 42, "tokenDecimals": 9, "tokenSymbol": "TAO"}
        ws.send("[]")
        assert json.loads(ws.recv(timeout=10))["error"]["code"] == -32600
        ws.send(json.dumps([{"jsonrpc": "2.0", "id": i, "method": "chain_getHead"} for i in range(transport.MAX_BATCH + 1)]))
        assert "at most" in json.loads(ws.recv(timeout=10))["error"]["message"]


HOSTILE = [
    ("not json", -32700),
    (b"\xff\xfe\x00binary", -32700),
    ('{"jsonrpc":"2.0","id":1,"method":"system_chain"', -32700),
    ("[" * 100_000 + "]" * 100_000, -32700),
    ("42", -32600),
    ('{"jsonrpc":"2.0","id":true,"method":"system_chain"}', -32600),
    ('{"jsonrpc":"2.0","id":{},"method":"system_chain"}', -32600),
    ('{"jsonrpc":"1.0","id":1,"method":"system_chain"}', -32600),
    ('{"jsonrpc":"2.0","id":1,"method":7}', -32600),
    ('{"jsonrpc":"2.0","id":1,"method":"system_chain","params":"x"}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"system_chain","params":{"a":1}}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"system_chain","params":[1]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"' + "x" * 10_000 + '"}', -32601),
    ('{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":["0xzz"]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[["0x00"]]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[-1]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[1e300]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":["0x' + "f" * 40 + '"]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"account_nextIndex","params":["5Gx"]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"account_nextIndex","params":[]}', -32602),
    ('{"jsonrpc":"2.0","id":1,"method":"state_getRuntimeVersion","params":["0x' + "ab" * 32 + '"]}', 4003),
    ('{"jsonrpc":"2.0","id":1,"method":"chain_unsubscribeNewHeads","params":[{"x":1}]}', None),  # false
    (" " * (transport.MAX_MESSAGE + 1), -32600),
]


def test_hostile_frames_get_errors_and_the_connection_stays(manual_node):
    with connect(ws_url(manual_node), max_size=None) as ws:
        for frame, code in HOSTILE:
            ws.send(frame)
            answer = json.loads(ws.recv(timeout=20))
            if code is None:
                assert answer["result"] is False
            else:
                assert answer["error"]["code"] == code, (frame[:80], answer)
                assert len(answer["error"]["message"]) < 300  # hostile input is not echoed back whole
        assert call(ws, "chain_getBlockHash", 0)["result"] == manual_node.chain.genesis_hash
    assert httpx.get(manual_node.url + "/health").text == "ok"


def test_heads_subscription_current_head_first_then_each_block_then_unsubscribe(manual_node):
    chain = manual_node.chain
    listeners = len(chain.listeners)
    with connect(ws_url(manual_node)) as ws:
        sub = call(ws, "chain_subscribeNewHeads")["result"]  # the answer comes before any notification
        first = json.loads(ws.recv(timeout=10))
        assert first["method"] == "chain_newHead" and first["params"]["subscription"] == sub
        assert first["params"]["result"]["number"] == hex(chain.head.number)
        produced = manual_node.produce_block()
        new = json.loads(ws.recv(timeout=10))["params"]["result"]
        assert new["number"] == hex(produced.header.number) and new["parentHash"] == produced.header.parent_hash
        assert call(ws, "chain_unsubscribeFinalizedHeads", sub)["result"] is False  # another kind's call
        assert call(ws, "chain_unsubscribeNewHeads", sub)["result"] is True
        assert call(ws, "chain_unsubscribeNewHeads", sub)["result"] is False
        assert len(chain.listeners) == listeners
        manual_node.produce_block()
        assert call(ws, "chain_getHead", req_id=9) == {"jsonrpc": "2.0", "result": chain.head.hash, "id": 9}


def test_subscriptions_are_bounded_per_connection_and_end_with_it(manual_node):
    chain = manual_node.chain
    listeners = len(chain.listeners)
    limit = session_module.MAX_SUBSCRIPTIONS
    with connect(ws_url(manual_node), max_size=None) as ws:
        ids, errors = [], []
        for start in range(0, limit + 8, transport.MAX_BATCH):
            count = min(transport.MAX_BATCH, limit + 8 - start)
            ws.send(json.dumps([{"jsonrpc": "2.0", "id": start + i, "method": "chain_subscribeFinalizedHeads"}
                                for i in range(count)]))
            answers = None
            while answers is None:  # the held first heads follow each batch's answer
                message = json.loads(ws.recv(timeout=30))
                answers = message if isinstance(message, list) else None
            ids += [a["result"] for a in answers if "result" in a]
            errors += [a["error"] for a in answers if "error" in a]
        assert len(set(ids)) == limit and len(errors) == 8
        assert errors[0]["code"] == -32006 and str(limit) in errors[0]["message"]
        assert len(chain.listeners) == listeners + limit
    deadline = time.monotonic() + 10  # the connection closed: every subscription ended with it
    while len(chain.listeners) != listeners and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(chain.listeners) == listeners


def test_http_post_substrate_without_subscriptions(manual_node):
    url = manual_node.url + "/substrate"
    assert httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "chain_getBlockHash", "params": [0]}).json() \
        == {"jsonrpc": "2.0", "result": manual_node.chain.genesis_hash, "id": 1}
    batch = httpx.post(url, json=[{"jsonrpc": "2.0", "id": 1, "method": "system_name"},
                                  {"jsonrpc": "2.0", "id": 2, "method": "chain_subscribeNewHeads"}]).json()
    assert batch[0]["result"] == "taonet" and batch[1]["error"]["code"] == -32010
    assert httpx.post(url, content=b"\x00garbage").json()["error"]["code"] == -32700
    assert httpx.post(url, content=b"x" * (transport.MAX_MESSAGE + 10)).status_code == 413
    assert httpx.post(url, json={"jsonrpc": "2.0", "method": "system_name"}).status_code == 204


def test_pages_of_other_origins_are_refused(manual_node):
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(manual_node), origin="https://evil.example")
    assert refused.value.response.status_code == 403
    with connect(ws_url(manual_node), origin="http://localhost:3000") as ws:
        assert call(ws, "system_name")["result"] == "taonet"
    answer = httpx.post(manual_node.url + "/substrate", headers={"Origin": "http://evil.example"},
                        json={"jsonrpc": "2.0", "id": 1, "method": "system_name"})
    assert answer.status_code == 403


def test_websocket_outlives_the_header_timeout_and_frees_its_connection_slot(tmp_path, monkeypatch):
    """The RPC server's connection guard (serving.http_guard) once counted an upgraded connection
    forever and closed it at the header timeout: a WebSocket lived 10 s, 256 of them locked a client out."""
    from node import service
    from node.genesis import dev_spec
    from serving.http_guard import ConnectionLimits

    monkeypatch.setattr(service, "CONNECTION_LIMITS", ConnectionLimits(header_timeout=0.3, per_address=3))
    node = service.BackgroundNode(tmp_path / "guarded", dev_spec(), block_time=None)
    try:
        with connect(ws_url(node)) as ws:
            time.sleep(1.0)
            assert call(ws, "system_name")["result"] == "taonet"
        for _ in range(6):  # twice the per-address cap, one after the other
            with connect(ws_url(node), open_timeout=5) as ws:
                assert call(ws, "system_chain")["result"] == "taonet-dev"
    finally:
        node.stop()


def test_a_node_process_serves_the_facade_on_its_port(node_process, tmp_path):
    proc = node_process(tmp_path / "proc", block_time=0.2)
    genesis = json.loads((proc.data_dir / "node.json").read_text())["genesis_hash"]
    with connect(f"ws://127.0.0.1:{proc.port}") as ws:
        assert call(ws, "chain_getBlockHash", 0)["result"] == genesis
        sub = call(ws, "chain_subscribeNewHeads")["result"]
        numbers = [int(json.loads(ws.recv(timeout=10))["params"]["result"]["number"], 16) for _ in range(3)]
        assert numbers == sorted(numbers) and len(set(numbers)) == 3
        ws.send(json.dumps({"jsonrpc": "2.0", "id": 5, "method": "chain_unsubscribeNewHeads", "params": [sub]}))
        answer = json.loads(ws.recv(timeout=10))
        while "id" not in answer:  # heads made before the unsubscribe arrived
            answer = json.loads(ws.recv(timeout=10))
        assert answer == {"jsonrpc": "2.0", "result": True, "id": 5}
    assert proc.rpc().call("taonet_chainInfo")["genesis_hash"] == genesis


def test_a_reader_that_does_not_read_is_closed_not_buffered(manual_node, monkeypatch):
    """Answers pile up on the node only up to MAX_QUEUED messages; past that the connection closes (1008)."""

    monkeypatch.setattr(transport, "MAX_QUEUED", 4)
    read_slowly_until_closed(manual_node)
    with connect(ws_url(manual_node)) as ws:  # the node serves on
        assert call(ws, "system_name")["result"] == "taonet"


def test_handler_bugs_answer_internal_errors_and_the_connection_stays(manual_node, monkeypatch):
    from node.substrate import registry

    def raises(session, params):
        raise KeyError("a bug")
    monkeypatch.setitem(registry.METHODS, "test_raises", raises)
    monkeypatch.setitem(registry.METHODS, "test_not_json", lambda session, params: {1, 2})
    with connect(ws_url(manual_node)) as ws:
        assert call(ws, "test_raises")["error"]["code"] == -32603
        assert call(ws, "test_not_json", req_id=4) == {
            "jsonrpc": "2.0", "error": {"code": -32603, "message": "internal error: the answer is not JSON"}, "id": 4}
        assert call(ws, "system_name")["result"] == "taonet"


def test_compressed_messages_are_refused_so_kib_cannot_inflate_to_gib(manual_node):
    """With permessage-deflate a few KiB of compressed zeros inflated to dozens of 16 MiB messages in
    one read: 4 connections took a node to 1.3 GB. The node now declines the extension."""
    with connect(ws_url(manual_node), compression="deflate") as ws:
        assert ws.response.headers.get("Sec-WebSocket-Extensions") is None
        assert call(ws, "system_name")["result"] == "taonet"


def test_requests_in_flight_are_bounded_over_every_connection(manual_node, monkeypatch):
    """Four connections, one slow request each: ALL_IN_FLIGHT_BYTES room for two runs two at a time."""
    import threading

    from node.substrate import registry

    running, most, lock = [0], [0], threading.Lock()

    def slow(session, params):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.4)
        with lock:
            running[0] -= 1
        return "done"
    monkeypatch.setitem(registry.METHODS, "test_slow", slow)
    message = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "test_slow", "params": ["x" * 1000]})
    monkeypatch.setattr(transport, "ALL_IN_FLIGHT_BYTES", 2 * len(message) + 10)
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(connect(ws_url(manual_node))) for _ in range(4)]
        for ws in sockets:
            ws.send(message)
        assert [json.loads(ws.recv(timeout=20))["result"] for ws in sockets] == ["done"] * 4
    assert most[0] == 2


def test_a_reader_that_lets_answer_bytes_pile_up_is_closed(manual_node, monkeypatch, caplog):
    """Few but large answers: MAX_QUEUED_BYTES closes the reader (1008) before MAX_QUEUED would;
    two such closes log one line (a client fault, rate-limited)."""

    from serving.faults import ClientFaults

    monkeypatch.setattr(transport, "MAX_QUEUED_BYTES", 3 * 1024 * 1024)
    monkeypatch.setattr(transport, "FAULTS", ClientFaults(transport.log))
    caplog.set_level("WARNING", logger="taonet.substrate")
    for _ in range(2):
        read_slowly_until_closed(manual_node)
    lines = [r for r in caplog.records if "fell" in r.getMessage()]
    assert len(lines) == 1 and not lines[0].exc_info, [r.getMessage() for r in lines]


def read_slowly_until_closed(node) -> None:
    """Ask for 80 answers of ~1 MB (far past the socket buffers) without reading, then read: the node
    must have closed the connection as a slow reader (1008)."""
    from websockets.exceptions import ConnectionClosed

    with connect(ws_url(node), max_size=None, max_queue=1) as ws:
        for i in range(80):
            ws.send(json.dumps({"jsonrpc": "2.0", "id": i, "method": "state_getMetadata", "params": []}))
        time.sleep(3)
        with pytest.raises(ConnectionClosed) as closed:
            for _ in range(80):
                ws.recv(timeout=20)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
