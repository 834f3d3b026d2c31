"""The Substrate façade's metagraph at 256 uids: node-side time of one `state_call` (target ≤ 30 ms).

    python bench/substrate_metagraph.py [--uids 256] [--validators 64] [--repeat 30] [--ws]

The subnet is made as bench/metagraph_rpc.py makes it (real extrinsics for subnet 1, then `--uids`
neuron rows, pools, epoch outputs and weight rows written straight into the state tables: bench
data, the state root left stale). Timed, medians: the whole `state_call` handler (read model +
encoding, node.substrate.runtime_rpc) for what the real SDK's `get_metagraph_info` asks
(`get_selective_mechagraph(netuid, 0, every field)`), for `get_metagraph` and `get_neurons_lite`;
and the encoding alone, by node.substrate.apis_encode and by the codec (scalecodec) it replaces.
With `--ws`, also the round trip of async-substrate-interface's SyncSubstrateInterface.runtime_call
over the node's WebSocket (client decoding included); with `--sdk PYTHON` (an interpreter with the
real bittensor SDK, e.g. ~/.cache/taonet-tests/bittensor-10.5.0/bin/python), the SDK's own
`Subtensor.get_metagraph_info(1)` end to end.
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
    parser.add_argument("--sdk", help="a Python with the real bittensor SDK: also time its get_metagraph_info")
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
        if args.ws or args.sdk:
            ws_round_trip(data_dir, fields, args.repeat, args.ws, args.sdk)


SDK_TIMING = """
import statistics, sys, time
import bittensor as bt
st = bt.Subtensor(network=sys.argv[1])
st.get_metagraph_info(1)
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    info = st.get_metagraph_info(1)
    times.append(time.perf_counter() - t)
assert len(info.hotkeys) == int(sys.argv[3])
print(f"{statistics.median(times) * 1000:.1f}")
"""


def _time_handlers() -> dict[str, list]:
    """Wrap every Substrate method the transport serves to add up its calls and time (the node's side)."""
    from node.substrate.registry import METHODS

    spent: dict[str, list] = {}
    for name, fn in list(METHODS.items()):
        def timed(session, params, fn=fn, name=name):
            t = time.perf_counter()
            try:
                return fn(session, params)
            finally:
                entry = spent.setdefault(name if name != "state_call" else f"state_call {params[0]}", [0, 0.0])
                entry[0] += 1
                entry[1] += time.perf_counter() - t
        METHODS[name] = timed
    return spent


def ws_round_trip(data_dir: Path, fields: int, repeat: int, ws: bool, sdk: str | None) -> None:
    import subprocess

    from node.genesis import dev_spec
    from node.service import BackgroundNode

    node = BackgroundNode(data_dir, dev_spec(), block_time=None)
    url = node.url.replace("http://", "ws://")
    try:
        if ws:
            from async_substrate_interface.sync_substrate import SubstrateInterface

            sub = SubstrateInterface(url)
            ms = median_ms(lambda: sub.runtime_call("SubnetInfoRuntimeApi", "get_selective_mechagraph",
                                                    [1, 0, list(range(fields))]), repeat)
            print(f"  SyncSubstrateInterface.runtime_call get_selective_mechagraph over the WebSocket "
                  f"(client decoding included): {ms:.1f} ms")
            sub.close()
        if sdk:
            uids = node.chain.reader.conn().execute("SELECT neurons FROM subnets WHERE netuid = '1'").fetchone()[0]
            spent = _time_handlers()
            done = subprocess.run([sdk, "-c", SDK_TIMING, url, str(repeat), str(uids)], capture_output=True,
                                  text=True, timeout=600, cwd="/", check=False)
            result = done.stdout.strip().splitlines()[-1:] if done.returncode == 0 else [done.stderr[-500:]]
            print(f"  the real SDK's Subtensor.get_metagraph_info(1), end to end: {result[0]} ms")
            calls = repeat + 1  # the SDK's calls: one warm-up, then `repeat` timed
            node_ms = sum(t for _, t in spent.values()) * 1000 / calls
            print(f"    of which the node's handlers, per get_metagraph_info: {node_ms:.1f} ms ("
                  + ", ".join(f"{name} x{n / calls:g}: {t * 1000 / n:.1f} ms" for name, (n, t) in sorted(spent.items()))
                  + "; the SDK's first connection included)")
    finally:
        node.stop()


if __name__ == "__main__":
    main()
