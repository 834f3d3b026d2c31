"""The Substrate façade's metagraph at 256 uids: node-side time of one `state_call` (target ≤ 30 ms).

    python bench/substrate_metagraph.py [--uids 256] [--validators 64] [--repeat 30] [--ws]

The subnet is made as bench/metagraph_rpc.py makes it (real extrinsics for subnet 1, then `--uids`
neuron rows, pools, epoch outputs and weight rows written straight into the state tables: bench
data, the state root left stale). Timed, medians: the whole `state_call` handler (read model +
encoding, node.substrate.runtime_rpc) for what the real SDK's `get_metagraph_info` asks
(`get_selective_mechagraph(netuid, 0, every field)`), for `get_metagraph` and `get_neurons_lite`;
and the encoding alone, by node.substrate.apis_encode and by the codec (scalecodec) it replaces.
With `--ws`, also the round trip of async-substrate-interface's SyncSubstrateInterface.runtime_call
over the node's WebSocket (client decoding included).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uids", type=int, default=256)
    parser.add_argument("--validators", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--ws", action="store_true", help="also time the round trip over the node's WebSocket")
    args = parser.parse_args()

    from metagraph_rpc import build

    from node.chain import Chain
    from node.genesis import dev_spec
    from node.substrate import runtime_rpc
    from node.substrate.apis_encode import fast
    from node.substrate.apis_metagraph import metagraph_values
    from node.substrate.codec import codec
    from node.substrate.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "chain"
        build(data_dir, args.uids, args.validators)
        chain = Chain(data_dir, dev_spec())
        c = codec()
        session = Session(chain)
        selective = c.api_method("SubnetInfoRuntimeApi", "get_selective_mechagraph")
        fields = len(c.types[runtime_rpc.Ctx(chain, None, c, 0).output_struct(
            "SubnetInfoRuntimeApi", "get_selective_mechagraph")]["def"]["composite"]["fields"])
        calls = {
            "get_selective_mechagraph (every field; the SDK's get_metagraph_info)":
                ("SubnetInfoRuntimeApi_get_selective_mechagraph", [1, 0, list(range(fields))]),
            "get_metagraph": ("SubnetInfoRuntimeApi_get_metagraph", [1]),
            "get_neurons_lite": ("NeuronInfoRuntimeApi_get_neurons_lite", [1]),
        }
        print(f"subnet 1 with {args.uids} uids ({args.validators} validators with dense weights), "
              f"median of {args.repeat}:")
        for label, (name, params) in calls.items():
            data = "0x" + c.encode_api_params(c.api_by_call_name(name), params).hex()
            ms = median_ms(lambda name=name, data=data: runtime_rpc.state_call(session, [name, data]), args.repeat)
            print(f"  state_call {label}: {ms:.1f} ms")
        method = c.api_method("SubnetInfoRuntimeApi", "get_metagraph")
        with chain.reader.snapshot() as view:
            ctx = runtime_rpc.Ctx(chain, view, c, view.head)
            from node.substrate.apis_metagraph import (
                get_metagraph,
                get_selective_mechagraph,
            )

            value = get_metagraph(ctx, 1)
            sel = get_selective_mechagraph(ctx, 1, 0, list(range(fields)))
            read_ms = median_ms(lambda: metagraph_values(ctx, 1), args.repeat)
        assert fast(c).encode(method.output, value) == c.encode(method.output, value)
        print(f"  read model -> Metagraph values: {read_ms:.1f} ms")
        print(f"  encode Metagraph, apis_encode: {median_ms(lambda: fast(c).encode(method.output, value), args.repeat):.1f} ms"
              f"; scalecodec: {median_ms(lambda: c.encode(method.output, value), max(3, args.repeat // 5)):.1f} ms")
        print(f"  encode SelectiveMetagraph (every field), apis_encode: "
              f"{median_ms(lambda: fast(c).encode(selective.output, sel), args.repeat):.1f} ms")
        chain.close()
        if args.ws:
            ws_round_trip(data_dir, fields, args.repeat)


def ws_round_trip(data_dir: Path, fields: int, repeat: int) -> None:
    from async_substrate_interface.sync_substrate import SubstrateInterface

    from node.genesis import dev_spec
    from node.service import BackgroundNode

    node = BackgroundNode(data_dir, dev_spec(), block_time=None)
    try:
        sub = SubstrateInterface(node.url.replace("http://", "ws://"))
        ms = median_ms(lambda: sub.runtime_call("SubnetInfoRuntimeApi", "get_selective_mechagraph",
                                                [1, 0, list(range(fields))]), repeat)
        print(f"  SyncSubstrateInterface.runtime_call get_selective_mechagraph over the WebSocket "
              f"(client decoding included): {ms:.1f} ms")
        sub.close()
    finally:
        node.stop()


if __name__ == "__main__":
    main()
