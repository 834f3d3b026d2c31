"""The fake subtensor's runtime APIs (`state_call("<Api>_<method>", params)`).

Parameters are decoded and answers encoded with the API's own input and output types from the
V15 metadata; struct fields the fake does not model are the type's zero value (emissions, trust,
identities...), never invented figures. A method the fake does not model answers the error a node
gives for a method its runtime lacks.
"""
from __future__ import annotations

from tests.substrate.fake_runtime import Codec
from tests.substrate.fake_state import (
    RAO,
    WEIGHT_PROOF_SIZE,
    WEIGHT_REF_TIME,
    State,
    Subnet,
    transaction_fee,
)


class UnknownMethod(Exception):
    pass


def _bytes(text: str) -> list[int]:
    return list(text.encode())


def _axon(neuron) -> dict:
    base = {"block": 0, "version": 0, "ip": 0, "port": 0, "ip_type": 0, "protocol": 0,
            "placeholder1": 0, "placeholder2": 0}
    base.update(neuron.axon)
    return base


class RuntimeApis:
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

    # -- SubnetInfoRuntimeApi -----------------------------------------------------------------
    def _dynamic(self, s: Subnet) -> dict:
        return self.codec.filled(self._out("SubnetInfoRuntimeApi", "get_dynamic_info"), {
            "netuid": s.netuid, "owner_hotkey": s.owner_hotkey, "owner_coldkey": s.owner_coldkey,
            "subnet_name": _bytes(s.name), "token_symbol": _bytes(s.symbol), "tempo": s.hyperparams["tempo"],
            "alpha_in": s.alpha_in, "alpha_out": s.alpha_out, "tao_in": s.tao_in,
            "network_registered_at": s.registered_at, "blocks_since_last_step": self.block - s.registered_at,
            "moving_price": {"bits": int(s.price * 2**32)},
        })

    def SubnetInfoRuntimeApi_get_all_dynamic_info(self):
        return [self._dynamic(s) for _, s in sorted(self.state.subnets.items())]

    def SubnetInfoRuntimeApi_get_dynamic_info(self, netuid):
        s = self._subnet(netuid)
        return self._dynamic(s) if s else None

    def _metagraph_values(self, s: Subnet) -> dict:
        hp, neurons = s.hyperparams, s.neurons
        alpha = [self.state.hotkey_alpha(n.hotkey, s.netuid) for n in neurons]
        root = [self.state.hotkey_alpha(n.hotkey, 0) for n in neurons]
        values = {k: hp[k] for k in (
            "rho", "kappa", "min_allowed_weights", "max_weights_limit", "weights_rate_limit", "activity_cutoff",
            "max_validators", "difficulty", "registration_allowed", "immunity_period", "min_difficulty",
            "max_difficulty", "min_burn", "max_burn", "adjustment_alpha", "adjustment_interval",
            "target_regs_per_interval", "max_regs_per_block", "serving_rate_limit",
            "commit_reveal_weights_enabled", "commit_reveal_period", "liquid_alpha_enabled", "alpha_high",
            "alpha_low", "bonds_moving_avg", "tempo")}
        values.update({
            "netuid": s.netuid, "name": _bytes(s.name), "symbol": _bytes(s.symbol),
            "network_registered_at": s.registered_at, "owner_hotkey": s.owner_hotkey,
            "owner_coldkey": s.owner_coldkey, "block": self.block, "alpha_in": s.alpha_in,
            "alpha_out": s.alpha_out, "tao_in": s.tao_in, "moving_price": {"bits": int(s.price * 2**32)},
            "weights_version": hp["weights_version"], "num_uids": len(neurons), "max_uids": s.max_uids,
            "burn": s.burn, "pow_registration_allowed": False,
            "hotkeys": [n.hotkey for n in neurons], "coldkeys": [n.coldkey for n in neurons],
            "identities": [None] * len(neurons), "axons": [_axon(n) for n in neurons],
            "active": [True] * len(neurons), "validator_permit": [n.validator_permit for n in neurons],
            "pruning_score": [0] * len(neurons), "last_update": [n.last_update for n in neurons],
            "emission": [0] * len(neurons), "dividends": [0] * len(neurons), "incentives": [0] * len(neurons),
            "consensus": [0] * len(neurons), "trust": [0] * len(neurons), "rank": [0] * len(neurons),
            "block_at_registration": [n.registered_at for n in neurons], "alpha_stake": alpha,
            "tao_stake": root, "total_stake": [a * s.price_rao // RAO + t for a, t in zip(alpha, root)],
        })
        return values

    def SubnetInfoRuntimeApi_get_metagraph(self, netuid):
        s = self._subnet(netuid)
        if s is None:
            return None
        tid = self._out("SubnetInfoRuntimeApi", "get_metagraph")
        values = self._metagraph_values(s)
        return self.codec.filled(tid, {k: v for k, v in values.items() if k in self.codec.zero(tid)})

    def SubnetInfoRuntimeApi_get_subnet_state(self, netuid):
        s = self._subnet(netuid)
        if s is None:
            return None
        tid = self._out("SubnetInfoRuntimeApi", "get_subnet_state")
        values = self._metagraph_values(s)
        return self.codec.filled(tid, {k: v for k, v in values.items() if k in self.codec.zero(tid)})

    def SubnetInfoRuntimeApi_get_mechagraph(self, netuid, _mecid):
        return self.SubnetInfoRuntimeApi_get_metagraph(netuid)

    def SubnetInfoRuntimeApi_get_selective_metagraph(self, netuid, indexes):
        s = self._subnet(netuid)
        if s is None:
            return None
        tid = self._out("SubnetInfoRuntimeApi", "get_selective_metagraph")
        fields = [f["name"] for f in self.codec.types[tid]["def"]["composite"]["fields"]]
        values, wanted = self._metagraph_values(s), set(indexes)
        out = {name: None for name in fields}
        out["netuid"] = netuid
        for index, name in enumerate(fields):
            if index in wanted and name != "netuid":
                value = values.get(name)
                if value is None:  # selected but unmodelled: the inner type's zero
                    value = self.codec.zero(self.codec.types[self.codec.field_type(tid, name)]["params"][0]["type"])
                out[name] = value
        return out

    def SubnetInfoRuntimeApi_get_selective_mechagraph(self, netuid, _subid, indexes):
        return self.SubnetInfoRuntimeApi_get_selective_metagraph(netuid, indexes)

    def _hyperparams(self, method: str, netuid: int):
        s = self._subnet(netuid)
        if s is None:
            return None
        tid = self._out("SubnetInfoRuntimeApi", method)
        return self.codec.filled(tid, {k: v for k, v in s.hyperparams.items() if k in self.codec.zero(tid)})

    def SubnetInfoRuntimeApi_get_subnet_hyperparams(self, netuid):
        return self._hyperparams("get_subnet_hyperparams", netuid)

    def SubnetInfoRuntimeApi_get_subnet_hyperparams_v2(self, netuid):
        return self._hyperparams("get_subnet_hyperparams_v2", netuid)

    def SubnetInfoRuntimeApi_get_subnet_hyperparams_v3(self, netuid):
        v2 = self._hyperparams("get_subnet_hyperparams_v2", netuid)
        if v2 is None:
            return None
        entries = []
        for name, value in v2.items():
            if isinstance(value, bool):
                kind = {"Bool": value}
            elif isinstance(value, dict):
                kind = {"I32F32": value}
            elif name in ("min_burn", "max_burn"):
                kind = {"TaoBalance": value}
            else:
                kind = {"U16": value} if value < 2**16 and name not in _U64 else {"U64": value}
            entries.append({"name": "0x" + name.encode().hex(), "value": kind})
        return entries

    def SubnetInfoRuntimeApi_get_next_epoch_start_block(self, netuid):
        """The next block whose (number + netuid + 1) is a multiple of tempo + 1, as the real epoch schedule."""
        s = self._subnet(netuid)
        if s is None:
            return None
        period = s.hyperparams["tempo"] + 1
        return self.block + (period - (self.block + netuid + 1) % period or period)

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
            "axon_info": _axon(n), "stake": self.state.stakers(n.hotkey, s.netuid),
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


_U64 = {"min_difficulty", "max_difficulty", "weights_version", "weights_rate_limit", "activity_cutoff",
        "bonds_moving_avg", "serving_rate_limit", "adjustment_alpha", "difficulty", "commit_reveal_period"}
