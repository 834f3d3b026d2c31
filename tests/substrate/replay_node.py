"""A loopback WebSocket JSON-RPC node that answers from the finney recordings.

`tests/vectors/substrate/finney_recorded.json.gz` holds what finney answered the bittensor SDK
(group -> RPC method -> JSON params -> response; `{"__cycle__": [...]}` answered in turn). This
server answers a request from the recordings of the groups it is given, in order, keyed by the
method and the *decoded* params: hex strings compare without their `0x` and case, trailing nulls
(a default block hash) are dropped, and a request at a group's recorded head answers from a
recording made without a block hash (that recording was the head's state). The spec-343 metadata
answers `state_getMetadata` and `Metadata_metadata_at_version`; finney's genesis hash (block 0,
which the recordings never asked for) and its chain name are the two facts added. Anything else is
a JSON-RPC error naming the request, so a test sees what is missing.

    with ReplayNode("metagraph") as node:
        conn = Substrate(node.url)
        node.count("state_call", "Metadata_metadata_at_version")
"""
from __future__ import annotations

import json
import re
import threading
from functools import cache
from typing import Any

from tests.substrate import vectors

FINNEY_GENESIS = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03"
_HEX = re.compile(r"^(0x)?[0-9a-fA-F]*$")


def recordings() -> dict[str, dict[str, dict[str, Any]]]:
    return vectors.finney_recorded()


@cache
def metadata_hex(version: int) -> str:
    raw = vectors.finney_metadata_v14() if version == 14 else vectors.finney_metadata_v15()
    return "0x" + raw.hex()


def _norm(value: Any) -> Any:
    if isinstance(value, str) and _HEX.match(value) and (value.startswith("0x") or len(value) % 2 == 0):
        return value.lower().removeprefix("0x")
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def key(method: str, params: Any) -> str:
    """The lookup key of a request: its method and normalised params, trailing nulls dropped."""
    items = list(params) if isinstance(params, list) else ([] if params is None else [params])
    while items and items[-1] is None:
        items.pop()
    return json.dumps([method, _norm(items)], sort_keys=True)


