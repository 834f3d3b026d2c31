"""The state overlay: savepoints, atomic commit, and the incremental state root vs a full recompute."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node import schema
from node.state import State, recompute_root, root_hex


@pytest.fixture
def conn():
    c = schema.connect(":memory:")
    schema.ensure(c)
    yield c
    c.close()


def commit(state: State) -> None:
    changes = state.changes()
    state.commit(changes, state.root_after(changes), lambda c: None)


def test_savepoint_rollback_and_release(conn):
    s = State(conn)
    s.put("accounts", "a", (10, 0))
    s.savepoint()
    s.put("accounts", "a", (5, 1))
    s.put("accounts", "b", (7, 0))
    assert s.get("accounts", "a") == (5, 1)
    s.rollback()
    assert s.get("accounts", "a") == (10, 0) and s.get("accounts", "b") is None
    s.savepoint()
    s.savepoint()
    s.put("accounts", "b", (7, 0))
    s.release()
    s.release()
    assert s.get("accounts", "b") == (7, 0)
    commit(s)
    assert conn.execute("SELECT address, free FROM accounts ORDER BY address").fetchall() == [("a", 10), ("b", 7)]


def test_open_savepoint_at_block_end_is_an_error(conn):
    s = State(conn)
    s.savepoint()
    with pytest.raises(RuntimeError):
        s.changes()


def test_failed_commit_writes_nothing(conn):
    s = State(conn)
    s.put("accounts", "a", (10, 0))
    changes = s.changes()

    def boom(c):
        c.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
        raise RuntimeError("crash in the middle of a block")

    with pytest.raises(RuntimeError):
        s.commit(changes, s.root_after(changes), boom)
    assert conn.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 0
    assert schema.meta_get(conn, "x") is None
    assert s.accumulator == 0


def test_unchanged_rows_do_not_count_as_changes(conn):
    s = State(conn)
    s.put("accounts", "a", (10, 0))
    commit(s)
    s.put("accounts", "a", (10, 0))
    assert s.changes() == {}


ops = st.lists(st.tuples(st.sampled_from("abcdef"), st.one_of(st.none(), st.tuples(st.integers(0, 10**18), st.integers(0, 5)))),
               max_size=12)


@settings(max_examples=60, deadline=None)
@given(blocks=st.lists(ops, min_size=1, max_size=6))
def test_incremental_root_equals_full_recompute(blocks):
    conn = schema.connect(":memory:")
    schema.ensure(conn)
    s = State(conn)
    for block in blocks:
        for key, row in block:
            s.put("accounts", key, row)
        commit(s)
        assert root_hex(s.accumulator) == root_hex(recompute_root(conn))
    conn.close()


def test_root_is_independent_of_write_order(conn):
    a = State(conn)
    a.put("accounts", "x", (1, 0))
    a.put("accounts", "y", (2, 0))
    other = schema.connect(":memory:")
    schema.ensure(other)
    b = State(other)
    b.put("accounts", "y", (2, 0))
    b.put("accounts", "x", (1, 0))
    assert a.root_after(a.changes()) == b.root_after(b.changes())
    other.close()
