"""taonet_proxies on a subtensor endpoint, from the proxy pallet's storage (Proxy.Proxies,
Proxy.Announcements) at the best block; the taonet node's shape (node/read_model/proxies.py)."""
from __future__ import annotations

from typing import Any

from client.subtensor.reads import address, at_head, storage


def _pair(value: Any) -> tuple[list, int]:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        items, deposit = value
        return list(items or []), int(deposit or 0)
    return [], 0


def proxies(conn: Any, real: Any) -> dict[str, Any]:
    who = address(real, "address")
    head, block = at_head(conn)
    defs, deposit = _pair(storage(conn, "Proxy", "Proxies", [who], block))
    pending, _ = _pair(storage(conn, "Proxy", "Announcements", [who], block))
    return {"head": head, "real": who, "deposit": deposit,
            "proxies": [{"delegate": d["delegate"], "proxy_type": str(d["proxy_type"]), "delay": int(d["delay"])}
                        for d in defs],
            "announcements": [{"real": a["real"], "call_hash": a["call_hash"], "height": int(a["height"])}
                              for a in pending]}
