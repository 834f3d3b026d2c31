"""The one JSON-RPC envelope check (node.rpc_envelope) that taonet's JSON-RPC (node.rpc) and the
Substrate façade (node.substrate.transport) both answer with: the same request shapes are refused
with the same errors by both, params by each dialect's rule."""
from __future__ import annotations

import pytest

from node import rpc, rpc_envelope
from node.rpc_envelope import INVALID_PARAMS, INVALID_REQUEST, BadRequest, request
from node.substrate import transport

BAD_ENVELOPES = [
    (42, None, "must be a JSON object"),
    (["x"], None, "must be a JSON object"),
    ({"jsonrpc": "2.0", "id": True, "method": "system_health"}, None, "id must be"),
    ({"jsonrpc": "2.0", "id": {}, "method": "system_health"}, None, "id must be"),
    ({"jsonrpc": "1.0", "id": 7, "method": "system_health"}, 7, 'jsonrpc must be "2.0"'),
    ({"id": "a", "method": "system_health"}, "a", 'jsonrpc must be "2.0"'),
    ({"jsonrpc": "2.0", "id": 3, "method": 7}, 3, "method must be a string"),
    ({"jsonrpc": "2.0", "method": None}, None, "method must be a string"),  # a notification: answered all the same
]


@pytest.mark.parametrize("obj, req_id, fragment", BAD_ENVELOPES)
def test_bad_envelopes_are_invalid_requests_in_both_dialects(obj, req_id, fragment):
    answers = []
    for substrate in (False, True):
        with pytest.raises(BadRequest) as info:
            request(obj, substrate_params=substrate)
        answers.append(info.value.reply())
    assert answers[0] == answers[1]
    assert answers[0]["id"] == req_id and answers[0]["error"]["code"] == INVALID_REQUEST
    assert fragment in answers[0]["error"]["message"]
    # what each transport answers is that same check's answer (neither reaches a method for these)
    assert rpc.handle_one(None, obj) == answers[0]
    assert transport.handle_one(None, obj) == answers[0]


def test_good_envelopes():
    assert request({"jsonrpc": "2.0", "id": 1, "method": "m"}) == rpc_envelope.Request(1, "m", [], False)
    assert request({"jsonrpc": "2.0", "method": "m", "params": {"a": 1}}) == rpc_envelope.Request(None, "m", {"a": 1}, True)
    assert request({"jsonrpc": "2.0", "id": "x", "method": "m", "params": None}, substrate_params=True).params == []
    assert request({"jsonrpc": "2.0", "id": None, "method": "m", "params": [1]}, substrate_params=True).id is None


@pytest.mark.parametrize("params", [3, "x", None, True])
def test_taonet_params_are_a_list_or_an_object(params):
    with pytest.raises(BadRequest) as info:
        request({"jsonrpc": "2.0", "id": 1, "method": "m", "params": params})
    assert info.value.reply()["error"] == {"code": INVALID_REQUEST, "message": "params must be a list or an object"}
    with pytest.raises(BadRequest) as info:  # an invalid request is answered even without an id
        request({"jsonrpc": "2.0", "method": "m", "params": params})
    assert info.value.reply()["id"] is None


@pytest.mark.parametrize("params", [3, "x", {"a": 1}, True])
def test_substrate_params_are_a_list(params):
    with pytest.raises(BadRequest) as info:
        request({"jsonrpc": "2.0", "id": 1, "method": "m", "params": params}, substrate_params=True)
    assert info.value.reply() == rpc_envelope.error(1, INVALID_PARAMS, "params must be a list")
    with pytest.raises(BadRequest) as info:  # a notification's invalid params are not answered
        request({"jsonrpc": "2.0", "method": "m", "params": params}, substrate_params=True)
    assert info.value.reply() is None
