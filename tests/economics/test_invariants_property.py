"""Property test: thousands of random operations (transfers, subnet creation and start, burned
registrations, stake add/remove/move/transfer/swap with and without limits, root stake, take
changes, root claim types and claims, the number of auto-claims per block, hyperparameters, empty
blocks) on an in-process chain whose EMA prices follow spot within a few blocks, so root dividends
flow and are claimed by hand and automatically. After every block the builder checks: total
issuance = free balances + TAO in all pools (exactly, in rao); no non-root reserve below
MinimumReserve; every hotkey pool's shares sum to its stakers' shares and its alpha covers their
stakes; alpha_out = stakes + pending + protocol alpha + root escrow; Σ owed root claims ≤ the
escrow; the auto-claim index is a bijection onto the root-staking coldkeys; no negative amount;
state root = full recompute. A failed extrinsic changes nothing but its fee (and nonce), apart
from the block's epoch and auto-claims."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from consensus.pool import PRICE_LIMIT_SCALE
from node.builder import ChainBuilder, address_of
from node.runtime import staking
from tests.economics.conftest import TAO, economy_spec

COLDKEYS = ["alice", "bob", "charlie", "dave", "eve", "ferdie"]
HOTKEYS = [f"hk{i}" for i in range(5)]
NETUIDS = st.integers(0, 4)
AMOUNTS = st.one_of(st.integers(0, 3 * 10**6), st.integers(10**6, 50 * TAO), st.sampled_from([0, 1, 2 * 10**6, 10**15]))
FRACTIONS = st.sampled_from([0.0, 0.01, 0.3, 0.5, 0.999, 1.0])
LIMITS = st.one_of(st.none(), st.sampled_from([0.5, 0.99, 1.001, 1.05, 2.0]))
_dirs = itertools.count()
PICKS = 40
PICK = st.integers(0, PICKS)  # an index into what exists (PICKS itself: something that does not)
NAMES = {address_of(n): n for n in COLDKEYS + HOTKEYS}
OUTCOMES: dict[str, int] = {}  # "call: success|error name" -> count, for the coverage check below
CLAIMED = {"kept": 0, "swapped": 0}  # root claims by extrinsic that paid something
AUTO_CLAIMED = {"kept": 0, "swapped": 0}  # auto-claims (node.runtime.auto_claim) that paid something


class Economy(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.b: ChainBuilder | None = None

    @initialize(auto_claims=st.sampled_from([0, 1, 2, 5]))
    def start_chain(self, auto_claims: int) -> None:
        """A fresh chain; `auto_claims` coldkeys auto-claimed per block (0: none, so claims by hand pay)."""
        import tempfile

        folder = tempfile.mkdtemp(prefix=f"econ-prop-{next(_dirs)}-")
        self.b = ChainBuilder(folder, economy_spec(network_min_lock_cost=10 * TAO, default_tempo=4,
                                                   max_epochs_per_block=1, subnet_moving_alpha=2**32,
                                                   root_claim_threshold=1000, delegate_take_rate_limit=2,
                                                   num_root_claims=auto_claims))

    def teardown(self) -> None:
        if self.b is not None:
            self.b.close()

    # -- one extrinsic per block, and what a failure may change ------------------------------------
    def _stakes_of(self, who: str) -> list:
        conn = self.b.chain.reader.conn()
        prefix = address_of(who) + ":"
        return conn.execute("SELECT key, shares FROM stake WHERE key >= ? AND key < ? ORDER BY key",
                            (prefix, prefix + "\uffff")).fetchall()

    def act(self, who: str, call: str, /, **args) -> None:
        from node.pool import Refused

        free, stakes = self.b.free(who), self._stakes_of(who)
        try:
            self.b.submit(who, call, args)
        except Refused:  # the signer cannot pay the fee: the pool refuses it, nothing happens
            self.b.block()
            return
        self.b.block()  # checks every invariant
        result = self.b.last.results[0]
        key = f"{call}: {'ok' if result.success else result.error}"
        OUTCOMES[key] = OUTCOMES.get(key, 0) + 1
        auto_claimed = set()
        for x, name, data in self.b.last.events:
            for claim in data.get("claims", []) if name == "subtensor.RootClaimed" else []:
                (AUTO_CLAIMED if x is None else CLAIMED)["kept" if claim["kept"] else "swapped"] += 1
                if x is None:
                    auto_claimed.add(NAMES[data["coldkey"]])
        if not result.success:
            assert result.error and result.message, "a failure has a name and a sentence"
            assert not result.error.startswith("system.InvalidArguments"), result.message
            mine = [(n, d) for x, n, d in self.b.last.events if x == 0]
            assert [n for n, _ in mine] == ["transaction_payment.TransactionFeePaid", "system.ExtrinsicFailed"], mine
            fee = mine[0][1]["actual_fee"]
            assert free - self.b.free(who) in (fee, free), "a failed call took more than its fee"
            epoch_paid = any(n == "subtensor.EmissionDistributed" for _, n, _ in self.b.last.events)
            assert epoch_paid or who in auto_claimed or self._stakes_of(who) == stakes, "a failed call changed stake"

    def _held(self, cold: str, hot: str, netuid: int) -> int:
        return staking.stake_alpha(self.b.chain.state, address_of(cold), address_of(hot), netuid)

    def _price(self, netuid: int):
        from node.runtime import economy as eco

        s = eco.subnet(self.b.chain.state, netuid)
        return None if s is None else s.price

    def _limit(self, netuid: int, factor: float | None) -> int | None:
        price = self._price(netuid)
        if factor is None or price is None:
            return None
        return max(int(price * PRICE_LIMIT_SCALE * factor), 1)

    # -- choosing mostly-valid targets -------------------------------------------------------------
    def _netuid(self, ix: int, root: bool = True, started: bool = False) -> int:
        """An existing netuid most of the time (root too unless `root` is False; mostly started
        ones with `started`), sometimes one that does not exist."""
        from node.runtime import economy as eco

        state = self.b.chain.state
        netuids = eco.netuids(state)
        if started and ix % 8:
            netuids = [n for n in netuids if n == 0 or eco.subnet(state, n).first_emission_block]
        if not root and len(netuids) > 1 and ix % 8:
            netuids = netuids[1:]
        return 99 if ix == PICKS else netuids[ix % len(netuids)]

    def _owner(self, hot: str) -> str | None:
        owner = staking.hotkey_owner(self.b.chain.state, address_of(hot))
        return None if owner is None else NAMES[owner]

    def _position(self, ix: int) -> tuple[str, str, int] | None:
        rows = self.b.chain.reader.conn().execute("SELECT key FROM stake ORDER BY key").fetchall()
        if not rows:
            return None
        cold, hot, netuid = rows[ix % len(rows)][0].split(":")
        return NAMES[cold], NAMES[hot], int(netuid)

    # -- rules ------------------------------------------------------------------------------------
    @rule(src=st.sampled_from(COLDKEYS), dst=st.sampled_from(COLDKEYS), amount=AMOUNTS)
    def transfer(self, src, dst, amount):
        self.act(src, "balances.transfer_allow_death", dest=address_of(dst), value=amount)

    @rule(owner=st.sampled_from(COLDKEYS), hot=st.sampled_from(HOTKEYS), start=st.sampled_from([True, True, False]))
    def create_subnet(self, owner, hot, start):
        owner = self._owner(hot) or owner
        self.act(owner, "subtensor.register_network", hotkey=address_of(hot))
        if start and self.b.last.results[0].success:
            netuid = [d for _, n, d in self.b.last.events if n == "subtensor.NetworkAdded"][0]["netuid"]
            self.act(owner, "subtensor.start_call", netuid=netuid)
            self.act("alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter", "args": {
                "netuid": netuid, "parameter": "ema_price_halving_blocks", "value": 1}})

    @rule(owner=st.sampled_from(COLDKEYS), ix=PICK)
    def start(self, owner, ix):
        self.act(owner, "subtensor.start_call", netuid=self._netuid(ix))

    @rule(cold=st.sampled_from(COLDKEYS), hot=st.sampled_from(HOTKEYS), ix=PICK, as_owner=st.booleans())
    def register(self, cold, hot, ix, as_owner):
        cold = (self._owner(hot) or cold) if as_owner else cold
        self.act(cold, "subtensor.burned_register", netuid=self._netuid(ix, root=False), hotkey=address_of(hot))

    @rule(cold=st.sampled_from(COLDKEYS), hot=st.sampled_from(HOTKEYS), ix=PICK, amount=AMOUNTS,
          limit=LIMITS, partial=st.booleans())
    def add_stake(self, cold, hot, ix, amount, limit, partial):
        netuid = self._netuid(ix, root=False, started=True)
        price_limit = self._limit(netuid, limit)
        if price_limit is None:
            self.act(cold, "subtensor.add_stake", hotkey=address_of(hot), netuid=netuid, amount_staked=amount)
        else:
            self.act(cold, "subtensor.add_stake_limit", hotkey=address_of(hot), netuid=netuid, amount_staked=amount,
                     limit_price=price_limit, allow_partial=partial)

    @rule(ix=PICK, fraction=FRACTIONS, limit=LIMITS, partial=st.booleans())
    def remove_stake(self, ix, fraction, limit, partial):
        position = self._position(ix)
        if position is None:
            return
        cold, hot, netuid = position
        amount = int(self._held(cold, hot, netuid) * fraction)
        price_limit = self._limit(netuid, None if limit is None else 1 / limit)
        if price_limit is None:
            self.act(cold, "subtensor.remove_stake", hotkey=address_of(hot), netuid=netuid, amount_unstaked=amount)
        else:
            self.act(cold, "subtensor.remove_stake_limit", hotkey=address_of(hot), netuid=netuid,
                     amount_unstaked=amount, limit_price=price_limit, allow_partial=partial)

    @rule(cold=st.sampled_from(COLDKEYS), hot=st.sampled_from(HOTKEYS), ix=PICK, amount=AMOUNTS)
    def add_stake_again(self, cold, hot, ix, amount):
        """Staking is the heart of the economy: a second rule doubles its share of the operations."""
        self.add_stake(cold, hot, ix, amount, None, False)

    @rule(ix=PICK, dest=st.sampled_from(COLDKEYS), hot2=st.sampled_from(HOTKEYS), dest_ix=PICK, fraction=FRACTIONS,
          kind=st.sampled_from(["move", "transfer", "swap"]), limit=LIMITS, partial=st.booleans())
    def move(self, ix, dest, hot2, dest_ix, fraction, kind, limit, partial):
        position = self._position(ix)
        if position is None:
            return
        cold, hot, origin = position
        destination = origin if dest_ix % 3 == 0 and kind != "swap" else self._netuid(dest_ix, started=True)
        if kind == "swap" and destination == origin and dest_ix % 4:
            destination = self._netuid(dest_ix + 1, started=True)
        owned = [h for h in HOTKEYS if self._owner(h)]
        hot2 = owned[dest_ix % len(owned)] if owned and dest_ix % 5 else hot2
        amount = int(self._held(cold, hot, origin) * fraction)
        if kind == "move":
            call, args = "subtensor.move_stake", dict(origin_hotkey=address_of(hot), destination_hotkey=address_of(hot2))
        elif kind == "transfer":
            call, args = "subtensor.transfer_stake", dict(destination_coldkey=address_of(dest), hotkey=address_of(hot))
        else:
            call, args = "subtensor.swap_stake", dict(hotkey=address_of(hot))
        args.update(origin_netuid=origin, destination_netuid=destination, alpha_amount=amount)
        if limit is not None:
            p1, p2 = self._price(origin), self._price(destination)
            if p1 is not None and p2:
                call += "_limit"
                args.update(limit_price=max(int(p1 / p2 * PRICE_LIMIT_SCALE / limit), 1), allow_partial=partial)
        self.act(cold, call, **args)

    @rule(ix=PICK, param=st.sampled_from(["tempo", "max_allowed_uids", "immunity_period", "min_burn",
                                          "registration_allowed", "burn_half_life"]),
          value=st.sampled_from([0, 1, 2, 5, 64, 1000, 10**9]))
    def set_hyperparameter(self, ix, param, value):
        self.act("alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                                             "args": {"netuid": self._netuid(ix), "parameter": param, "value": value}})

    @rule(cold=st.sampled_from(COLDKEYS), hot=st.sampled_from(HOTKEYS), ix=PICK, amount=AMOUNTS)
    def add_root_stake(self, cold, hot, ix, amount):
        """Root stake, mostly to a registered hotkey (it earns root dividends where it validates)."""
        owned = [h for h in HOTKEYS if self._owner(h)]
        hot = owned[ix % len(owned)] if owned and ix % 4 else hot
        self.act(cold, "subtensor.add_stake", hotkey=address_of(hot), netuid=0, amount_staked=amount)

    @rule(hot=st.sampled_from(HOTKEYS), cold=st.sampled_from(COLDKEYS), as_owner=st.booleans(), ix=PICK,
          step=st.sampled_from([-20_000, -3000, -1, 0, 1, 3000, 20_000]))
    def change_take(self, hot, cold, as_owner, ix, step):
        """A take change by `step` from the current take (mostly on a registered hotkey, by its owner)."""
        from node.runtime.take import take_of

        state = self.b.chain.state
        owned = sorted((h for h in HOTKEYS if self._owner(h)), key=lambda h: take_of(state, address_of(h)))
        if owned and as_owner:  # a raise mostly where the take is lowest: it can go up
            hot = owned[0] if step > 0 and ix % 3 else owned[ix % len(owned)]
        cold = (self._owner(hot) or cold) if as_owner else cold
        new = min(max(take_of(state, address_of(hot)) + step, 0), 65535)
        self.act(cold, "subtensor.increase_take" if step > 0 else "subtensor.decrease_take", hotkey=address_of(hot),
                 take=new)

    @rule(cold=st.sampled_from(COLDKEYS), kind=st.sampled_from(["Swap", "Keep", "KeepSubnets"]), ix=PICK)
    def set_claim_type(self, cold, kind, ix):
        rows = self.b.chain.reader.conn().execute("SELECT key FROM stake WHERE key LIKE '%:0' ORDER BY key").fetchall()
        if rows and ix % 2:  # mostly a root staker's
            cold = NAMES[rows[ix % len(rows)][0].split(":")[0]]
        value = {"KeepSubnets": {"subnets": [self._netuid(ix, root=False)] if ix % 5 else []}} \
            if kind == "KeepSubnets" else kind
        self.act(cold, "subtensor.set_root_claim_type", new_root_claim_type=value)

    @rule(cold=st.sampled_from(COLDKEYS), ixs=st.lists(PICK, min_size=0, max_size=6), mine=st.booleans())
    def claim_root(self, cold, ixs, mine):
        """A claim on chosen subnets; with `mine`, by a root staker on the subnets it is owed on."""
        from node.runtime import root_claim

        subnets = [self._netuid(ix, root=False, started=True) for ix in ixs]
        if mine:
            rows = self.b.chain.reader.conn().execute("SELECT key FROM stake WHERE key LIKE '%:0' ORDER BY key").fetchall()
            if rows:
                cold = NAMES[rows[len(ixs) % len(rows)][0].split(":")[0]]
                owed = root_claim.claimable(self.b.chain.state, address_of(cold))
                subnets = sorted({c["netuid"] for c in owed if c["owed"]})[:5] or subnets
        self.act(cold, "subtensor.claim_root", subnets=subnets)

    @rule(count=st.integers(1, 6))
    def blocks(self, count):
        self.b.block(count)


TestEconomy = Economy.TestCase
TestEconomy.settings = settings(max_examples=200, stateful_step_count=60, deadline=None, derandomize=True,
                                suppress_health_check=list(HealthCheck))


def test_the_random_operations_covered_the_economy():
    """Runs after TestEconomy (same module): thousands of operations, and each kind succeeded."""
    if not OUTCOMES:
        import pytest

        pytest.skip("the property test did not run first")
    total = sum(OUTCOMES.values())
    succeeded = {k.split(":")[0].removesuffix("_limit") for k, v in OUTCOMES.items() if k.endswith(": ok")}
    assert total >= 3000, OUTCOMES
    for call in ("subtensor.register_network", "subtensor.burned_register", "subtensor.add_stake",
                 "subtensor.remove_stake", "subtensor.move_stake", "subtensor.transfer_stake", "subtensor.swap_stake", "balances.transfer_allow_death",
                 "subtensor.increase_take", "subtensor.decrease_take", "subtensor.set_root_claim_type", "subtensor.claim_root"):
        assert call in succeeded, (call, OUTCOMES)
    assert CLAIMED["kept"] and CLAIMED["swapped"], ("root claims paid nothing", CLAIMED)
    assert AUTO_CLAIMED["swapped"], ("auto-claims paid nothing", AUTO_CLAIMED)  # Keep: tests/economics/test_auto_claim.py
