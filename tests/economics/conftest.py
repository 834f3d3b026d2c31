"""Economy test helpers: a builder on a chain whose lock cost is small, and call shortcuts."""
from __future__ import annotations

import pytest

from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, ChainSpec

TAO = 10**9


def economy_spec(**economics: int) -> ChainSpec:
    settings = {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO, **economics}
    return ChainSpec("taonet-economy-test", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0, settings)


class Econ:
    """Shortcuts over a ChainBuilder: each call submits one extrinsic and makes a block."""

    def __init__(self, builder: ChainBuilder) -> None:
        self.b = builder

    def call(self, who: str, call: str, /, **args) -> tuple[bool, str | None]:
        self.b.submit(who, call, args)
        self.b.block()
        result = self.b.last.results[-1]
        return result.success, result.error

    def ok(self, who: str, call: str, /, **args) -> list:
        success, error = self.call(who, call, **args)
        assert success, f"{call} failed: {error}: {self.b.last.results[-1].message}"
        return [(n, d) for _, n, d in self.b.last.events if not n.startswith(("transaction_payment", "system"))]

    def fails(self, who: str, call: str, /, **args) -> str:
        success, error = self.call(who, call, **args)
        assert not success, f"{call} unexpectedly succeeded"
        return error

    def refused(self, who: str, call: str, /, **args) -> str:
        """Submit a call the pool must refuse (a free weights call that would fail); its error name."""
        from node.pool import Refused

        with pytest.raises(Refused) as info:
            self.b.submit(who, call, args)
        self.refusal = str(info.value)
        return info.value.error

    def sudo(self, call: str, /, **args) -> None:
        """Dispatch `call` as root through sudo.sudo (signed by //Alice) and require success."""
        events = dict(self.ok("alice", "sudo.sudo", call={"call": call, "args": args}))
        assert events["sudo.Sudid"]["success"], events["sudo.Sudid"]

    def subnet(self, netuid: int) -> dict:
        from node.read_model.subnets import subnet_summary
        from node.reader import View
        from node.runtime import economy as eco

        view = View(self.b.chain.reader.conn())
        return subnet_summary(view, eco.subnet(view, netuid), view.head, {})

    def state_subnet(self, netuid: int):
        from node.runtime import economy as eco

        return eco.subnet(self.b.chain.state, netuid)

    def stake(self, coldkey: str, hotkey: str, netuid: int) -> int:
        from node.runtime import staking

        return staking.stake_alpha(self.b.chain.state, address_of(coldkey), address_of(hotkey), netuid)

    def new_subnet(self, owner: str = "alice", hotkey: str = "owner1", start: bool = True) -> int:
        events = self.ok(owner, "subtensor.register_network", hotkey=address_of(hotkey))
        netuid = dict(events)["subtensor.NetworkAdded"]["netuid"]
        if start:
            self.ok(owner, "subtensor.start_call", netuid=netuid)
        return netuid


@pytest.fixture
def econ(tmp_path):
    b = ChainBuilder(tmp_path / "chain", economy_spec())
    yield Econ(b)
    b.close()
