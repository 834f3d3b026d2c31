"""node.substrate.apis_encode writes the same bytes as the codec (scalecodec) for every answer it
speeds up, field by field, on a real chain's metagraph and neurons, and for the integers at each
compact-mode boundary."""
from __future__ import annotations

import pytest

from node.chain import Chain
from node.substrate import runtime_rpc
from node.substrate.apis_encode import compact, fast
from node.substrate.codec import SOME_NONE, CodecError, codec
from tests.node.substrate.test_runtime_apis import build_chain, spec


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("runtime-apis-encode") / "chain"
    build_chain(data_dir, extra_neurons=12)
    chain = Chain(data_dir, spec())
    yield chain
    chain.close()


@pytest.fixture
def ctx(chain):
    with chain.reader.snapshot() as view:
        yield runtime_rpc.Ctx(chain, view, codec(), view.head)


@pytest.mark.parametrize("value", [0, 1, 63, 64, 16383, 16384, 2**30 - 1, 2**30, 2**32 - 1, 2**32, 2**64 - 1,
                                   2**128 - 1])
def test_compact_integers_match_the_codec(value):
    assert compact(value) == codec().encode("Compact<u128>", value)


def test_compact_refuses_negative_numbers():
    with pytest.raises(CodecError):
        compact(-1)


def _fields_equal(c, type_id: int, value: dict) -> None:
    """Each struct field encodes to the codec's bytes (a failure names the field), then the whole."""
    inner = type_id
    if c.types[inner]["path"] == ["Option"]:
        inner = c.types[inner]["params"][0]["type"]
    for f in c.types[inner]["def"]["composite"]["fields"]:
        assert fast(c).encode(f["type"], value[f["name"]]) == c.encode(f["type"], value[f["name"]]), f["name"]
    assert fast(c).encode(type_id, value) == c.encode(type_id, value)


def test_metagraph_answers_encode_as_the_codec_does(ctx):
    c = ctx.codec
    from node.substrate import apis_metagraph as m

    graph = m.get_metagraph(ctx, 1)
    assert graph["num_uids"] == 15 and any(graph["incentives"]) and any(graph["dividends"])
    _fields_equal(c, c.api_method("SubnetInfoRuntimeApi", "get_metagraph").output, graph)
    state = m.get_subnet_state(ctx, 1)
    _fields_equal(c, c.api_method("SubnetInfoRuntimeApi", "get_subnet_state").output, state)
    selective = c.api_method("SubnetInfoRuntimeApi", "get_selective_mechagraph").output
    every = m.get_selective_mechagraph(ctx, 1, 0, list(range(77)))
    assert every["identity"] is SOME_NONE  # asked for, and taonet has none: Some(None)
    _fields_equal(c, selective, every)
    some = m.get_selective_mechagraph(ctx, 1, 0, [52, 67])
    assert fast(c).encode(selective, some) == c.encode(selective, some)
    for method in ("get_all_metagraphs", "get_mechagraph"):
        out = c.api_method("SubnetInfoRuntimeApi", method).output
        value = getattr(m, method)(ctx) if method == "get_all_metagraphs" else m.get_mechagraph(ctx, 1, 1)
        assert fast(c).encode(out, value) == c.encode(out, value)


def test_neuron_lists_encode_as_the_codec_does(ctx):
    c = ctx.codec
    from node.substrate import apis_neurons as n

    for method in ("get_neurons_lite", "get_neurons"):
        out = c.api_method("NeuronInfoRuntimeApi", method).output
        value = getattr(n, method)(ctx, 1)
        assert len(value) == 15
        assert fast(c).encode(out, value) == c.encode(out, value), method


def test_state_call_answers_are_the_codec_bytes(chain):
    """What state_call sends for the fast-encoded methods is byte-equal to the slow path."""
    c = codec()
    from node.substrate.session import Session

    for name, params in (("SubnetInfoRuntimeApi_get_metagraph", [1]), ("NeuronInfoRuntimeApi_get_neurons", [1]),
                         ("SubnetInfoRuntimeApi_get_selective_metagraph", [1, [0, 3, 54, 58]])):
        assert name in runtime_rpc.FAST
        method = c.api_by_call_name(name)
        data = "0x" + c.encode_api_params(method, params).hex()
        answer = bytes.fromhex(runtime_rpc.state_call(Session(chain), [name, data])[2:])
        handler = runtime_rpc.HANDLERS[name]
        with chain.reader.snapshot() as view:
            value = handler(runtime_rpc.Ctx(chain, view, c, view.head), **c.decode_api_params(method, bytes.fromhex(data[2:])))
        assert answer == c.encode(method.output, value)
