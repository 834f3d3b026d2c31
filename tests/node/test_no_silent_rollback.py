"""No silent rollback, no silent new genesis: a clean stop leaves every block in chain.db; a lost or
damaged WAL, an emptied or damaged chain.db is refused at start with what to do; `verify --repair`
accepts the chain that is there, naming the lost blocks; a full disk is said as such."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from node.builder import ChainBuilder
from node.chain import Chain
from node.durability import ChainDamaged, accept_head, read_mark
from node.errors import NodeError
from node.genesis import dev_spec
from node.replay import verify
from tests.node.fixtures import wait_for


def _blocks_in_wal(tmp_path, name: str = "live", blocks: int = 6) -> tuple[ChainBuilder, list]:
    """A chain whose newest blocks are only in chain.db-wal (no automatic checkpoint)."""
    b = ChainBuilder(tmp_path / name)
    b.block()
    b.chain.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    b.chain.conn.execute("PRAGMA wal_autocheckpoint=0")
    for i in range(blocks):
        b.transfer("alice", "bob", 10**9 + i).block()
    return b, [b.chain.head.number, b.chain.head.hash]


def _crash_image(src, dst, files=("chain.db", "chain.db-wal", "head.json")) -> None:
    """The files a kill -9 leaves behind, copied from a chain still open."""
    dst.mkdir()
    for name in files:
        shutil.copy(src / name, dst / name)


def test_a_clean_stop_leaves_every_block_in_chain_db(node_process, tmp_path):
    data = tmp_path / "clean"
    node = node_process(data, block_time=0.05)
    with node.rpc() as rpc:  # readers in the server's threads keep connections open
        wait_for(lambda: rpc.call("chain_getHeader")["number"] >= 10, what="ten blocks")
    assert node.stop() == 0
    mark = read_mark(data)
    assert mark is not None and mark.clean
    wal = data / "chain.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    wal.unlink(missing_ok=True)
    (data / "chain.db-shm").unlink(missing_ok=True)
    chain = Chain(data, dev_spec())
    assert (chain.head.number, chain.head.hash) == (mark.number, mark.hash)
    chain.close()


def test_a_lost_wal_after_a_crash_is_refused_then_repaired(tmp_path):
    b, (number, block_hash) = _blocks_in_wal(tmp_path)
    crashed = tmp_path / "crashed"
    _crash_image(b.chain.data_dir, crashed, ("chain.db", "head.json"))  # chain.db-wal lost
    b.close()
    with pytest.raises(ChainDamaged, match=f"the chain went backwards: .*records block #{number} .* but chain.db ends "
                                           "at #1 \\(chain.db-wal was lost or damaged\\).*verify --repair"):
        Chain(crashed, dev_spec())
    result = accept_head(crashed)
    assert result["repaired"] and result["head"] == 1 and result["lost"].startswith(f"blocks #2..#{number} are lost")
    chain = Chain(crashed, dev_spec())  # accepted: starts at the older head, on purpose
    assert chain.head.number == 1
    chain.close()


def test_a_damaged_wal_is_refused(tmp_path):
    b, (number, _) = _blocks_in_wal(tmp_path)
    damaged = tmp_path / "damaged"
    _crash_image(b.chain.data_dir, damaged)
    b.close()
    wal = damaged / "chain.db-wal"
    data = bytearray(wal.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(64)  # a frame in the middle no longer checksums: the rest is dropped
    wal.write_bytes(bytes(data))
    with pytest.raises(ChainDamaged, match=f"went backwards: .*#{number}"):
        Chain(damaged, dev_spec())


def test_an_emptied_chain_db_is_not_a_new_genesis(tmp_path):
    b = ChainBuilder(tmp_path / "c")
    b.transfer("alice", "bob", 10**9).block(3)
    b.close()
    (tmp_path / "c" / "chain.db").write_bytes(b"")
    with pytest.raises(ChainDamaged, match="holds no block but .*records block #3.*purge"):
        Chain(tmp_path / "c", dev_spec())
    conn = sqlite3.connect(tmp_path / "c" / "chain.db")
    assert conn.execute("SELECT COUNT(*) FROM blocks").fetchone()[0] == 0  # no genesis was written
    conn.close()


def test_a_malformed_chain_db_is_refused(tmp_path):
    b = ChainBuilder(tmp_path / "c")
    for i in range(30):
        b.transfer("alice", "bob", 10**9 + i)
    b.block(3)
    b.close()
    db = tmp_path / "c" / "chain.db"
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[3 * page:6 * page] = b"\xa5" * (3 * page)  # three b-tree pages overwritten
    db.write_bytes(bytes(data))
    with pytest.raises(ChainDamaged, match="chain.db is damaged .*Restore the data dir from a backup"):
        Chain(tmp_path / "c", dev_spec())


def test_verify_repair_from_the_cli(tmp_path, btcli):
    b, (number, _) = _blocks_in_wal(tmp_path)
    crashed = tmp_path / "crashed"
    _crash_image(b.chain.data_dir, crashed, ("chain.db", "head.json"))
    b.close()
    status = btcli("node", "status", "--data-dir", str(crashed), "--json-output")
    assert status.returncode == 1
    plain = btcli("node", "verify", "--data-dir", str(crashed), "--json-output")
    assert json.loads(plain.stdout)["ok"] and read_mark(crashed).number == number  # verify alone changes nothing
    done = btcli("node", "verify", "--repair", "--data-dir", str(crashed), "--json-output")
    result = json.loads(done.stdout)
    assert done.returncode == 0 and result["repaired"] and result["head"] == 1, done.stdout + done.stderr
    assert read_mark(crashed).number == 1


def test_a_full_disk_says_disk_full_and_loses_nothing(tmp_path):
    """SQLite's SQLITE_FULL (here from max_page_count, the same error a full disk gives)."""
    b = ChainBuilder(tmp_path / "full")
    b.block()
    conn = b.chain.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 3}")
    head = None
    with pytest.raises(NodeError) as info:
        for i in range(100):
            head = b.chain.head
            for j in range(50):
                b.transfer("alice", "bob", 10**9 + j)
            b.block()
    assert str(info.value) == (f"disk full: free space on {tmp_path / 'full'} and start again (the block being made "
                               "was not written; every committed block is kept)")
    assert b.chain.head == head
    b.chain.close()
    chain = Chain(tmp_path / "full", None)
    assert chain.head == head
    chain.close()
    assert verify(tmp_path / "full").ok


