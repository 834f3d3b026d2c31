"""Hostile callers against a real running axon: each is refused with the right status, and the
axon keeps serving honest callers afterwards."""
from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import pytest

from subnets.protocol import btauth
from subnets.protocol.axon import Axon, AxonConfig
from subnets.protocol.dendrite import AxonTarget, Dendrite
from subnets.protocol.policy import CallablePolicy, StaticPolicy
from tests.subnets.conftest import ALICE, BOB, CHARLIE, Dummy, make_axon, run


def signed(body: bytes, keypair=ALICE, path: str = "/Dummy", receiver: str = BOB.ss58_address, nonce=None,
           method: str = "POST"):
    headers = btauth.sign_request(keypair, method, path, body, receiver, nonce)
    headers["content-type"] = "application/json"
    return headers


def honest_call(server) -> int:
    body = Dummy(input=4).request_body()
    return httpx.post(server.url + "/Dummy", content=body, headers=signed(body)).status_code


def test_honest_btauth_call_and_ping(start_axon):
    server = start_axon()
    body = Dummy(input=4).request_body()
    headers = signed(body)
    response = httpx.post(server.url + "/Dummy", content=body, headers=headers)
    assert response.status_code == 200 and response.json()["output"] == 8
    nonce = int(headers["X-Bittensor-Nonce"])
    assert btauth.verify_response(response.headers, 200, "/Dummy", response.content, nonce, BOB.ss58_address,
                                  ALICE.ss58_address)
    assert not btauth.verify_response(response.headers, 200, "/Dummy", response.content + b" ", nonce,
                                      BOB.ss58_address, ALICE.ss58_address)
    ping = b"{}"
    as_post = signed(ping, path="/Synapse")
    assert httpx.request("GET", server.url + "/Synapse", content=ping, headers=as_post).status_code == 401
    answer = httpx.request("GET", server.url + "/Synapse", content=ping,
                           headers=signed(ping, path="/Synapse", method="GET"))
    assert answer.status_code == 200 and answer.json()["name"] == "Synapse"


@pytest.mark.parametrize("tamper", ["signature", "body", "path", "receiver", "missing", "sender"])
def test_bad_signatures_are_401(start_axon, tamper):
    server = start_axon()
    body = Dummy(input=4).request_body()
    headers = signed(body)
    url = server.url + "/Dummy"
    if tamper == "signature":
        headers["X-Bittensor-Signature"] = "0x" + "00" * 64
    elif tamper == "body":
        body = Dummy(input=5).request_body()
    elif tamper == "path":
        url = server.url + "/HashedDummy"
    elif tamper == "receiver":
        headers = signed(body, receiver=CHARLIE.ss58_address)
    elif tamper == "missing":
        del headers["X-Bittensor-Signature"], headers["X-Bittensor-Version"]
    elif tamper == "sender":
        headers["X-Bittensor-Hotkey"] = CHARLIE.ss58_address
    response = httpx.post(url, content=body, headers=headers)
    assert response.status_code == 401, response.text
    assert honest_call(server) == 200


def test_stale_and_future_nonces_are_401(start_axon):
    server = start_axon()
    body = Dummy(input=4).request_body()
    for nonce in (time.time_ns() - 11 * 10**9, time.time_ns() + 3 * 10**9):
        assert httpx.post(server.url + "/Dummy", content=body, headers=signed(body, nonce=nonce)).status_code == 401


def test_replay_is_401_even_after_restart(start_axon, tmp_path):
    config = AxonConfig(state_dir=tmp_path)
    server = start_axon(make_axon(config))
    body = Dummy(input=4).request_body()
    headers = signed(body)
    assert httpx.post(server.url + "/Dummy", content=body, headers=headers).status_code == 200
    assert httpx.post(server.url + "/Dummy", content=body, headers=headers).status_code == 401
    port = server.port
    server.stop()
    # the same axon restarted on the same port, with its state dir: the replay store was persisted
    again = start_axon(make_axon(config), port=port)
    assert httpx.post(again.url + "/Dummy", content=body, headers=headers).status_code == 401
    assert honest_call(again) == 200


