"""Scripts run inside a venv holding the real bittensor 10.5 SDK (the last one with Axon/Dendrite).

Each script patches the SDK's public-IP lookup first, so nothing outside this machine is
contacted, and binds the real Axon to 127.0.0.1 instead of its hard-coded 0.0.0.0. The synapse
classes mirror the test ones (same hash fields), as a subnet's shared protocol module would.
"""
from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path
from typing import Optional

REQUIREMENT = "bittensor==10.5.0"
VENV_NAME = "bittensor-10.5.0"
CACHE = Path(os.environ.get("TAONET_TEST_CACHE", Path.home() / ".cache" / "taonet-tests"))

PRELUDE = r'''
import asyncio, json, socket, sys, types
from typing import ClassVar, Optional
import bittensor.utils.networking as _net
_net.get_external_ip = lambda: "127.0.0.2"  # never ask the Internet who we are
import bittensor as bt
from bittensor_wallet import Keypair

class Dummy(bt.Synapse):
    input: int
    output: Optional[int] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)

class HashedDummy(bt.Synapse):
    input: int
    text: str
    values: list[float] = []
    output: Optional[str] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input", "text", "values")

class Blocked(bt.Synapse):
    input: int
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)

ALICE = Keypair.create_from_uri("//Alice")
BOB = Keypair.create_from_uri("//Bob")

def target(port):
    return bt.AxonInfo(version=0, ip="127.0.0.1", port=port, ip_type=4, hotkey=BOB.ss58_address,
                       coldkey=BOB.ss58_address)

def start_real_axon():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    wallet = types.SimpleNamespace(hotkey=BOB, coldkeypub=Keypair.create_from_uri("//Bob//stash"))
    axon = bt.Axon(wallet=wallet, ip="127.0.0.1", port=port, external_ip="127.0.0.1", external_port=port)
    axon.fast_config.host = "127.0.0.1"
    def double(synapse: Dummy) -> Dummy:
        synapse.output = synapse.input * 2
        return synapse
    def upper(synapse: HashedDummy) -> HashedDummy:
        synapse.output = synapse.text.upper()
        return synapse
    axon.attach(forward_fn=double).attach(forward_fn=upper)
    axon.start()
    import time, urllib.request
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.01)
    return axon, port
'''

# argv: port of a taonet axon (//Bob). Prints one JSON line with what the real Dendrite got back.
REAL_DENDRITE = PRELUDE + r'''
async def main(port):
    async with bt.Dendrite(wallet=ALICE) as d:
        dummy = await d.forward(axons=[target(port)], synapse=Dummy(input=21), timeout=5, deserialize=False)
        hashed = await d.forward(axons=[target(port)], synapse=HashedDummy(input=7, text="héllo wörld",
                                 values=[0.5, 1.0, 2.25]), timeout=5, deserialize=False)
        other = await d.forward(axons=[target(port)], synapse=bt.Synapse(), timeout=5, deserialize=False)
        blocked = await d.forward(axons=[target(port)], synapse=Blocked(input=1), timeout=5, deserialize=False)
        # values whose CPython str() is easy to get wrong: the hash must still agree
        tricky = await d.forward(axons=[target(port)], synapse=HashedDummy(
            input=-0, text='q"\\ \u2603 \U0001F600 \n', values=[0.1, 1e-05, 1e16, -0.0, 123456789.123, 5e-324]),
            timeout=5, deserialize=False)
    out = {}
    for name, syn in (("dummy", dummy[0]), ("hashed", hashed[0]), ("ping", other[0]), ("blocked", blocked[0]),
                      ("tricky", tricky[0])):
        out[name] = {"status": syn.dendrite.status_code, "message": syn.dendrite.status_message,
                     "success": syn.is_success, "output": getattr(syn, "output", None),
                     "axon_hotkey": syn.axon.hotkey}
    print(json.dumps(out))
asyncio.run(main(int(sys.argv[1])))
'''

# Starts a real Axon (//Bob); prints its port; serves until stdin closes.
REAL_AXON = PRELUDE + r'''
axon, port = start_real_axon()
print(port, flush=True)
sys.stdin.read()
axon.stop()
'''

# argv: seconds, concurrency. A real Axon in a child process, then real Dendrites (one per worker,
# so the SDK's per-(hotkey, uuid) nonce ordering holds) calling it; prints successful requests/s.
REAL_BENCH = PRELUDE + r'''
import subprocess, time
seconds, concurrency = float(sys.argv[1]), int(sys.argv[2])
child = subprocess.Popen([sys.executable, "-c", REAL_AXON_CODE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
port = int(child.stdout.readline())
async def main():
    done = 0
    stop = time.perf_counter() + seconds
    async def worker():
        nonlocal done
        async with bt.Dendrite(wallet=ALICE) as d:
            while time.perf_counter() < stop:
                r = await d.forward(axons=[target(port)], synapse=Dummy(input=3), timeout=10, deserialize=False)
                if r[0].is_success:
                    done += 1
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / (time.perf_counter() - began)
rps = asyncio.run(main())
child.stdin.close()
child.wait(20)
print(rps)
'''.replace("REAL_AXON_CODE", repr(REAL_AXON))


def real_python() -> Optional[Path]:
    """The real SDK's interpreter (made once, cached like tests/interop); None if it cannot be."""
    target = CACHE / VENV_NAME
    python = target / "bin" / "python"
    marker = target / ".installed"
    if marker.exists() and marker.read_text() == REQUIREMENT and python.exists():
        return python
    try:
        venv.create(target, with_pip=True, clear=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", REQUIREMENT],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    marker.write_text(REQUIREMENT)
    return python
