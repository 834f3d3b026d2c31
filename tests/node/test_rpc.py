"""JSON-RPC over a real HTTP server: every method, hostile input, batches, the new-heads feed."""
from __future__ import annotations

import json
import threading

import httpx
import pytest

from client.errors import RpcError
from client.taonet import TaonetBackend
from node.builder import dev_key
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE
from node.rpc import MAX_BODY
from node.rpc_registry import METHODS
from tests.node.fixtures import wait_for

ALICE, BOB = DEV_ACCOUNTS["alice"], DEV_ACCOUNTS["bob"]


def post(url: str, body: bytes | str) -> httpx.Response:
    return httpx.post(url + "/", content=body, headers={"Content-Type": "application/json"}, timeout=10)


def test_substrate_named_methods(manual_node):
    with TaonetBackend(manual_node.url) as rpc:
        assert rpc.call("system_health") == {"peers": 0, "isSyncing": False, "shouldHavePeers": False}
        assert rpc.call("system_chain") == "taonet-dev"
        assert rpc.call("system_properties")["tokenDecimals"] == 9
        genesis = rpc.call("chain_getBlockHash", 0)
        assert genesis == manual_node.chain.genesis_hash
        manual_node.produce_block()
        head = rpc.call("chain_getHeader")
        assert head["number"] == 1 and head["parent_hash"] == genesis
        assert rpc.call("chain_getHeader", genesis)["number"] == 0
        assert rpc.call("chain_getBlock", head["hash"])["block"]["header"] == head
        assert rpc.call("chain_getBlockHash") == head["hash"] == rpc.call("chain_getFinalizedHead")
        assert rpc.call("chain_getBlockHash", 99) is None
        assert rpc.call("chain_getHeader", "0x" + "00" * 32) is None
        assert rpc.call("chain_subscribeNewHeads")["path"] == "/new-heads"
        assert rpc.call("system_accountNextIndex", ALICE) == 0


def test_taonet_methods_and_submit_and_wait(manual_node):
    with TaonetBackend(manual_node.url) as rpc:
        chain = rpc
        info = rpc.call("taonet_chainInfo")
        assert info["genesis_hash"] == chain.genesis_hash and info["total_issuance"] == 6 * DEV_BALANCE
        assert rpc.call("taonet_accountInfo", ALICE) == {"address": ALICE, "free": DEV_BALANCE, "nonce": 0}
        ext = chain.sign(dev_key("alice"), "balances.transfer_keep_alive", {"dest": BOB, "value": 10**9})
        fee = rpc.call("taonet_estimateFee", ext)["fee"]
        unsigned = {k: v for k, v in ext.items() if k != "signature"}
        assert rpc.call("taonet_estimateFee", unsigned)["fee"] == fee
        ext_hash = rpc.call("author_submitExtrinsic", ext)
        assert rpc.call("taonet_extrinsicStatus", ext_hash) == {"status": "pool"}
        assert rpc.call("author_pendingExtrinsics") == [ext]
        assert rpc.call("system_accountNextIndex", ALICE) == 1
        manual_node.produce_block()
        status = rpc.call("taonet_extrinsicStatus", ext_hash)
        assert status["status"] == "included" and status["block_number"] == 1 and status["success"]
        block = rpc.call("taonet_getBlock", 1)
        assert block["extrinsics"][0]["hash"] == ext_hash
        assert "balances.Transfer" in [e["name"] for e in block["events"]]
        assert rpc.call("taonet_events", 1) == block["events"]
        assert rpc.call("taonet_getHeader", block["header"]["hash"]) == block["header"]
        assert rpc.call("taonet_accountInfos", [ALICE, BOB])[1]["free"] == DEV_BALANCE + 10**9
        assert rpc.call("taonet_totalIssuance") == 6 * DEV_BALANCE - fee

        # submit-and-wait returns once a block includes it
        ext2 = chain.sign(dev_key("alice"), "balances.transfer_keep_alive", {"dest": BOB, "value": 10**9})
        box = {}
        waiter = threading.Thread(target=lambda: box.update(chain.submit_and_wait(ext2, timeout=20)))
        waiter.start()
        wait_for(lambda: len(manual_node.chain.pool) == 1, what="the extrinsic in the pool")
        manual_node.produce_block()
        waiter.join(20)
        assert box["status"] == "included" and box["block_number"] == 2 and box["success"]


