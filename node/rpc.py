"""JSON-RPC 2.0 over HTTP (Starlette), batches included, and the new-heads SSE feed.

POST /          JSON-RPC 2.0: a request object or a batch (a list); notifications get no reply
GET  /new-heads Server-Sent Events, one `data: {header JSON}` per new block (the head first)
GET  /health    plain 200 "ok" (for scripts that only want to know the node is up)
GET  / (Upgrade: websocket), POST /substrate   the Substrate JSON-RPC façade (node.substrate.transport)
Hostile input never gets a 500: bodies over MAX_BODY bytes, malformed JSON, wrong shapes,
unknown methods and bad params all answer JSON-RPC errors; handler bugs answer -32603.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from node.chain import Chain
from node.pool import Refused
from node import rpc_envelope as envelope
from node.rpc_envelope import INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR
from node.rpc_params import InvalidParams
from node.rpc_registry import METHODS, call
from serving.faults import ClientFaults, quiet_server_logs
from node.rpc_wait import REQUEST, TooManyWaiters, Waiters, resolve

log = logging.getLogger("taonet.rpc")
MAX_BODY = 4 * 1024 * 1024
MAX_BATCH = 20_000
MAX_REPLY = 64 * 1024 * 1024  # a batch stops running its requests once its reply passes this
BODY_TIMEOUT = 10.0  # seconds to receive a request body once its headers are in
RPC_WORKERS = 64  # threads handling request bodies (a waiting call holds none: node.rpc_wait)


def _error(req_id: Any, code: int, message: str) -> dict:
    return envelope.error(req_id, code, message)


def handle_one(chain: Chain, req: Any) -> dict | None:
    """One request object -> its response (None for a notification)."""
    try:
        checked = envelope.request(req)
    except envelope.BadRequest as exc:
        return exc.reply()
    req_id, name, params, notification = checked.id, checked.method, checked.params, checked.notification
    if name not in METHODS:
        reply = _error(req_id, METHOD_NOT_FOUND, f"method {name!r} not found (taonet_chainInfo lists the chain; see `man btcli`)")
    else:
        try:
            reply = {"jsonrpc": "2.0", "result": call(chain, name, params), "id": req_id}
        except InvalidParams as exc:
            reply = _error(req_id, INVALID_PARAMS, str(exc))
        except Refused as exc:
            reply = _error(req_id, getattr(exc, "code", 1010), f"extrinsic refused: {exc}")
        except TooManyWaiters as exc:
            reply = _error(req_id, exc.code, str(exc))
        except Exception as exc:  # a bug: say so, keep serving
            log.exception("internal error in %s", name)
            reply = _error(req_id, INTERNAL_ERROR, f"internal error in {name}: {type(exc).__name__}: {exc}")
    return None if notification else reply


def handle_body(chain: Chain, body: bytes) -> Any:
    """A request body -> the JSON value to send back (None when there is nothing to send)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        return _error(None, PARSE_ERROR, f"parse error: the body is not valid JSON ({exc})")
    if isinstance(data, list):
        if not data:
            return _error(None, INVALID_REQUEST, "an empty batch is not a request")
        if len(data) > MAX_BATCH:
            return _error(None, INVALID_REQUEST, f"a batch holds at most {MAX_BATCH} requests")
        replies, size = [], 0
        for item in data:
            reply = handle_one(chain, item) if size <= MAX_REPLY else \
                _error(item.get("id") if isinstance(item, dict) else None, INVALID_REQUEST,
                       f"not run: this batch's reply passed {MAX_REPLY} bytes; split the batch")
            if reply is not None:
                size += len(json.dumps(reply, separators=(",", ":"), default=str))
                replies.append(reply)
        return replies or None
    return handle_one(chain, data)


class ClientGone(Exception):
    """The client closed the connection before its body was in (a client fault, not a bug)."""


async def _read_body(request: Request) -> bytes | None:
    from starlette.requests import ClientDisconnect

    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
    except ClientDisconnect:
        raise ClientGone from None
    return b"".join(chunks)


