"""A real node process under load: double spends from two clients, kill -9 and restart, clean stop."""
from __future__ import annotations

import threading

import pytest

from client.errors import ClientError, NodeUnavailable, RpcError
from client.taonet import TaonetBackend
from node import schema
from node.builder import dev_key
from node.extrinsic import sign
from node.genesis import DEV_ACCOUNTS
from node.replay import verify
from node.state import recompute_root, root_hex
from tests.node.fixtures import wait_for

TAO = 10**9


def test_double_spend_from_two_clients_at_once(live_node):
    """Two clients race to spend the same 9 of zed's 10 TAO: exactly one transfer happens."""
    zed = dev_key("zed")
    with TaonetBackend(live_node.url) as rpc:
        chain = rpc
        chain.submit_and_wait(chain.sign(dev_key("alice"), "balances.transfer_keep_alive", {"dest": zed.ss58_address, "value": 10 * TAO}))
        start = threading.Barrier(2)
        outcomes: dict[str, object] = {}

        def spend(dest: str) -> None:
            ext = sign(zed, "balances.transfer_keep_alive", {"dest": dest, "value": 9 * TAO}, 0, chain.genesis_hash)
            with TaonetBackend(live_node.url) as own:
                start.wait()
                try:
                    outcomes[dest] = own.submit_and_wait(ext, timeout=20)
                except (RpcError, ClientError) as exc:
                    outcomes[dest] = exc

        threads = [threading.Thread(target=spend, args=(DEV_ACCOUNTS[n],)) for n in ("bob", "charlie")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        succeeded = [d for d, o in outcomes.items() if isinstance(o, dict) and o.get("success")]
        assert len(succeeded) == 1, outcomes
        loser = next(o for d, o in outcomes.items() if d not in succeeded)
        assert isinstance(loser, RpcError) and ("already in the pool" in str(loser) or "stale nonce" in str(loser) or "already included" in str(loser))
        assert chain.account(zed.ss58_address).free.rao < TAO


def _load(url: str, signer: str, included: dict, stop: threading.Event, errors: list) -> None:
    """Submit batches of transfers from `signer` and record every extrinsic reported included."""
    pair = dev_key(signer)
    dest = DEV_ACCOUNTS["ferdie"]
    try:
        with TaonetBackend(url, timeout=5) as rpc:
            chain = rpc
            nonce = chain.next_nonce(pair.ss58_address)
            pending: list[str] = []
            while not stop.is_set():
                batch = [sign(pair, "balances.transfer_keep_alive", {"dest": dest, "value": 1000 + i}, nonce + i, chain.genesis_hash)
                         for i in range(40)]
                results = rpc.batch([("author_submitExtrinsic", [e]) for e in batch])
                accepted = [r for r in results if isinstance(r, str)]
                nonce += len(accepted)
                pending.extend(accepted)
                statuses = rpc.batch([("taonet_extrinsicStatus", [h]) for h in pending])
                still = []
                for h, s in zip(pending, statuses):
                    if isinstance(s, dict) and s.get("status") == "included":
                        included[h] = (s["block_number"], s["block_hash"])
                    else:
                        still.append(h)
                pending = still
    except NodeUnavailable:
        return  # the node was killed: expected
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(exc)


def _invariants(db_path) -> None:
    conn = schema.connect(db_path, readonly=True)
    try:
        total = conn.execute("SELECT COALESCE(SUM(free), 0) FROM accounts").fetchone()[0]
        issuance = int(conn.execute("SELECT value FROM storage WHERE key = 'total_issuance'").fetchone()[0])
        assert total == issuance
        head = conn.execute("SELECT number, state_root FROM blocks ORDER BY number DESC LIMIT 1").fetchone()
        assert root_hex(recompute_root(conn)) == head[1]
        numbers = [r[0] for r in conn.execute("SELECT number FROM blocks ORDER BY number")]
        assert numbers == list(range(len(numbers)))  # no gap, no half block
        mismatched = conn.execute("SELECT COUNT(*) FROM blocks b WHERE extrinsic_count != "
                                  "(SELECT COUNT(*) FROM extrinsics e WHERE e.block_number = b.number)").fetchone()[0]
        assert mismatched == 0
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_9_under_load_loses_nothing_reported_included(node_process, tmp_path):
    data = tmp_path / "crash"
    included: dict[str, tuple[int, str]] = {}
    for round_ in range(1, 3):  # two crashes, the second on a restarted chain
        node = node_process(data, block_time=0.05)
        stop, errors = threading.Event(), []
        threads = [threading.Thread(target=_load, args=(node.url, s, included, stop, errors)) for s in ("alice", "bob", "charlie")]
        for t in threads:
            t.start()
        wait_for(lambda: len(included) >= 500 * round_ or errors, timeout=60, what="included extrinsics")
        node.kill9()  # mid-load: the producer may be in the middle of a block
        stop.set()
        for t in threads:
            t.join(30)
        assert not errors, errors
        _invariants(data / "chain.db")
    restarted = node_process(data, block_time=0.05)
    with TaonetBackend(restarted.url) as rpc:
        statuses = rpc.batch([("taonet_extrinsicStatus", [h]) for h in included])
        for (h, (number, block_hash)), status in zip(included.items(), statuses):
            assert status["status"] == "included", h
            assert (status["block_number"], status["block_hash"]) == (number, block_hash)
        head = rpc.call("chain_getHeader")["number"]
        wait_for(lambda: rpc.call("chain_getHeader")["number"] > head, what="blocks after the restart")
    assert restarted.stop() == 0
    _invariants(data / "chain.db")
    report = verify(data)
    assert report.ok, report.problems
    assert report.extrinsics >= len(included)


def test_sigterm_stops_cleanly_and_the_chain_verifies(node_process, tmp_path):
    data = tmp_path / "clean"
    node = node_process(data, block_time=0.05)
    with TaonetBackend(node.url) as rpc:
        chain = rpc
        outcome = chain.transfer(dev_key("alice"), DEV_ACCOUNTS["bob"], __import__("client").Balance.from_tao("1.5"))
        assert outcome["success"]
    assert node.stop() == 0
    assert not (data / "node.pid").exists() and not (data / "node.json").exists()
    assert "stopped at block" in (tmp_path / f"clean-{node.port}.log").read_text()
    report = verify(data)
    assert report.ok and report.extrinsics == 1
