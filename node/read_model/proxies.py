"""What the node answers about proxies (node.runtime.proxy's tables): an account's proxies and a
delegate's pending announcements."""
from __future__ import annotations

import json
from typing import Any


def proxies(view: Any, real: str) -> dict[str, Any]:
    """{head, real, proxies: [{delegate, proxy_type, delay}], deposit, announcements: [{real, call_hash,
    height}] made by `real` as a delegate}."""
    row = view.get("proxies", real)
    defs = [] if row is None else [{"delegate": d, "proxy_type": k, "delay": int(n)} for d, k, n in json.loads(row[0])]
    pending = view.get("proxy_announcements", real)
    announced = [] if pending is None else [{"real": r, "call_hash": h, "height": int(n)}
                                            for r, h, n in json.loads(pending[0])]
    return {"head": view.head, "real": real, "proxies": defs, "deposit": 0 if row is None else int(row[1]),
            "announcements": announced}
