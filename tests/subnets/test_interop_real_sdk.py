"""Both directions with the real bittensor 10.5 SDK, in its own venv (skipped if it cannot be
installed): a real Dendrite against our axon, and our dendrite (legacy mode) against a real Axon."""
from __future__ import annotations

import json
import subprocess

import pytest

from subnets.protocol.dendrite import LEGACY, AxonTarget, Dendrite
from subnets.protocol.synapse import Synapse
from tests.interop.conftest import real_venv
from tests.subnets.conftest import ALICE, BOB, Dummy, HashedDummy, run
from tests.subnets.real_sdk import REAL_AXON, REAL_DENDRITE, REQUIREMENT, VENV_NAME

pytestmark = [pytest.mark.interop, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_python():
    return real_venv(VENV_NAME, REQUIREMENT)


def test_real_dendrite_against_our_axon(real_python, start_axon):
    server = start_axon()
    done = subprocess.run([str(real_python), "-c", REAL_DENDRITE, str(server.port)], capture_output=True, text=True,
                          timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["dummy"] == {"status": 200, "message": "Success", "success": True, "output": 42,
                            "axon_hotkey": BOB.ss58_address}
    assert got["hashed"]["success"] and got["hashed"]["output"] == "HÉLLO WÖRLD"
    assert got["ping"]["success"]
    assert got["tricky"]["success"], got["tricky"]
    assert got["blocked"]["status"] == 403 and not got["blocked"]["success"]
    assert got["blocked"]["message"] == "Forbidden. Key is blacklisted: test."


def test_our_dendrite_against_a_real_axon(real_python):
    child = subprocess.Popen([str(real_python), "-c", REAL_AXON], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd="/")
    try:
        line = child.stdout.readline()
        assert line.strip().isdigit(), child.stderr.read()[-3000:] if child.poll() is not None else line
        target = AxonTarget("127.0.0.1", int(line), BOB.ss58_address, LEGACY)

        async def calls():
            async with Dendrite(ALICE) as dendrite:
                first = await dendrite.call(target, Dummy(input=21), 5)
                hashed = await dendrite.call(target, HashedDummy(input=7, text="héllo wörld", values=[0.5, 1.0, 2.25]), 5)
                ping = await dendrite.call(target, Synapse(), 5)
                wrong = await dendrite.call(AxonTarget(target.ip, target.port, ALICE.ss58_address, LEGACY), Dummy(input=1), 5)
                return first, hashed, ping, wrong

        first, hashed, ping, wrong = run(calls())
    finally:
        child.stdin.close()
        child.wait(20)
    assert first.ok and first.synapse.output == 42 and not first.verified  # real axons do not sign answers
    assert hashed.ok and hashed.synapse.output == "HÉLLO WÖRLD"
    assert ping.ok
    assert wrong.status_code == 401  # signed for another receiver: the real axon refuses it too
