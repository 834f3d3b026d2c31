"""The axon: a Starlette app that serves registered synapses, safer than the real one.

Pipeline for `GET|POST /{SynapseName}` (axon-protocol §6, hardened as §10 suggests):

 1. global in-flight cap ............................................ 503
 2. route lookup (no list of routes in the answer) .................. 404
 3. Content-Length over the synapse's limit ......................... 413
 4. signature headers: btauth/1, else legacy `bt_header_*`; mandatory  401
 5. nonce window (cheap, before the body is read) ................... 401
 6. body read with a byte cap and a time limit ...................... 413 / 408
 7. signature verified; body bound (btauth: sha256 of the raw body;
    legacy: §4 hash of the parsed body vs the signed header) ........ 401 (400 if unparsable)
 8. body `dendrite.hotkey`, when given, must be the signer .......... 401
 9. nonce recorded once per (hotkey, nonce) ......................... 401
10. caller policy (registered, validator permit) .................... 403
11. per-caller token bucket ......................................... 429
12. blacklist hook, then priority hook, both on the VERIFIED caller . 403
13. concurrency gate ordered by priority ............................ 503
14. handler (sync ones in a thread pool) with a timeout ............. 408 / 500 (generic text)

Only step 14 sees the synapse, and its `dendrite` terminal is rewritten from the verified request.
Every answer carries the legacy status headers (so a real ≤10.5 dendrite reads it, §7–§8); answers
to a verified caller are signed by the axon's hotkey (`btauth.sign_response`).
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import math
import time
import uuid as uuidlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional, Union

from subnets.protocol import btauth, legacy
from subnets.protocol.axon_config import AxonConfig, Caller
from subnets.protocol.limits import GateFull, PriorityGate, TokenBuckets
from subnets.protocol.nonces import NonceError, NonceStore
from subnets.protocol.policy import AllowAll, CallerPolicy
from subnets.protocol.synapse import Synapse, TerminalInfo
from wallet.keypair import Keypair

log = logging.getLogger("taonet.axon")


Handler = Callable[[Any, Caller], Union[Any, Awaitable[Any]]]
Blacklist = Callable[[Any, Caller], "tuple[bool, str]"]
Priority = Callable[[Any, Caller], float]


@dataclass
class _Route:
    cls: type[Synapse]
    forward: Handler
    blacklist: Optional[Blacklist]
    priority: Optional[Priority]
    is_async: bool


class Refused(Exception):
    """An answer other than success: HTTP status and a message safe to show the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _echo(synapse: Synapse, caller: Caller) -> Synapse:
    return synapse