def test_every_method_is_listed_here():
    documented = {"system_health", "system_chain", "system_name", "system_version", "system_properties",
                  "system_accountNextIndex", "chain_getBlockHash", "chain_getHeader", "chain_getBlock",
                  "chain_getFinalizedHead", "chain_subscribeNewHeads", "author_submitExtrinsic",
                  "author_pendingExtrinsics", "taonet_chainInfo", "taonet_getHeader", "taonet_getBlock",
                  "taonet_events", "taonet_accountInfo", "taonet_accountInfos", "taonet_totalIssuance",
                  "taonet_estimateFee", "taonet_extrinsicStatus", "taonet_submitAndWait",
                  # the economy, stake and the metagraph (node/rpc_economy.py, rpc_stake.py, rpc_metagraph.py)
                  "taonet_subnets", "taonet_subnetInfo", "taonet_hyperparameters", "taonet_stakeQuote",
                  "taonet_swapQuote", "taonet_stakeInfo", "taonet_neurons", "taonet_metagraph", "taonet_weightCommits", "taonet_lockCost", "taonet_burnCost",
                  "taonet_pendingEmission", "taonet_hotkeyOwner", "taonet_economics", "taonet_nominators",
                  # takes and root claims (node/rpc_stake.py)
                  "taonet_delegateTake", "taonet_rootClaims", "taonet_autoStake",
                  # chart history (node/rpc_metagraph.py)
                  "taonet_history",
                  # the runtime's constants for clients, an address's transfers (node/rpc_chain.py)
                  "taonet_constants", "taonet_transfers",
                  # identities, symbols, the start schedule (node/rpc_identity.py)
                  "taonet_identity", "taonet_subnetIdentity", "taonet_tokenSymbols", "taonet_startSchedule",
                  # childkeys (node/rpc_childkeys.py)
                  "taonet_children", "taonet_parents",
                  # key swaps (node/rpc_swaps.py)
                  "taonet_keySwapStatus",
                  # proxies (node/rpc_proxy.py)
                  "taonet_proxies",
                  # sub-mechanisms (node/rpc_mechanisms.py)
                  "taonet_mechanisms"}
    assert set(METHODS) == documented


@pytest.mark.parametrize("body, code, fragment", [
    (b"{not json", -32700, "parse error"),
    (b"", -32700, "parse error"),
    (b"[" * 100_000, -32700, "parse error"),
    (b"[]", -32600, "empty batch"),
    (b"42", -32600, "must be a JSON object"),
    (b'{"jsonrpc":"1.0","id":1,"method":"system_health"}', -32600, 'jsonrpc must be "2.0"'),
    (b'{"jsonrpc":"2.0","id":1,"method":7}', -32600, "method must be a string"),
    (b'{"jsonrpc":"2.0","id":{},"method":"system_health"}', -32600, "id must be"),
    (b'{"jsonrpc":"2.0","id":1,"method":"system_health","params":3}', -32600, "params must be"),
    (b'{"jsonrpc":"2.0","id":1,"method":"eth_call"}', -32601, "not found"),
    (b'{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[-1]}', -32602, "non-negative integer"),
    (b'{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[1,2,3]}', -32602, "too many"),
    (b'{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":["0xzz"]}', -32602, "64 hex digits"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_accountInfo","params":["nope"]}', -32602, "valid ss58"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_accountInfo","params":{"who":1}}', -32602, "missing a required argument"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_nominators","params":["nope", 1]}', -32602, "valid ss58"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_nominators","params":["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 7]}',
     -32602, "subnet 7 does not exist"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_nominators","params":["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 0, 0]}',
     -32602, "limit must be in 1..10000"),
    (b'{"jsonrpc":"2.0","id":1,"method":"author_submitExtrinsic","params":[{}]}', 1010, "missing"),
    (b'{"jsonrpc":"2.0","id":1,"method":"author_submitExtrinsic","params":["0x00"]}', 1010, "JSON object"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_submitAndWait","params":[{}, 1e9]}', -32602, "timeout"),
    # a flag is JSON true or false: the text "false" was read as true (events returned)
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_getBlock","params":[0, "false"]}', -32602, "events must be true or false"),
    (b'{"jsonrpc":"2.0","id":1,"method":"taonet_metagraph","params":[0, 1]}', -32602, "with_weights must be true or false"),
])
def test_hostile_input_gets_jsonrpc_errors(manual_node, body, code, fragment):
    response = post(manual_node.url, body)
    assert response.status_code == 200
    error = response.json()["error"]
    assert error["code"] == code and fragment in error["message"], error


