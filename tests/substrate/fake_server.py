"""The fake subtensor's JSON-RPC over WebSocket (the `websockets` package, its own thread and loop).

Answers the methods real clients call (tests/vectors/substrate/README.md): system_*, rpc_methods,
state_getRuntimeVersion, state_getMetadata, state_call (Metadata_metadata_at_version and the
runtime APIs of `fake_apis`), chain_* (heads, headers, hashes, blocks, chain_subscribeNewHeads),
state_getStorage(At), state_queryStorageAt, state_getKeys(Paged), account_nextIndex,
author_submitExtrinsic and author_submitAndWatchExtrinsic (ready, inBlock, finalized) with
author_unwatchExtrinsic. Unknown methods answer -32601 like a node.
"""
from __future__ import annotations

import asyncio
import hashlib
import itertools
import json

from tests.substrate.fake_apis import RuntimeApis, UnknownMethod
from tests.substrate.fake_chain import Block, Chain
from tests.substrate.fake_extrinsic import Invalid

_ids = itertools.count(1)


class RpcError(Exception):
    def __init__(self, code: int, message: str, data=None) -> None:
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


def _hex(data: bytes) -> str:
    return "0x" + data.hex()


class Rpc:
    """One connection's method table (subscriptions push through `send`)."""

    def __init__(self, chain: Chain, send) -> None:
        self.chain, self.codec, self.send = chain, chain.codec, send
        self.head_subs: set[str] = set()
        self.log: list = chain.rpc_log  # (method, state_call name or None, error code or None), all connections

    # -- dispatch --------------------------------------------------------------------------------
    async def handle(self, request: dict) -> list[dict]:
        """The response, then any notifications that must follow it."""
        out = self._handle(request)
        params = request.get("params") or []
        name = params[0] if request.get("method") == "state_call" and params else None
        self.log.append((request.get("method"), name, out[0].get("error", {}).get("code")))
        return out

    def _handle(self, request: dict) -> list[dict]:
        method, params, rid = request.get("method"), request.get("params") or [], request.get("id")
        handler = getattr(self, method, None) if isinstance(method, str) and "_" in method else None
        if handler is None:
            return [{"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "Method not found"}}]
        try:
            with self.chain.lock:
                result = handler(*params)
        except RpcError as exc:
            error = {"code": exc.code, "message": exc.message}
            if exc.data is not None:
                error["data"] = exc.data
            return [{"jsonrpc": "2.0", "id": rid, "error": error}]
        except Invalid as exc:
            return [{"jsonrpc": "2.0", "id": rid, "error": {"code": exc.code, "message": exc.message,
                                                             "data": exc.reason}}]
        except (TypeError, ValueError, KeyError) as exc:
            return [{"jsonrpc": "2.0", "id": rid, "error": {"code": -32602, "message": f"Invalid params: {exc}"}}]
        except Exception as exc:  # noqa: BLE001 - a gap in the model answers an error, never a dropped socket
            return [{"jsonrpc": "2.0", "id": rid, "error": {"code": -32603,
                                                             "message": f"Internal error: {type(exc).__name__}: {exc}"}}]
        follow: list[dict] = []
        if isinstance(result, tuple):  # (result, notifications)
            result, follow = result
        return [{"jsonrpc": "2.0", "id": rid, "result": result}] + follow

    def _block(self, block_hash) -> Block:
        try:
            return self.chain.at(block_hash)
        except KeyError:
            raise RpcError(4003, f"Client error: UnknownBlock: Header was not found in the database: {block_hash}")

    # -- system ----------------------------------------------------------------------------------
    def rpc_methods(self):
        names = sorted(n for n in dir(self) if "_" in n and not n.startswith("_") and n.split("_")[0] in
                       ("system", "state", "chain", "author", "account", "rpc"))
        return {"methods": names, "version": 1}

    def system_chain(self):
        return "Bittensor"

    def system_name(self):
        return "Subtensor Node"

    def system_version(self):
        return "4.0.0-dev-fake-subtensor"

    def system_chainType(self):
        return "Development"

    def system_properties(self):
        return {"ss58Format": self.codec.network["ss58_format"], "tokenDecimals": 9, "tokenSymbol": "TAO"}

    def system_health(self):
        return {"peers": 0, "isSyncing": False, "shouldHavePeers": False}

    # -- runtime ---------------------------------------------------------------------------------
    def state_getRuntimeVersion(self, block_hash=None):
        self._block(block_hash)
        apis = [["0x" + hashlib.blake2b(a["name"].encode(), digest_size=8).hexdigest(), 1]
                for a in self.codec.metadata.value[1]["V15"]["apis"]]
        net = self.codec.network
        return {"specName": "node-subtensor", "implName": "node-subtensor", "authoringVersion": 1,
                "specVersion": net["spec_version"], "implVersion": 1, "apis": apis,
                "transactionVersion": net["transaction_version"], "systemVersion": 1, "stateVersion": 1}

    def state_getMetadata(self, block_hash=None):
        self._block(block_hash)
        return self.codec.metadata_v14_hex

    def state_call(self, name, data, block_hash=None):
        block = self._block(block_hash)
        raw = bytes.fromhex(data.removeprefix("0x"))
        if name == "Metadata_metadata_at_version":
            version = int.from_bytes(raw[:4], "little")
            return self.codec.metadata_hex if version == 15 else "0x00"
        if name == "Metadata_metadata_versions":
            return _hex(self.codec.encode("Vec<u32>", [14, 15]))
        try:
            return _hex(RuntimeApis(self.codec, block.state, block.number).call(name, raw))
        except UnknownMethod as exc:
            raise RpcError(4003, f"Client error: Execution failed: Other: {exc}") from None

    # -- chain -----------------------------------------------------------------------------------
    def chain_getHead(self):
        return self.chain.head.hash

    chain_getFinalizedHead = chain_getHead

    def chain_getBlockHash(self, number=None):
        if number is None:
            return self.chain.head.hash
        return self.chain.hash_of(int(number, 16) if isinstance(number, str) else number)

    def chain_getHeader(self, block_hash=None):
        return self._block(block_hash).header

    def chain_getBlock(self, block_hash=None):
        block = self._block(block_hash)
        return {"block": {"header": block.header, "extrinsics": block.extrinsics}, "justifications": None}

    def chain_subscribeNewHeads(self):
        sub = f"0x{next(_ids):016x}"
        self.head_subs.add(sub)
        return sub

    chain_subscribeFinalizedHeads = chain_subscribeNewHeads
    chain_subscribeAllHeads = chain_subscribeNewHeads

    def chain_unsubscribeNewHeads(self, sub):
        present = sub in self.head_subs
        self.head_subs.discard(sub)
        return present

    chain_unsubscribeFinalizedHeads = chain_unsubscribeNewHeads
    chain_unsubscribeAllHeads = chain_unsubscribeNewHeads

    def new_head(self, block: Block) -> list[dict]:
        return [{"jsonrpc": "2.0", "method": "chain_newHead", "params": {"subscription": s, "result": block.header}}
                for s in sorted(self.head_subs)]

    # -- storage ---------------------------------------------------------------------------------
    @staticmethod
    def _key(text: str) -> bytes:
        return bytes.fromhex(text.removeprefix("0x"))

    def state_getStorage(self, key, block_hash=None):
        value = self._block(block_hash).storage.get(self._key(key))
        return None if value is None else _hex(value)

    state_getStorageAt = state_getStorage

    def state_queryStorageAt(self, keys, block_hash=None):
        block = self._block(block_hash)
        changes = [[k, None if (v := block.storage.get(self._key(k))) is None else _hex(v)] for k in keys]
        return [{"block": block.hash, "changes": changes}]

    def state_getKeys(self, prefix, block_hash=None):
        p = self._key(prefix)
        return [_hex(k) for k in sorted(self._block(block_hash).storage) if k.startswith(p)]

    def state_getKeysPaged(self, prefix, count, start_key=None, block_hash=None):
        keys = self.state_getKeys(prefix, block_hash)
        if start_key:
            keys = [k for k in keys if k > start_key.lower()]
        return keys[: int(count)]

    # -- accounts and extrinsics -----------------------------------------------------------------
    def account_nextIndex(self, address):
        return self.chain.state.accounts.get(address, {}).get("nonce", 0)

    system_accountNextIndex = account_nextIndex

    def author_submitExtrinsic(self, data):
        ext, _ = self.chain.submit(self._key(data))
        return ext.hash

    def author_submitAndWatchExtrinsic(self, data):
        _, block = self.chain.submit(self._key(data))
        sub = f"0x{next(_ids):016x}"
        updates = ["ready", {"inBlock": block.hash}, {"finalized": block.hash}]
        return sub, [{"jsonrpc": "2.0", "method": "author_extrinsicUpdate",
                      "params": {"subscription": sub, "result": u}} for u in updates]

    def author_unwatchExtrinsic(self, _sub):
        return True


async def serve_connection(chain: Chain, ws, connections: set) -> None:
    loop = asyncio.get_running_loop()

    async def send(messages: list[dict]) -> None:
        for message in messages:
            await ws.send(json.dumps(message))

    rpc = Rpc(chain, send)
    rpc.loop = loop
    connections.add(rpc)
    try:
        async for text in ws:
            request = json.loads(text)
            if isinstance(request, list):
                out = [m for r in request for m in await rpc.handle(r)]
                await ws.send(json.dumps([m for m in out if "id" in m]))
                await send([m for m in out if "id" not in m])
            else:
                await send(await rpc.handle(request))
    except Exception:  # noqa: BLE001, S110 - a client that drops its socket ends only its connection
        pass
    finally:
        connections.discard(rpc)
