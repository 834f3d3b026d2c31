"""A fake subtensor node for offline tests: a test double of a spec-461 Bittensor node, written from its metadata.

What it is: a real WebSocket JSON-RPC server on 127.0.0.1 (free port, own thread) that speaks the
way a subtensor node of runtime spec 461 does, so a Substrate client (async-substrate-interface,
the bittensor SDK, taonet's subtensor backend) connects to it exactly as to a real node. It serves
spec 461's real metadata (tests/vectors/substrate/spec461_golden.json.gz: V15 through
`Metadata_metadata_at_version`, V14 through `state_getMetadata`), genesis hash, spec and
transaction versions, and encodes every storage value, runtime-API answer, event and header with
scalecodec from that metadata's own types: no hand-written SCALE.

What it models (modules `fake_*.py` beside this one):
- state (`fake_state`): accounts (free balance, nonce), subnets with constant-product pools
  (tao_in, alpha_in, alpha_out, price, owner, name/symbol, burn, hyperparameters), neurons
  (hotkey, coldkey, uid, axon, weights, pending commit), stakes per (hotkey, coldkey, netuid),
  delegate takes, the network lock cost, a sudo key;
- storage (`fake_storage`): System.Account/Events/Number, Timestamp.Now, Balances.TotalIssuance,
  Sudo.Key and the SubtensorModule items the clients read (Owner, Delegates, NetworksAdded,
  SubnetOwner, Burn, Tempo, SubnetworkN, Keys, Uids, SubnetTAO/AlphaIn/AlphaOut, Axons, ...), per
  block, with keys from the metadata's hashers;
- runtime APIs (`fake_apis`, `fake_subnet_apis`): SubnetInfoRuntimeApi (dynamic info, metagraph,
  mechagraph and selective metagraph/mechagraph, subnet state, subnet info v1/v2, hyperparameters
  v1/v2/v3, next epoch block), SwapRuntimeApi (prices, simulated swaps), StakeInfoRuntimeApi,
  NeuronInfoRuntimeApi (full and lite), DelegateInfoRuntimeApi, TransactionPaymentApi.query_info,
  AccountNonceApi, SubnetRegistrationRuntimeApi.get_network_registration_cost; any other method
  answers error 4003 "... not modelled by the fake subtensor";
- extrinsics (`fake_extrinsic`, `fake_chain`, `fake_calls`, `fake_neurons`, `fake_sudo`): signed
  v4 extrinsics decoded with the metadata, sr25519/ed25519 signatures verified over the real
  signing payload, nonce, era and genesis checked; refusals answered as the pool does (1010
  "Invalid Transaction" with "Transaction has a bad signature", "Transaction is outdated",
  "Inability to pay some fees ..."); accepted ones sealed at once in a new block (instant seal)
  with the real event sequence and `DispatchError::Module{index, error}` of the real pallet error
  on failure. Calls: Balances transfers (+ force_set_balance as root), add/remove stake (plain and
  limit), move/swap (plain and limit)/transfer stake, unstake_all, burned_register, register_limit,
  register_network(_with_identity), start_call, set/commit/reveal weights (+ mechanism 0 variants),
  serve_axon, increase/decrease_take, AdminUtils.sudo_set_* (owner or root), Sudo.sudo/set_key;
  any other call fails with System.CallFiltered.

What it does not model: consensus, finality lag, forks, emissions and epochs, swap fees, rate
limits, the commit-reveal timing windows (a reveal is accepted any time after its commit), timelocked
(drand) weight commits, more than one mechanism per subnet, root claims, childkeys, proxies,
batches, MEV shield, transactions held as "future" (a future nonce is refused instead), the
CheckMetadataHash mode "Enabled". Blocks are sealed when an extrinsic is accepted, by
`produce_blocks`, or every `block_interval` seconds when one is given (the bittensor SDK's
set_weights needs blocks to pass after a registration).

Use:

    from tests.substrate.fake_subtensor import ALICE, BOB, FakeSubtensor
    with FakeSubtensor(accounts={ALICE: 1_000 * RAO}) as node:
        SubstrateInterface(node.url)...        # or: btcli ... --network node.url

`FakeSubtensor(accounts={ss58: rao}, subnets=[{...}] (default `standard_subnets()`: root, 1 "apex"
at 0.25 τ/α and 2 "omron" at 2 τ/α, owned by //Alice with //Bob as owner hotkey and uid 0),
sudo=ss58 (default //Alice), block_interval=None)`; a subnet spec takes the `fake_state.Subnet`
fields plus `neurons=[(hotkey, coldkey)]`, `stakes=[(hotkey, coldkey, alpha)]`, `hyperparams={}`.
Helpers `add_subnet`, `register`, `set_stake`, `fund`, `produce_blocks`, `balance`, `stake`;
`state` is the live model; `calls` lists the RPC methods clients asked for, `errors` those refused.
"""
from __future__ import annotations

import asyncio
import threading

from tests.substrate.fake_chain import Chain
from tests.substrate.fake_runtime import codec as load_codec
from tests.substrate.fake_server import serve_connection
from tests.substrate.fake_state import RAO, State, Subnet


def address(uri: str) -> str:
    """The ss58 address of a dev key such as `//Alice`."""
    from wallet.keypair import Keypair

    return Keypair.from_uri(uri).ss58_address


ALICE, BOB, CHARLIE = address("//Alice"), address("//Bob"), address("//Charlie")


