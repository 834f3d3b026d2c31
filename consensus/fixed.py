"""Vectorised I32F32 / I64F64 fixed-point arithmetic on numpy integer arrays.

The chain computes the epoch in substrate-fixed types (spec §1.11).  An I32F32 number is stored
here as its raw bits, an ``int64`` equal to ``value * 2**32``; an I64F64 number as a Python ``int``
equal to ``value * 2**64`` (numpy ``object`` arrays when vectorised).

Rounding rules (substrate-fixed ``arith.rs``, spec §1.11):

* ``mul(a, b) = floor(a * b / 2**32)``: the full 128-bit product shifted right (toward −∞).
  The product of two 64-bit words is formed from 32-bit halves so nothing wraps before the shift.
* ``div(a, b) = trunc(a * 2**32 / b)``: toward zero.  ``safe_div`` returns 0 where ``b == 0`` or
  the quotient overflows; the epoch only divides by non-zero sums, so it uses it throughout.
* ``sat_add`` / ``sat_sub`` clamp to the int64 range instead of wrapping.
* fixed → int floors (``to_int``); ``round_half_away`` rounds half away from zero.
* ``exp`` is the crate's Taylor series: for |x|, ``result = 1 + x`` then for i = 2..31
  ``term = floor(term * x) / i`` (truncated) and ``result += term``; negative x takes the
  reciprocal ``1 / result``.  ``exp_safe`` clamps x to [−20, 20] first.
* u16 proportions: ``from_u16_proportion(u) = u / 65535`` (truncated) and
  ``to_u16_proportion(x) = floor(floor(x * 65535))`` saturated to [0, 65535].

Plain ``mul`` wraps on overflow like release-mode Rust; the epoch never reaches that range.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FRAC_BITS = 32
ONE = 1 << FRAC_BITS
LOW_MASK = ONE - 1
I64_MAX = (1 << 63) - 1
I64_MIN = -(1 << 63)
U16_MAX = 65535

Fixed = NDArray[np.int64]


def as_fixed(bits: ArrayLike) -> Fixed:
    """View ``bits`` (raw I32F32 bits) as an int64 array."""
    return np.asarray(bits, dtype=np.int64)


def from_int(x: ArrayLike) -> Fixed:
    """Integer → I32F32 (exact for |x| < 2**31)."""
    return np.left_shift(np.asarray(x, dtype=np.int64), FRAC_BITS)


def from_float(x: ArrayLike) -> Fixed:
    """Float → I32F32, truncating toward −∞ (for tests and debugging only)."""
    return np.floor(np.asarray(x, dtype=np.float64) * ONE).astype(np.int64)


def to_float(x: ArrayLike) -> NDArray[np.float64]:
    """I32F32 → float64 (for display)."""
    return np.asarray(x, dtype=np.int64).astype(np.float64) / ONE


def to_int(x: ArrayLike) -> Fixed:
    """I32F32 → integer, flooring (substrate-fixed ``to_num``)."""
    return np.right_shift(as_fixed(x), FRAC_BITS)


def round_half_away(x: ArrayLike) -> Fixed:
    """I32F32 → integer, rounding half away from zero (``round()``)."""
    bits = as_fixed(x)
    magnitude = np.right_shift(np.abs(bits) + (ONE >> 1), FRAC_BITS)
    return np.where(bits < 0, -magnitude, magnitude)


def from_u16_proportion(u: ArrayLike) -> Fixed:
    """u16 → I32F32 ``u / 65535`` with truncating division (spec §1.8b step 1)."""
    return np.left_shift(np.asarray(u, dtype=np.int64), FRAC_BITS) // U16_MAX


def to_u16_proportion(x: ArrayLike) -> NDArray[np.int64]:
    """I32F32 proportion → stored u16 ``floor(x * 65535)``, saturating (spec §1.10)."""
    bits = as_fixed(x)
    if bits.size and (bits.min() < 0 or bits.max() > ONE):
        bits = np.clip(bits, 0, ONE)  # floor(1.0 * 65535) = 65535 already saturates
    return np.right_shift(bits * U16_MAX, FRAC_BITS)


def sat_add(a: ArrayLike, b: ArrayLike) -> Fixed:
    """Saturating addition."""
    a, b = np.broadcast_arrays(as_fixed(a), as_fixed(b))
    with np.errstate(over="ignore"):
        total = a + b
    overflow = ((a >= 0) == (b >= 0)) & ((total >= 0) != (a >= 0))
    return np.where(overflow, np.where(a >= 0, I64_MAX, I64_MIN), total)


def sat_sub(a: ArrayLike, b: ArrayLike) -> Fixed:
    """Saturating subtraction."""
    a, b = np.broadcast_arrays(as_fixed(a), as_fixed(b))
    with np.errstate(over="ignore"):
        diff = a - b
    overflow = ((a >= 0) != (b >= 0)) & ((diff >= 0) != (a >= 0))
    return np.where(overflow, np.where(a >= 0, I64_MAX, I64_MIN), diff)


def mul(a: ArrayLike, b: ArrayLike) -> Fixed:
    """``floor(a * b / 2**32)`` from the exact 128-bit product, vectorised."""
    a, b = as_fixed(a), as_fixed(b)
    if a.ndim == 0 and int(a) & LOW_MASK == 0:  # an integer scalar: the product is exact
        return b * (int(a) >> FRAC_BITS)
    a_hi, b_hi = np.right_shift(a, FRAC_BITS), np.right_shift(b, FRAC_BITS)
    a_lo, b_lo = np.bitwise_and(a, LOW_MASK), np.bitwise_and(b, LOW_MASK)
    low = np.right_shift(a_lo.astype(np.uint64) * b_lo.astype(np.uint64), np.uint64(FRAC_BITS))
    with np.errstate(over="ignore"):
        return (np.left_shift(a_hi * b_hi, FRAC_BITS) + a_hi * b_lo + a_lo * b_hi
                + low.astype(np.int64))


def mul_unit(a: ArrayLike, b: ArrayLike) -> Fixed:
    """``mul`` for operands known to lie in [0, 2**32] (proportions), in one uint64 product.

    The only product that wraps is 1.0 × 1.0 = 2**64; where a = 1.0 the result is b exactly.
    """
    a, b = as_fixed(a), as_fixed(b)
    product = np.multiply(a.view(np.uint64) if a.ndim else np.uint64(a),
                          b.view(np.uint64) if b.ndim else np.uint64(b))
    result = np.right_shift(product, np.uint64(FRAC_BITS)).view(np.int64)
    if a.max(initial=0) >= ONE and b.max(initial=0) >= ONE:
        result = np.where(a == ONE, b, result)
    return result


def _div_long(num: NDArray[np.int64], den: NDArray[np.int64]) -> NDArray[np.int64]:
    """``floor(num * 2**32 / den)`` by chunked long division in uint64 (exact, slower)."""
    quotient = (num // den).astype(np.uint64)
    rem = (num % den).astype(np.uint64)
    den_u = den.astype(np.uint64)
    widest = int(den.max()) if den.size else 1
    chunk = max(1, 64 - widest.bit_length())  # rem < den, so rem << chunk stays below 2**64
    shifted = 0
    while shifted < FRAC_BITS:
        step = np.uint64(min(chunk, FRAC_BITS - shifted))
        rem = np.left_shift(rem, step)
        quotient = np.left_shift(quotient, step) + rem // den_u
        rem = rem % den_u
        shifted += int(step)
    return quotient.astype(np.int64)


def div_nonneg(num: ArrayLike, den: ArrayLike) -> Fixed:
    """``floor(num * 2**32 / den)`` for num ≥ 0, den > 0 (I32F32 division of non-negatives).

    A float64 estimate (error far below 1/4 while it stays under 2**48) minus 3/4, rounded to
    the nearest integer by adding 1.5·2**52 and reading the mantissa bits, is the answer or one
    less; the exact remainder ``num * 2**32 − q * den`` decides which.  That remainder is small,
    so int64 arithmetic wrapping modulo 2**64 still gives it exactly.  ``den`` may broadcast.
    Large matrices are processed in blocks of rows that stay in cache.
    """
    num, den = as_fixed(num), as_fixed(den)
    shape = np.broadcast_shapes(num.shape, den.shape)
    if num.shape != shape:
        num = np.broadcast_to(num, shape)
    if num.size == 0:
        return np.zeros(shape, dtype=np.int64)
    if num.ndim == 2 and num.size > 2 * _BLOCK:
        rows = max(1, _BLOCK // num.shape[1])
        per_row = den.ndim == 2 and den.shape[0] == num.shape[0]
        out = np.empty(shape, dtype=np.int64)
        for start in range(0, num.shape[0], rows):
            block = slice(start, start + rows)
            out[block] = _div_nonneg_block(num[block], den[block] if per_row else den)
        return out
    return _div_nonneg_block(num, den)


_BLOCK = 32768


def _div_nonneg_block(num: Fixed, den: Fixed) -> Fixed:
    """``div_nonneg`` on one block (see there)."""
    estimate = num.astype(np.float64)
    estimate *= float(ONE) / den.astype(np.float64)
    if estimate.max() >= 2.0 ** 48 or den.max() >= 1 << 60:
        return _div_long(*np.broadcast_arrays(num, den))
    estimate -= 0.75
    estimate += _ROUNDING_BIAS
    quotient = estimate.view(np.int64)
    quotient -= _ROUNDING_BIAS_BITS
    rem = np.left_shift(num, FRAC_BITS)
    rem -= quotient * den
    quotient += rem >= den
    return quotient


_ROUNDING_BIAS = 1.5 * 2.0 ** 52  # adding it rounds any |v| < 2**51 to an integer in the mantissa
_ROUNDING_BIAS_BITS = np.array(_ROUNDING_BIAS).view(np.int64)


def safe_div(a: ArrayLike, b: ArrayLike) -> Fixed:
    """``trunc(a * 2**32 / b)``; 0 where ``b == 0`` or the quotient overflows int64."""
    a, b = np.broadcast_arrays(as_fixed(a), as_fixed(b))
    extreme = (a == I64_MIN) | (b == I64_MIN)  # |x| does not fit int64: Python ints there
    zero_den = b == 0
    den = np.where(zero_den | extreme, 1, np.abs(b))
    num = np.where(extreme, 0, np.abs(a))
    overflow = (num // den) > (I64_MAX >> FRAC_BITS)
    quotient = div_nonneg(np.where(overflow, 0, num), den)
    negative = (a < 0) != (b < 0)
    quotient = np.where(negative, -quotient, quotient)
    quotient = np.where(zero_den | overflow, 0, quotient)
    if extreme.any():
        quotient = quotient.copy()
        quotient[extreme] = _safe_div_python(a[extreme], b[extreme])
    return quotient


def _safe_div_python(a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.int64]:
    """``safe_div`` on Python integers (object arrays), for operands equal to int64 min."""
    num, den = a.astype(object), b.astype(object)
    safe_den = np.where(den == 0, 1, den)
    magnitude = (abs(num) << FRAC_BITS) // abs(safe_den)
    quotient = np.where((num < 0) != (den < 0), -magnitude, magnitude)
    fits = (den != 0) & (quotient >= I64_MIN) & (quotient <= I64_MAX)
    return np.where(fits, quotient, 0).astype(np.int64)


def div_by_int(a: ArrayLike, k: int) -> Fixed:
    """``a / from_int(k)`` for a positive integer k: truncation reduces to integer division."""
    bits = as_fixed(a)
    quotient = np.abs(bits) // k
    return np.where(bits < 0, -quotient, quotient)


EXP_CHUNK = 16384  # elements per block: the series' working arrays stay in cache


def exp(x: ArrayLike) -> Fixed:
    """substrate-fixed ``exp``: 30 Taylor terms on |x|, reciprocal for negative x (spec §1.11).

    Valid for |x| ≤ 20 (larger inputs overflow the series in the chain as well).  Runs in
    blocks of ``EXP_CHUNK`` elements so the ~27 passes of the series stay in cache.
    """
    bits = as_fixed(x)
    flat = np.abs(bits).ravel()
    result = np.empty_like(flat)
    for start in range(0, flat.size, EXP_CHUNK):
        result[start:start + EXP_CHUNK] = _taylor(flat[start:start + EXP_CHUNK])
    result = result.reshape(bits.shape)
    negative = bits < 0
    if negative.any():
        result = np.where(negative, div_nonneg(np.int64(ONE), result), result)
    return result


def _term_bounds(max_magnitude: int) -> list[float]:
    """Upper bounds on the raw bits of each series term (index i = term i) for |x| ≤ max."""
    x = max_magnitude / ONE
    bounds, term = [0.0, float(max_magnitude) + 1.0], x
    for i in range(2, FRAC_BITS):
        term = term * x / i
        bounds.append(term * (1 + 1e-9) * ONE)  # floors only ever lower the true terms
    return bounds


def _limb_split(max_magnitude: int, largest_term: float) -> int | None:
    """A bit position s ≤ 32 splitting x = hi·2**s + lo so that term·hi and term·lo stay
    below 2**62; None when no such s exists (|x| beyond about 10)."""
    for split in range(1, FRAC_BITS + 1):
        if (largest_term * (max_magnitude >> split) < 2.0 ** 62
                and largest_term * 2.0 ** split < 2.0 ** 62):
            return split
    return None


def _taylor(magnitude: NDArray[np.int64]) -> NDArray[np.int64]:
    """Σ of the crate's series terms for x = magnitude ≥ 0 (``result = 1 + x + …``).

    floor(term·x / 2**32) is formed in int64 without wrapping: directly once terms are small
    enough, else from two limbs of x, else (|x| > 10) from the 32-bit halves of term.
    """
    result = magnitude + ONE
    term = magnitude.copy()
    top = int(magnitude.max()) if magnitude.size else 0
    bounds = _term_bounds(top)
    split = _limb_split(top, max(bounds))
    product, scratch = np.empty_like(term), np.empty_like(term)
    if split is not None:
        x_hi, x_lo = np.right_shift(magnitude, split), np.bitwise_and(magnitude, (1 << split) - 1)
    else:
        whole = np.right_shift(magnitude, FRAC_BITS)
        frac = np.bitwise_and(magnitude, LOW_MASK)
        frac_u = frac.astype(np.uint64)
    for i in range(2, FRAC_BITS):
        # floor(floor(p / 2**k) / i) = floor(p / (i·2**k)): shift and division in one step
        if bounds[i - 1] * (top + 1) < 2.0 ** 62:  # the whole product fits
            np.multiply(term, magnitude, out=product)
            np.floor_divide(product, i << FRAC_BITS, out=term)
        elif split is not None:  # (term·hi + (term·lo >> s)) >> (32 − s)
            np.multiply(term, x_lo, out=product)
            product >>= split
            np.multiply(term, x_hi, out=scratch)
            product += scratch
            np.floor_divide(product, i << (FRAC_BITS - split), out=term)
        else:  # from the two 32-bit halves of term (terms up to 2**58)
            t_lo = np.bitwise_and(term, LOW_MASK).view(np.uint64)
            t_lo *= frac_u
            t_lo >>= np.uint64(FRAC_BITS)
            np.right_shift(term, FRAC_BITS, out=product)
            product *= frac
            product += t_lo.view(np.int64)
            np.multiply(term, whole, out=scratch)
            product += scratch
            np.floor_divide(product, i, out=term)
        result += term
        if bounds[i] < 1.0 or (i % 4 == 0 and not term.any()):
            break
    return result


def exp_safe(x: ArrayLike) -> Fixed:
    """``exp`` with the input clamped to [−20, 20] (the chain's ``safe_exp``)."""
    return exp(np.clip(as_fixed(x), -20 * ONE, 20 * ONE))


def normalize(x: ArrayLike) -> Fixed:
    """``x / Σx`` element-wise (I32F32 ``inplace_normalize``); unchanged when Σx = 0."""
    bits = as_fixed(x)
    total = int(bits.sum())
    if total == 0:
        return bits.copy()
    if total > 0 and bits.min() >= 0:
        return div_nonneg(bits, np.int64(total))
    return safe_div(bits, np.int64(total))


def normalize_i64f64_to_i32f32(values: ArrayLike) -> Fixed:
    """Normalise non-negative integers in I64F64, then narrow to I32F32 (spec §1.3 step 2).

    In I64F64 ``s / Σs`` has bits ``trunc(s * 2**64 / Σs)``; narrowing floors 32 more bits, so
    the I32F32 result is ``floor(s * 2**32 / Σs)``, computed exactly with Python integers.
    """
    ints = np.asarray(values, dtype=object)
    total = int(ints.sum()) if ints.size else 0
    if total == 0:
        return np.zeros(ints.shape, dtype=np.int64)
    return ((ints * ONE) // total).astype(np.int64)


def i64f64_from_int(x: ArrayLike) -> NDArray[np.object_]:
    """Integers → I64F64 raw bits (Python ints in an object array)."""
    return np.asarray(x, dtype=object) * (1 << 64)


def i64f64_mul(a: ArrayLike, b: ArrayLike) -> NDArray[np.object_]:
    """I64F64 ``floor(a * b / 2**64)`` on raw bits."""
    return (np.asarray(a, dtype=object) * np.asarray(b, dtype=object)) >> 64


def i64f64_div(a: ArrayLike, b: ArrayLike) -> NDArray[np.object_]:
    """I64F64 ``trunc(a * 2**64 / b)`` on raw bits; 0 where ``b == 0``."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
    out = np.zeros(a.shape, dtype=object)
    nz = b != 0
    num, den = a[nz] << 64, b[nz]
    magnitude = abs(num) // abs(den)
    out[nz] = np.where((num < 0) != (den < 0), -magnitude, magnitude)
    return out


def i64f64_to_i32f32(x: ArrayLike) -> Fixed:
    """Narrow I64F64 raw bits to I32F32 raw bits (floor)."""
    return (np.asarray(x, dtype=object) >> 32).astype(np.int64)
