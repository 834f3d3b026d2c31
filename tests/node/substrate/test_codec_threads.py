"""The node answers RPC on several threads: one codec, used from all of them at once while its type
caches are still cold, gives every thread the right bytes."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from node.substrate.codec import Codec, codec
from tests.substrate.vectors import golden


def test_a_cold_codec_shared_by_threads_agrees_with_the_golden_bytes():
    fresh = Codec()  # cold caches, unlike the process's warmed-up codec()
    gold = golden()
    jobs = []
    for case in gold["runtime_calls"]:
        method = fresh.api_method(case["api"], case["method"])
        jobs.append((method.output, bytes.fromhex(case["raw_hex"][2:])))
    for case in gold["storage_values"]:
        if case["raw_hex"]:
            entry = fresh.storage_entry(case["pallet"], case["storage_function"])
            jobs.append((entry.value_type, bytes.fromhex(case["raw_hex"][2:])))
    jobs.append(("events", bytes.fromhex(gold["events"]["raw_hex"][2:])))

    def round_trip(job):
        type_id, raw = job
        if type_id == "events":
            return fresh.encode_events(fresh.decode_events(raw)) == raw
        return fresh.encode(type_id, fresh.decode(type_id, raw)) == raw

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(round_trip, jobs * 8))
    assert codec() is codec()
