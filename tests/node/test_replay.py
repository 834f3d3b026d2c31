"""`verify`: a clean chain verifies; tampered state, blocks or extrinsics are caught; block hooks replay."""
from __future__ import annotations

import json

import pytest

from node import runtime, schema
from node.genesis import DEV_ACCOUNTS
from node.replay import verify


@pytest.fixture
def chain_dir(builder, tmp_path):
    for _ in range(3):
        builder.transfer("alice", "bob", 10**9).transfer("bob", "charlie", 5 * 10**8).block()
    builder.block(2)
    builder.close()
    return tmp_path / "chain"


def tamper(chain_dir, sql: str, *args) -> None:
    conn = schema.connect(chain_dir / "chain.db")
    conn.execute(sql, args)
    conn.close()


def test_clean_chain_verifies_with_progress(chain_dir):
    seen = []
    report = verify(chain_dir, progress=lambda n, total: seen.append((n, total)))
    assert report.ok and report.blocks == 6 and report.extrinsics == 6
    assert seen[-1] == (5, 5) and [n for n, _ in seen] == list(range(6))


def test_tampered_balance_is_caught(chain_dir):
    tamper(chain_dir, "UPDATE accounts SET free = free + 1 WHERE address = ?", DEV_ACCOUNTS["alice"])
    report = verify(chain_dir)
    assert not report.ok and any("state tables do not hash" in p for p in report.problems)


def test_tampered_extrinsic_is_caught(chain_dir):
    conn = schema.connect(chain_dir / "chain.db")
    ext_hash, data = conn.execute("SELECT hash, data FROM extrinsics WHERE block_number = 2").fetchone()
    ext = json.loads(data)
    ext["args"]["value"] += 1
    conn.execute("UPDATE extrinsics SET data = ? WHERE hash = ?", (json.dumps(ext), ext_hash))
    conn.close()
    report = verify(chain_dir)
    assert not report.ok and any("block 2" in p for p in report.problems)


def test_tampered_header_is_caught(chain_dir):
    tamper(chain_dir, "UPDATE blocks SET timestamp = timestamp + 1 WHERE number = 3")
    report = verify(chain_dir)
    assert not report.ok and any("block 3: header hashes" in p for p in report.problems)


def test_block_hooks_run_every_block_and_replay(builder, tmp_path):
    def count_blocks(ctx):
        ctx.state.put_value("blocks_seen", ctx.state.get_value("blocks_seen", 0) + 1)
        ctx.emit("system.Tick", number=ctx.block_number)

    runtime.ON_INITIALIZE.append(count_blocks)
    try:
        builder.block(4)
        assert builder.chain.reader.storage("blocks_seen") == 4
        assert builder.event_names() == ["system.Tick"]
        builder.close()
        assert verify(tmp_path / "chain").ok
    finally:
        runtime.ON_INITIALIZE.remove(count_blocks)
    assert not verify(tmp_path / "chain").ok  # without the hook the same blocks give another state
