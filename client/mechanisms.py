"""Sub-mechanisms from the client: the node's answer (taonet_mechanisms, both backends), the
real btcli's normalisation of an emission split, and the checks before signing the owner's calls
(the chain's: consensus.mechanisms, node.runtime.mechanisms)."""
from __future__ import annotations

import math
from typing import Any

from client.backend import Backend
from client.preflight import Problem
from consensus import mechanisms as cm

U16_MAX = cm.U16_MAX
COUNT_CALL = "admin_utils.set_mechanism_count"
SPLIT_CALL = "admin_utils.set_mechanism_emission_split"


def mechanisms(rpc: Backend, netuid: int, mecid: int | None = None) -> dict[str, Any]:
    """{head, netuid, owner_coldkey, count, max_count, split, effective_split, max_allowed_uids,
    max_uids_over_mechanisms, rate_limits, last_set} (node.read_model.mechanisms); with `mecid`, also
    mechanism: {mecid, index, incentive, last_update} per uid."""
    return dict(rpc.call("taonet_mechanisms", netuid) if mecid is None else rpc.call("taonet_mechanisms", netuid, mecid))


def percentages(split: list[int]) -> list[float]:
    total = sum(split)
    return [round(v / total * 100, 6) if total else 0.0 for v in split]


def parse_split(text: str) -> list[float]:
    """--split "1,3" or "25,75" or u16 parts: comma-separated non-negative numbers."""
    try:
        values = [float(item.strip()) for item in text.split(",") if item.strip()]
    except ValueError:
        raise ValueError("--split takes comma-separated numbers, e.g. --split 25,75") from None
    if any(v < 0 or not math.isfinite(v) for v in values):
        raise ValueError("--split values must be non-negative numbers")
    return values


def normalize_split(values: list[float]) -> list[int]:
    """Relative weights as u16 parts summing to exactly 65535: each ⌊65535·v/Σv⌋, then one more to
    the parts with the largest fractional remainders (the real btcli's normalisation)."""
    total = sum(values)
    if total <= 0:
        raise ValueError("the --split values must not all be zero")
    scaled = [v / total * U16_MAX for v in values]
    parts = [math.floor(x) for x in scaled]
    order = sorted(range(len(parts)), key=lambda i: scaled[i] - parts[i], reverse=True)
    for k in range(U16_MAX - sum(parts)):
        parts[order[k % len(parts)]] += 1
    return parts


def _owner_and_rate(info: dict[str, Any], coldkey: str, kind: str, what: str) -> Problem | None:
    if info["owner_coldkey"] != coldkey:
        return Problem("subtensor.NotSubnetOwner",
                       f"subnet {info['netuid']} is owned by {info['owner_coldkey']}; only its owner can {what} "
                       f"(this wallet's coldkey is {coldkey})")
    limit, last = info["rate_limits"].get(kind), info["last_set"].get(kind, 0)
    block = info["head"] + 1
    if limit is not None and last and block - last < limit:
        return Problem("subtensor.TxRateLimitExceeded",
                       f"the mechanism {kind} of subnet {info['netuid']} was changed at block {last}; the owner may "
                       f"change it again from block {last + limit} ({last + limit - block} blocks to wait)")
    return None


def count_blocked(info: dict[str, Any], coldkey: str, count: int) -> Problem | None:
    """sudo_set_mechanism_count would fail: not the owner, rate limited, or the count out of range."""
    problem = _owner_and_rate(info, coldkey, "count", "set its mechanism count")
    if problem:
        return problem
    why = cm.count_problem(count, info["max_count"], info["max_allowed_uids"])
    if why and "TooManyUIDs" in why:
        return Problem("subtensor.TooManyUIDsPerMechanism",
                       f"subnet {info['netuid']}: {why} (`btcli sudo set --netuid {info['netuid']} --param "
                       f"max_allowed_uids --value {cm.DEFAULT_MAX_ALLOWED_UIDS // max(count, 1)}`)")
    return Problem("subtensor.InvalidValue", f"subnet {info['netuid']}: {why}") if why else None


def split_blocked(info: dict[str, Any], coldkey: str, split: list[int]) -> Problem | None:
    """sudo_set_mechanism_emission_split would fail: not the owner, rate limited, or a bad split."""
    problem = _owner_and_rate(info, coldkey, "split", "set its emission split")
    if problem:
        return problem
    why = cm.split_problem(split, info["count"])
    return Problem("subtensor.InvalidValue", f"subnet {info['netuid']}: {why}") if why else None
