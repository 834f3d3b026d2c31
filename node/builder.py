"""A builder for test chains: genesis, then actions, then blocks, as a pipeline (no HTTP).

    b = ChainBuilder(tmp_path)                       # the dev spec
    b.transfer("alice", "bob", 10**9).block()        # sign, submit, make a block
    assert b.free("bob") == DEV_BALANCE + 10**9
Every `block()` checks the invariants: total issuance = free balances + TAO in all pools, the
economy's books (node.economics_check), and the stored state root = the root recomputed from scratch.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from node.chain import BlockOutcome, Chain
from node.extrinsic import Extrinsic, parse, sign
from node.genesis import ChainSpec, dev_spec
from node.state import recompute_root, root_hex


@lru_cache(maxsize=None)
def dev_key(name: str) -> Any:
    """The keypair of a dev account: 'alice' … 'ferdie' (or any name, as //Name)."""
    from wallet.keypair import Keypair

    return Keypair.from_uri("//" + name.capitalize())


def address_of(who: Any) -> str:
    return who if isinstance(who, str) and len(who) > 40 else dev_key(who).ss58_address if isinstance(who, str) else who.ss58_address


class ChainBuilder:
    def __init__(self, data_dir: Path | str, spec: ChainSpec | None = None, check_invariants: bool = True) -> None:
        self.chain = Chain(data_dir, spec or dev_spec())
        self.check = check_invariants
        self.outcomes: list[BlockOutcome] = []

    # -- actions -------------------------------------------------------------------------------
    def signed(self, who: Any, call: str, args: dict[str, Any], nonce: int | None = None, tip: int = 0,
               genesis_hash: str | None = None) -> dict[str, Any]:
        """A signed extrinsic (a dict) from a dev name or a keypair; not submitted."""
        pair = dev_key(who) if isinstance(who, str) else who
        if nonce is None:
            nonce = self.chain.next_nonce(pair.ss58_address)
        return sign(pair, call, args, nonce, genesis_hash or self.chain.genesis_hash, tip)

    def submit(self, who: Any, call: str, args: dict[str, Any], **kwargs: Any) -> Extrinsic:
        ext = parse(self.signed(who, call, args, **kwargs))
        self.chain.submit(ext)
        return ext

    def transfer(self, source: Any, dest: Any, value: int, keep_alive: bool = True, **kwargs: Any) -> ChainBuilder:
        call = "balances.transfer_keep_alive" if keep_alive else "balances.transfer_allow_death"
        self.submit(source, call, {"dest": address_of(dest), "value": value}, **kwargs)
        return self

    def block(self, count: int = 1) -> ChainBuilder:
        for _ in range(count):
            self.outcomes.append(self.chain.produce_block())
            if self.check:
                self.assert_invariants()
        return self

    # -- reads ---------------------------------------------------------------------------------
    @property
    def last(self) -> BlockOutcome:
        return self.outcomes[-1]

    def free(self, who: Any) -> int:
        return self.chain.reader.account(address_of(who))[0]

    def nonce(self, who: Any) -> int:
        return self.chain.reader.account(address_of(who))[1]

    def issuance(self) -> int:
        return self.chain.reader.storage("total_issuance", 0)

    def event_names(self) -> list[str]:
        return [name for _, name, _ in self.last.events]

    def assert_invariants(self) -> None:
        from node.economics_check import check_economy

        conn = self.chain.reader.conn()
        total = conn.execute("SELECT COALESCE(SUM(free), 0) FROM accounts").fetchone()[0]
        pools = conn.execute("SELECT COALESCE(SUM(tao_in), 0) FROM subnets").fetchone()[0]
        held = conn.execute("SELECT COALESCE(SUM(amount), 0) FROM reserved").fetchone()[0]  # proxy deposits
        assert total + held + pools == self.issuance(), \
            f"total issuance {self.issuance()} != free balances {total} + reserved {held} + TAO in pools {pools}"
        check_economy(conn)
        assert root_hex(recompute_root(conn)) == self.chain.head.state_root, "state root differs from a full recompute"
        below = conn.execute("SELECT COUNT(*) FROM accounts WHERE free > 0 AND free < 500").fetchone()[0]
        assert below == 0, "an account holds less than the existential deposit"

    def close(self) -> None:
        self.chain.close()
