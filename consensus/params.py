"""Subnet hyperparameters and chain-wide constants as data.  # spec §5

Each subnet hyperparameter has its btcli/subtensor snake_case name, chain storage item, the
admin-utils call that sets it, a type, the default written for a new subnet (the spec's "init"
column wins over runtime/lib defaults), an allowed range and who may set it (the subnet owner,
or only root/sudo), as btcli's HYPERPARAMS table and admin-utils mark it. Where the spec and
those sources do not settle ownership, the entry is sudo-only and its note says so.

``validate(name, value)`` returns the value as stored on chain: an int (u16/u64/i16), a bool,
or, for ``float`` parameters kept in U64F64, the fixed-point bits (value·2^64 rounded to
the nearest integer, as ``U64F64::from_num`` does; a Python float is taken at its exact value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

RAO_PER_TAO = 10**9
U16_MAX = 2**16 - 1
U64_MAX = 2**64 - 1
U64F64_ONE = 1 << 64

# ---- chain-wide constants (spec §5, §2, §3) --------------------------------------------------
BLOCK_TIME_SECONDS = 12
BLOCKS_PER_DAY = 7200
DEFAULT_BLOCK_EMISSION = RAO_PER_TAO
TOTAL_SUPPLY = 21_000_000 * RAO_PER_TAO
DEFAULT_MIN_STAKE = 2_000_000
FEE_RATE = 33  # swap fee, u16 proportion of 65535 (≈0.05%)
MAX_FEE_RATE = 10_000
MINIMUM_RESERVE = 1_000_000
NETWORK_MIN_LOCK_COST = 1000 * RAO_PER_TAO
NETWORK_LOCK_REDUCTION_INTERVAL = 14 * BLOCKS_PER_DAY  # 100 800 (mainnet migrated to 57 600)
NETWORK_RATE_LIMIT = 7200
NETWORK_IMMUNITY_PERIOD = 1_296_000
SUBNET_LIMIT = 128
TAO_WEIGHT = 3_320_413_933_267_719_290  # u64 proportion of u64::MAX ≈ 0.18 (dTAO migration)
TAO_WEIGHT_RUNTIME = Fraction(5268, 100_000)  # 0.05268, the runtime constant before migration
SUBNET_OWNER_CUT = 11_796  # u16 proportion ≈ 18%
DEFAULT_TAKE = 11_796  # validator (delegate) take, u16
MIN_TAKE = 0
MAX_CHILDKEY_TAKE = 11_796
MAX_EPOCHS_PER_BLOCK = 2  # 32 on the fast runtime
SUBNET_MOVING_ALPHA = Fraction(3, 1_000_000)
EMA_PRICE_HALVING_BLOCKS = 201_600
MIN_NON_IMMUNE_UIDS = 10
ADMIN_FREEZE_WINDOW = 10
TX_RATE_LIMIT = 1000
DELEGATE_TAKE_RATE_LIMIT = 216_000
CHILDKEY_TAKE_RATE_LIMIT = 216_000
STAKE_THRESHOLD = 0
MECHANISM_COUNT = 1
MAX_MECHANISM_COUNT = 2
MAX_ALLOWED_UIDS_HARD_CAP = 256
MIN_ALLOWED_UIDS = 64
CK_BURN = 0


@dataclass(frozen=True)
class HyperParam:
    """One subnet hyperparameter.  # spec §5"""

    name: str  # btcli / subtensor snake_case name
    storage: str  # chain storage item
    call: str  # admin-utils (or SubtensorModule) extrinsic that sets it; "" if none
    type: str  # "u16" | "u64" | "i16" | "bool" | "float" | "enum" (one of CHOICES[name])
    default: int | bool | float | str  # value for a new subnet
    min: int | float | None
    max: int | float | None
    owner_settable: bool
    note: str = ""


def _p(name: str, storage: str, call: str, typ: str, default: int | bool | float | str,
       lo: int | float | None, hi: int | float | None, owner: bool, note: str = "") -> HyperParam:
    return HyperParam(name, storage, call, typ, default, lo, hi, owner, note)


