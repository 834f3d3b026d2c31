"""Properties of the fixed-point epoch on random small subnets (hypothesis), and agreement of
the float path with it."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from consensus import fixed
from consensus.epoch import run_epoch
from consensus.epoch_float import FloatParams, run_epoch_float
from consensus.epoch_types import EpochInputs, EpochParams
from consensus.fixed import ONE
from consensus.records import inputs_from_dict, params_from_dict

EMISSION = 10**9


@st.composite
def subnets(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random epoch record (params, inputs) with distinct stakes."""
    n = draw(st.integers(2, 9))
    # distinct even after normalisation to I32F32 (two stakes closer than 2^-32 of the total tie, and
    # the chain breaks permit ties by uid, which relabelling changes)
    stake = [s * 10**6 for s in draw(st.lists(st.integers(0, 10**6), min_size=n, max_size=n, unique=True))]
    permit = draw(st.lists(st.booleans(), min_size=n, max_size=n))

    def rows(allowed: list[bool]) -> list[list[list[int]]]:
        out = []
        for ok in allowed:
            cols = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n)) if ok else []
            out.append([[c, draw(st.integers(0, 65535))] for c in sorted(cols)])
        return out

    inputs = {
        "current_block": 100, "n": n, "stake": stake,
        "last_update": draw(st.lists(st.integers(80, 100), min_size=n, max_size=n)),
        "block_at_registration": draw(st.lists(st.integers(0, 95), min_size=n, max_size=n)),
        "validator_permit_prev": permit,
        "weights_u16": rows([True] * n),
        "bonds_u16_prev": rows(permit),
        "last_mechanism_step_block": 0,
        "owner_uid": draw(st.one_of(st.none(), st.integers(0, n - 1))),
    }
    params = {
        "kappa": draw(st.sampled_from([32767, 45000])),
        "bonds_penalty": draw(st.sampled_from([0, 30000, 65535])),
        "bonds_moving_average": draw(st.sampled_from([900_000, 975_000])),
        "yuma3": draw(st.booleans()), "liquid_alpha": draw(st.booleans()),
        "alpha_low": 6553, "alpha_high": 19660, "alpha_sigmoid_steepness": 1000,
        "max_allowed_validators": draw(st.integers(1, n + 1)), "stake_threshold": 0,
        "tempo": 10, "activity_cutoff_blocks": 15,
    }
    return params, inputs


