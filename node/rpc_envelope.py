"""The JSON-RPC 2.0 request envelope, checked once for both dialects the node serves: taonet's own
JSON-RPC (node.rpc, POST /) and the Substrate façade (node.substrate.transport, WebSocket and POST
/substrate).

`request(obj, substrate_params=False)` takes one decoded request object and returns its `Request`
(id, method, params, whether it is a notification), or raises `BadRequest` whose `reply()` is the
error to send:
- not an object, an id that is not a string, a number or null (true/false are not numbers here), a
  `jsonrpc` other than "2.0", a method that is not a string: -32600 Invalid Request, answered even
  for a notification (the server cannot trust its shape), with the id when the id itself is good;
- params: absent reads as []. taonet takes a list or an object (anything else: -32600). Substrate
  takes a list only, null reading as [] as jsonrpsee reads it (anything else: -32602 Invalid
  params, which a notification, like any error of a well-formed one, is not answered).
Batches, size limits and dispatch stay with each transport.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603


def error(req_id: Any, code: int, message: str, data: Any = None) -> dict[str, Any]:
    """A JSON-RPC error response (`data` left out when None)."""
    body: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        body["data"] = data
    return {"jsonrpc": "2.0", "error": body, "id": req_id}


@dataclass(frozen=True)
class Request:
    id: Any
    method: str
    params: list | dict
    notification: bool  # no "id" member: nothing is answered


class BadRequest(Exception):
    """A request whose envelope is wrong; `reply()` answers it (None: a notification, unanswered)."""

    def __init__(self, req_id: Any, code: int, message: str, notification: bool = False) -> None:
        super().__init__(message)
        self.id, self.code, self.message, self.notification = req_id, code, message, notification

    def reply(self) -> dict[str, Any] | None:
        if self.notification and self.code != INVALID_REQUEST:
            return None
        return error(self.id, self.code, self.message)


def request(obj: Any, substrate_params: bool = False) -> Request:
    """One request object's envelope, checked (see the module docstring); raise BadRequest."""
    if not isinstance(obj, dict):
        raise BadRequest(None, INVALID_REQUEST, "a request must be a JSON object")
    req_id = obj.get("id")
    if not isinstance(req_id, (str, int, type(None))) or isinstance(req_id, bool):
        raise BadRequest(None, INVALID_REQUEST, "id must be a string, a number or null")
    if obj.get("jsonrpc") != "2.0":
        raise BadRequest(req_id, INVALID_REQUEST, 'jsonrpc must be "2.0"')
    method = obj.get("method")
    if not isinstance(method, str):
        raise BadRequest(req_id, INVALID_REQUEST, "method must be a string")
    notification = "id" not in obj
    params = obj.get("params", [])
    if substrate_params:
        if params is None:
            params = []
        if not isinstance(params, list):
            raise BadRequest(req_id, INVALID_PARAMS, "params must be a list", notification)
    elif not isinstance(params, (list, dict)):
        raise BadRequest(req_id, INVALID_REQUEST, "params must be a list or an object", notification)
    return Request(req_id, method, params, notification)