def test_huge_body_is_refused_and_node_keeps_serving(manual_node):
    response = post(manual_node.url, b"[" + b"1," * (MAX_BODY // 2) + b"1]")
    assert response.status_code == 413 and response.json()["error"]["code"] == -32600
    chunked = httpx.post(manual_node.url + "/", content=iter([b"x" * 1_000_000] * 5), timeout=10)
    assert chunked.status_code == 413
    with TaonetBackend(manual_node.url) as rpc:
        assert rpc.call("system_chain") == "taonet-dev"


def test_batches_and_notifications(manual_node):
    batch = [{"jsonrpc": "2.0", "id": 1, "method": "system_chain"}, {"jsonrpc": "2.0", "method": "system_chain"},
             {"jsonrpc": "2.0", "id": "b", "method": "nope"}, 5]
    replies = post(manual_node.url, json.dumps(batch)).json()
    assert replies[0] == {"jsonrpc": "2.0", "result": "taonet-dev", "id": 1}
    assert replies[1]["id"] == "b" and replies[1]["error"]["code"] == -32601
    assert replies[2]["error"]["code"] == -32600 and len(replies) == 3
    only_notes = post(manual_node.url, json.dumps([{"jsonrpc": "2.0", "method": "system_chain"}]))
    assert only_notes.status_code == 204
    with TaonetBackend(manual_node.url) as rpc:
        results = rpc.batch([("system_chain", []), ("nope", []), ("taonet_accountInfo", [BOB])])
        assert results[0] == "taonet-dev" and isinstance(results[1], RpcError) and results[2]["free"] == DEV_BALANCE


def test_get_on_rpc_path_and_health(manual_node):
    assert httpx.get(manual_node.url + "/", timeout=5).json()["error"]["code"] == -32600
    assert httpx.get(manual_node.url + "/health", timeout=5).text == "ok"


def test_refused_extrinsic_reason_over_rpc(manual_node):
    with TaonetBackend(manual_node.url) as rpc:
        chain = rpc
        ext = chain.sign(dev_key("alice"), "balances.transfer_keep_alive", {"dest": BOB, "value": 1}, nonce=0)
        ext["signature"] = "0x" + "00" * 64
        with pytest.raises(RpcError, match="bad signature") as info:
            chain.submit(ext)
        assert info.value.code == 1010


def test_new_heads_feed_streams_each_block(live_node):
    with TaonetBackend(live_node.url) as rpc:
        heads = []
        for head in rpc.new_heads(timeout=10):
            heads.append(head)
            if len(heads) == 4:
                break
    numbers = [h["number"] for h in heads]
    assert numbers == list(range(numbers[0], numbers[0] + 4))
    assert all(h["parent_hash"] == p["hash"] for p, h in zip(heads, heads[1:]))
