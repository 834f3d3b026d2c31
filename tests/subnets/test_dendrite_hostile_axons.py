"""Hostile axons never crash or stall the dendrite: every call ends within its timeout with an
error result (huge, slow, never-ending, malformed, wrongly signed or unsigned answers)."""
from __future__ import annotations

import asyncio
import json
import time

from subnets.protocol import btauth
from subnets.protocol.dendrite import LEGACY, AxonTarget, Dendrite
from tests.subnets.conftest import ALICE, BOB, CHARLIE, Dummy, run


def answer_body(output: int = 42) -> bytes:
    return Dummy(input=21, output=output).response_body()


def head(status: int = 200, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} OK"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    if length is not None:
        lines.append(f"content-length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def signed_answer(nonce: int, body: bytes, signer=BOB, content_type: str = "application/json") -> bytes:
    headers = {"content-type": content_type}
    headers.update(btauth.sign_response(signer, 200, "/Dummy", body, nonce, ALICE.ss58_address))
    if signer is not BOB:
        headers[btauth.H_RESPONSE_HOTKEY] = BOB.ss58_address  # claims to be the miner
    return head(200, headers, len(body)) + body


async def good(writer, nonce):
    writer.write(signed_answer(nonce, answer_body()))


async def huge_declared(writer, nonce):
    writer.write(head(200, {"content-type": "application/json"}, 10**10))
    while True:
        writer.write(b"0" * 65536)
        await writer.drain()


async def never_ending_chunks(writer, nonce):
    writer.write(head(200, {"content-type": "application/json", "transfer-encoding": "chunked"}))
    while True:
        writer.write(b"10000\r\n" + b"7" * 65536 + b"\r\n")
        await writer.drain()


async def silent(writer, nonce):
    await asyncio.sleep(60)


async def trickle(writer, nonce):
    body = answer_body()
    writer.write(signed_answer(nonce, body)[: -len(body)])
    for byte in body:
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(0.05)


async def malformed_json(writer, nonce):
    writer.write(signed_answer(nonce, b'{"name": "Dummy", "input": 2'))


async def wrong_schema(writer, nonce):
    writer.write(signed_answer(nonce, json.dumps({"input": "not a number"}).encode()))


async def wrong_signer(writer, nonce):
    writer.write(signed_answer(nonce, answer_body(), signer=CHARLIE))


async def unsigned(writer, nonce):
    body = answer_body()
    writer.write(head(200, {"content-type": "application/json"}, len(body)) + body)


async def not_json(writer, nonce):
    writer.write(signed_answer(nonce, b"<html>hi</html>", content_type="text/html"))


async def garbage(writer, nonce):
    writer.write(b"SSH-2.0-OpenSSH\r\n\x00\xff\r\n\r\n")


async def hangup(writer, nonce):
    pass


async def huge_headers(writer, nonce):
    writer.write(b"HTTP/1.1 200 OK\r\nx-pad: " + b"a" * 200_000 + b"\r\n\r\n")


BEHAVIOURS = {  # behaviour -> the status the dendrite must report
    good: 200, huge_declared: 422, never_ending_chunks: 422, silent: 408, trickle: 408, malformed_json: 422,
    wrong_schema: 422, wrong_signer: 401, unsigned: 401, not_json: 422, garbage: 422, hangup: 422,
    huge_headers: 422,
}


async def serve(behaviour) -> asyncio.base_events.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            raw = await reader.readuntil(b"\r\n\r\n")
            headers = dict(line.split(": ", 1) for line in raw.decode("latin-1").split("\r\n")[1:] if ": " in line)
            headers = {k.lower(): v for k, v in headers.items()}
            await reader.readexactly(int(headers.get("content-length", 0)))
            await behaviour(writer, int(headers.get("x-bittensor-nonce", headers.get("bt_header_dendrite_nonce", 0))))
            await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_hostile_axons_are_bounded_errors():
    async def scenario():
        servers = [await serve(behaviour) for behaviour in BEHAVIOURS]
        targets = [AxonTarget("127.0.0.1", s.sockets[0].getsockname()[1], BOB.ss58_address) for s in servers]
        try:
            async with Dendrite(ALICE, max_response_bytes=256 * 1024) as dendrite:
                began = time.perf_counter()
                results = await dendrite.query(targets, Dummy(input=21), timeout=1.0)
                elapsed = time.perf_counter() - began
                again = await dendrite.call(targets[0], Dummy(input=21), timeout=1.0)  # still works afterwards
        finally:
            for server in servers:
                server.close()
        return results, elapsed, again

    results, elapsed, again = run(scenario())
    assert elapsed < 2.0, elapsed
    got = {behaviour.__name__: (result.status_code, result.message) for behaviour, result in zip(BEHAVIOURS, results)}
    want = {behaviour.__name__: status for behaviour, status in BEHAVIOURS.items()}
    assert {name: code for name, (code, _) in got.items()} == want, got
    for result in results:
        assert result.latency_s < 1.5
        assert (result.synapse is not None) == (result.status_code == 200)
    assert results[0].ok and results[0].verified and results[0].synapse.output == 42
    assert again.ok


def test_legacy_mode_accepts_unsigned_answers_but_marks_them():
    async def scenario():
        server = await serve(unsigned)
        target = AxonTarget("127.0.0.1", server.sockets[0].getsockname()[1], BOB.ss58_address, LEGACY)
        try:
            async with Dendrite(ALICE) as dendrite:
                return await dendrite.call(target, Dummy(input=21), timeout=1.0)
        finally:
            server.close()

    result = run(scenario())
    assert result.ok and not result.verified and result.synapse.output == 42


def test_unreachable_axon_is_503():
    async def scenario():
        server = await serve(good)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        async with Dendrite(ALICE) as dendrite:
            return await dendrite.call(AxonTarget("127.0.0.1", port, BOB.ss58_address), Dummy(input=1), 1.0)

    assert run(scenario()).status_code == 503


def test_oversized_request_is_never_sent():
    from tests.subnets.conftest import HashedDummy

    big = HashedDummy(input=1, text="x" * (HashedDummy.max_request_bytes + 1))

    async def scenario():
        async with Dendrite(ALICE) as dendrite:
            return await dendrite.call(AxonTarget("127.0.0.1", 9, BOB.ss58_address), big, 1.0)

    result = run(scenario())
    assert result.status_code == 413


def test_dendrite_against_our_axon_both_modes(start_axon):
    server = start_axon()

    async def scenario():
        async with Dendrite(ALICE) as dendrite:
            targets = [AxonTarget("127.0.0.1", server.port, BOB.ss58_address, mode) for mode in ("btauth", LEGACY)]
            targets.append(AxonTarget("127.0.0.1", server.port, CHARLIE.ss58_address))  # wrong miner expected
            return await dendrite.query(targets, Dummy(input=5), timeout=2.0)

    btauth_result, legacy_result, wrong = run(scenario())
    assert btauth_result.ok and btauth_result.verified and btauth_result.synapse.output == 10
    assert legacy_result.ok and legacy_result.verified and legacy_result.synapse.output == 10
    assert wrong.status_code == 401 and wrong.synapse is None  # addressed to Charlie: refused
