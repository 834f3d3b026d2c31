"""The Substrate façade's transport: JSON-RPC 2.0 over WebSocket on the node's RPC port (GET / with
`Upgrade: websocket`, as a subtensor node serves it) and over HTTP (POST /substrate).

One WebSocket is one `Session`: requests run in the server's worker threads, at most MAX_IN_FLIGHT
messages and MAX_IN_FLIGHT_BYTES at a time per connection and ALL_IN_FLIGHT_BYTES over every
connection (the reader waits for room: backpressure, not buffering; messages come uncompressed,
serving.http_guard), their
answers and the subscriptions' notifications go out through one queue in the order they were made.
A subscription's notifications made before its id was answered wait for that answer
(`Session.release`). A connection holds at most MAX_SUBSCRIPTIONS subscriptions (node.substrate.session),
and a reader that lets MAX_QUEUED messages or MAX_QUEUED_BYTES pile up is closed (1008): memory
stays bounded (logged as a client fault: one line a minute).
Batches (a JSON list of requests) answer a list; notifications (no id) answer nothing.

Hostile input never closes the connection or reaches a 500: a message over MAX_MESSAGE bytes
(uvicorn itself closes at its ws_max_size, 16 MiB), non-JSON, non-UTF-8 binary frames, wrong shapes,
unknown methods and wrong params answer JSON-RPC errors; a handler bug answers INTERNAL_ERROR and is
logged. A browser page cannot drive the node: a request whose `Origin` is not a loopback one is
refused (Substrate's default --rpc-cors). Binding (loopback by default) is the node's (node.service).
"""
from __future__ import annotations

import asyncio
import json
import logging
from functools import partial
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit

from node import rpc_envelope as envelope
from node.chain import Chain
from node.substrate.dialect import INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, SubstrateError
from node.substrate.registry import METHODS
from node.substrate.session import Session
from serving.faults import ClientFaults

log = logging.getLogger("taonet.substrate")
FAULTS = ClientFaults(log)  # what a client causes: one line per kind a minute (serving.faults)
MAX_MESSAGE = 11 * 1024 * 1024  # bytes of one request message: a 5 MiB extrinsic as hex fits (uvicorn closes at 16 MiB)
MAX_BATCH = 1000                # requests in one batch
MAX_REPLY = 64 * 1024 * 1024    # a batch stops running its requests once its reply passes this
MAX_IN_FLIGHT = 32              # messages of one connection being handled at once
MAX_IN_FLIGHT_BYTES = 16 * 1024 * 1024  # ... and their bytes (one message over it runs alone)
ALL_IN_FLIGHT_BYTES = 128 * 1024 * 1024  # ... and over every WebSocket of the node
MAX_QUEUED = 4096               # messages waiting to be sent before a too-slow reader is closed
MAX_QUEUED_BYTES = 64 * 1024 * 1024  # ... or their bytes
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


_error = envelope.error  # (req_id, code, message, data=None) -> an error answer


def handle_one(session: Session, req: Any) -> dict | None:
    """One request object -> its answer (None for a notification)."""
    try:
        checked = envelope.request(req, substrate_params=True)
    except envelope.BadRequest as exc:
        return exc.reply()
    req_id, name, params = checked.id, checked.method, checked.params
    if name not in METHODS:
        reply = _error(req_id, METHOD_NOT_FOUND, f"Method not found: {name[:80]!r} (rpc_methods lists the methods served)")
    else:
        try:
            reply = {"jsonrpc": "2.0", "result": METHODS[name](session, params), "id": req_id}
        except SubstrateError as exc:
            reply = {"jsonrpc": "2.0", "error": exc.to_json(), "id": req_id}
        except Exception as exc:  # a bug: say so, keep serving
            log.exception("internal error in %s", name)
            reply = _error(req_id, INTERNAL_ERROR, f"internal error in {name}: {type(exc).__name__}")
    return None if checked.notification else reply


def handle_message(session: Session, message: str | bytes) -> tuple[str | None, list[str]]:
    """One message -> (its answer as JSON text or None, the strings it answered: subscription ids
    among them are released once the answer is sent)."""
    if len(message) > MAX_MESSAGE:
        return _dump(_error(None, INVALID_REQUEST, f"message over the {MAX_MESSAGE} byte limit")), []
    try:
        data = json.loads(message)
    except (ValueError, RecursionError):
        return _dump(_error(None, PARSE_ERROR, "Parse error: the message is not valid JSON (UTF-8)")), []
    if not isinstance(data, list):
        reply = handle_one(session, data)
        return (None, []) if reply is None else (_dump_reply(reply), _strings([reply]))
    if not data:
        return _dump(_error(None, INVALID_REQUEST, "an empty batch is not a request")), []
    if len(data) > MAX_BATCH:
        return _dump(_error(None, INVALID_REQUEST, f"a batch holds at most {MAX_BATCH} requests")), []
    replies, texts, size = [], [], 0
    for item in data:
        reply = handle_one(session, item) if size <= MAX_REPLY else _error(
            item.get("id") if isinstance(item, dict) else None, INVALID_REQUEST,
            f"not run: this batch's answer passed {MAX_REPLY} bytes; split the batch")
        if reply is not None:
            texts.append(_dump_reply(reply))
            size += len(texts[-1])
            replies.append(reply)
    return ("[" + ",".join(texts) + "]" if texts else None), _strings(replies)


def _strings(replies: list[dict]) -> list[str]:
    return [r["result"] for r in replies if isinstance(r.get("result"), str)]


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _dump_reply(reply: dict) -> str:
    """An answer as JSON text; a result JSON cannot hold (a handler bug) answers INTERNAL_ERROR."""
    try:
        return _dump(reply)
    except (TypeError, ValueError) as exc:
        log.error("a Substrate answer is not JSON: %s", exc)
        return _dump(_error(reply.get("id"), INTERNAL_ERROR, "internal error: the answer is not JSON"))


