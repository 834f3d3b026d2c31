"""The fake subtensor's runtime APIs (`state_call("<Api>_<method>", params)`).

Parameters are decoded and answers encoded with the API's own input and output types from the
V15 metadata; struct fields the fake does not model are the type's zero value (emissions, trust,
identities...), never invented figures. A method the fake does not model answers the error a node
gives for a method its runtime lacks.
"""
from __future__ import annotations

from tests.substrate.fake_runtime import Codec
from tests.substrate.fake_state import (
    WEIGHT_PROOF_SIZE,
    WEIGHT_REF_TIME,
    State,
    Subnet,
    transaction_fee,
)
from tests.substrate.fake_subnet_apis import SubnetApis, axon_info


class UnknownMethod(Exception):
    pass


class RuntimeApis(SubnetApis):
    def __init__(self, codec: Codec, state: State, block: int) -> None:
        self.codec, self.state, self.block = codec, state, block

    def call(self, name: str, data: bytes) -> bytes:
        api, _, method = name.partition("_")
        try:
            spec = self.codec.runtime_api(api, method)
        except KeyError:
            raise UnknownMethod(f"Exported method {name} is not found") from None
        handler = getattr(self, f"{api}_{method}", None)
        if handler is None:
            raise UnknownMethod(f"Exported method {name} is not modelled by the fake subtensor")
        args, offset = [], 0
        for param in spec["inputs"]:
            obj = self.codec.decode_obj(param["ty"], data[offset:])
            args.append(obj.value)
            offset += obj.data.offset
        return self.codec.encode(spec["output"], handler(*args))

    def _out(self, api: str, method: str) -> int:
        """The struct type inside an API's Option/Vec output."""
        tid = self.codec.runtime_api(api, method)["output"]
        while True:
            t = self.codec.types[tid]
            if t["path"] == ["Option"]:
                tid = t["params"][0]["type"]
            elif "sequence" in t["def"]:
                tid = t["def"]["sequence"]["type"]
            else:
                return tid

    def _subnet(self, netuid: int) -> Subnet | None:
        return self.state.subnets.get(netuid)

    # -- SwapRuntimeApi -------------------------------------------------------------------------
    def SwapRuntimeApi_current_alpha_price(self, netuid):
        s = self._subnet(netuid)
        return s.price_rao if s else 0

    def SwapRuntimeApi_current_alpha_price_all(self):
        return [{"netuid": n, "price": s.price_rao} for n, s in sorted(self.state.subnets.items())]

    def SwapRuntimeApi_sim_swap_tao_for_alpha(self, netuid, tao):
        s = self._subnet(netuid)
        alpha = s.quote_tao_for_alpha(tao) if s else 0
        ideal = int(tao / s.price) if s else 0
        return {"tao_amount": tao, "alpha_amount": alpha, "tao_fee": 0, "alpha_fee": 0,
                "tao_slippage": 0, "alpha_slippage": max(0, ideal - alpha)}

    def SwapRuntimeApi_sim_swap_alpha_for_tao(self, netuid, alpha):
        s = self._subnet(netuid)
        tao = s.quote_alpha_for_tao(alpha) if s else 0
        ideal = int(alpha * s.price) if s else 0
        return {"tao_amount": tao, "alpha_amount": alpha, "tao_fee": 0, "alpha_fee": 0,
                "tao_slippage": max(0, ideal - tao), "alpha_slippage": 0}

    # -- StakeInfoRuntimeApi, NeuronInfoRuntimeApi, DelegateInfoRuntimeApi ---------------------
    def _stake_info(self, hotkey: str, coldkey: str, netuid: int, alpha: int) -> dict:
        s = self._subnet(netuid)
        return self.codec.filled(self._out("StakeInfoRuntimeApi", "get_stake_info_for_coldkey"), {
            "hotkey": hotkey, "coldkey": coldkey, "netuid": netuid, "stake": alpha,
            "is_registered": bool(s and s.neuron(hotkey)),
        })

    def StakeInfoRuntimeApi_get_stake_info_for_coldkey(self, coldkey):
        return [self._stake_info(h, coldkey, n, a) for h, n, a in self.state.coldkey_stakes(coldkey)]

    def StakeInfoRuntimeApi_get_stake_info_for_coldkeys(self, coldkeys):
        return [(c, self.StakeInfoRuntimeApi_get_stake_info_for_coldkey(c)) for c in coldkeys]

    def StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid(self, hotkey, coldkey, netuid):
        # the real runtime answers Some even for no stake (golden runtime_calls: stake 0, is_registered false)
        return self._stake_info(hotkey, coldkey, netuid, self.state.stake(hotkey, coldkey, netuid))

    def _neuron_lite(self, s: Subnet, n) -> dict:
        return self.codec.filled(self._out("NeuronInfoRuntimeApi", "get_neurons_lite"), {
            "hotkey": n.hotkey, "coldkey": n.coldkey, "uid": n.uid, "netuid": s.netuid, "active": True,
            "axon_info": axon_info(n), "stake": self.state.stakers(n.hotkey, s.netuid),
            "last_update": n.last_update, "validator_permit": n.validator_permit,
        })

    def _neuron(self, s: Subnet, n) -> dict:
        tid = self._out("NeuronInfoRuntimeApi", "get_neurons")
        values = {k: v for k, v in self._neuron_lite(s, n).items() if k in self.codec.zero(tid)}
        values["weights"] = [tuple(w) for w in n.weights]
        return self.codec.filled(tid, values)

    def NeuronInfoRuntimeApi_get_neurons(self, netuid):
        s = self._subnet(netuid)
        return [self._neuron(s, n) for n in s.neurons] if s else []

    def NeuronInfoRuntimeApi_get_neuron(self, netuid, uid):
        s = self._subnet(netuid)
        return self._neuron(s, s.neurons[uid]) if s and uid < len(s.neurons) else None

    def NeuronInfoRuntimeApi_get_neurons_lite(self, netuid):
        s = self._subnet(netuid)
        return [self._neuron_lite(s, n) for n in s.neurons] if s else []

    def NeuronInfoRuntimeApi_get_neuron_lite(self, netuid, uid):
        s = self._subnet(netuid)
        return self._neuron_lite(s, s.neurons[uid]) if s and uid < len(s.neurons) else None

    def _delegate(self, hotkey: str) -> dict:
        regs = [n for n, s in sorted(self.state.subnets.items()) if s.neuron(hotkey)]
        nominators: dict[str, list] = {}
        for (h, c, n), a in sorted(self.state.stakes.items()):
            if h == hotkey:
                nominators.setdefault(c, []).append((n, a))
        return self.codec.filled(self._out("DelegateInfoRuntimeApi", "get_delegates"), {
            "delegate_ss58": hotkey, "take": self.state.takes.get(hotkey, 0),
            "nominators": list(nominators.items()), "owner_ss58": self.state.owners.get(hotkey, hotkey),
            "registrations": regs,
        })

    def DelegateInfoRuntimeApi_get_delegates(self):
        return [self._delegate(h) for h in sorted(self.state.takes)]

    def DelegateInfoRuntimeApi_get_delegate(self, hotkey):
        return self._delegate(hotkey) if hotkey in self.state.takes else None

    # -- accounts, fees, registration cost -----------------------------------------------------
    def AccountNonceApi_account_nonce(self, account):
        return self.state.accounts.get(account, {}).get("nonce", 0)

    def TransactionPaymentApi_query_info(self, _uxt, length):
        return {"weight": {"ref_time": WEIGHT_REF_TIME, "proof_size": WEIGHT_PROOF_SIZE}, "class": "Normal",
                "partial_fee": transaction_fee(length)}

    def SubnetRegistrationRuntimeApi_get_network_registration_cost(self):
        return self.state.network_lock_cost