_TABLE: tuple[HyperParam, ...] = (
    _p("tempo", "Tempo", "set_tempo", "u16", 360, 360, 50_400, True,
       "owners set it via SubtensorModule.set_tempo within [360, 50400]; root via sudo_set_tempo"),
    _p("rho", "Rho", "sudo_set_rho", "u16", 10, 0, U16_MAX, True, "unused by the current epoch"),
    _p("kappa", "Kappa", "sudo_set_kappa", "u16", 32_767, 0, U16_MAX, False),
    _p("immunity_period", "ImmunityPeriod", "sudo_set_immunity_period", "u16", 5000, 0, U16_MAX, True,
       "runtime default 4096; init writes 5000"),
    _p("min_allowed_weights", "MinAllowedWeights", "sudo_set_min_allowed_weights", "u16", 1, 0, U16_MAX,
       True, "runtime default 1024; init writes 1"),
    _p("max_weights_limit", "MaxWeightsLimit", "sudo_set_max_weight_limit", "u16", U16_MAX, 0, U16_MAX,
       True, "the getter is now the constant u16::MAX"),
    _p("activity_cutoff", "ActivityCutoff", "sudo_set_activity_cutoff", "u16", 5000, 0, U16_MAX, True,
       "deprecated in favour of activity_cutoff_factor"),
    _p("activity_cutoff_factor", "ActivityCutoffFactorMilli", "set_activity_cutoff_factor", "u16",
       13_889, 1000, 50_000, True, "per-mille of tempo"),
    _p("max_allowed_uids", "MaxAllowedUids", "sudo_set_max_allowed_uids", "u16", 256,
       MIN_ALLOWED_UIDS, MAX_ALLOWED_UIDS_HARD_CAP, True),
    _p("min_allowed_uids", "MinAllowedUids", "sudo_set_min_allowed_uids", "u16", MIN_ALLOWED_UIDS, 0,
       MAX_ALLOWED_UIDS_HARD_CAP, False),
    _p("max_allowed_validators", "MaxAllowedValidators", "sudo_set_max_allowed_validators", "u16", 64, 0,
       MAX_ALLOWED_UIDS_HARD_CAP, False, "btcli calls it max_validators; runtime default 128"),
    _p("burn", "Burn", "sudo_set_burn", "u64", RAO_PER_TAO, 0, U64_MAX, False,
       "current neuron burn; decays per block (registration.py)"),
    _p("min_burn", "MinBurn", "sudo_set_min_burn", "u64", 500_000, 0, RAO_PER_TAO, True),
    _p("max_burn", "MaxBurn", "sudo_set_max_burn", "u64", 100 * RAO_PER_TAO, RAO_PER_TAO // 10, U64_MAX,
       True, "owner or root in current btcli"),
    _p("burn_half_life", "BurnHalfLife", "sudo_set_burn_half_life", "u16", 360, 1, 36_100, True,
       "lower bound not stated in the spec; 1 assumed"),
    _p("burn_increase_mult", "BurnIncreaseMult", "sudo_set_burn_increase_mult", "float", 1.26, 1.0, None,
       True, "U64F64; the chain uses max(mult, 1)"),
    _p("bonds_moving_avg", "BondsMovingAverage", "sudo_set_bonds_moving_average", "u64", 900_000, 0,
       1_000_000, True, "value/1e6"),
    _p("bonds_penalty", "BondsPenalty", "sudo_set_bonds_penalty", "u16", U16_MAX, 0, U16_MAX, True),
    _p("bonds_reset_enabled", "BondsResetOn", "sudo_set_bonds_reset_enabled", "bool", False, None, None,
       True),
    _p("liquid_alpha_enabled", "LiquidAlphaOn", "sudo_set_liquid_alpha_enabled", "bool", False, None, None,
       True),
    _p("alpha_low", "AlphaValues", "sudo_set_alpha_values", "u16", 45_875, 1638, U16_MAX, True,
       "set together with alpha_high; needs alpha_low < alpha_high"),
    _p("alpha_high", "AlphaValues", "sudo_set_alpha_values", "u16", 58_982, 1638, U16_MAX, True,
       "set together with alpha_low"),
    _p("alpha_sigmoid_steepness", "AlphaSigmoidSteepness", "sudo_set_alpha_sigmoid_steepness", "i16",
       1000, -32_768, 32_767, False),
    _p("yuma3_enabled", "Yuma3On", "sudo_set_yuma3_enabled", "bool", True, None, None, True,
       "runtime default false; init writes true"),
    _p("commit_reveal_weights_enabled", "CommitRevealWeightsEnabled",
       "sudo_set_commit_reveal_weights_enabled", "bool", True, None, None, True),
    _p("commit_reveal_period", "RevealPeriodEpochs", "sudo_set_commit_reveal_weights_interval", "u64", 1, 1,
       100, True, "in epochs"),
    _p("weights_rate_limit", "WeightsSetRateLimit", "sudo_set_weights_set_rate_limit", "u64", 100, 0,
       U64_MAX, False),
    _p("weights_version", "WeightsVersionKey", "sudo_set_weights_version_key", "u64", 0, 0, U64_MAX, True,
       "owner changes are rate limited to once per 5 tempos"),
    _p("serving_rate_limit", "ServingRateLimit", "sudo_set_serving_rate_limit", "u64", 50, 0, U64_MAX, True),
    _p("registration_allowed", "NetworkRegistrationAllowed", "sudo_set_network_registration_allowed",
       "bool", True, None, None, False),
    _p("target_regs_per_interval", "TargetRegistrationsPerInterval",
       "sudo_set_target_registrations_per_interval", "u16", 2, 0, U16_MAX, False, "legacy"),
    _p("adjustment_interval", "AdjustmentInterval", "sudo_set_adjustment_interval", "u16", 100, 0, U16_MAX,
       False, "legacy"),
    _p("adjustment_alpha", "AdjustmentAlpha", "sudo_set_adjustment_alpha", "u64", 0, 0, U64_MAX, True,
       "legacy; value/u64::MAX"),
    _p("difficulty", "Difficulty", "sudo_set_difficulty", "u64", 10_000_000, 0, U64_MAX, False,
       "POW removed"),
    _p("min_difficulty", "MinDifficulty", "sudo_set_min_difficulty", "u64", 10_000_000, 0, U64_MAX, False,
       "POW removed"),
    _p("max_difficulty", "MaxDifficulty", "sudo_set_max_difficulty", "u64", U64_MAX // 4, 0, U64_MAX, True,
       "POW removed"),
    _p("max_regs_per_block", "MaxRegistrationsPerBlock", "sudo_set_max_registrations_per_block", "u16", 1,
       0, U16_MAX, False, "root only now"),
    _p("subnet_is_active", "FirstEmissionBlockNumber", "", "bool", False, None, None, False,
       "becomes true when the owner calls start_call; not a settable hyperparameter"),
    _p("transfers_enabled", "TransferToggle", "sudo_set_toggle_transfer", "bool", True, None, None, True),
    _p("user_liquidity_enabled", "EnabledUserLiquidity", "toggle_user_liquidity", "bool", False, None, None,
       True, "owner or root"),
    _p("immune_owner_uids_limit", "ImmuneOwnerUidsLimit", "sudo_set_owner_immune_neuron_limit", "u16", 1, 1,
       10, True),
    _p("owner_hparam_rate_limit", "OwnerHyperparamRateLimit", "sudo_set_owner_hparam_rate_limit", "u16", 2,
       0, U16_MAX, False, "in tempos"),
    _p("ema_price_halving_blocks", "EMAPriceHalvingBlocks", "sudo_set_ema_price_halving_period", "u64",
       EMA_PRICE_HALVING_BLOCKS, 0, U64_MAX, False),
    _p("min_childkey_take", "MinChildkeyTakePerSubnet", "sudo_set_min_childkey_take_per_subnet", "u16", 0, 0,
       MAX_CHILDKEY_TAKE, True, "u16 of 65535; childkey takes on the subnet are at least this"),
    _p("owner_cut_enabled", "OwnerCutEnabled", "sudo_set_owner_cut_enabled", "bool", True, None, None, True,
       "off: no owner cut, the whole alpha emission goes to miners, validators and root; no owner rate limit"),
    _p("recycle_or_burn", "RecycleOrBurn", "sudo_set_recycle_or_burn", "enum", "Recycle", None, None, True,
       "Recycle or Burn: the owner hotkeys' incentive leaves alpha_out (recycle) or stays counted in it "
       "(burn); the chain defaults to Burn, taonet's subnets start at Recycle"),
)
# the values of an "enum" hyperparameter, as the runtime's enum variants
CHOICES: dict[str, tuple[str, ...]] = {"recycle_or_burn": ("Burn", "Recycle")}
# hyperparameters a subnet reads as their default until they are set (not written at creation, so
# chains made before they existed replay to the same state roots)
LAZY = ("min_childkey_take", "owner_cut_enabled", "recycle_or_burn")
# owner-settable ones the chain does not rate limit (ensure_subnet_owner_or_root, no limits)
NO_OWNER_RATE_LIMIT = ("owner_cut_enabled",)