def test_replay_after_restart_without_state_dir(start_axon):
    server = start_axon()
    body = Dummy(input=4).request_body()
    headers = signed(body)
    assert httpx.post(server.url + "/Dummy", content=body, headers=headers).status_code == 200
    server.stop()
    fresh = start_axon()  # no state: refuses every nonce older than its own start
    assert httpx.post(fresh.url + "/Dummy", content=body, headers=headers).status_code == 401
    assert honest_call(fresh) == 200


def test_policy_refuses_unregistered_and_permitless_callers(start_axon):
    policy = StaticPolicy(registered={CHARLIE.ss58_address}, validators={ALICE.ss58_address})
    server = start_axon(make_axon(policy=policy))
    body = Dummy(input=4).request_body()
    bob_caller = httpx.post(server.url + "/Dummy", content=body, headers=signed(body, keypair=BOB))
    assert bob_caller.status_code == 403 and "not registered" in bob_caller.json()["message"]
    charlie = httpx.post(server.url + "/Dummy", content=body, headers=signed(body, keypair=CHARLIE))
    assert charlie.status_code == 403 and "validator permit" in charlie.json()["message"]
    assert honest_call(server) == 200
    policy.update(registered={CHARLIE.ss58_address}, validators=set())  # a new block: Alice lost her permit
    assert honest_call(server) == 403
    crashing = start_axon(make_axon(policy=CallablePolicy(lambda hotkey: 1 / 0)))
    assert honest_call(crashing) == 403

    class Raising:
        def check(self, hotkey):
            raise RuntimeError("metagraph not loaded")

    assert honest_call(start_axon(make_axon(policy=Raising()))) == 403


def test_oversized_bodies_are_413(start_axon):
    server = start_axon()
    big = b'{"input": 1, "pad": "' + b"x" * 5000 + b'"}'
    blocked = httpx.post(server.url + "/Blocked", content=big, headers=signed(big, path="/Blocked"))
    assert blocked.status_code == 413  # Blocked declares max_request_bytes = 4096

    def chunks():
        yield big[:3000]
        yield big[3000:]

    streamed = httpx.post(server.url + "/Blocked", content=chunks(), headers=signed(big, path="/Blocked"))
    assert streamed.status_code == 413  # no Content-Length: cut off while reading
    assert honest_call(server) == 200


def test_malformed_and_unknown(start_axon):
    server = start_axon()
    for body in (b"{not json", b'{"input": "many"}', b"[]"):
        response = httpx.post(server.url + "/Dummy", content=body, headers=signed(body))
        assert response.status_code == 400, body
    body = b"{}"
    assert httpx.post(server.url + "/Nope", content=body, headers=signed(body, path="/Nope")).status_code == 404
    assert httpx.post(server.url + "/a/b", content=body).status_code == 404
    assert httpx.post(server.url + "/%0Aset-cookie:%20x%C3%A9", content=body).status_code == 404
    assert httpx.put(server.url + "/Dummy", content=body).status_code == 405
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(b"POST /Dummy HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n{}")
        assert raw.recv(100).startswith(b"HTTP/1.1 400")  # uvicorn refuses it before the app
    assert honest_call(server) == 200


def test_blacklist_sees_verified_caller_and_refuses_403(start_axon):
    server = start_axon()
    body = b'{"input": 1}'
    response = httpx.post(server.url + "/Blocked", content=body, headers=signed(body, path="/Blocked"))
    assert response.status_code == 403 and response.json()["message"] == "Forbidden. Key is blacklisted: test."


