"""`btcli sudo set` for the real btcli's names that are not one stored number: `alpha_values`
(alpha_low and alpha_high together), `sn_owner_hotkey` / `subnet_owner_hotkey` (the owner hotkey),
and the names it refuses with a reason (`yuma_version`, `network_pow_registration_allowed`,
`owner_cut_auto_lock_enabled`). Called by btcli.commands.sudo.set_param; no Typer here.
"""
from __future__ import annotations

from typing import Any

SPECIAL = ("alpha_values", "sn_owner_hotkey", "subnet_owner_hotkey", "yuma_version",
           "network_pow_registration_allowed", "owner_cut_auto_lock_enabled")
REFUSED = {
    "yuma_version": "yuma_version is derived from yuma3_enabled and cannot be set itself: set yuma3_enabled "
                    "(true for Yuma 3, false for Yuma 2), e.g. `btcli sudo set --param yuma3_enabled --value false`",
    "network_pow_registration_allowed": "proof-of-work registration is disabled on the chain (its "
                                        "sudo_set_network_pow_registration_allowed always fails with "
                                        "POWRegistrationDisabled) and taonet registers by burn only",
    "owner_cut_auto_lock_enabled": "the owner cut's auto-lock locks it as conviction stake, and taonet has no stake "
                                   "locks (not in the runtime it follows); the owner cut is staked unlocked",
}
MIN_ALPHA = 65535 // 40  # 1638


def alpha_pair(text: str) -> tuple[int, int]:
    """"low,high" as two u16 of 65535: a number up to 1 is a fraction (int(v·65535), as the real
    btcli converts it), a larger one the u16 itself. ValueError otherwise."""
    from consensus.params import parse_number

    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise ValueError(f"alpha_values takes two values, low,high (e.g. 0.7,0.9), not {text!r}")
    out = []
    for part in parts:
        number = parse_number(part)
        value = int(number * 65535) if number <= 1 else int(number)
        if number < 0 or (number > 1 and number.denominator != 1) or value > 65535:
            raise ValueError(f"{part!r} is neither a fraction in [0, 1] nor a whole u16 in [2, 65535]")
        out.append(value)
    return out[0], out[1]


def alpha_blocked(info: dict[str, Any], low: int, high: int, as_sudo: bool, head: int) -> str | None:
    """Why set_alpha_values would fail (node.runtime.owner_settings), or None."""
    raw = {r["name"]: r["raw"] for r in info["hyperparameters"]}
    last = (info.get("last_owner_changes") or {}).get("alpha_values")
    if not as_sudo and last is not None:
        wait = int(raw.get("owner_hparam_rate_limit", 2)) * int(raw.get("tempo", 360))
        if head + 1 - last < wait:
            return f"alpha_values were set at block {last}; the owner may set them again from block {last + wait}"
    if not raw.get("liquid_alpha_enabled"):
        return f"liquid alpha is off on subnet {info['netuid']}: turn liquid_alpha_enabled on first"
    if high < MIN_ALPHA:
        return f"alpha_high must be at least {MIN_ALPHA} of 65535 ({MIN_ALPHA / 65535:.4f}), got {high}"
    if not MIN_ALPHA <= low <= high:
        return f"alpha_low must be in [{MIN_ALPHA}, alpha_high = {high}] (of 65535), got {low}"
    return None


def owner_hotkey_blocked(info: dict[str, Any], hotkey: str, head: int) -> str | None:
    """Why set_sn_owner_hotkey would fail, or do nothing, or None."""
    from wallet.ss58 import decode

    try:
        decode(hotkey)
    except ValueError as exc:
        return f"--value must be the new owner hotkey's ss58 address: {exc}"
    if hotkey == info.get("owner_hotkey"):
        return f"{hotkey} is subnet {info['netuid']}'s owner hotkey already"
    last = (info.get("last_owner_changes") or {}).get("sn_owner_hotkey")
    if last is not None and head + 1 - last < 50_400:
        return f"the owner hotkey was set at block {last}; it may be set again from block {last + 50_400}"
    return None