class ReplayNode:
    """A WebSocket server on 127.0.0.1 (a free port, its own thread) replaying recorded groups."""

    def __init__(self, *groups: str) -> None:
        self.metadata = {14: metadata_hex(14), 15: metadata_hex(15)}
        self.genesis = FINNEY_GENESIS
        self.runtime_version: dict[str, Any] | None = None   # answers every state_getRuntimeVersion when set
        self.query_maps: list[dict[str, Any]] = []
        self.groups: list[str] = []
        self.requests: list[tuple[str, list]] = []   # every request received, in order
        self._table: dict[str, list[Any]] = {}
        self._turn: dict[str, int] = {}
        self._heads: set[str] = set()
        self._pages: dict[str, list[tuple[int, str, list[str]]]] = {}   # recorded key pages by prefix and block
        self.open_connections = 0                     # websockets open now
        self._lock = threading.Lock()
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.use(*groups)

    # -- what it answers -------------------------------------------------------------------------
    def use(self, *groups: str) -> ReplayNode:
        """Answer from these groups (the first that has a request wins) from now on."""
        data = recordings()
        unknown = [g for g in groups if g not in data]
        if unknown:
            raise KeyError(f"no recorded group {unknown}; groups: {sorted(data)}")
        table: dict[str, list[Any]] = {}
        pages: dict[str, list[tuple[int, str, list[str]]]] = {}
        heads: set[str] = set()
        for group in groups:
            for method, by_params in data[group].items():
                for text, response in by_params.items():
                    answers = response["__cycle__"] if isinstance(response, dict) and "__cycle__" in response else [response]
                    params = json.loads(text)
                    table.setdefault(key(method, params), answers)
                    if method == "state_getKeysPaged" and len(params) > 1:
                        pages.setdefault(key(method, params[:1] + params[3:]), []).append(
                            (params[1], _norm(params[2]), answers[0].get("result") or []))
                    if method == "chain_getHead":
                        heads.update(a.get("result", "").lower().removeprefix("0x") for a in answers)
        with self._lock:
            self.groups, self._table, self._heads, self._turn = list(groups), table, heads, {}
            self._pages = pages
        return self

    def add(self, method: str, params: list, result: Any) -> None:
        """Answer one more request (for a value the recordings lack; the test says where it came from)."""
        with self._lock:
            self._table[key(method, params)] = [{"result": result}]

    # -- values the recordings lack, given by a test (encoded with the runtime's own types) ---------
    def supply_storage(self, conn: Any, module, name, params, value, at: str) -> None:
        """Answer one storage query the recordings lack, with `value` encoded as the runtime's type."""
        sub = conn.substrate
        storage_key = sub.create_storage_key(module, name, list(params), block_hash=at).to_hex()
        kind = sub.get_metadata_storage_function(module, name, at).get_value_type_string()
        self.add("state_getStorageAt", [storage_key, at], "0x" + sub.encode_scale(kind, value).hex())

    def supply_call(self, conn: Any, api, method, params, value, at: str) -> None:
        """Answer one runtime call the recordings lack, encoded with the runtime's input and output types."""
        sub = conn.substrate
        runtime = sub.init_runtime(block_hash=at)
        spec = runtime.runtime_api_map[api][method]
        data = b"".join(sub.encode_scale(f"scale_info::{p['ty']}", v, runtime=runtime) for p, v in zip(spec["inputs"], params))
        out = sub.encode_scale(f"scale_info::{spec['output']}", value, runtime=runtime)
        self.add("state_call", [f"{api}_{method}", data.hex(), at], "0x" + out.hex())

    def supply_map(self, conn: Any, module, name, entries, at: str) -> None:
        """Answer one whole-map query (keys, then values) the recordings lack: entries {key: value}."""
        sub = conn.substrate
        item = sub.get_metadata_storage_function(module, name, at)
        kind = item.get_value_type_string()
        prefix = sub.create_storage_key(module, name, [], block_hash=at).to_hex()
        keys = {k: sub.create_storage_key(module, name, [k], block_hash=at).to_hex() for k in entries}
        self.add("state_getKeysPaged", [prefix, 1000, prefix, at], list(keys.values()))
        self.add("state_getKeysPaged", [prefix, 1000, list(keys.values())[-1], at], [])   # the next page: none
        self.add("state_queryStorageAt", [list(keys.values()), at],
                 [{"block": at, "changes": [[keys[k], "0x" + sub.encode_scale(kind, v).hex()] for k, v in entries.items()]}])

    def supply_metagraph_extras(self, conn: Any) -> None:
        """What `taonet_metagraph` of finney netuid 1 reads beyond the recorded "metagraph" group (the
        SDK never asked for them): TaoWeight 0.18 (the recorded stakes agree: total = α + 0.18·root),
        BlockEmission 1 TAO, SubnetLocked 0, FirstEmissionBlockNumber 4,920,351 and a spot price of
        0.00953194 TAO per α. Connect once to supply them, then run the command under test."""
        head = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0"
        self.supply_storage(conn, "SubtensorModule", "TaoWeight", [], 3_320_413_933_267_719_290, head)
        self.supply_storage(conn, "SubtensorModule", "BlockEmission", [], 1_000_000_000, head)
        self.supply_storage(conn, "SubtensorModule", "SubnetLocked", [1], 0, head)
        self.supply_storage(conn, "SubtensorModule", "FirstEmissionBlockNumber", [1], 4_920_351, head)
        self.supply_call(conn, "SwapRuntimeApi", "current_alpha_price", [1], 9_531_940, head)

    def count(self, method: str, first_param: str | None = None) -> int:
        with self._lock:
            return sum(1 for m, p in self.requests
                       if m == method and (first_param is None or (p and p[0] == first_param)))

    def answer(self, method: str, params: Any) -> dict[str, Any]:
        items = params if isinstance(params, list) else []
        with self._lock:
            self.requests.append((method, list(items)))
            found = self._lookup(method, items)
        if found is not None:
            return {k: v for k, v in found.items() if k in ("result", "error")}
        builtin = self._builtin(method, items)
        if builtin is not None:
            return {"result": builtin}
        return {"error": {"code": -32601, "message": f"replay node: nothing recorded for {method} "
                                                    f"{json.dumps(items)} in {self.groups}"}}

    def _lookup(self, method: str, items: list) -> dict[str, Any] | None:
        trimmed = list(items)
        while trimmed and trimmed[-1] is None:
            trimmed.pop()
        candidates = [trimmed]
        if trimmed and isinstance(trimmed[-1], str) and _norm(trimmed[-1]) in self._heads:
            candidates.append(trimmed[:-1])      # recorded without a block: the head's state
        for params in candidates:
            k = key(method, params)
            if k in self._table:
                answers = self._table[k]
                turn = self._turn.get(k, 0)
                self._turn[k] = turn + 1
                return answers[turn % len(answers)]
            if method == "state_getKeysPaged" and len(params) > 2 and isinstance(params[1], int):
                keys = self._keys_from_pages(key(method, params[:1] + params[3:]), _norm(params[2]), params[1])
                if keys is not None:
                    return {"result": keys}
        return None

    def _keys_from_pages(self, index: str, start: str, count: int) -> list[str] | None:
        """The first `count` keys after `start`, joined from recorded pages of any size (the pages
        are followed until one shorter than its size, which ends the map), or None if they do not say."""
        pages = self._pages.get(index, [])
        keys: list[str] = []
        while len(keys) < count:
            page = next((p for p in pages if p[1] == start), None)
            if page is None:
                return None
            keys += page[2]
            if len(page[2]) < page[0]:
                break
            start = _norm(page[2][-1])
        return keys[:count]

    def _builtin(self, method: str, items: list) -> Any:
        if method == "state_getMetadata":
            return self.metadata[14]
        if method == "state_call" and items and items[0] == "Metadata_metadata_at_version":
            version = _norm(items[1]) if len(items) > 1 else ""
            return self.metadata[15] if version == "0f000000" else "0x00"
        if method == "chain_getBlockHash" and items and items[0] in (0, "0x0", "0x00"):
            return self.genesis
        if method == "state_getRuntimeVersion" and self.runtime_version is not None:
            return self.runtime_version
        if method == "system_chain":
            return "Bittensor"
        for qm in self.query_maps:                          # a recorded map, whatever the page size
            if method == "state_getKeysPaged" and items and _norm(items[0]) == _norm(qm["prefix_hex"]):
                start = _norm(items[2]) if len(items) > 2 and items[2] else _norm(qm["prefix_hex"])
                keys = [k for k in qm["raw_keys"] if _norm(k) > start]
                return keys[: int(items[1])]
            if method == "state_queryStorageAt" and items and items[0] and _norm(items[0][0]) in \
                    {_norm(k) for k in qm["raw_keys"]}:
                wanted = {_norm(k) for k in items[0]}
                return [{"block": qm["block_hash"], "changes": [c for c in qm["raw_changes"] if _norm(c[0]) in wanted]}]
        return None

    @classmethod
    def golden(cls) -> ReplayNode:
        """A node answering from the spec-461 golden recording (a subtensor localnet at block #67):
        its metadata, head block, storage values, query maps and runtime calls."""
        g = vectors.golden()
        node = cls()
        node.metadata = {14: g["metadata"]["v14_hex"], 15: "0x" + vectors.golden_metadata_v15().hex()}
        node.genesis = g["network"]["genesis_hash"]
        node.runtime_version = {"specName": "node-subtensor", "specVersion": g["network"]["spec_version"],
                                "transactionVersion": g["network"]["transaction_version"]}
        head, header = g["block"]["block_hash"], g["block"]["raw"]["block"]["header"]
        node.add("chain_getHead", [], head)
        node.add("chain_getHeader", [head], header)
        node.add("chain_getHeader", [], header)
        node._heads = {_norm(head)}
        for v in g["storage_values"]:
            node.add("state_getStorageAt", [v["key_hex"], v["block_hash"]], v["raw_hex"])
        for c in g["runtime_calls"]:
            node.add("state_call", [f"{c['api']}_{c['method']}", c["encoded_params_hex"], c["block_hash"]], c["raw_hex"])
        node.query_maps = list(g["query_maps"])
        node.groups = ["spec461 golden"]
        return node

    # -- the server ------------------------------------------------------------------------------
    def _handle(self, ws: Any) -> None:
        from websockets.exceptions import ConnectionClosed

        with self._lock:
            self.open_connections += 1
        try:
            for message in ws:
                try:
                    request = json.loads(message)
                except ValueError:
                    ws.send(json.dumps({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error"}}))
                    continue
                batch = request if isinstance(request, list) else [request]
                replies = [{"jsonrpc": "2.0", "id": r.get("id"), **self.answer(r.get("method", ""), r.get("params"))}
                           for r in batch if isinstance(r, dict)]
                ws.send(json.dumps(replies if isinstance(request, list) else replies[0]))
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self.open_connections -= 1

    def start(self) -> ReplayNode:
        from websockets.sync.server import serve

        self._server = serve(self._handle, "127.0.0.1", 0, max_size=None, compression=None)
        self._thread = threading.Thread(target=self._server.serve_forever, name="replay-node", daemon=True)
        self._thread.start()
        return self

    @property
    def port(self) -> int:
        return self._server.socket.getsockname()[1]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            if self._thread is not None:
                self._thread.join(5)
            self._server = None

    def __enter__(self) -> ReplayNode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
