"""A synchronous JSON-RPC 2.0 client (httpx) with short timeouts, batches and the new-heads feed."""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from client.errors import ClientError, NodeUnavailable, RpcError
from client.network import LOCAL_URL

if TYPE_CHECKING:
    from client.heads import Head

CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 30.0


class Client:
    """Talks to one node. Use as a context manager, or call `close()`."""

    def __init__(self, url: str = LOCAL_URL, timeout: float = READ_TIMEOUT, path: str = "/") -> None:
        """`path` is where the node answers: "/" for taonet's JSON-RPC, "/substrate" for the Substrate
        façade's methods over HTTP POST (as the real clients send them)."""
        import httpx

        self.url = url.rstrip("/")
        self.path = path
        self._httpx = httpx
        self._http = httpx.Client(timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT),
                                  headers={"Content-Type": "application/json"})
        self._ids = itertools.count(1)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- transport -----------------------------------------------------------------------------
    def _post(self, payload: Any, timeout: float | None = None) -> Any:
        httpx = self._httpx
        body = json.dumps(payload, separators=(",", ":"))
        try:
            kwargs = {} if timeout is None else {"timeout": httpx.Timeout(timeout, connect=CONNECT_TIMEOUT)}
            response = self._http.post(self.url + self.path, content=body, **kwargs)
        except httpx.ConnectError as exc:
            raise NodeUnavailable(self.url, "connection refused") from exc
        except httpx.TimeoutException as exc:
            raise NodeUnavailable(self.url, "timed out") from exc
        except httpx.TransportError as exc:
            raise NodeUnavailable(self.url, type(exc).__name__) from exc
        if response.status_code == 204:
            return None
        try:
            return response.json()
        except ValueError:
            if response.status_code in (408, 429, 503) and response.text.strip():  # a busy node says why
                raise ClientError(f"{self.url} answered HTTP {response.status_code}: {response.text.strip()[:200]}; "
                                  "retry in a moment") from None
            raise ClientError(f"{self.url} answered HTTP {response.status_code} without JSON: is it a taonet node?") from None

    @staticmethod
    def _result(reply: Any, method: str) -> Any:
        if not isinstance(reply, dict):
            raise ClientError(f"unexpected reply to {method}: {reply!r}")
        if "error" in reply:
            err = reply["error"] or {}
            raise RpcError(err.get("code", 0), err.get("message", "unknown error"), method)
        return reply.get("result")

    def call(self, method: str, *params: Any, timeout: float | None = None) -> Any:
        """Call one method; raise RpcError on a JSON-RPC error, NodeUnavailable when nothing answers."""
        reply = self._post({"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": list(params)}, timeout)
        return self._result(reply, method)

    def batch(self, calls: list[tuple[str, list[Any]]], raise_errors: bool = False) -> list[Any]:
        """Call several methods in one request; results in order (RpcError objects where one failed)."""
        if not calls:
            return []
        first = next(self._ids)
        ids = list(range(first, first + len(calls)))
        self._ids = itertools.count(first + len(calls))
        replies = self._post([{"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in zip(ids, calls)])
        if isinstance(replies, dict):  # the whole batch was refused
            self._result(replies, "batch")
        by_id = {r.get("id"): r for r in replies or []}
        out: list[Any] = []
        for i, (method, _) in zip(ids, calls):
            try:
                out.append(self._result(by_id.get(i), method))
            except RpcError as exc:
                if raise_errors:
                    raise
                out.append(exc)
        return out

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Wait until the node answers (for scripts that just started one)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            try:
                self.call("system_health", timeout=1.0)
                return
            except NodeUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # -- feeds ---------------------------------------------------------------------------------
    def new_heads(self, timeout: float = 30.0, *, keepalives: bool = False) -> Iterator[Head | None]:
        """Iterate over new block headers as the node makes them (Server-Sent Events, `client.heads`);
        the current head comes first. Stops when the node goes away; `timeout` bounds the wait for each head.
        With `keepalives`, None for each of the feed's keep-alives (about one a second)."""
        from client.heads import new_heads

        yield from (h for h in new_heads(self.url, timeout, http=self._http, keepalives=True)
                    if h is not None or keepalives)
