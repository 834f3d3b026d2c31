"""The fake subtensor's privileged calls (a mixin of `fake_calls.Dispatcher`): Sudo and AdminUtils.

`Sudo.sudo(call)` from the sudo key dispatches the inner call with the root origin (`ROOT`) and
records `Sudo.Sudid{sudo_result}`: the inner call's failure rolls back only its own changes, as on
the real chain, and the outer extrinsic still succeeds. `AdminUtils.sudo_set_*` take a subnet's
owner or root for per-subnet hyperparameters and root alone for chain-wide settings; anyone else
gets `DispatchError::BadOrigin`. `Balances.force_set_balance` and `Sudo.set_key` need root / the key.
"""
from __future__ import annotations

import copy
import dataclasses

from tests.substrate.fake_extrinsic import Failed
from tests.substrate.fake_state import ROOT

ALIASES = {  # AdminUtils argument name -> the hyperparameter it sets
    "weights_set_rate_limit": "weights_rate_limit", "bonds_moving_average": "bonds_moving_avg",
    "max_allowed_validators": "max_validators", "interval": "commit_reveal_period",
    "target_registrations_per_interval": "target_regs_per_interval",
    "max_registrations_per_block": "max_regs_per_block", "weights_version_key": "weights_version",
}
ENABLED = {  # AdminUtils calls whose argument is a bare `enabled`
    "sudo_set_commit_reveal_weights_enabled": "commit_reveal_weights_enabled",
    "sudo_set_liquid_alpha_enabled": "liquid_alpha_enabled",
    "sudo_set_bonds_reset_enabled": "bonds_reset_enabled",
    "sudo_set_toggle_transfer": "transfers_enabled",
}




class SudoCalls:
    """Needs `codec`, `state`, `ext`, `block`, `events`, `fail()` and `_owner()` from the dispatcher."""

    def Sudo_sudo(self, call):
        if self.ext.signer != self.state.sudo_key:
            self.fail("Sudo", "RequireSudo")
        inner = dataclasses.replace(self.ext, signer=ROOT, pallet=call["call_module"], function=call["call_function"],
                                    args={a["name"]: a["value"] for a in call["call_args"]})
        before = copy.deepcopy(self.state)
        try:
            self.events += type(self)(self.codec, self.state, inner, self.block).run()
            result: dict = {"Ok": ()}
        except Failed as failure:
            self.state.__dict__.update(before.__dict__)
            result = {"Err": failure.error}
        self.events.append(("Sudo", "Sudid", {"sudo_result": result}))

    def Sudo_set_key(self, new):
        if self.ext.signer != self.state.sudo_key:
            self.fail("Sudo", "RequireSudo")
        old, self.state.sudo_key = self.state.sudo_key, new
        self.events.append(("Sudo", "KeyChanged", {"old": old, "new": new}))

    def Balances_force_set_balance(self, who, new_free):
        if self.ext.signer != ROOT:
            raise Failed("BadOrigin")
        self.state.account(who)["free"] = new_free
        self.events.append(("Balances", "BalanceSet", {"who": who, "free": new_free}))

    def admin_set(self, **values):
        netuid = values.pop("netuid", None)
        if netuid is None:  # a chain-wide setting: root only
            if self.ext.signer != ROOT:
                raise Failed("BadOrigin")
            self.state.settings.update(values)
            if "network_min_lock_cost" in values:
                self.state.network_lock_cost = max(self.state.network_lock_cost, values["network_min_lock_cost"])
            return
        subnet = self._owner(netuid)
        for name, value in values.items():
            key = ENABLED.get(self.ext.function) if name == "enabled" else ALIASES.get(name, name)
            if key == "max_allowed_uids":
                subnet.max_uids = value
            subnet.hyperparams[key] = value
            if key == "min_burn":
                subnet.burn = max(subnet.burn, value)
            if key == "max_burn":
                subnet.burn = min(subnet.burn, value)