def _run(params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    return run_epoch(inputs_from_dict(inputs), params_from_dict(params), EMISSION)


@settings(max_examples=80, deadline=None)
@given(subnets())
def test_shares_are_normalised_and_amounts_bounded(record: tuple[dict, dict]) -> None:
    params, inputs = record
    out = _run(params, inputs)
    n = inputs["n"]
    for share in (out.incentive_fixed, out.dividends_fixed):
        assert (share >= 0).all()
        total = int(share.sum())
        assert total == 0 or ONE - n <= total <= ONE
    assert int(out.incentive.sum()) in (0, *range(65535 - 2 * n, 65536))
    for amounts in (out.server_emission, out.validator_emission, out.emission):
        assert (amounts >= 0).all() and int(amounts.sum()) <= EMISSION
    assert int(out.server_emission.sum() + out.validator_emission.sum()) <= EMISSION


@settings(max_examples=80, deadline=None)
@given(subnets())
def test_stored_bonds_are_u16_rows_of_new_validators(record: tuple[dict, dict]) -> None:
    params, inputs = record
    out = _run(params, inputs)
    values = out.bonds.values
    assert ((values >= 0) & (values <= 65535)).all()
    assert ((out.bonds.indices >= 0) & (out.bonds.indices < inputs["n"])).all()
    for uid in out.bonds.nonempty_rows():
        assert out.new_validator_permit[uid]


@settings(max_examples=60, deadline=None)
@given(subnets(), st.randoms(use_true_random=False))
def test_relabelling_uids_permutes_the_outputs(record: tuple[dict, dict], rnd: Any) -> None:
    params, inputs = record
    n = inputs["n"]
    perm = list(range(n))
    rnd.shuffle(perm)  # old uid u becomes perm[u]
    moved: dict[str, Any] = dict(inputs)
    for key in ("stake", "last_update", "block_at_registration", "validator_permit_prev"):
        moved[key] = [None] * n
        for uid in range(n):
            moved[key][perm[uid]] = inputs[key][uid]
    for key in ("weights_u16", "bonds_u16_prev"):
        moved[key] = [[] for _ in range(n)]
        for uid in range(n):
            moved[key][perm[uid]] = sorted([perm[c], v] for c, v in inputs[key][uid])
    owner = inputs["owner_uid"]
    moved["owner_uid"] = None if owner is None else perm[owner]
    before, after = _run(params, inputs), _run(params, moved)
    for field in ("consensus", "incentive", "dividends", "validator_trust", "stake_weight",
                  "emission", "server_emission", "validator_emission", "new_validator_permit"):
        assert getattr(after, field)[perm].tolist() == getattr(before, field).tolist(), field
    rows_before, rows_after = before.bonds.to_rows(), after.bonds.to_rows()
    for uid in range(n):
        assert dict(rows_after[perm[uid]]) == {perm[c]: v for c, v in rows_before[uid]}


def test_float_path_tracks_the_fixed_path() -> None:
    """Validators 0..V-1 weight miners V..n-1 densely: both paths agree to float precision."""
    rng = np.random.default_rng(7)
    validators, n = 6, 20
    for yuma3, liquid in ((False, False), (True, False), (True, True)):
        weights = rng.integers(1, 65536, size=(validators, n - validators))
        weights = np.round(weights * 65535 / weights.max(axis=1, keepdims=True)).astype(int)
        bonds = rng.integers(0, 65536, size=(validators, n - validators))
        stake = rng.integers(10**9, 10**12, size=validators)
        row = lambda m, i: [(validators + j, int(v)) for j, v in enumerate(m[i])]  # noqa: E731
        inputs = EpochInputs(
            stake=list(stake) + [0] * (n - validators),
            weights=[row(weights, i) for i in range(validators)] + [[]] * (n - validators),
            bonds=[row(bonds, i) for i in range(validators)] + [[]] * (n - validators),
            last_update=[999] * n, block_at_registration=[0] * n,
            validator_permit=[True] * validators + [False] * (n - validators),
            current_block=1000)
        params = EpochParams(yuma3=yuma3, liquid_alpha=liquid, bonds_penalty=65535,
                             alpha_low=6553, alpha_high=19660)
        fixed_out = run_epoch(inputs, params, EMISSION)
        float_params = FloatParams(yuma3=yuma3, liquid_alpha=liquid, bonds_moving_average=0.9,
                                   alpha_low=6553 / 65535, alpha_high=19660 / 65535)
        float_bonds = bonds / 65535 if yuma3 else bonds.astype(float)
        float_out = run_epoch_float(weights, stake, float_bonds, float_params)
        miners = slice(validators, n)
        np.testing.assert_allclose(fixed.to_float(fixed_out.incentive_fixed[miners]),
                                   float_out.incentive, atol=5e-5)
        np.testing.assert_allclose(fixed.to_float(fixed_out.consensus_fixed[miners]),
                                   float_out.consensus, atol=5e-5)
        np.testing.assert_allclose(fixed.to_float(fixed_out.dividends_fixed[:validators]),
                                   float_out.dividends, atol=5e-5)


def test_liquid_alpha_blocks_match_a_scalar_reference(monkeypatch: Any) -> None:
    """Blocked, de-duplicated liquid alpha equals the chain's formula entry by entry (§1.8b)."""
    from consensus import bonds

    monkeypatch.setattr(fixed, "EXP_CHUNK", 700)
    rng = np.random.default_rng(3)
    size = 3000
    weights = rng.integers(0, ONE + 1, size)
    old = np.where(rng.random(size) < 0.3, weights, rng.integers(0, ONE + 1, size))
    consensus = np.where(rng.random(size) < 0.4, weights + 5, rng.integers(0, ONE + 1, size))
    lo, hi = (6553 << 32) // 65535, (19660 << 32) // 65535

    def reference(w: int, b: int, c: int) -> int:
        d = min(max(w - c if w >= b else b - w, 0), ONE)
        z = ((-(10 << 32)) * (d - (ONE >> 1))) >> 32
        z = min(max(z, -20 * ONE), 20 * ONE)
        m = abs(z)
        total, term = m + ONE, m
        for i in range(2, 32):
            term = ((term * m) >> 32) // i
            total += term
        e = (ONE << 32) // total if z < 0 else total
        sigmoid = (ONE << 32) // (ONE + e)
        return min(max(lo + ((sigmoid * (hi - lo)) >> 32), lo), hi)

    got = bonds.liquid_alpha(weights, old, consensus, 6553, 19660, 1000)
    expected = [reference(int(w), int(b), int(c)) for w, b, c in zip(weights, old, consensus)]
    assert got.tolist() == expected