class Axon:
    """Routes, hooks and state of one axon; `AxonServer` (axon_server.py) puts it on a socket."""

    def __init__(self, keypair: Keypair, config: Optional[AxonConfig] = None,
                 policy: Optional[CallerPolicy] = None) -> None:
        self.keypair = keypair
        self.hotkey = keypair.ss58_address
        self.config = config or AxonConfig()
        self.policy: CallerPolicy = policy or AllowAll()
        cfg = self.config
        path = Path(cfg.state_dir) / "nonces.log" if cfg.state_dir is not None else None
        self.nonces = NonceStore(past_s=cfg.nonce_past_s, future_s=cfg.nonce_future_s,
                                 max_entries=cfg.max_nonces, path=path)
        self.buckets = TokenBuckets(cfg.rate_per_s, cfg.burst)
        self.gate = PriorityGate(cfg.max_concurrent, cfg.max_waiting)
        self.uuid = str(uuidlib.uuid4())
        self._routes: dict[str, _Route] = {}
        self._inflight = 0
        self._executor: Optional[ThreadPoolExecutor] = None
        self._app: Any = None
        self.attach(Synapse, _echo)  # the built-in `/Synapse` ping (§1)

    def attach(self, synapse_cls: type[Synapse], forward: Handler, blacklist: Optional[Blacklist] = None,
               priority: Optional[Priority] = None) -> Axon:
        """Serve `synapse_cls` at `/{ClassName}` with `forward(synapse, caller) -> synapse`."""
        if not (isinstance(synapse_cls, type) and issubclass(synapse_cls, Synapse)):
            raise TypeError("attach() takes a Synapse subclass")
        self._routes[synapse_cls.__name__] = _Route(
            synapse_cls, forward, blacklist, priority, inspect.iscoroutinefunction(forward))
        return self

    @property
    def app(self) -> Any:
        """The Starlette application (built once, on first use)."""
        if self._app is None:
            from starlette.applications import Starlette
            from starlette.routing import Route

            self._app = Starlette(routes=[Route("/{name:path}", self._endpoint, methods=["GET", "POST"])])
        return self._app

    def close(self) -> None:
        self.nonces.close()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

    # -- the pipeline ---------------------------------------------------------------------------
    async def _endpoint(self, request: Any) -> Any:
        started = time.perf_counter()
        name = request.path_params.get("name", "")
        if self._inflight >= self.config.max_inflight:
            return self._error(name, 503, "Service unavailable: too many requests in flight", None)
        self._inflight += 1
        caller: Optional[Caller] = None
        try:
            route = self._routes.get(name)
            if route is None:
                raise Refused(404, "Synapse not found")
            caller, synapse = await self._authenticate(request, route)
            return await self._serve(request, route, caller, synapse, started)
        except Refused as refusal:
            return self._error(name, refusal.status, refusal.message, caller, request)
        except Exception:  # a bug or a misbehaving hook: answer in the protocol's shape, say nothing
            error_id = uuidlib.uuid4().hex[:12]
            log.exception("axon pipeline failed (error %s)", error_id)
            return self._error(name, 500, f"Internal Server Error #{error_id}", caller, request)
        finally:
            self._inflight -= 1

    async def _authenticate(self, request: Any, route: _Route) -> tuple[Caller, Synapse]:
        headers = request.headers
        limit = min(route.cls.max_request_bytes, self.config.max_request_bytes)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            raise Refused(413 if length.isdigit() else 400, f"Request body over {limit} bytes"
                          if length.isdigit() else "Malformed Content-Length")
        auth: Union[btauth.BtAuthRequest, legacy.LegacyRequest]
        try:
            if btauth.is_btauth(headers):
                auth = btauth.parse_request(headers)
            elif self.config.accept_legacy and legacy.is_legacy(headers):
                auth = legacy.parse_request(headers)
            else:
                raise Refused(401, "Not Verified: missing signature")
            self.nonces.check_window(auth.nonce)
        except (btauth.BtAuthError, legacy.LegacyAuthError, NonceError) as exc:
            raise Refused(401, f"Not Verified: {exc}") from None
        try:
            body = await asyncio.wait_for(_read_capped(request, limit), self.config.body_timeout_s)
        except asyncio.TimeoutError:
            raise Refused(408, "Request body too slow") from None
        try:
            if isinstance(auth, btauth.BtAuthRequest):
                btauth.verify_request(auth, request.method, request.url.path, body, self.hotkey)
                scheme = "btauth"
            else:
                legacy.verify_request(auth, self.hotkey)
                scheme = "legacy"
        except (btauth.BtAuthError, legacy.LegacyAuthError) as exc:
            raise Refused(401, f"Not Verified: {exc}") from None
        synapse = _parse(route.cls, body)
        if isinstance(auth, legacy.LegacyRequest) and synapse.body_hash() != auth.body_hash:
            raise Refused(401, "Not Verified: body does not match the signed body hash")
        claimed = synapse.dendrite.hotkey if synapse.dendrite is not None else None
        if claimed is not None and claimed != auth.hotkey:
            raise Refused(401, "Not Verified: body dendrite.hotkey is not the signer")
        try:
            self.nonces.accept(auth.hotkey, auth.nonce)
        except NonceError as exc:
            raise Refused(401, f"Not Verified: {exc}") from None
        client = request.client
        caller = Caller(auth.hotkey, auth.nonce, scheme, client.host if client else None,
                        client.port if client else None)
        previous = synapse.dendrite or TerminalInfo()
        synapse.dendrite = TerminalInfo(
            ip=caller.ip, port=caller.port, nonce=auth.nonce, hotkey=auth.hotkey, signature=auth.signature,
            uuid=auth.uuid if isinstance(auth, legacy.LegacyRequest) else previous.uuid,
            version=auth.version if isinstance(auth, legacy.LegacyRequest) else previous.version)
        return caller, synapse

    async def _serve(self, request: Any, route: _Route, caller: Caller, synapse: Synapse,
                     started: float) -> Any:
        try:
            allowed, reason = self.policy.check(caller.hotkey)
        except Exception:
            log.exception("caller policy failed")
            allowed, reason = False, "caller policy failed"
        if not allowed:
            raise Refused(403, f"Forbidden: {reason}")
        if not self.buckets.allow(caller.hotkey):
            raise Refused(429, "Too many requests from this hotkey")
        if route.blacklist is not None:
            blocked, reason = await self._hook(route.blacklist, synapse, caller, (True, "blacklist hook failed"))
            if blocked:
                raise Refused(403, f"Forbidden. Key is blacklisted: {reason}.")
        priority = 0.0
        if route.priority is not None:
            try:
                priority = float(await self._hook(route.priority, synapse, caller, 0.0))
            except (TypeError, ValueError):
                priority = 0.0
        timeout = self.config.handler_timeout_s
        if synapse.timeout and synapse.timeout > 0:
            timeout = min(timeout, synapse.timeout)
        try:
            await self.gate.acquire(priority, timeout)
        except GateFull as exc:
            raise Refused(503, f"Service unavailable: {exc}") from None
        try:
            result = await self._run(route, synapse, caller, timeout)
        finally:
            self.gate.release()
        if result is None:
            result = synapse
        if not isinstance(result, route.cls):
            log.error("handler for %s returned %s", route.cls.__name__, type(result).__name__)
            raise Refused(500, "Internal Server Error")
        return self._success(request, result, caller, time.perf_counter() - started)

    async def _run(self, route: _Route, synapse: Synapse, caller: Caller, timeout: float) -> Any:
        try:
            if route.is_async:
                return await asyncio.wait_for(route.forward(synapse, caller), timeout)
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.config.handler_threads, thread_name_prefix="axon-handler")
            call = functools.partial(route.forward, synapse, caller)
            return await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(self._executor, call), timeout)
        except asyncio.TimeoutError:
            raise Refused(408, "Handler timed out") from None
        except Exception:
            error_id = uuidlib.uuid4().hex[:12]
            log.exception("handler for %s failed (error %s)", route.cls.__name__, error_id)
            raise Refused(500, f"Internal Server Error #{error_id}") from None

    async def _hook(self, hook: Callable[..., Any], synapse: Synapse, caller: Caller, fallback: Any) -> Any:
        try:
            result = hook(synapse, caller)
            return await result if inspect.isawaitable(result) else result
        except Exception:
            log.exception("hook %r failed", hook)
            return fallback

    # -- answers --------------------------------------------------------------------------------
    def _success(self, request: Any, synapse: Synapse, caller: Caller, elapsed: float) -> Any:
        from starlette.responses import Response

        synapse.axon = TerminalInfo(status_code=200, status_message="Success", process_time=elapsed,
                                    hotkey=self.hotkey, uuid=self.uuid)
        try:
            body = synapse.response_body()
        except ValueError:
            log.error("handler for %s returned a synapse that is not JSON", type(synapse).__name__)
            raise Refused(500, "Internal Server Error") from None
        if len(body) > type(synapse).max_response_bytes:
            log.error("response of %s is %d bytes, over its limit", type(synapse).__name__, len(body))
            raise Refused(500, "Internal Server Error: response too large")
        headers = legacy.status_headers(synapse)
        headers.update(btauth.sign_response(self.keypair, 200, request.url.path, body, caller.nonce, caller.hotkey))
        return Response(body, 200, headers, media_type="application/json")

    def _error(self, name: str, status: int, message: str, caller: Optional[Caller], request: Any = None) -> Any:
        from starlette.responses import Response

        body = json.dumps({"message": message}, separators=(",", ":")).encode()
        headers = legacy.error_headers(name, status, message)
        if caller is not None and request is not None:
            headers.update(btauth.sign_response(self.keypair, status, request.url.path, body, caller.nonce,
                                                caller.hotkey))
        return Response(body, status, headers, media_type="application/json")


def _parse(cls: type[Synapse], body: bytes) -> Synapse:
    try:
        synapse = cls.from_body(body)
    except ValueError:
        raise Refused(400, f"Malformed request: the body is not a valid {cls.__name__}") from None
    if synapse.timeout is not None and not (math.isfinite(synapse.timeout) and synapse.timeout >= 0):
        raise Refused(400, f"Malformed request: timeout must be a finite number of seconds, got {synapse.timeout!r}")
    return synapse


async def _read_capped(request: Any, limit: int) -> bytes:
    """The request body, refusing (413) as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"Request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