def build_app(chain: Chain, on_startup: list | None = None, on_shutdown: list | None = None) -> Starlette:
    """The ASGI app serving `chain`."""
    from starlette.concurrency import run_in_threadpool
    from node.history import attach as record_history  # per-block chart samples, outside the state

    record_history(chain)

    stopping = asyncio.Event()

    waiters = Waiters()
    client_faults = ClientFaults()
    quiet_server_logs()

    async def rpc(request: Request) -> Response:
        try:
            body = await asyncio.wait_for(_read_body(request), BODY_TIMEOUT)
        except asyncio.TimeoutError:
            client_faults.note(f"a client took over {BODY_TIMEOUT:g}s to send its request body")
            return JSONResponse(_error(None, INVALID_REQUEST, f"request body not received within {BODY_TIMEOUT:g}s"),
                                status_code=408, headers={"connection": "close"})
        except ClientGone:
            client_faults.note("a client closed its connection before sending the whole request body")
            return Response(status_code=400)
        if body is None:
            return JSONResponse(_error(None, INVALID_REQUEST, f"request body over the {MAX_BODY} byte limit"), status_code=413)
        client = request.client.host if request.client else "?"
        REQUEST.set((client, asyncio.get_running_loop(), waiters))  # copied into the worker thread's context
        reply = await resolve(await run_in_threadpool(handle_body, chain, body))
        if reply is None:
            return Response(status_code=204)
        return Response(json.dumps(reply, separators=(",", ":")), media_type="application/json")

    async def health(request: Request) -> Response:
        import anyio.to_thread

        limiter = anyio.to_thread.current_default_thread_limiter()
        if limiter.borrowed_tokens >= limiter.total_tokens:
            return PlainTextResponse(f"saturated: all {limiter.total_tokens} RPC workers busy", status_code=503)
        if waiters.saturated:
            return PlainTextResponse(f"saturated: {waiters.count} calls waiting (at most {waiters.total})", status_code=503)
        if watches.saturated:
            return PlainTextResponse(f"saturated: {watches.count} extrinsics watched (at most {watches.total})",
                                     status_code=503)
        return PlainTextResponse("ok")

    async def new_heads(request: Request) -> Response:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue(maxsize=64)

        def push(head: dict) -> None:
            def put() -> None:
                if queue.full():  # a slow reader skips heads rather than growing memory
                    queue.get_nowait()
                queue.put_nowait(head)
            try:
                loop.call_soon_threadsafe(put)
            except RuntimeError:  # the server's loop is closed: the stream is over
                pass

        async def stream():
            chain.listeners.append(push)
            try:
                first = chain.reader.header_json(chain.reader.head_row())
                last = first["number"]
                yield f"data: {json.dumps(first)}\n\n"
                while not stopping.is_set():
                    try:
                        head = await asyncio.wait_for(queue.get(), timeout=1.0)
                    except asyncio.TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if head["number"] <= last:  # committed while the first head was read: sent already
                        continue
                    last = head["number"]
                    yield f"data: {json.dumps(head)}\n\n"
            finally:
                chain.listeners.remove(push)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def startup() -> None:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = RPC_WORKERS
        for fn in on_startup or []:
            fn()

    async def shutdown() -> None:
        stopping.set()
        for fn in on_shutdown or []:
            await run_in_threadpool(fn)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await startup()
        yield
        await shutdown()

    async def not_allowed(request: Request) -> Response:
        return JSONResponse(_error(None, INVALID_REQUEST, "send JSON-RPC 2.0 requests with POST /"), status_code=405)

    from node.substrate import author_rpc, transport  # the Substrate façade: WebSocket on GET / (Upgrade), POST /substrate

    watches = Waiters(author_rpc.MAX_WATCHES, author_rpc.MAX_WATCHES_PER_CLIENT)  # the façade's watched extrinsics

    substrate = transport.routes(chain, lambda request: asyncio.wait_for(_read_body(request), BODY_TIMEOUT), watches)
    return Starlette(routes=[
        *substrate,
        Route("/", rpc, methods=["POST"]),
        Route("/", not_allowed, methods=["GET", "PUT", "DELETE", "PATCH"]),
        Route("/health", health, methods=["GET"]),
        Route("/new-heads", new_heads, methods=["GET"]),
    ], lifespan=lifespan)
