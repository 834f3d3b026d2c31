"""Hostile input, generated: any JSON params to any method give a JSON-RPC result or a clean error,
never an internal error (-32603) and never a dead node."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.pool import Pool, Refused
from node.rpc import handle_body
from node.rpc_registry import METHODS

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) | st.text(max_size=70),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
safe_methods = sorted(set(METHODS) - {"taonet_submitAndWait"})  # it would wait for a block that never comes here


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(safe_methods), params=st.lists(json_values, max_size=3) | st.dictionaries(st.text(max_size=8), json_values, max_size=3))
def test_any_params_to_any_method(builder, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    reply = handle_body(builder.chain, body)
    assert reply["id"] == 1
    if "error" in reply:
        assert reply["error"]["code"] != -32603, reply
        assert reply["error"]["message"]
    json.dumps(reply)  # always serialisable


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_body(builder, body):
    reply = handle_body(builder.chain, body)
    for item in reply if isinstance(reply, list) else [reply] if reply is not None else []:
        assert "error" not in item or item["error"]["code"] != -32603, item


def test_pool_is_bounded():
    from node.extrinsic import parse, sign
    from node.builder import dev_key

    pool = Pool(max_size=2)
    exts = [parse(sign(dev_key("alice"), "x.y", {}, n, "0x" + "00" * 32)) for n in range(3)]
    pool.add(exts[0], 0)
    pool.add(exts[1], 0)
    try:
        pool.add(exts[2], 0)
    except Refused as exc:
        assert "pool is full" in str(exc)
    else:
        raise AssertionError("a full pool took another extrinsic")
