"""The miner: serves the subnet's synapse on an Axon, publishes the axon on chain, keeps serving.

A subnet's miner sets `synapse` (its Synapse class) and writes `forward(synapse)` (or
`forward(synapse, caller)`, where `caller` is the verified identity). Callers are checked by the
axon's CallerPolicy, fed from the metagraph at each sync: registered hotkeys with a validator
permit, or any registered hotkey when `allow_non_validators` is set (or the option
`allow_non_validators=true`). Until the chain reports permits (issue 5's metagraph), every
registered hotkey may call. The axon is published with `subtensor.serve_axon` signed by the
hotkey (free, as on subtensor), at each start and again whenever the chain shows another address.
A serve_axon the chain would refuse (within the serving rate limit, say, or a fee the hotkey cannot
pay where a node asks one) is never signed: the checks `btcli axon set` makes come first, and the
miner says why in status.json (`publish_error`, shown by `btcli miner list`) and once in its log,
then checks again every few seconds and publishes as soon as it may. Without --port, a restarted
miner binds the port it served before (kept in `<state dir>/axon.port`) when it is free, so the
axon on chain stays right.
"""
from __future__ import annotations

import inspect
import time
from typing import Any

from subnets.base.neuron import Neuron

PUBLISH_RETRY_S = 30.0
CHECK_RETRY_S = 3.0  # a refusal foreseen is a cheap read: look again soon (the rate limit ends, TAO arrives)
PORT_FILE = "axon.port"


