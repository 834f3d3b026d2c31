"""The façade's chain methods on a real node (node/substrate/chain_rpc.py, registry.rpc_methods):
what async-substrate-interface's SubstrateInterface reads when it connects, and each method's
answers against taonet's own (HTTP POST /) for the same blocks."""
from __future__ import annotations

import json

import httpx
import pytest
from websockets.sync.client import connect

from client.taonet import TaonetBackend
from node.builder import dev_key
from node.genesis import DEV_ACCOUNTS
from node.substrate import metadata, registry
from node.substrate.codec import codec

ALICE, BOB = DEV_ACCOUNTS["alice"], DEV_ACCOUNTS["bob"]


@pytest.fixture
def ws(manual_node):
    with connect(manual_node.url.replace("http://", "ws://"), max_size=None) as sock:
        def call(method: str, *params):
            sock.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}))
            answer = json.loads(sock.recv(timeout=20))
            if "error" in answer:
                return ("error", answer["error"]["code"])
            return answer["result"]
        yield call


def test_rpc_methods_lists_every_method_served(ws):
    answer = ws("rpc_methods")
    assert answer["version"] == 1 and answer["methods"] == sorted(registry.METHODS)
    assert {"rpc_methods", "chain_getHead", "chain_subscribeNewHeads", "account_nextIndex",
            "state_getRuntimeVersion", "state_getMetadata"} <= set(answer["methods"])


def test_system_methods(ws):
    assert ws("system_chain") == "taonet-dev"
    assert ws("system_name") == "taonet" and isinstance(ws("system_version"), str)
    assert ws("system_chainType") == "Development"
    assert ws("system_properties") == {"ss58Format": 42, "tokenDecimals": 9, "tokenSymbol": "TAO"}
    assert ws("system_health") == {"peers": 0, "isSyncing": False, "shouldHavePeers": False}


def test_runtime_version_and_metadata_are_spec_461s(ws, manual_node):
    version = ws("state_getRuntimeVersion")
    assert version == codec().runtime_version() and version["specVersion"] == 461
    assert version["transactionVersion"] == 1 and version["specName"] == "node-subtensor"
    assert ws("state_getRuntimeVersion", manual_node.chain.genesis_hash) == version
    assert ws("state_getRuntimeVersion", "0x" + "11" * 32) == ("error", 4003)
    assert ws("state_getMetadata") == metadata.state_get_metadata()
    assert ws("state_getMetadata", "0x" + "11" * 32) == ("error", 4003)


def test_block_hashes_headers_and_blocks_are_taonets(ws, manual_node):
    chain = manual_node.chain
    genesis = chain.genesis_hash
    first = manual_node.produce_block().header
    second = manual_node.produce_block().header
    assert ws("chain_getBlockHash", 0) == genesis == ws("chain_getBlockHash", "0x0")
    assert ws("chain_getBlockHash", 1) == first.hash and ws("chain_getBlockHash", "0x2") == second.hash
    assert ws("chain_getBlockHash") == ws("chain_getHead") == ws("chain_getFinalizedHead") == second.hash
    assert ws("chain_getBlockHash", 3) is None
    assert ws("chain_getBlockHash", [0, 2, 9]) == [genesis, second.hash, None]
    with TaonetBackend(manual_node.url) as taonet:  # taonet's JSON-RPC names the same blocks
        assert taonet.call("taonet_getHeader", 2)["hash"] == second.hash
        assert taonet.call("chain_getBlockHash", 0) == genesis

    header = ws("chain_getHeader", first.hash)
    assert header == {"parentHash": genesis, "number": "0x1", "stateRoot": first.state_root,
                      "extrinsicsRoot": first.extrinsics_root, "digest": {"logs": []}}
    assert ws("chain_getHeader")["number"] == "0x2"
    assert ws("chain_getHeader", genesis)["parentHash"] == "0x" + "00" * 32
    assert ws("chain_getHeader", "0x" + "22" * 32) is None
    assert ws("chain_getBlock", first.hash) == {"block": {"header": header, "extrinsics": []}, "justifications": None}
    assert ws("chain_getBlock", "0x" + "22" * 32) is None
    assert ws("chain_getHeader", "0x1") == ("error", -32602)
    for past_sqlite in ("0xffffffffffffffff", "0x8000000000000000", 2**63, [0, "0x8000000000000000"]):
        assert ws("chain_getBlockHash", past_sqlite) == ("error", -32602)  # was -32603 and a traceback
    assert ws("chain_getBlockHash", "0x7fffffffffffffff") is None


def test_account_next_index_counts_the_pool(ws, manual_node):
    assert ws("account_nextIndex", ALICE) == 0 == ws("system_accountNextIndex", ALICE)
    with TaonetBackend(manual_node.url) as taonet:
        taonet.call("author_submitExtrinsic",
                    taonet.sign(dev_key("alice"), "balances.transfer_keep_alive", {"dest": BOB, "value": 10**9}))
        assert ws("account_nextIndex", ALICE) == 1 == taonet.call("system_accountNextIndex", ALICE)
        manual_node.produce_block()
        assert ws("account_nextIndex", ALICE) == 1 and ws("system_accountNextIndex", BOB) == 0
    assert ws("account_nextIndex", "not-an-address") == ("error", -32602)
    assert ws("account_nextIndex", 5) == ("error", -32602)


def test_finalized_heads_subscription(manual_node):
    with connect(manual_node.url.replace("http://", "ws://")) as sock:
        sock.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_subscribeFinalizedHeads", "params": []}))
        sub = json.loads(sock.recv(timeout=10))["result"]
        assert json.loads(sock.recv(timeout=10))["params"]["result"]["number"] == "0x0"
        manual_node.produce_block()
        message = json.loads(sock.recv(timeout=10))
        assert message["method"] == "chain_finalizedHead" and message["params"]["subscription"] == sub
        assert message["params"]["result"]["number"] == "0x1"


def test_substrate_interface_connects_and_follows_heads(manual_node):
    """async-substrate-interface (what bittensor's SDK and btcli use) reads the runtime, the genesis
    hash, headers and blocks, and follows new heads through a subscription."""
    import threading

    from async_substrate_interface.sync_substrate import SubstrateInterface

    chain = manual_node.chain
    substrate = SubstrateInterface(manual_node.url.replace("http://", "ws://"), ss58_format=42)
    try:
        substrate.init_runtime()
        assert substrate.runtime.runtime_version == 461
        assert substrate.get_block_hash(0) == chain.genesis_hash
        assert substrate.get_chain_head() == substrate.get_chain_finalised_head() == chain.head.hash
        assert substrate.get_block_header()["header"]["number"] == chain.head.number
        assert substrate.get_block(chain.genesis_hash)["extrinsics"] == []
        assert substrate.rpc_request("account_nextIndex", [ALICE])["result"] == 0
        stop = threading.Event()
        producer = threading.Thread(target=lambda: [manual_node.produce_block() for _ in iter(lambda: stop.wait(0.1), True)])
        producer.start()
        seen: list[int] = []

        def on_head(block: dict):
            seen.append(block["header"]["number"])
            return seen if len(seen) >= 3 else None
        try:
            assert substrate.subscribe_block_headers(on_head) == seen
        finally:
            stop.set()
            producer.join()
        assert seen == list(range(seen[0], seen[0] + 3))
    finally:
        substrate.close()
    assert httpx.get(manual_node.url + "/health").text == "ok"
