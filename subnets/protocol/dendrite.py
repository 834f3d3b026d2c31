"""The dendrite: an async HTTP client that queries many axons at once and survives hostile ones.

`await dendrite.query(axons, synapse, timeout)` sends a copy of `synapse` to every axon concurrently
(bounded), and returns one `QueryResult` per axon, in order. Each call is bounded by `timeout` from
the moment it gets a slot: connect, send, and reading the answer with a byte cap, so a slow,
never-ending or huge answer costs at most `timeout` seconds and `max_response_bytes` of memory.

Modes per axon: `btauth` (default; taonet axons) signs with btauth/1 and REQUIRES the answer to be
signed by the axon's hotkey; `legacy` speaks the bittensor ≤10.5 format to real SDK axons, whose
answers are unsigned and therefore marked `verified=False`.

Status codes for failures on our side follow the SDK (axon-protocol §7): 408 timeout, 503 cannot
connect, 422 unusable answer (not JSON, wrong schema, too large); plus 401 for a taonet answer
without a valid signature and 413 for a request over the synapse's limit (never sent).
"""
from __future__ import annotations

import asyncio
import json
import time
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from subnets.protocol import btauth, legacy
from subnets.protocol.http11 import BodyTooLarge, ConnectFailed, HttpPool
from subnets.protocol.synapse import DEFAULT_TIMEOUT, Synapse
from wallet.keypair import Keypair

BTAUTH = "btauth"
LEGACY = "legacy"


@dataclass(frozen=True)
class AxonTarget:
    """Where an axon listens, the hotkey it must answer with, and which protocol it speaks."""

    ip: str
    port: int
    hotkey: str
    mode: str = BTAUTH

    @property
    def url(self) -> str:
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"http://{host}:{self.port}"


@dataclass
class QueryResult:
    """One axon's answer: the parsed synapse on success, else an error; never an exception."""

    target: AxonTarget
    status_code: int
    message: str
    latency_s: float
    synapse: Optional[Synapse] = None
    verified: bool = False  # the answer carried a valid signature by `target.hotkey`

    @property
    def ok(self) -> bool:
        return self.status_code == 200 and self.synapse is not None


class _Failure(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Dendrite:
    """A validator's client. Use as `async with Dendrite(keypair) as d: await d.query(...)`."""

    def __init__(self, keypair: Keypair, *, max_concurrency: int = 256, external_ip: str = "127.0.0.1",
                 max_response_bytes: Optional[int] = None) -> None:
        self.keypair = keypair
        self.hotkey = keypair.ss58_address
        self.uuid = str(uuidlib.uuid4())  # random, unlike the SDK's MAC-revealing uuid1 (§10)
        self.external_ip = external_ip  # only a header value; never looked up from the Internet
        self.max_concurrency = max_concurrency
        self.max_response_bytes = max_response_bytes
        self._client: Optional[HttpPool] = None

    def _http(self) -> HttpPool:
        if self._client is None:
            self._client = HttpPool()
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> Dendrite:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def query(self, axons: Sequence[AxonTarget], synapse: Synapse,
                    timeout: float = DEFAULT_TIMEOUT) -> list[QueryResult]:
        """Send `synapse` to every axon concurrently; one result per axon, in the same order."""
        slots = asyncio.Semaphore(self.max_concurrency)

        async def one(target: AxonTarget) -> QueryResult:
            async with slots:
                return await self.call(target, synapse, timeout)

        return list(await asyncio.gather(*(one(target) for target in axons)))

    async def call(self, target: AxonTarget, synapse: Synapse, timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
        """One bounded call; every failure becomes a `QueryResult` with an error status."""
        started = time.perf_counter()
        request = synapse.model_copy(deep=True)
        try:
            return await asyncio.wait_for(self._call(target, request, timeout, started), timeout)
        except _Failure as failure:
            return QueryResult(target, failure.status, failure.message, time.perf_counter() - started)
        except asyncio.TimeoutError:
            return QueryResult(target, 408, f"Timed out after {timeout:g} s", time.perf_counter() - started)
        except BodyTooLarge as exc:
            return QueryResult(target, 422, str(exc), time.perf_counter() - started)
        except ConnectFailed as exc:
            return QueryResult(target, 503, str(exc), time.perf_counter() - started)
        except Exception as exc:  # transport trouble of any kind; the caller sees a result
            return QueryResult(target, 422, f"{type(exc).__name__}: {exc}"[:300], time.perf_counter() - started)

    async def _call(self, target: AxonTarget, synapse: Synapse, timeout: float, started: float) -> QueryResult:
        cls = type(synapse)
        path = "/" + cls.__name__
        synapse.timeout = float(timeout)
        if target.mode == LEGACY:
            headers, body = legacy.build_request(
                synapse, self.keypair, axon_ip=target.ip, axon_port=target.port, axon_hotkey=target.hotkey,
                uuid=self.uuid, timeout=timeout, dendrite_ip=self.external_ip)
            nonce = synapse.dendrite.nonce or 0
        elif target.mode == BTAUTH:
            nonce = time.time_ns()
            synapse.dendrite = synapse.dendrite.model_copy(update=dict(
                hotkey=self.hotkey, nonce=nonce, uuid=self.uuid, ip=self.external_ip))
            synapse.axon = synapse.axon.model_copy(update=dict(ip=target.ip, port=target.port, hotkey=target.hotkey))
            body = synapse.request_body()
            headers = btauth.sign_request(self.keypair, "POST", path, body, target.hotkey, nonce)
            headers["content-type"] = "application/json"
        else:
            raise _Failure(400, f"unknown axon mode {target.mode!r}")
        if len(body) > cls.max_request_bytes:
            raise _Failure(413, f"request is {len(body)} bytes, over {cls.__name__}'s limit")
        cap = self.max_response_bytes or cls.max_response_bytes
        response = await self._http().request(target.ip, target.port, "POST", path, headers, body, cap)
        latency = time.perf_counter() - started
        return self._read(target, cls, path, nonce, response.status, response.headers, response.body, latency)

    def _read(self, target: AxonTarget, cls: type[Synapse], path: str, nonce: int, status: int, headers: Any,
              raw: bytes, latency: float) -> QueryResult:
        verified = btauth.verify_response(headers, status, path, raw, nonce, target.hotkey, self.hotkey)
        if target.mode == BTAUTH and not verified:
            return QueryResult(target, 401, "response is not signed by the axon's hotkey", latency)
        if "application/json" not in headers.get("content-type", ""):
            return QueryResult(target, 422, "response is not JSON", latency, verified=verified)
        if status != 200:
            try:
                message = str(json.loads(raw).get("message", ""))[:500]
            except (ValueError, AttributeError):
                message = "unreadable error response"
            return QueryResult(target, status, message or f"HTTP {status}", latency, verified=verified)
        try:
            answer = cls.model_validate_json(raw)
        except ValueError:
            return QueryResult(target, 422, f"response is not a valid {cls.__name__}", latency, verified=verified)
        answer.dendrite = answer.dendrite.model_copy(update=dict(
            status_code=200, status_message="Success", process_time=latency))
        return QueryResult(target, 200, "Success", latency, answer, verified)
