"""Fixtures for the axon/dendrite tests: the vectors' synapse classes, keys, and real axons on
127.0.0.1 free ports, started in a thread and stopped after the test."""
from __future__ import annotations

import asyncio
from typing import Any, ClassVar, Optional

import pytest

from subnets.protocol.axon import Axon, AxonConfig
from subnets.protocol.axon_server import AxonServer
from subnets.protocol.synapse import Synapse
from wallet.keypair import Keypair

ALICE = Keypair.from_uri("//Alice")  # the validator (dendrite) in the vectors
BOB = Keypair.from_uri("//Bob")  # the miner (axon) in the vectors
CHARLIE = Keypair.from_uri("//Charlie")


class Dummy(Synapse):
    """The vectors' `Dummy`, with taonet's convention: every request field is hashed."""

    input: int
    output: Optional[int] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)


class HashedDummy(Synapse):
    """The vectors' `HashedDummy` (the real SDK class had these hash fields too)."""

    input: int
    text: str
    values: list[float] = []
    output: Optional[str] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input", "text", "values")


class Blocked(Synapse):
    input: int
    required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)
    max_request_bytes: ClassVar[int] = 4096


def double(synapse: Dummy, caller: Any) -> Dummy:
    synapse.output = synapse.input * 2
    return synapse


def upper(synapse: HashedDummy, caller: Any) -> HashedDummy:
    synapse.output = synapse.text.upper()
    return synapse


def make_axon(config: Optional[AxonConfig] = None, policy: Any = None, keypair: Keypair = BOB) -> Axon:
    axon = Axon(keypair, config or AxonConfig(), policy)
    axon.attach(Dummy, double)
    axon.attach(HashedDummy, upper)
    axon.attach(Blocked, double, blacklist=lambda synapse, caller: (True, "test"))
    return axon


@pytest.fixture
def start_axon():
    """`start_axon(axon=None, port=0) -> AxonServer`, running; all are stopped at teardown."""
    servers: list[AxonServer] = []

    def start(axon: Optional[Axon] = None, port: int = 0) -> AxonServer:
        server = AxonServer(axon or make_axon(), port=port).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def run(coro: Any) -> Any:
    return asyncio.run(coro)
