"""Blocks with SCALE extrinsics: `node verify` replays them (same blocks in, same state out), a
tampered stored extrinsic fails verify, and a kill -9 of the producing process keeps every block
it reported committed."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from node.builder import ChainBuilder, address_of
from node.replay import verify
from node.substrate import ingest
from tests.economics.conftest import Econ, economy_spec
from tests.node.substrate.test_ingest import TAO, runtime, scale  # noqa: F401  (the runtime fixture)


def _mixed_chain(path, runtime):
    """JSON and SCALE extrinsics in the same blocks: transfers, a subnet, a safe stake, a failure."""
    b = ChainBuilder(path, economy_spec())
    chain = b.chain
    netuid = Econ(b).new_subnet()
    bob = address_of("bob")
    hashes = []
    for era in (None, 8):
        hashes.append(ingest.submit(chain, scale(runtime, chain, "alice", "balances.transfer_keep_alive",
                                                 {"dest": bob, "value": TAO}, era=era)).hash)
        b.transfer("charlie", "dave", TAO).block()
    stake = {"hotkey": address_of("owner1"), "netuid": netuid, "amount_staked": 2 * TAO, "limit_price": 10 * TAO,
             "allow_partial": False}
    hashes.append(ingest.submit(chain, scale(runtime, chain, "bob", "subtensor.add_stake_limit", stake)).hash)
    hashes.append(ingest.submit(chain, scale(runtime, chain, "bob", "subtensor.add_stake_limit",
                                             {**stake, "limit_price": 1}, era=16)).hash)
    b.block(2)
    b.close()
    return hashes


def test_verify_replays_scale_extrinsics(tmp_path, runtime):
    hashes = _mixed_chain(tmp_path / "chain", runtime)
    report = verify(tmp_path / "chain")
    assert report.ok, report.problems
    conn = sqlite3.connect(tmp_path / "chain" / "chain.db")
    stored = {h for (h,) in conn.execute("SELECT hash FROM extrinsics WHERE data LIKE '%\"scale\"%'")}
    conn.close()
    assert stored == set(hashes) and report.extrinsics >= len(hashes) + 4


def _tamper(path, edit):
    conn = sqlite3.connect(path / "chain.db")
    ext_hash, data = conn.execute("SELECT hash, data FROM extrinsics WHERE data LIKE '%\"scale\"%' ORDER BY block_number "
                                  "LIMIT 1").fetchone()
    conn.execute("UPDATE extrinsics SET data = ? WHERE hash = ?", (json.dumps(edit(json.loads(data))), ext_hash))
    conn.commit()
    conn.close()


def test_a_tampered_scale_extrinsic_fails_verify(tmp_path, runtime):
    _mixed_chain(tmp_path / "chain", runtime)
    _tamper(tmp_path / "chain", lambda d: {**d, "scale": d["scale"][:-2] + "%02x" % (int(d["scale"][-2:], 16) ^ 1)})
    report = verify(tmp_path / "chain")
    assert not report.ok and "re-hashes" in report.problems[0]


def test_tampered_neutral_fields_of_a_scale_extrinsic_fail_verify(tmp_path, runtime):
    """The readable fields stored next to the bytes must be what the bytes say."""
    _mixed_chain(tmp_path / "chain", runtime)
    _tamper(tmp_path / "chain", lambda d: {**d, "args": {**d["args"], "value": d["args"]["value"] * 2}})
    report = verify(tmp_path / "chain")
    assert not report.ok and "differ from its SCALE bytes" in report.problems[0]


CHILD = textwrap.dedent("""
    import sys
    from client.subtensor import calls, signing
    from node.builder import dev_key
    from node.chain import Chain
    from node.genesis import dev_spec
    from node.substrate import ingest, metadata

    runtime = calls.load_runtime(metadata.metadata_v15(), 461, 1)
    chain = Chain(sys.argv[1], dev_spec())
    alice, bob = dev_key("alice"), dev_key("bob")
    while True:
        call = calls.compose_call(runtime, "balances.transfer_keep_alive", {"dest": bob.ss58_address, "value": 10**9})
        nonce = chain.next_nonce(alice.ss58_address)
        raw = signing.sign_call(runtime, call, alice, nonce, 0, "00", chain.genesis_hash, chain.genesis_hash)
        ext = ingest.submit(chain, raw)
        outcome = chain.produce_block()
        assert [e.hash for e in outcome.included] == [ext.hash]
        print(ext.hash, flush=True)
""")


def test_kill_9_keeps_every_included_scale_extrinsic(tmp_path):
    data_dir = tmp_path / "chain"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    reported = []
    try:
        deadline = time.monotonic() + 60
        while len(reported) < 8 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            reported.append(line.strip())
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert len(reported) == 8, proc.stderr.read()
    b = ChainBuilder(data_dir)  # restarts on the data dir the killed process left
    try:
        for ext_hash in reported:
            assert b.chain.reader.extrinsic_location(ext_hash) is not None
        assert b.free("bob") >= b.chain.spec.balances[address_of("bob")] + len(reported) * TAO
    finally:
        b.close()
    assert verify(data_dir).ok