class Miner(Neuron):
    role = "miner"
    synapse: Any = None  # the subnet's Synapse subclass
    allow_non_validators = False

    def forward(self, synapse: Any) -> Any:
        raise NotImplementedError("a miner implements forward(synapse) -> synapse")

    def blacklist(self, synapse: Any, caller: Any) -> tuple[bool, str]:
        """Refuse a verified, policy-approved caller anyway: (True, reason)."""
        return False, ""

    def priority(self, synapse: Any, caller: Any) -> float:
        """Which waiting request runs first: by default the caller's stake."""
        uid = self.metagraph.uid_of(caller.hotkey)
        index = self.metagraph.index_of_uid(uid) if uid is not None else None
        return float(self.metagraph.stakes[index]) if index is not None else 0.0

    # -- machinery -----------------------------------------------------------------------------
    def setup(self) -> None:
        from subnets.protocol.axon import Axon
        from subnets.protocol.axon_config import AxonConfig
        from subnets.protocol.axon_server import AxonServer
        from subnets.protocol.policy import StaticPolicy

        if self.synapse is None:
            raise TypeError(f"{type(self).__name__} must set `synapse` to its Synapse class")
        self.served = self.failed = 0
        self.published: tuple[str, int] | None = None
        self.publish_error: str | None = None
        self._next_publish = 0.0
        self.open_policy = self.option("allow_non_validators", self.allow_non_validators)
        self.policy = StaticPolicy(require_permit=not self.open_policy)
        self._update_policy()
        self._warned: str | None = None
        config = AxonConfig(host=self.config.host, port=self.config.port, state_dir=self.config.state_dir)
        axon = Axon(self.keypair, config, self.policy)
        takes_caller = len(inspect.signature(self.forward).parameters) >= 2
        axon.attach(self.synapse, self._handler(takes_caller), self.blacklist, self.priority)
        self.server = self._bind(axon, AxonServer).start()
        self._remember_port()
        self.log.info("axon serving %s on %s:%d", self.synapse.__name__, self.config.host, self.server.port)
        self._publish()

    def _port_file(self) -> Any:
        from pathlib import Path

        return Path(self.config.state_dir) / PORT_FILE if self.config.state_dir is not None else None

    def _bind(self, axon: Any, server_class: Any) -> Any:
        """--port when given; else the port served before this restart if it is free; else any port."""
        path = self._port_file()
        if not self.config.port and path is not None:
            try:
                previous = int(path.read_text().strip())
                if 0 < previous < 65536:
                    return server_class(axon, port=previous)
            except (OSError, ValueError):  # no earlier port, or it is taken now: any free one
                pass
        return server_class(axon)

    def _remember_port(self) -> None:
        path = self._port_file()
        if path is not None and not self.config.port:
            try:
                path.write_text(f"{self.server.port}\n")
            except OSError as exc:
                self.log.warning("cannot keep the axon port in %s: %s", path, exc)

    def _handler(self, takes_caller: bool) -> Any:
        def handle(synapse: Any, caller: Any) -> Any:
            try:
                result = self.forward(synapse, caller) if takes_caller else self.forward(synapse)
            except Exception:
                self.failed += 1
                raise
            self.served += 1
            return result
        return handle

    def on_sync(self) -> None:
        if hasattr(self, "policy"):
            self._update_policy()
            self._publish()

    def _update_policy(self) -> None:
        validators = self.metagraph.validators()
        if validators is None:  # no permits on chain yet: any registered caller
            self.policy.require_permit = False
            validators = set()
        else:
            self.policy.require_permit = not self.open_policy
        self.policy.update(self.metagraph.hotkeys, validators)

    def external_address(self) -> tuple[str, int]:
        ip = self.option("external_ip", "")
        if not ip:
            ip = self.config.host if self.config.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        return ip, self.option("external_port", self.server.port)

    def _publish(self) -> None:
        """serve_axon when the chain shows another address for our uid (retried every 30 s)."""
        if self.uid is None or time.monotonic() < self._next_publish:
            return
        ip, port = self.external_address()
        index = self.metagraph.index_of_uid(self.uid)
        axon = self.metagraph.axons[index] if index is not None else None
        if axon and axon.get("ip") == ip and axon.get("port") == port:
            self.published, self.publish_error = (ip, port), None
            return
        from client import hosting

        self._next_publish = time.monotonic() + PUBLISH_RETRY_S
        try:
            why = self._refusal(ip, port)
            if why:  # never sign what the chain would refuse
                self._next_publish = time.monotonic() + CHECK_RETRY_S
                self._publish_failed(*why)
                return
            ext = self.rpc.sign(self.keypair, "subtensor.serve_axon", hosting.serve_axon_args(self.netuid, self.hotkey, ip, port))
            outcome = self.rpc.submit_and_wait(ext, timeout=30)
            self.published, self.publish_error, self._warned = (ip, port), None, None
            self.log.info("axon %s:%d published on subnet %d in block #%s", ip, port, self.netuid, outcome.get("block_number"))
        except Exception as exc:
            self._publish_failed(f"{type(exc).__name__}: {exc} (or publish it with `btcli axon set`)")

    def _refusal(self, ip: str, port: int) -> tuple[str, str] | None:
        """(why, its kind) when serve_axon of ip:port would be refused: `btcli axon set`'s checks
        (registration, address, the serving rate limit), then the fee where a node asks one."""
        from client import hosting, preflight, subnets

        args = hosting.serve_axon_args(self.netuid, self.hotkey, ip, port)
        problem = preflight.axon_blocked(subnets.metagraph(self.rpc, self.netuid), self.hotkey, self.hotkey, ip, port,
                                         args["ip_type"])
        if problem is not None:
            if problem.error == "subtensor.ServingRateLimitExceeded":
                return (f"{problem.message}: the miner publishes {ip}:{port} then (until then validators try the old "
                        "address)", problem.error)
            return f"{problem.message} (the miner checks again every few seconds)", problem.error
        shortfall = hosting.serve_axon_shortfall(self.rpc, self.netuid, self.hotkey, ip, port)
        return (shortfall, "fee") if shortfall else None

    def _publish_failed(self, why: str, kind: str | None = None) -> None:
        """Keep serving; say why the axon is not on chain: in status.json always (as it is now), in
        the log once per kind of reason."""
        self.publish_error = why
        if (kind or why) != self._warned:
            self._warned = kind or why
            self.log.warning("axon not published (serving anyway): %s", why)

    def step(self) -> None:
        self.sleep(min(1.0, self.config.sync_interval))

    def teardown(self) -> None:
        server = getattr(self, "server", None)
        if server is not None:
            server.stop()

    def report(self) -> dict[str, Any]:
        server = getattr(self, "server", None)
        return {"axon_port": server.port if server else None, "served": getattr(self, "served", 0),
                "failed": getattr(self, "failed", 0),
                "published": list(self.published) if getattr(self, "published", None) else None,
                "publish_error": getattr(self, "publish_error", None)}
