"""async-substrate-interface's SubstrateInterface as client.subtensor.connection uses it.

`Interface` opens its websocket through its owner (`connection.Substrate.open_socket`, bounded by the
call's deadline), cuts every receive to what is left of that deadline (`DeadlineSocket`), keeps the
runtime metadata on disk per genesis hash and spec version (the library fetches it on every
connection), keeps the runtime it loaded last instead of reloading its type registry for every query at a
block it has seen, and raises a storage query the endpoint answered with an error (the library decoded
it as the item's default: an error would read as a zero balance).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from async_substrate_interface.errors import SubstrateRequestException
from async_substrate_interface.sync_substrate import SubstrateInterface
from async_substrate_interface.types import (
    _decode_option_opaque_metadata,
    _decode_v15_metadata,
)

MAGIC = b"meta"


def default_cache_dir() -> Path:
    env = os.environ.get("TAONET_METADATA_CACHE")
    return Path(env) if env else Path.home() / ".bittensor" / "taonet" / "metadata"


class Expired(TimeoutError):
    pass


class DeadlineSocket:
    """The websocket, with every receive cut to what is left of the current call's deadline."""

    def __init__(self, ws: Any, owner: Any) -> None:
        self._ws, self._owner = ws, owner

    def recv(self, timeout: float | None = None, decode: bool | None = None) -> Any:
        # the deadline of the call (or of a longer `bounded` block, such as waiting for inclusion)
        # replaces the library's per-receive retry timeout
        left = self._owner.remaining()
        if left <= 0:
            raise Expired("deadline passed")
        return self._ws.recv(timeout=left, decode=decode)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)


class Interface(SubstrateInterface):
    """SubstrateInterface with a bounded connect and a metadata cache on disk."""

    def __init__(self, owner: Any) -> None:
        self._owner = owner
        self.genesis_hash = ""
        self.ws: Any = None
        try:
            super().__init__(owner.url, max_retries=1, retry_timeout=owner.deadline)
        except BaseException:
            if self.ws is not None:
                self.ws.close()
            raise

    def connect(self, init: bool = False) -> Any:
        if not init and getattr(self, "ws", None) is not None and not self.ws.close_code:
            return self.ws
        self.ws = DeadlineSocket(self._owner.open_socket(), self._owner)
        return self.ws

    def initialize(self) -> None:
        if not self.initialized:
            self.genesis_hash = self.rpc_request("chain_getBlockHash", [0])["result"]
        super().initialize()

    def _process_response(self, response: dict, subscription_id: Any, value_scale_type: str | None = None,
                          storage_item: Any = None, result_handler: Any = None) -> tuple[Any, bool]:
        # the library decodes a storage query the node answered with an error as the item's
        # default (an error would read as a zero balance): an error stays an error
        if value_scale_type and isinstance(response, dict) and "error" in response:
            error = response["error"]
            raise SubstrateRequestException(error.get("message", error) if isinstance(error, dict) else error)
        return super()._process_response(response, subscription_id, value_scale_type, storage_item, result_handler)

    def init_runtime(self, block_hash: str | None = None, block_id: int | None = None) -> Any:
        # Asked again for a block hash it has seen, the library reloads the whole type registry from the
        # metadata (a fraction of a second each time: most of a dashboard refresh while the head stays put),
        # its guard against runtimes that share one config. The runtime loaded last, asked for again, needs none.
        if (block_hash and block_id is None and self.runtime is not None
                and self.runtime_cache.retrieve(block_hash=block_hash) is self.runtime):
            self.last_block_hash = block_hash
            return self.runtime
        return super().init_runtime(block_hash=block_hash, block_id=block_id)

    # -- metadata cache: raw metadata bytes per genesis hash and spec version -------------------
    def _cache_file(self, block_hash: str | None, kind: str) -> Path | None:
        if not self.genesis_hash or not block_hash or self._owner.cache_dir is None:
            return None
        spec = self.get_block_runtime_info(block_hash)["specVersion"]
        return self._owner.cache_dir / self.genesis_hash.lower().removeprefix("0x") / f"{spec}.{kind}.scale"

    def _load_registry_at_block(self, block_hash: str | None, runtime_config: Any = None) -> Any:
        path = self._cache_file(block_hash, "v15")
        cached = _read(path)
        if cached is not None:
            try:
                return _decode_v15_metadata(cached, runtime_config=runtime_config)
            except Exception:  # a damaged cache file: fetch it again
                path.unlink(missing_ok=True)  # type: ignore[union-attr]
        try:
            result = self.rpc_request("state_call", ["Metadata_metadata_at_version", self.metadata_version_hex],
                                      block_hash=block_hash)["result"]
        except SubstrateRequestException as exc:
            if "metadata_at_version" in str(exc) and "not found" in str(exc):
                return None
            raise
        raw = _decode_option_opaque_metadata(bytes.fromhex(result.removeprefix("0x")))
        if raw is None:
            return None
        metadata = _decode_v15_metadata(raw, runtime_config=runtime_config)
        _write(path, raw)
        return metadata

    def get_block_metadata(self, block_hash: str | None = None) -> Any:
        from scalecodec import ScaleBytes

        path = self._cache_file(block_hash, "v14")
        raw = _read(path)
        if raw is None:
            result = self.rpc_request("state_getMetadata", [block_hash] if block_hash else []).get("result")
            if not result:
                return None
            raw = bytes.fromhex(result.removeprefix("0x"))
            _write(path, raw)
        decoder = self.runtime_config.create_scale_object("MetadataVersioned", data=ScaleBytes(raw))
        decoder.decode()
        return decoder


def _read(path: Path | None) -> bytes | None:
    try:
        data = path.read_bytes() if path is not None else None
    except OSError:
        return None
    return data if data and data[:4] == MAGIC else None


def _write(path: Path | None, raw: bytes) -> None:
    if path is None or raw[:4] != MAGIC:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs the next connection a fetch