HYPERPARAMS: dict[str, HyperParam] = {p.name: p for p in _TABLE}
ALIASES: dict[str, str] = {"max_validators": "max_allowed_validators",
                           "max_weight_limit": "max_weights_limit",
                           "network_registration_allowed": "registration_allowed"}


def get(name: str) -> HyperParam:
    """Look a hyperparameter up by name or btcli alias; ValueError lists the known names."""
    key = ALIASES.get(name, name)
    if key not in HYPERPARAMS:
        raise ValueError(f"unknown hyperparameter {name!r}; known: {', '.join(sorted(HYPERPARAMS))}")
    return HYPERPARAMS[key]


def default_hyperparams() -> dict[str, int | bool | float | str]:
    """The values a new subnet starts with."""
    return {p.name: p.default for p in _TABLE}


def _range_text(p: HyperParam) -> str:
    hi = "∞" if p.max is None else p.max
    return f"[{p.min}, {hi}]"


MAX_NUMBER_TEXT = 64
MAX_EXPONENT = 40  # |exponent| in "1.5e3": a u64 has 20 digits, a U64F64 fraction about as many
_NUMBER = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


def parse_bool(value: Any) -> bool | None:
    """A bool or its text ("true"/"1"/"yes"/"on", "false"/"0"/"no"/"off", any case); None otherwise."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    return None


def parse_number(text: str) -> Fraction:
    """A decimal number from text ("360", "-1.26", "5e-3") with bounds before any arithmetic: at
    most MAX_NUMBER_TEXT characters and an exponent within ±MAX_EXPONENT, so a text such as
    "1e10000000" is refused instead of being expanded in full. ValueError otherwise."""
    text = text.strip()
    match = _NUMBER.fullmatch(text) if len(text) <= MAX_NUMBER_TEXT else None
    if match is None or not (match.group(2) or match.group(3)):
        raise ValueError(f"not a decimal number of at most {MAX_NUMBER_TEXT} characters: {text[:MAX_NUMBER_TEXT]!r}")
    sign, whole, fraction, exponent = match.groups()
    exp = int(exponent or 0)
    if abs(exp) > MAX_EXPONENT:
        raise ValueError(f"exponent {exp} is out of range (at most ±{MAX_EXPONENT})")
    digits = int((whole or "0") + (fraction or "")) * (-1 if sign == "-" else 1)
    return Fraction(digits) * Fraction(10) ** (exp - len(fraction or ""))


def validate(name: str, value: object) -> int | bool:
    """Check ``value`` for hyperparameter ``name`` and return it as stored on chain.

    Accepts Python values or their text (``"true"``, ``"360"``, ``"1.26"``). Raises ValueError
    naming the allowed range.
    """
    p = get(name)
    if p.type == "enum":
        found = [c for c in CHOICES[p.name] if c.lower() == str(value).strip().lower()]
        if not found:
            raise ValueError(f"{p.name} takes one of {', '.join(CHOICES[p.name])}, not {value!r}")
        return found[0]  # type: ignore[return-value]
    if p.type == "bool":
        flag = parse_bool(value)
        if flag is None:
            raise ValueError(f"{p.name} must be true or false, not {value!r}")
        return flag
    if isinstance(value, bool):
        raise ValueError(f"{p.name} takes a number in {_range_text(p)}, not a bool")
    try:
        number = parse_number(value) if isinstance(value, str) else Fraction(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{p.name} takes a number in {_range_text(p)}, not {value!r}") from None
    if p.type != "float" and number.denominator != 1:
        raise ValueError(f"{p.name} takes a whole number in {_range_text(p)}, not {value!r}")
    if (p.min is not None and number < Fraction(p.min)) or (p.max is not None and number > Fraction(p.max)):
        raise ValueError(f"{p.name} must be in {_range_text(p)} ({p.type}), got {value!r}")
    if p.type == "float":
        return round(number * U64F64_ONE)  # U64F64::from_num: nearest step
    return int(number)
