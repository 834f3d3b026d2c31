"""The fake subtensor's neuron- and subnet-side calls (a mixin of `fake_calls.Dispatcher`).

Burned registration, weights (set, commit, reveal: the commit is blake2-256 of the SCALE encoding
of (hotkey, netuid, uids, values, salt, version_key), as on the real chain), axons, delegate takes,
subnet creation and start. Errors are the real pallet errors, by name, resolved to their metadata
index by `Dispatcher.fail`.
"""
from __future__ import annotations

from tests.substrate.fake_extrinsic import Failed, blake2_256
from tests.substrate.fake_state import MAX_TAKE, MIN_TAKE, ROOT, Subnet


class NeuronCalls:
    """Needs `codec`, `state`, `ext`, `block`, `events`, `fail()` and `_subnet()` from the dispatcher."""

    def _registered(self, netuid: int, hotkey: str, error: str = "HotKeyNotRegisteredInSubNet"):
        neuron = self._subnet(netuid).neuron(hotkey)
        if neuron is None:
            self.fail("SubtensorModule", error)
        return neuron

    def SubtensorModule_burned_register(self, netuid, hotkey):
        coldkey = self.ext.signer
        if netuid == 0:
            self.fail("SubtensorModule", "RegistrationNotPermittedOnRootSubnet")
        subnet = self._subnet(netuid)
        if not subnet.hyperparams["registration_allowed"]:
            self.fail("SubtensorModule", "SubNetRegistrationDisabled")
        if subnet.neuron(hotkey):
            self.fail("SubtensorModule", "HotKeyAlreadyRegisteredInSubNet")
        if self.state.owners.get(hotkey, coldkey) != coldkey:
            self.fail("SubtensorModule", "NonAssociatedColdKey")
        if self.state.free(coldkey) < subnet.burn:
            self.fail("SubtensorModule", "NotEnoughBalanceToStake")
        if len(subnet.neurons) >= subnet.max_uids:
            self.fail("SubtensorModule", "NoNeuronIdAvailable")
        self.state.account(coldkey)["free"] -= subnet.burn
        neuron = self.state.register(netuid, hotkey, coldkey, self.block)
        self.events.append(("SubtensorModule", "NeuronRegistered", (netuid, neuron.uid, hotkey)))

    def SubtensorModule_register_limit(self, netuid, hotkey, limit_price):
        """burned_register that refuses a burn above `limit_price` rao (RegistrationPriceLimitExceeded)."""
        subnet = self._subnet(netuid)
        if subnet.burn > limit_price:
            self.fail("SubtensorModule", "RegistrationPriceLimitExceeded")
        self.SubtensorModule_burned_register(netuid, hotkey)

    def SubtensorModule_register_network_with_identity(self, hotkey, identity):
        self.SubtensorModule_register_network(hotkey)
        if identity and identity.get("subnet_name"):
            name = identity["subnet_name"]
            subnet = self.state.subnets[max(self.state.subnets)]
            subnet.name = bytes.fromhex(name[2:]).decode() if name.startswith("0x") else name

    def SubtensorModule_register_network(self, hotkey):
        coldkey, cost = self.ext.signer, self.state.network_lock_cost
        if self.state.owners.get(hotkey, coldkey) != coldkey:
            self.fail("SubtensorModule", "NonAssociatedColdKey")
        if self.state.free(coldkey) < cost:
            self.fail("SubtensorModule", "CannotAffordLockCost")
        netuid = max(self.state.subnets, default=0) + 1
        self.state.account(coldkey)["free"] -= cost
        self.state.subnets[netuid] = Subnet(netuid, hotkey, coldkey, name=f"subnet {netuid}", symbol="α",
                                            tao_in=cost, alpha_in=cost, registered_at=self.block,
                                            first_emission_block=None, locked=cost)
        self.state.register(netuid, hotkey, coldkey, self.block)
        self.state.network_lock_cost = cost * 2
        self.events.append(("SubtensorModule", "NetworkAdded", (netuid, 1)))

    def _owner(self, netuid: int) -> Subnet:
        subnet = self._subnet(netuid)
        if self.ext.signer not in (subnet.owner_coldkey, ROOT):
            raise Failed("BadOrigin")
        return subnet

    def SubtensorModule_start_call(self, netuid):
        subnet = self._owner(netuid)
        if subnet.first_emission_block is not None:
            self.fail("SubtensorModule", "FirstEmissionBlockNumberAlreadySet")
        subnet.first_emission_block = self.block + 1
        self.events.append(("SubtensorModule", "FirstEmissionBlockNumberSet", (netuid, self.block + 1)))

    # -- weights ----------------------------------------------------------------------------------
    def _apply_weights(self, netuid, uids, values, version_key):
        subnet = self._subnet(netuid)
        neuron = self._registered(netuid, self.ext.signer)
        if len(uids) != len(values):
            self.fail("SubtensorModule", "WeightVecNotEqualSize")
        if len(set(uids)) != len(uids):
            self.fail("SubtensorModule", "DuplicateUids")
        if any(uid >= len(subnet.neurons) for uid in uids):
            self.fail("SubtensorModule", "UidVecContainInvalidOne")
        if version_key < subnet.hyperparams["weights_version"]:
            self.fail("SubtensorModule", "IncorrectWeightVersionKey")
        neuron.weights = [(u, v) for u, v in zip(uids, values) if v]
        neuron.last_update = self.block
        return neuron

    def SubtensorModule_set_weights(self, netuid, dests, weights, version_key):
        if self._subnet(netuid).hyperparams["commit_reveal_weights_enabled"]:
            self.fail("SubtensorModule", "CommitRevealEnabled")
        neuron = self._apply_weights(netuid, dests, weights, version_key)
        self.events.append(("SubtensorModule", "WeightsSet", (netuid, neuron.uid)))

    def SubtensorModule_commit_weights(self, netuid, commit_hash):
        neuron = self._registered(netuid, self.ext.signer)
        if not self._subnet(netuid).hyperparams["commit_reveal_weights_enabled"]:
            self.fail("SubtensorModule", "CommitRevealDisabled")
        neuron.commit = commit_hash
        self.events.append(("SubtensorModule", "WeightsCommitted", (self.ext.signer, netuid, commit_hash)))

    def commit_hash(self, who: str, netuid: int, uids, values, salt, version_key) -> str:
        encode = self.codec.encode
        data = (encode(0, who) + encode("u16", netuid) + encode("Vec<u16>", list(uids))
                + encode("Vec<u16>", list(values)) + encode("Vec<u16>", list(salt)) + encode("u64", version_key))
        return "0x" + blake2_256(data).hex()

    def SubtensorModule_reveal_weights(self, netuid, uids, values, salt, version_key):
        neuron = self._registered(netuid, self.ext.signer)
        if not neuron.commit:
            self.fail("SubtensorModule", "NoWeightsCommitFound")
        digest = self.commit_hash(self.ext.signer, netuid, uids, values, salt, version_key)
        if digest != neuron.commit:
            self.fail("SubtensorModule", "InvalidRevealCommitHashNotMatch")
        self._apply_weights(netuid, uids, values, version_key)
        neuron.commit = None
        self.events.append(("SubtensorModule", "WeightsRevealed", (self.ext.signer, netuid, digest)))

    def _main_mechanism(self, mecid: int) -> None:
        if mecid != 0:  # the model has one mechanism per subnet (MechanismCountCurrent = 1)
            self.fail("SubtensorModule", "MechanismDoesNotExist")

    def SubtensorModule_set_mechanism_weights(self, netuid, mecid, dests, weights, version_key):
        self._main_mechanism(mecid)
        self.SubtensorModule_set_weights(netuid, dests, weights, version_key)

    def SubtensorModule_commit_mechanism_weights(self, netuid, mecid, commit_hash):
        self._main_mechanism(mecid)
        self.SubtensorModule_commit_weights(netuid, commit_hash)

    def SubtensorModule_reveal_mechanism_weights(self, netuid, mecid, uids, values, salt, version_key):
        self._main_mechanism(mecid)
        self.SubtensorModule_reveal_weights(netuid, uids, values, salt, version_key)

    # -- axons, takes, hyperparameters ------------------------------------------------------------
    def SubtensorModule_serve_axon(self, netuid, version, ip, port, ip_type, protocol, placeholder1, placeholder2):
        neuron = self._registered(netuid, self.ext.signer, "HotKeyNotRegisteredInNetwork")
        if ip_type not in (4, 6):
            self.fail("SubtensorModule", "InvalidIpType")
        if port == 0:
            self.fail("SubtensorModule", "InvalidPort")
        neuron.axon = {"block": self.block, "version": version, "ip": ip, "port": port, "ip_type": ip_type,
                       "protocol": protocol, "placeholder1": placeholder1, "placeholder2": placeholder2}
        self.events.append(("SubtensorModule", "AxonServed", (netuid, self.ext.signer)))

    def _take(self, hotkey, take, increase: bool):
        if self.state.owners.get(hotkey) != self.ext.signer:
            self.fail("SubtensorModule", "NonAssociatedColdKey")
        current = self.state.takes.get(hotkey, MAX_TAKE)
        if increase and take <= current or not increase and take < MIN_TAKE:
            self.fail("SubtensorModule", "DelegateTakeTooLow")
        if not increase and take >= current or increase and take > MAX_TAKE:
            self.fail("SubtensorModule", "DelegateTakeTooHigh")
        self.state.takes[hotkey] = take
        name = "TakeIncreased" if increase else "TakeDecreased"
        self.events.append(("SubtensorModule", name, (self.ext.signer, hotkey, take)))

    def SubtensorModule_increase_take(self, hotkey, take):
        self._take(hotkey, take, True)

    def SubtensorModule_decrease_take(self, hotkey, take):
        self._take(hotkey, take, False)