def origin_allowed(origin: str | None) -> bool:
    """No Origin (a program), or a page served from this machine."""
    if origin is None:
        return True
    try:
        return (urlsplit(origin).hostname or "") in LOOPBACK_HOSTS
    except ValueError:
        return False


class Room:
    """Bytes of WebSocket messages being handled over every connection of one node (its event loop):
    a connection's reader waits here for room, so many connections cannot hold more than
    ALL_IN_FLIGHT_BYTES of requests between them."""

    def __init__(self) -> None:
        self.condition = asyncio.Condition()
        self.bytes = 0

    def fits(self, mine: list[int], size: int) -> bool:
        """Room for one more message of `size` bytes on a connection with `mine` [messages, bytes]
        in flight (a message alone on an idle node always fits: it cannot wait forever)."""
        if mine[0] and (mine[0] >= MAX_IN_FLIGHT or mine[1] + size > MAX_IN_FLIGHT_BYTES):
            return False
        return self.bytes == 0 or self.bytes + size <= ALL_IN_FLIGHT_BYTES

    async def wake(self) -> None:
        async with self.condition:
            self.condition.notify_all()


async def serve_websocket(chain: Chain, websocket: Any, room: Room | None = None, watches: Any = None) -> None:
    """Serve one WebSocket connection (a starlette WebSocket) until either side closes it."""
    from starlette.concurrency import run_in_threadpool

    if not origin_allowed(websocket.headers.get("origin")):
        await websocket.close(code=1008)  # before accept: the handshake answers 403
        return
    await websocket.accept()
    room = room or Room()
    loop = asyncio.get_running_loop()
    out: asyncio.Queue[str] = asyncio.Queue()
    queued = [0]  # bytes of the answers waiting in `out`
    too_slow = asyncio.Event()

    def put(text: str) -> None:  # on the loop
        if out.qsize() >= MAX_QUEUED or queued[0] + len(text) > MAX_QUEUED_BYTES:
            too_slow.set()
        else:
            queued[0] += len(text)
            out.put_nowait(text)

    def sink(message: dict) -> None:  # any thread
        text = _dump(message)
        loop.call_soon_threadsafe(put, text)

    session = Session(chain, sink, websocket.client.host if websocket.client else "?", watches)
    in_flight = [0, 0]  # messages, bytes
    running: set[asyncio.Task] = set()

    async def run(message: str | bytes) -> None:
        text, answered = await run_in_threadpool(handle_message, session, message)
        if text is not None:
            put(text)
        for value in answered:
            session.release(value)

    def done(size: int, task: asyncio.Task) -> None:  # also for a task cancelled before it ran
        running.discard(task)
        in_flight[0] -= 1
        in_flight[1] -= size
        room.bytes -= size
        loop.create_task(room.wake())

    async def receive() -> None:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            data = message.get("text")
            if data is None:
                data = message.get("bytes") or b""
                try:
                    data = data.decode("utf-8") if len(data) <= MAX_MESSAGE else data
                except UnicodeDecodeError:
                    data = b"\xff"  # not JSON: answered as a parse error
            async with room.condition:
                await room.condition.wait_for(lambda: room.fits(in_flight, len(data)))
                in_flight[0] += 1
                in_flight[1] += len(data)
                room.bytes += len(data)
            task = asyncio.create_task(run(data))
            running.add(task)
            task.add_done_callback(partial(done, len(data)))

    async def send() -> None:
        while True:
            text = await out.get()
            await websocket.send_text(text)
            queued[0] -= len(text)

    await _first(receive(), send(), too_slow.wait())
    session.close()
    for task in list(running):
        task.cancel()
    if too_slow.is_set():
        FAULTS.note(f"closed a Substrate WebSocket whose reader fell {MAX_QUEUED} messages or "
                    f"{MAX_QUEUED_BYTES} bytes behind")
        try:
            await websocket.close(code=1008, reason="too slow: read your messages")
        except Exception:  # already gone
            pass


async def _first(*coroutines: Awaitable) -> None:
    """Run until the first of `coroutines` ends (or fails: a closed socket), cancelling the others."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def routes(chain: Chain, read_body: Callable[[Any], Awaitable[bytes | None]], watches: Any = None) -> list:
    """The starlette routes: the WebSocket on "/" and POST /substrate. `read_body(request)` is the
    node's capped, timed body reader (node.rpc): None when the body is over its limit; `watches`
    (node.rpc_wait.Waiters) counts the extrinsics watched over every WebSocket."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route, WebSocketRoute

    room = Room()  # shared by every WebSocket of this node

    async def websocket(ws: Any) -> None:
        await serve_websocket(chain, ws, room, watches)

    async def http(request: Any) -> Response:
        if not origin_allowed(request.headers.get("origin")):
            return JSONResponse(_error(None, INVALID_REQUEST, "requests from web pages of other hosts are refused"),
                                status_code=403)
        try:
            body = await read_body(request)
        except Exception:  # the client went away, or took too long to send its body
            return JSONResponse(_error(None, INVALID_REQUEST, "request body not received"), status_code=400)
        if body is None:
            return JSONResponse(_error(None, INVALID_REQUEST, "request body over the node's HTTP limit: send it over the WebSocket"), status_code=413)
        text, _ = await run_in_threadpool(handle_message, Session(chain), body)
        return Response(status_code=204) if text is None else Response(text, media_type="application/json")

    return [WebSocketRoute("/", websocket), Route("/substrate", http, methods=["POST"])]