def standard_subnets() -> list[dict]:
    """Root and two dynamic subnets owned by //Alice (coldkey) with //Bob as owner hotkey."""
    return [
        {"netuid": 0, "name": "root", "symbol": "Τ", "tao_in": 0, "alpha_in": 0, "neurons": []},
        {"netuid": 1, "name": "apex", "symbol": "α", "tao_in": 1_000 * RAO, "alpha_in": 4_000 * RAO,
         "alpha_out": 100 * RAO, "neurons": [(BOB, ALICE)], "stakes": [(BOB, ALICE, 100 * RAO)]},
        {"netuid": 2, "name": "omron", "symbol": "β", "tao_in": 500 * RAO, "alpha_in": 250 * RAO,
         "burn": 2 * RAO, "neurons": [(BOB, ALICE)]},
    ]


class FakeSubtensor:
    def __init__(self, accounts: dict[str, int] | None = None, subnets: list[dict] | None = None, *,
                 sudo: str | None = ALICE, block_interval: float | None = None) -> None:
        """`block_interval`: seconds between empty blocks sealed on a timer (None: only when something is submitted)."""
        self.codec = load_codec()
        self.state = State(sudo_key=sudo)
        for who, rao in (accounts if accounts is not None else {ALICE: 1_000_000 * RAO}).items():
            self.state.account(who)["free"] = rao
        for spec in (standard_subnets() if subnets is None else subnets):
            self._add_subnet(**spec)
        self.chain = Chain(self.codec, self.state)
        self.chain.produce(1)
        self.chain.listeners.append(self._notify_heads)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._connections: set = set()
        self.port: int | None = None
        self.block_interval = block_interval

    # -- lifecycle ---------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the fake subtensor is not started")
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> FakeSubtensor:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="fake-subtensor", daemon=True)
        self._thread.start()
        if not ready.wait(10) or self.port is None:
            raise RuntimeError("the fake subtensor did not start")
        return self

    def _run(self, ready: threading.Event) -> None:
        from websockets.asyncio.server import serve

        async def main() -> None:
            self._stop = asyncio.Event()
            handler = lambda ws: serve_connection(self.chain, ws, self._connections)
            async with serve(handler, "127.0.0.1", 0, max_size=None) as server:
                self.port = server.sockets[0].getsockname()[1]
                ready.set()
                while not self._stop.is_set():
                    try:
                        await asyncio.wait_for(self._stop.wait(), self.block_interval)
                    except TimeoutError:
                        self.chain.produce()

        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(main())
        finally:
            self._loop.close()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(10)
        self.port = None

    def __enter__(self) -> FakeSubtensor:  # noqa: PYI034 - start() returns this instance
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _notify_heads(self, block) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        for rpc in list(self._connections):
            messages = rpc.new_head(block)
            if messages:
                asyncio.run_coroutine_threadsafe(rpc.send(messages), loop)

    @property
    def calls(self) -> list[str]:
        """Every RPC method clients asked for, in order (`state_call` as `state_call:<Api_method>`)."""
        return [f"{m}:{name}" if name else m for m, name, _ in list(self.chain.rpc_log)]

    @property
    def errors(self) -> list[tuple[str, int]]:
        """The requests answered with a JSON-RPC error: (method or state_call:<name>, code)."""
        return [(f"{m}:{name}" if name else m, code) for m, name, code in list(self.chain.rpc_log) if code]

    # -- seeding and inspecting (each change is sealed into a new block) ---------------------------
    def _add_subnet(self, netuid: int, name: str = "", symbol: str = "", *, owner_hotkey: str = BOB,
                    owner_coldkey: str = ALICE, neurons=(), stakes=(), hyperparams=None, **fields) -> Subnet:
        subnet = Subnet(netuid, owner_hotkey, owner_coldkey, name=name, symbol=symbol, **fields)
        subnet.hyperparams.update(hyperparams or {})
        self.state.subnets[netuid] = subnet
        self.state.owners.setdefault(owner_hotkey, owner_coldkey)
        for hotkey, coldkey in neurons:
            self.state.register(netuid, hotkey, coldkey, 0)
        for hotkey, coldkey, alpha in stakes:
            self.state.add_alpha(hotkey, coldkey, netuid, alpha)
        return subnet

    def add_subnet(self, netuid: int, name: str = "", symbol: str = "", **fields) -> Subnet:
        with self.chain.lock:
            subnet = self._add_subnet(netuid, name, symbol, **fields)
            self.chain.produce()
            return subnet

    def register(self, netuid: int, hotkey: str, coldkey: str) -> int:
        with self.chain.lock:
            uid = self.state.register(netuid, hotkey, coldkey, self.chain.head.number).uid
            self.chain.produce()
            return uid

    def set_stake(self, hotkey: str, coldkey: str, netuid: int, alpha: int) -> None:
        with self.chain.lock:
            subnet = self.state.subnets[netuid]
            delta = alpha - self.state.stake(hotkey, coldkey, netuid)
            self.state.add_alpha(hotkey, coldkey, netuid, delta)
            subnet.alpha_out += delta
            self.chain.produce()

    def fund(self, who: str, rao: int) -> None:
        with self.chain.lock:
            self.state.account(who)["free"] = rao
            self.chain.produce()

    def produce_blocks(self, count: int = 1) -> int:
        return self.chain.produce(count).number

    def balance(self, who: str) -> int:
        return self.state.free(who)

    def stake(self, hotkey: str, coldkey: str, netuid: int) -> int:
        return self.state.stake(hotkey, coldkey, netuid)
