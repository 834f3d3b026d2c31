"""The new-heads feed for the dashboard: like `Client.new_heads`, but it also yields None on each
keep-alive (about once a second), so the worker following it can notice that the app quits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any


def heads(url: str, read_timeout: float = 10.0) -> Iterator[dict[str, Any] | None]:
    """Headers from `GET /new-heads` (the current head first), None for keep-alives; ends when the
    node closes the stream; raises httpx errors when it cannot connect or goes quiet."""
    import httpx

    timeout = httpx.Timeout(read_timeout, connect=2.0)
    with httpx.Client(timeout=timeout) as http, http.stream("GET", url.rstrip("/") + "/new-heads") as response:
        response.raise_for_status()
        try:
            for line in response.iter_lines():
                if line.startswith("data: "):
                    yield json.loads(line[6:])
                elif line.startswith(":"):
                    yield None
        except (httpx.RemoteProtocolError, httpx.ReadError):
            return
