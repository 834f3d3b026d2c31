"""One connection to a subtensor endpoint: every call bounded by a deadline, metadata cached on disk.

Built on async-substrate-interface's synchronous `SubstrateInterface`, wrapping its traps: a host
that does not resolve or an endpoint that never answers raises `NodeUnavailable` within the
deadline (the library would retry), `close()` ends the websocket, and the runtime metadata is read
from `$TAONET_METADATA_CACHE` (default `~/.bittensor/taonet/metadata/`) per genesis hash and spec
version instead of being fetched on every connection. Errors the endpoint answers become one-line
`ClientError`s. Import this module only inside command bodies (it imports the Substrate library).
"""
from __future__ import annotations

import inspect
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from async_substrate_interface.errors import (
    MaxRetriesExceeded,
    SubstrateRequestException,
)
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from client.errors import ClientError, NodeUnavailable
from client.subtensor.interface import Expired, Interface, default_cache_dir

# websockets >= 16 warns when a sync connection is not used as a context manager; this one is closed
# by Substrate.close(), so say it is meant (older versions lack the flag)
_LEGACY = {"legacy": True} if "legacy" in inspect.signature(connect).parameters else {}


class Substrate:
    """A connection to one subtensor endpoint (ws:// or wss://).

    Attributes: url, genesis_hash (0x-hex), spec_version, ss58_format, chain (its name) and
    `substrate` (the SubstrateInterface, for composing, signing and submitting: wrap such use in
    `with conn.bounded("what", seconds):` so that it has a deadline and one-line errors).
    """

    def __init__(self, url: str, deadline: float = 30.0, cache_dir: str | Path | None = None,
                 disk_cache: bool = True) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ClientError(f"{url} is not a subtensor endpoint: give ws://host:port or wss://host")
        self.url, self.deadline = url, float(deadline)
        # disk_cache False (the config's disk_cache): the metadata is fetched on every connection
        self.cache_dir: Path | None = (None if not disk_cache else Path(cache_dir) if cache_dir is not None
                                       else default_cache_dir())
        self._lock = threading.RLock()
        self._until: float | None = None
        self.substrate: Any = None
        with self.bounded("connecting"):
            self.substrate = Interface(self)
        runtime = self.substrate.runtime
        self.genesis_hash: str = self.substrate.genesis_hash
        self.spec_version: int = runtime.runtime_version
        self.transaction_version: int = runtime.transaction_version
        self.ss58_format: int = self.substrate.ss58_format or 42
        self.chain: str = self.substrate.chain

    # -- deadlines -------------------------------------------------------------------------------
    def remaining(self) -> float:
        return self.deadline if self._until is None else self._until - time.monotonic()

    @contextmanager
    def bounded(self, what: str, seconds: float | None = None) -> Iterator[None]:
        """Run a block of calls within `seconds` (default: the deadline); errors become one line."""
        with self._lock:
            outer = self._until
            until = time.monotonic() + (self.deadline if seconds is None else seconds)
            self._until = until if outer is None else min(outer, until)
            try:
                yield
            except ClientError:
                raise
            except (Expired, TimeoutError, MaxRetriesExceeded, ConnectionClosed) as exc:
                self._drop()
                waited = self.deadline if seconds is None else seconds
                reason = "the connection closed" if isinstance(exc, ConnectionClosed) else f"no answer within {waited:g} s"
                raise NodeUnavailable(self.url, f"{what}: {reason}") from None
            except (OSError, InvalidHandshake, InvalidURI) as exc:
                self._drop()
                raise NodeUnavailable(self.url, f"{what}: {_one_line(exc)}") from None
            except SubstrateRequestException as exc:
                raise ClientError(f"{what} failed on {self.url}: {_message(exc)}") from None
            except (ValueError, KeyError) as exc:
                raise ClientError(f"{what} failed on {self.url}: {_one_line(exc)}") from None
            finally:
                self._until = outer

    def open_socket(self) -> Any:
        """Resolve, connect and open the websocket, all within what is left of the deadline."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        addresses: list[Any] = []
        failure: list[BaseException] = []

        def resolve() -> None:
            try:
                addresses.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
            except OSError as exc:
                failure.append(exc)

        worker = threading.Thread(target=resolve, name="resolve", daemon=True)
        worker.start()
        worker.join(max(self.remaining(), 0))
        if worker.is_alive():
            raise NodeUnavailable(self.url, f"{host} did not resolve within {self.deadline:g} s")
        if failure or not addresses:
            raise NodeUnavailable(self.url, f"{host} does not resolve")
        sock, last = None, None
        for family, kind, proto, _, address in addresses:
            left = self.remaining()
            if left <= 0:
                raise Expired("deadline passed")
            try:
                sock = socket.socket(family, kind, proto)
                sock.settimeout(left)
                sock.connect(address)
                break
            except OSError as exc:
                last = exc
                if sock is not None:
                    sock.close()
                sock = None
        if sock is None:
            raise NodeUnavailable(self.url, _one_line(last) if last else "cannot connect")
        sock.settimeout(None)
        try:
            options: dict[str, Any] = {"sock": sock, "open_timeout": max(self.remaining(), 0.01), "max_size": 2**32,
                                       "close_timeout": min(2.0, self.deadline), "ping_interval": None,
                                       "compression": None, **_LEGACY}
            return connect(self.url, **options)
        except BaseException:
            sock.close()
            raise

    # -- reads -----------------------------------------------------------------------------------
    def rpc(self, method: str, params: list | None = None) -> Any:
        """A raw JSON-RPC request; its `result`."""
        with self.bounded(method):
            return self.substrate.rpc_request(method, list(params or [])).get("result")

    def runtime_call(self, api: str, method: str, params: list | dict | None = None,
                     block_hash: str | None = None) -> Any:
        with self.bounded(f"{api}.{method}"):
            return _plain(self.substrate.runtime_call(api, method, params if params is not None else [], block_hash))

    def runtime_calls(self, calls: list[tuple[str, str, list | dict | None]], block_hash: str | None = None) -> list[Any]:
        """Several runtime calls at one block in one JSON-RPC batch (one by one on legacy runtimes)."""
        if not calls:
            return []
        with self.bounded(f"{calls[0][0]}.{calls[0][1]} ({len(calls)} calls)"):
            try:
                return [_plain(v) for v in self.substrate.runtime_calls(calls, block_hash)]
            except NotImplementedError:
                return [_plain(self.substrate.runtime_call(a, m, p if p is not None else [], block_hash))
                        for a, m, p in calls]

    def has_runtime_call(self, api: str, method: str, block_hash: str | None = None) -> bool:
        """Whether the runtime at that block (default: head) has this runtime API method."""
        with self.bounded("reading the runtime"):
            runtime = self.substrate.init_runtime(block_hash=block_hash)
        return method in (runtime.runtime_api_map or {}).get(api, {})

    def has_storage(self, module: str, storage: str, block_hash: str | None = None) -> bool:
        with self.bounded("reading the runtime"):
            runtime = self.substrate.init_runtime(block_hash=block_hash)
            pallet = runtime.metadata.get_metadata_pallet(module)
            return bool(pallet and pallet.get_storage_function(storage))

    def query(self, module: str, storage: str, params: list | tuple = (), block_hash: str | None = None) -> Any:
        with self.bounded(f"{module}.{storage}"):
            return _plain(self.substrate.query(module, storage, list(params), block_hash=block_hash))

    def query_multi(self, module: str, storage: str, params_list: list, block_hash: str | None = None,
                    chunk: int = 500) -> list[Any]:
        """One storage item for many keys (state_queryStorageAt, `chunk` keys a request), in order."""
        with self.bounded(f"{module}.{storage}"):
            keys = [self.substrate.create_storage_key(module, storage, list(p), block_hash) for p in params_list]
            found: dict[str, Any] = {}
            for i in range(0, len(keys), chunk):
                for key, value in self.substrate.query_multi(keys[i:i + chunk], block_hash):
                    found[key.to_hex()] = value
            return [_plain(found[k.to_hex()]) for k in keys]

    def query_map(self, module: str, storage: str, params: list | tuple = (), block_hash: str | None = None,
                  page_size: int = 1000) -> list[tuple[Any, Any]]:
        with self.bounded(f"{module}.{storage}"):
            result = self.substrate.query_map(module, storage, list(params), block_hash=block_hash,
                                              page_size=page_size)
            return [(_plain(k), _plain(v)) for k, v in result]

    def constant(self, module: str, name: str, block_hash: str | None = None) -> Any:
        with self.bounded(f"{module}.{name}"):
            value = self.substrate.get_constant(module, name, block_hash=block_hash)
        if value is None:
            raise ClientError(f"{self.url} has no constant {module}.{name}")
        return _plain(value)

    def head(self) -> tuple[int, str]:
        """(number, hash) of the best block."""
        with self.bounded("chain_getHead"):
            block_hash = self.substrate.rpc_request("chain_getHead", [])["result"]
            header = self.substrate.rpc_request("chain_getHeader", [block_hash])["result"]
        return int(header["number"], 16), block_hash

    # -- lifetime --------------------------------------------------------------------------------
    def _drop(self) -> None:
        ws = getattr(self.substrate, "ws", None) if self.substrate is not None else None
        if ws is not None:
            try:
                ws.close()
            except Exception:
                pass

    def close(self) -> None:
        """End the websocket; the connection cannot be used afterwards."""
        if self.substrate is not None:
            self._drop()
            try:
                self.substrate.close()
            except Exception:
                pass

    def __enter__(self) -> Substrate:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plain(value: Any) -> Any:
    """A decoded SCALE object as plain Python (the library returns ScaleObj wrappers)."""
    inner = getattr(value, "value", value)
    if isinstance(inner, dict):
        return {k: _plain(v) for k, v in inner.items()}
    if isinstance(inner, (list, tuple)):
        return type(inner)(_plain(v) for v in inner)
    return inner


def _message(exc: SubstrateRequestException) -> str:
    arg = exc.args[0] if exc.args else exc
    if isinstance(arg, dict):
        err = arg.get("error", arg)
        arg = err.get("message", err) if isinstance(err, dict) else err
        if isinstance(arg, dict) and arg.get("data"):
            arg = f"{arg.get('message')}: {arg['data']}"
    return _one_line(arg)


def _one_line(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 300 else text[:297] + "..."