def set_special(netuid: int, param: str, value: str, wallet_name: str | None, wallet_path: str | None,
                network: str | None, use_keyring: bool | None, no_prompt: bool) -> None:
    """Sign and submit one of SPECIAL (as the owner, or the sudo key through sudo), or refuse it."""
    from btcli import output
    from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
    from btcli.errors import CliError
    from btcli.options import resolve_wallet
    from client import preflight, subnets

    if param in REFUSED:
        raise CliError(REFUSED[param])
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    low = high = 0
    args: dict[str, Any]
    if param == "alpha_values":
        try:
            low, high = alpha_pair(value)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        call, args, shown = "admin_utils.set_alpha_values", {"netuid": netuid, "alpha_low": low, "alpha_high": high}, \
            f"alpha_low = {low} ({low / 65535:.4f}), alpha_high = {high} ({high / 65535:.4f})"
    else:
        call, args, shown = "admin_utils.set_sn_owner_hotkey", {"netuid": netuid, "hotkey": value.strip()}, \
            f"owner hotkey = {value.strip()}"
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> tuple[bool, str, dict[str, Any]]:
            sudo_key = rpc.call("taonet_chainInfo").get("sudo_key")
            info = subnets.subnet_info(rpc, netuid)
            preflight.refuse(preflight.setter_blocked(coldkey, sudo_key, info["owner_coldkey"], netuid))
            as_sudo = coldkey != info["owner_coldkey"]
            why = alpha_blocked(info, low, high, as_sudo, info["head"]) if param == "alpha_values" else \
                owner_hotkey_blocked(info, str(args["hotkey"]), info["head"])
            if why:
                raise CliError(why)
            signed, signed_args = ("sudo.sudo", {"call": {"call": call, "args": args}}) if as_sudo else (call, args)
            require_funds(rpc, coldkey, signed, signed_args, 0, f"set {param}")
            return as_sudo, signed, signed_args

        as_sudo, signed, signed_args = confirm_fresh(quote, lambda q: output.info(
            f"Set {shown} on subnet {netuid} as {'sudo' if q[0] else 'the owner'}"), "Proceed?", no_prompt,
            lambda old, new: old[0] != new[0])
        res = submit(rpc, pair, signed, signed_args)
        if not res["success"]:
            raise CliError(f"{res.get('message')} ({res.get('error')})")
        info = subnets.subnet_info(rpc, netuid)
    raw = {r["name"]: r["value"] for r in info["hyperparameters"]}
    current: Any = [raw.get("alpha_low"), raw.get("alpha_high")] if param == "alpha_values" else info.get("owner_hotkey")
    output.emit({"success": True, "err_msg": "", "extrinsic_identifier": output.extrinsic_identifier(res), "netuid": netuid, "param": param, "value": current, "as_sudo": as_sudo,
                 "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Set[/] {d['param']} = {d['value']} on subnet {d['netuid']} "
                                     f"in block #{d['block_number']}"))


# -- --normalize -----------------------------------------------------------------------------------
# what one unit of the normalized value (`sudo get`'s NORMALIZED column, as the real btcli shows it)
# is in the stored value: proportions of u16/u64 maxima, TAO in rao, per-mille factors
NORMALIZED_SCALE: dict[str, int] = {
    "kappa": 65535, "max_weights_limit": 65535, "alpha_low": 65535, "alpha_high": 65535, "min_childkey_take": 65535,
    "adjustment_alpha": 2**64 - 1, "difficulty": 2**64 - 1, "min_difficulty": 2**64 - 1, "max_difficulty": 2**64 - 1,
    "bonds_moving_avg": 1_000_000,  # the chain's BondsMovingAverage counts millionths (900 000 = 0.9)
    "min_burn": 10**9, "max_burn": 10**9, "burn": 10**9, "activity_cutoff_factor": 1000,
}


def normalized(name: str, stored: Any) -> Any:
    """`stored` as the NORMALIZED column shows it (the value itself where no scale applies)."""
    scale = NORMALIZED_SCALE.get(name)
    if scale is None or isinstance(stored, bool) or not isinstance(stored, int):
        return stored
    return stored / scale


def denormalize(name: str, text: str) -> str:
    """`--normalize`: the value given as its normalized form, as the text of the stored value: a
    proportion times its maximum (floored, as the real btcli's float_to_u16 / float_to_u64), TAO in
    rao, a per-mille factor times 1000; other parameters are taken as they are. ValueError names the range."""
    from fractions import Fraction

    from consensus.params import parse_number

    scale = NORMALIZED_SCALE.get(name)
    if scale is None:
        return text
    number = parse_number(text)
    if scale in (65535, 2**64 - 1) and not 0 <= number <= 1:
        raise ValueError(f"with --normalize, {name} is a fraction in [0, 1] (of {scale}), not {text!r}")
    if number < 0:
        raise ValueError(f"with --normalize, {name} takes a value of at least 0, not {text!r}")
    if scale == 10**9:  # TAO to rao, to the rao as Balance.from_tao
        return str(round(number * scale))
    return str(int(Fraction(number) * scale))