def test_a_full_disk_while_recording_history_is_one_line_and_frees_the_write_lock(tmp_path, caplog):
    """The chart history's own commit failing (SQLITE_FULL) names the cause in one line, no
    traceback, and leaves no transaction open that would block the chain's next commit."""
    import logging

    from node.history import attach

    b = ChainBuilder(tmp_path / "h")
    recorder = attach(b.chain)
    b.block()
    pages = recorder.conn.execute("PRAGMA page_count").fetchone()[0]
    recorder.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as a full disk gives
    with caplog.at_level(logging.ERROR, logger="taonet.history"):
        for _ in range(400):  # each block adds a sample row until the page cap is hit
            b.block()
            if caplog.records:
                break
    lines = [r for r in caplog.records if r.name == "taonet.history"]
    assert lines and not any(r.exc_info for r in lines), [r.getMessage() for r in lines]
    assert f"not recorded: disk full: free space on {tmp_path / 'h'}" in lines[0].getMessage()
    assert not recorder.conn.in_transaction
    b.transfer("alice", "bob", 10**9).block()  # the chain still commits
    b.close()


def test_a_disk_that_refuses_writes_at_start_is_not_called_damage(tmp_path):
    """A write failure while the chain is set up (here the OS's file size limit) says what failed, never
    'damaged … purge'; once the cause is gone the same folder starts."""
    import subprocess
    import sys

    data = tmp_path / "limited"
    code = ("import resource, signal\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))\n"
            "from node.chain import Chain\nfrom node.genesis import dev_spec\n"
            f"Chain({str(data)!r}, dev_spec())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("node.errors.NodeError: cannot write ") and "disk I/O error" in last, done.stderr
    assert "damaged" not in last and "purge" not in last
    chain = Chain(data, dev_spec())
    assert chain.head.number == 0
    chain.close()


def test_a_full_disk_at_start_says_disk_full(tmp_path):
    """durability.open_error with SQLite's own SQLITE_FULL (max_page_count gives the same error)."""
    from node.durability import open_error

    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.execute("CREATE TABLE a (x)")
        conn.execute("CREATE TABLE b (x)")
        conn.execute("CREATE TABLE c (x)")
    conn.close()
    assert str(open_error(full.value, tmp_path)) == (f"disk full: free space on {tmp_path} and start again (the chain "
                                                     "in it is unchanged)")
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = 11  # type: ignore[attr-defined]
    assert "is damaged" in str(open_error(corrupt, tmp_path))


def test_a_data_dir_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(NodeError, match="is a file, not a folder: pass another --data-dir"):
        Chain(tmp_path / "afile", dev_spec())
