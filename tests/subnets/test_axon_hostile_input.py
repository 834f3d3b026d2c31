"""Hostile input against a real axon on 127.0.0.1 (issue 14): a 4xx with a clear message, one log
line at most, and the axon keeps serving."""
from __future__ import annotations

import json
import logging
import socket

import httpx

from subnets.protocol import btauth
from tests.subnets.conftest import ALICE, BOB, Dummy


def signed(body: bytes, path: str = "/Dummy") -> dict:
    headers = btauth.sign_request(ALICE, "POST", path, body, BOB.ss58_address, None)
    headers["content-type"] = "application/json"
    return headers


def raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        return sock.recv(4096)


def test_nan_timeout_is_a_400(start_axon):
    server = start_axon()
    body = json.dumps({"input": 4, "timeout": float("nan")}).encode()
    response = httpx.post(server.url + "/Dummy", content=body, headers=signed(body))
    assert response.status_code == 400, response.text
    assert "timeout" in response.json()["message"]


def test_control_characters_in_the_path_get_a_404_and_no_traceback(start_axon, caplog):
    server = start_axon()
    with caplog.at_level(logging.INFO):
        for path in (b"/%00", b"/%0a%0d", b"/%7f"):
            answer = raw(server.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            assert answer.startswith(b"HTTP/1.1 404"), answer[:200]
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]
    body = Dummy(input=4).request_body()
    assert httpx.post(server.url + "/Dummy", content=body, headers=signed(body)).status_code == 200


def test_idle_connections_are_capped_per_address_and_timed_out(start_axon):
    import time

    from subnets.protocol.axon import Axon, AxonConfig
    from tests.subnets.conftest import make_axon

    server = start_axon(make_axon(AxonConfig(header_timeout_s=1.5, max_connections_per_address=64)))
    sockets = []
    try:
        for _ in range(300):  # from another loopback address than the honest caller's
            sock = socket.socket()
            sock.bind(("127.0.0.2", 0))
            sock.connect(("127.0.0.1", server.port))
            sockets.append(sock)
        time.sleep(0.5)
        assert sum(_closed(s) for s in sockets) >= 300 - 64
        body = Dummy(input=4).request_body()
        assert httpx.post(server.url + "/Dummy", content=body, headers=signed(body), timeout=2).status_code == 200
        time.sleep(1.5)
        assert all(_closed(s) for s in sockets), "an idle connection outlived the header timeout"
    finally:
        for sock in sockets:
            sock.close()


def _closed(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        while True:
            if not sock.recv(4096):
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True
