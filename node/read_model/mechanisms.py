"""A subnet's sub-mechanisms as the node answers them (taonet_mechanisms): the count, the stored
emission split and the split in effect, and what the owner's next change must respect."""
from __future__ import annotations

from typing import Any

from consensus import mechanisms as cm
from node.read_model import NotFound
from node.read_model.subnets import require_subnet
from node.reader import View
from node.runtime import economy as eco
from node.runtime import mechanisms


def effective_split(count: int, stored: list[int] | None) -> list[int]:
    """The u16 parts in effect: the stored split padded with zeros, else even (⌊65535/count⌋
    each, the remainder on mechanism 0, as the chain credits rounding to mechanism 0)."""
    if stored is not None:
        return (list(stored) + [0] * count)[:count]
    base, remainder = divmod(cm.U16_MAX, count)
    return [base + (remainder if m == 0 else 0) for m in range(count)]


def mechanisms_info(view: View, netuid: int, mecid: int | None = None) -> dict[str, Any]:
    """{head, netuid, owner_coldkey, count, max_count, split (stored, or null = even), effective_split,
    max_allowed_uids, max_uids_over_mechanisms, rate_limits {count, split}, last_set {count, split}};
    with `mecid`, also mechanism: {mecid, index, incentive, last_update} (per uid)."""
    s = require_subnet(view, netuid)
    count = mechanisms.count(view, netuid)
    stored = mechanisms.split(view, netuid)
    last = view.get_value(f"mechanism_rl:{netuid}", {})
    out = {"head": view.head, "netuid": netuid, "owner_coldkey": s.owner_coldkey, "count": count,
            "max_count": eco.setting(view, mechanisms.MAX_COUNT_SETTING), "split": stored,
            "effective_split": effective_split(count, stored),
            "max_allowed_uids": int(eco.param(view, netuid, "max_allowed_uids")),
            "max_uids_over_mechanisms": cm.DEFAULT_MAX_ALLOWED_UIDS,
            "rate_limits": {kind: eco.setting(view, name) for kind, name in mechanisms.RATE_LIMITS.items()},
            "last_set": {kind: int(last.get(kind, 0)) for kind in mechanisms.RATE_LIMITS}}
    if mecid is not None:
        if not 0 <= mecid < count:
            raise NotFound(f"subnet {netuid} has {count} mechanism{'s' if count != 1 else ''} (ids 0..{count - 1}), "
                           f"not mechanism {mecid}")
        rows = [view.get("neurons", f"{netuid}:{uid:05d}") for uid in range(s.neurons)]
        out["mechanism"] = {"mecid": mecid, "index": cm.storage_index(netuid, mecid),
                            "incentive": [mechanisms.incentive(view, netuid, mecid, u) for u in range(len(rows))],
                            "last_update": [mechanisms.last_update(view, netuid, mecid, u, r) for u, r in enumerate(rows)]}
    return out