def test_flood_gets_429_and_axon_keeps_serving(start_axon):
    server = start_axon(make_axon(AxonConfig(rate_per_s=1, burst=5)))
    body = Dummy(input=1).request_body()
    with httpx.Client() as client:
        codes = [client.post(server.url + "/Dummy", content=body, headers=signed(body)).status_code for _ in range(12)]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    charlie = httpx.post(server.url + "/Dummy", content=body, headers=signed(body, keypair=CHARLIE))
    assert charlie.status_code == 200  # buckets are per caller


def test_concurrency_cap_gives_503(start_axon):
    release = threading.Event()
    entered = threading.Semaphore(0)

    def slow(synapse, caller):
        entered.release()
        release.wait(5)
        return synapse

    axon = Axon(BOB, AxonConfig(max_concurrent=2, max_waiting=0, rate_per_s=0))
    axon.attach(Dummy, slow)
    server = start_axon(axon)
    target = AxonTarget("127.0.0.1", server.port, BOB.ss58_address)

    async def flood():
        async with Dendrite(ALICE) as dendrite:
            calls = [asyncio.create_task(dendrite.call(target, Dummy(input=i), 5)) for i in range(2)]
            for _ in range(2):
                await asyncio.get_running_loop().run_in_executor(None, entered.acquire)
            third = await dendrite.call(target, Dummy(input=9), 5)
            release.set()
            return third, await asyncio.gather(*calls)

    third, first_two = run(flood())
    assert third.status_code == 503
    assert [r.status_code for r in first_two] == [200, 200]
    assert honest_call(server) == 200


def test_handler_errors_are_generic_500_and_timeouts_408(start_axon):
    def broken(synapse, caller):
        raise RuntimeError("secret internals /etc/passwd")

    async def stuck(synapse, caller):
        await asyncio.sleep(30)

    axon = Axon(BOB)
    axon.attach(Dummy, broken)
    from tests.subnets.conftest import HashedDummy

    axon.attach(HashedDummy, stuck)
    server = start_axon(axon)
    body = Dummy(input=1).request_body()
    response = httpx.post(server.url + "/Dummy", content=body, headers=signed(body))
    assert response.status_code == 500 and "secret" not in response.text and "RuntimeError" not in response.text
    hashed = HashedDummy(input=1, text="a", timeout=0.5)
    body = hashed.request_body()
    began = time.perf_counter()
    response = httpx.post(server.url + "/HashedDummy", content=body, headers=signed(body, path="/HashedDummy"))
    assert response.status_code == 408 and time.perf_counter() - began < 3


def test_handler_sees_verified_hotkey_and_sync_handlers_do_not_block(start_axon):
    seen = []
    gate = threading.Event()

    def handler(synapse, caller):
        seen.append((caller.hotkey, synapse.dendrite.hotkey, caller.scheme))
        if synapse.input == 1:
            gate.wait(5)  # blocks a worker thread, not the event loop
        return synapse

    axon = Axon(BOB)
    axon.attach(Dummy, handler)
    server = start_axon(axon)
    target = AxonTarget("127.0.0.1", server.port, BOB.ss58_address)

    async def both():
        async with Dendrite(ALICE) as dendrite:
            blocked = asyncio.create_task(dendrite.call(target, Dummy(input=1), 5))
            await asyncio.sleep(0.05)
            quick = await dendrite.call(target, Dummy(input=2), 2)
            gate.set()
            return quick, await blocked

    quick, blocked = run(both())
    assert quick.ok and blocked.ok
    assert seen[0] == (ALICE.ss58_address, ALICE.ss58_address, "btauth")


def test_trickled_upload_is_408(start_axon):
    server = start_axon(make_axon(AxonConfig(body_timeout_s=0.3)))
    body = Dummy(input=4).request_body()
    headers = signed(body)
    lines = [f"POST /Dummy HTTP/1.1", "host: x", f"content-length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body[:10])  # and never the rest
        began = time.perf_counter()
        assert raw.recv(100).startswith(b"HTTP/1.1 408")
        assert time.perf_counter() - began < 2
    assert honest_call(server) == 200
