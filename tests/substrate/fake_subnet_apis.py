"""The fake subtensor's SubnetInfoRuntimeApi (a mixin of `fake_apis.RuntimeApis`).

Dynamic info, metagraph and selective metagraph (mechanism 0), subnet state, subnet info v1/v2,
hyperparameters v1/v2/v3 and the next epoch's block, built from `fake_state` and encoded by the
caller with the API's output type; unmodelled fields are the type's zero.
"""
from __future__ import annotations

from tests.substrate.fake_state import RAO, Subnet


def name_bytes(text: str) -> list[int]:
    return list(text.encode())


def axon_info(neuron) -> dict:
    base = {"block": 0, "version": 0, "ip": 0, "port": 0, "ip_type": 0, "protocol": 0,
            "placeholder1": 0, "placeholder2": 0}
    base.update(neuron.axon)
    return base


class SubnetApis:
    """Needs `codec`, `state`, `block`, `_out()` and `_subnet()` from `RuntimeApis`."""

    # -- SubnetInfoRuntimeApi -----------------------------------------------------------------
    def _dynamic(self, s: Subnet) -> dict:
        return self.codec.filled(self._out("SubnetInfoRuntimeApi", "get_dynamic_info"), {
            "netuid": s.netuid, "owner_hotkey": s.owner_hotkey, "owner_coldkey": s.owner_coldkey,
            "subnet_name": name_bytes(s.name), "token_symbol": name_bytes(s.symbol), "tempo": s.hyperparams["tempo"],
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
            "netuid": s.netuid, "name": name_bytes(s.name), "symbol": name_bytes(s.symbol),
            "network_registered_at": s.registered_at, "owner_hotkey": s.owner_hotkey,
            "owner_coldkey": s.owner_coldkey, "block": self.block, "alpha_in": s.alpha_in,
            "alpha_out": s.alpha_out, "tao_in": s.tao_in, "moving_price": {"bits": int(s.price * 2**32)},
            "weights_version": hp["weights_version"], "num_uids": len(neurons), "max_uids": s.max_uids,
            "burn": s.burn, "pow_registration_allowed": False,
            "hotkeys": [n.hotkey for n in neurons], "coldkeys": [n.coldkey for n in neurons],
            "identities": [None] * len(neurons), "axons": [axon_info(n) for n in neurons],
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

    def _subnet_info(self, method: str, s: Subnet) -> dict:
        hp = s.hyperparams
        values = {k: hp[k] for k in ("rho", "kappa", "difficulty", "immunity_period", "min_allowed_weights",
                                     "max_weights_limit", "tempo")}
        values.update({"netuid": s.netuid, "max_allowed_validators": hp["max_validators"],
                       "subnetwork_n": len(s.neurons), "max_allowed_uids": s.max_uids,
                       "blocks_since_last_step": self.block - s.registered_at, "burn": s.burn,
                       "owner": s.owner_coldkey})
        return self.codec.filled(self._out("SubnetInfoRuntimeApi", method), values)

    def SubnetInfoRuntimeApi_get_subnet_info(self, netuid):
        s = self._subnet(netuid)
        return self._subnet_info("get_subnet_info", s) if s else None

    def SubnetInfoRuntimeApi_get_subnet_info_v2(self, netuid):
        s = self._subnet(netuid)
        return self._subnet_info("get_subnet_info_v2", s) if s else None

    def SubnetInfoRuntimeApi_get_subnets_info(self):
        return [self._subnet_info("get_subnet_info", s) for _, s in sorted(self.state.subnets.items())]

    def SubnetInfoRuntimeApi_get_subnets_info_v2(self):
        return [self._subnet_info("get_subnet_info_v2", s) for _, s in sorted(self.state.subnets.items())]


_U64 = {"min_difficulty", "max_difficulty", "weights_version", "weights_rate_limit", "activity_cutoff",
        "bonds_moving_avg", "serving_rate_limit", "adjustment_alpha", "difficulty", "commit_reveal_period"}
