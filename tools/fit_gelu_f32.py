"""Constants of csrc/simd/gelu_f32.h (float32 gelu in float arithmetic).

Phi(-t) = e^(-t^2/2) R(t), R(t) = e^(t^2/2) Phi(-t) = erfcx(t / sqrt2) / 2, is
taken on pieces chosen by the bits of v = t + base (the exponent's low 2 bits
and the top mantissa bits), each a polynomial in d = t - a_j (a_j near the
piece's middle, see anchor()). Two sets (SETS): for AVX-512 16 pieces of
degree 6 from t + 1 and 2 mantissa bits (t in [0, 1) in steps of 1/4, [1, 3)
of 1/2, [3, 7) of 1, [7, 15) of 2: one vpermps a coefficient); for AVX2 8
pieces of degree 8 from t + 1 and 1 mantissa bit (steps of 1/2 in [0, 1), 1
in [1, 3), 2 in [3, 7), 4 in [7, 15)). (32 pieces of degree 5 from t + 2 and
3 mantissa bits, vpermt2ps, 2^-27.35, measured 2% slower on AVX-512.)
Fitted for the least maximum relative error by Lawson-reweighted least
squares (numpy float64 on R from mpmath), coefficients rounded to float from
the lowest order up, refitting the rest after each. The fit interval is
widened by 2^-18 on both sides: v = t + base is rounded, so t just below a
piece boundary may land in the next piece (d slightly negative).
Also: e^(r2 / 2) - 1 ~ r2 (c1 + r2 (c2 + c3 r2)), |r2| <= ln2 / 16 (plus
margin; AVX-512, k in steps of 1/16), and of degree 4 for |r2| <= ln2 / 8
with the table 2^(j/8) (AVX2, k in steps of 1/8); and the clamp C (the
least float with C Phi(-C) and C phi(C) below 2^-150, so that both round
to 0).

usage: python tools/fit_gelu_f32.py   (prints the errors, the constants, the
       AVX2 exp table and the AVX-512 forward's (T_j 2^32, rho_j), then the tables of csrc/simd/gelu_f32.h from
       "#if FA_SIMD_PERMUTE_CHEAP" to "#endif", token for token: clang-format
       then re-spaces them; then AVX2's forward pieces s8 (session 13: R on
       [0, 1), S = t R(t) from 1, degree 7) and derivative pieces g8 (session
       14: G = R - t / sqrt(2 pi), degree 7), in "#if FA_SIMD_LAYER_AVX2";
       then AVX-512's forward pieces s16 (session 14: the same as s8 on p16's
       pieces, degree 5); about 40 s)
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

mp.mp.dps = 40
F32 = np.float32
# (name, base, mantissa bits, pieces, degree): AVX-512 picks from 16 entries,
# AVX2 from 8 (one vpermps each)
SETS = (("p16", 1.0, 2, 16, 6), ("p8", 1.0, 1, 8, 8))
# AVX2's own (fa_simd_gelu_lut8_f32) take p8's pieces with piece 0 centred
# (anchor's center0): s8 (the forward, session 13) and g8 (the derivative,
# session 14; session 11's p8c, R of degree 8, no longer printed); SSE2, NEON
# and scalar keep p8
MARGIN = 2.0**-18


def R(t):
    t = mp.mpf(t)
    return mp.erfc(t / mp.sqrt(2)) / 2 * mp.exp(t * t / 2)


def pieces(base=2.0, bits=3, count=32):
    """[lo, hi) of t for each index j = the low log2(count) bits of
    (bit pattern of t + base) >> (23 - bits), base a power of 2"""
    out = []
    per = 2**bits
    for j in range(count):
        octave, sub = divmod(j, per)
        lo = base * 2.0**octave * (1 + sub / per) - base
        hi = base * 2.0**octave * (1 + (sub + 1) / per) - base
        out.append((lo, hi))
    return out


def lawson(d, y, fixed, degree, rounds=60, scale=None):
    """coefficients c_k (k not in fixed) minimising max |poly(d) / y - 1|
    (max |poly(d) - y| / scale where scale is given)"""
    y_scale = y if scale is None else scale
    n = len(d)
    free = [k for k in range(degree + 1) if k not in fixed]
    rhs = y - sum(c * d**k for k, c in fixed.items())
    basis = np.stack([d**k for k in free], axis=1)
    w = np.full(n, 1.0 / n)
    for _ in range(rounds):
        s = np.sqrt(w) / y_scale
        coef, *_ = np.linalg.lstsq(basis * s[:, None], rhs * s, rcond=None)
        err = np.abs(basis @ coef - rhs) / y_scale
        w = w * err / err.max() + 1e-300
        w /= w.sum()
    out = dict(fixed)
    out.update(zip(free, coef))
    return out


def anchor(lo, hi, center0=False, f=None, mid=None):
    """the expansion point a_j: the float among mid + i (hi - lo) / 4096,
    |i| < 128, mid the piece's middle (|d| <= half the width: the Horner
    steps' rounding errors, relative to R, half those from the left end), at
    which R is nearest to a float (c0 = R(a_j) rounded then adds < 2^-30
    relative instead of up to 2^-24); piece 0 keeps 0 (R(0) = 1/2). d = t - a_j
    stays exact: t in [a_j / 2, 2 a_j] on every piece but the first (each
    piece's hi <= 2 lo, or lo = 0). center0 (AVX2's p8c, session 11): piece 0
    too is expanded at such a point near its middle (there d = t - a_j is
    rounded for t < a_j / 2, by < 2^-27 absolute, R' = -0.4: < 2^-28 of R; the
    last Horner step's part r d then stays below 1/4 of R, as on the other
    pieces, where from 0 it reached 0.43). mid (g8, session 14): searched
    around mid, not the middle (a multiple of (hi - lo) / 4096, so that a_j is
    a float)."""
    if lo == 0.0 and not center0:
        return 0.0
    best, where = None, lo
    for i in range(-128, 128):
        a = ((lo + hi) / 2 if mid is None else mid) + i * (hi - lo) / 4096
        r = (f or R)(a)
        e = abs(mp.mpf(float(F32(float(r)))) - r) / abs(r)
        if best is None or e < best:
            best, where = e, a
    return float(F32(where)) if lo == 0.0 else where


def fit_piece(lo, hi, degree, nodes=120, center0=False, f=None, scale=None, start=None):
    """scale (a function, g8): the error is taken as |poly - f| / scale, not
    relative to f; start: a_j given"""
    f = f or R
    start = anchor(lo, hi, center0, f) if start is None else start
    a, b = lo - start - MARGIN, hi - start + MARGIN
    lo = start
    d = (a + b) / 2 + (b - a) / 2 * np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes)
    y = np.array([float(f(lo + di)) for di in d])
    w = None if scale is None else np.array([float(scale(lo + di)) for di in d])
    fixed = {}
    for k in range(degree + 1):
        coef = lawson(d, y, fixed, degree, scale=w)
        fixed[k] = float(F32(coef[k]))
    dd = np.linspace(a, b, 2001)
    yy = np.array([float(f(mp.mpf(lo) + mp.mpf(di))) for di in dd])
    approx = sum(np.float64(fixed[k]) * dd**k for k in range(degree + 1))
    if scale is not None:
        ww = np.array([float(scale(mp.mpf(lo) + mp.mpf(di))) for di in dd])
        return [fixed[k] for k in range(degree + 1)], float(np.max(np.abs(approx - yy) / ww))
    return [fixed[k] for k in range(degree + 1)], float(np.max(np.abs(approx / yy - 1)))


def fit_exp(table=16, degree=3):
    """e^(r2/2) - 1 ~ r2 (c1 + r2 (c2 + ...)) of the given degree, |r2| <= ln2 / table
    (r2 = 2 r, |r| <= ln2 / (2 table): z = k ln2 + r, k a multiple of 1/table)"""
    half = float(mp.log(2) / table) * (1 + 2.0**-10)
    r = half * np.cos(np.pi * (np.arange(200) + 0.5) / 200)
    y = np.array([float(mp.expm1(mp.mpf(x) / 2)) for x in r])
    fixed = {}
    basis = np.stack([r ** (i + 1) for i in range(degree)], axis=1)
    for k in range(degree):
        w = np.full(r.size, 1.0 / r.size)
        free = [i for i in range(degree) if i not in fixed]
        rhs = y - sum(fixed[i] * r ** (i + 1) for i in fixed)
        for _ in range(60):
            s = np.sqrt(w) / np.abs(y)
            c, *_ = np.linalg.lstsq(basis[:, free] * s[:, None], rhs * s, rcond=None)
            err = np.abs(basis[:, free] @ c - rhs) / np.abs(y)
            w = w * err / err.max() + 1e-300
            w /= w.sum()
        fixed[free[0]] = float(F32(c[0]))
    rr = np.linspace(-half, half, 4001)
    exact = np.array([float(mp.exp(mp.mpf(x) / 2)) for x in rr])
    poly = np.float64(fixed[degree - 1])
    for i in range(degree - 2, -1, -1):
        poly = fixed[i] + rr * poly
    approx = 1 + rr * poly
    return [fixed[i] for i in range(degree)], float(np.max(np.abs(approx / exact - 1)))


def exp_table8():
    """2^(j/8) rounded to float and the rest (AVX2's exp table: one vpermps each)"""
    hi = [F32(float(mp.mpf(2) ** (mp.mpf(j) / 8))) for j in range(8)]
    lo = [F32(float(mp.mpf(2) ** (mp.mpf(j) / 8) - mp.mpf(float(h)))) for j, h in enumerate(hi)]
    return hi, lo


def exp_table16_forward():
    """the AVX-512 forward's exp table: 2^(j/16) rounded to float, times 2^32
    (R's coefficients carry 2^-32), and rho_j = 2^(j/16) / T_j - 1 rounded
    (eps = (1 + w)(1 + rho_j) - 1 is one fma from w's polynomial)"""
    hi = [F32(float(mp.mpf(2) ** (mp.mpf(j) / 16))) for j in range(16)]
    rho = [F32(float(mp.mpf(2) ** (mp.mpf(j) / 16) / mp.mpf(float(h)) - 1)) for j, h in enumerate(hi)]
    return [float(h) * 2.0**32 for h in hi], rho


def clamp():
    """least float C with C Phi(-C) and C phi(C) both under 2^-150 (so both
    round to 0; phi(C) = e^(-C^2/2) / sqrt(2 pi))"""
    c = F32(14.0)
    tiny = mp.mpf(2) ** -150
    while True:
        t = mp.mpf(float(c))
        if t * R(t) * mp.exp(-t * t / 2) < tiny and t * mp.npdf(t) < tiny:
            return c
        c = F32(float(c) + 2.0**-10)


def hexf(v):
    """a float32 value as a short C hex literal"""
    mant, exp = float(v).hex().split("p")
    mant = mant.rstrip("0").rstrip(".") if "." in mant else mant
    return f"{mant}p{exp}f"


def ctable(name, values):
    items = [hexf(F32(v)) for v in values]
    rows = [", ".join(items[i:i + 6]) for i in range(0, len(items), 6)]
    body = ",\n    ".join(rows)
    return f"static const float {name}[{len(values)}] = {{\n    {body}}};"


def hardware_order(base, bits, count):
    """piece number (pieces()'s order) at each table index: the index is the
    low bits of the biased exponent of t + base, then the mantissa bits"""
    per = 2**bits
    octaves = count // per
    order = [None] * count
    for j in range(count):
        octave, sub = divmod(j, per)
        e = int(np.log2(base)) + octave + 127
        order[(e % octaves) * per + sub] = j
    return order


if __name__ == "__main__":
    exp_coef, exp_err = fit_exp()
    print(f"e^(r2/2) - 1, |r2| <= ln2/16: max relative error {exp_err:.3g} (2^{np.log2(exp_err):.2f})")
    print(f"  = r2 (c1 + r2 (c2 + c3 r2)): {', '.join(hexf(v) for v in exp_coef)}")
    exp8_coef, exp8_err = fit_exp(8, 4)
    print(f"e^(r2/2) - 1, |r2| <= ln2/8 (AVX2): max relative error {exp8_err:.3g} (2^{np.log2(exp8_err):.2f})")
    print(f"  = r2 (c1 + r2 (c2 + r2 (c3 + c4 r2))): {', '.join(hexf(v) for v in exp8_coef)}")
    hi8, lo8 = exp_table8()
    print(ctable("fa_gelu_f32_exp8_hi", hi8))
    print(ctable("fa_gelu_f32_exp8_lo", lo8))
    hi16, rho16 = exp_table16_forward()
    print(ctable("fa_gelu_f32_exp_hi_2p32", hi16))
    print(ctable("fa_exp_table_rho_f32", rho16))
    c = clamp()
    print(f"clamp C = {float(c)!r} = {hexf(c)}")
    c_text = []
    for which, (name, base, bits, count, degree) in enumerate(SETS):
        c_text.append(("#if FA_SIMD_PERMUTE_CHEAP", "#else")[which])  # AVX-512, AVX2
        table = []
        worst = 0.0
        for j, (lo, hi) in enumerate(pieces(base, bits, count)):
            if lo > float(c):  # beyond the clamp: never read
                table.append((lo, [0.0] * (degree + 1)))
                continue
            coef, err = fit_piece(lo, hi, degree)
            worst = max(worst, err)
            table.append((anchor(lo, hi), coef))
            print(f"  {name} piece {j:2d} t in [{lo:6.3f}, {hi:6.3f}): max relative error 2^{np.log2(err):.2f}")
        print(f"{name}: R of degree {degree}, worst piece 2^{np.log2(worst):.2f}")
        order = hardware_order(base, bits, count)
        c_text.append(f"/* {name}: t + {base:g}, {count} pieces of degree {degree}; a_j */")
        c_text.append(ctable(f"fa_gelu_f32_{name}_start", [table[i][0] for i in order]))
        c_text.append(f"/* {name}: the coefficients of R(a_j + d) times 2^-32 (exact), lowest order first */")
        for k in range(degree + 1):
            c_text.append(ctable(f"fa_gelu_f32_{name}_r{k}", [table[i][1][k] * 2.0**-32 for i in order]))
    print("\n".join(c_text + ["#endif"]))


def S(t):
    """t R(t): the AVX2 forward's m R(m)"""
    return mp.mpf(t) * R(t)


def print_piece_tables(name, per_octave, count, degree, fit_one, heading, what):
    """fit each of count pieces (pieces(1, per_octave, count)) by fit_one(lo, hi)
    -> (a_j, coefficients, error); print the errors, then the C tables of
    csrc/simd/gelu_f32.h in the hardware's order: name_start (a_j) and
    name_r0.. (the coefficients times 2^-32, exact)"""
    table = []
    worst = 0.0
    for j, (lo, hi) in enumerate(pieces(1.0, per_octave, count)):
        a, coef, err = fit_one(lo, hi)
        table.append((a, coef))
        worst = max(worst, err)
        print(f"  {name} piece {j:2d} t in [{lo:6.3f}, {hi:6.3f}): {what} 2^{np.log2(err):.2f}")
    print(f"{name}: degree {degree}, worst piece 2^{np.log2(worst):.2f}")
    order = hardware_order(1.0, per_octave, count)
    c_text = [f"/* {name}: {heading}, degree {degree}; a_j */",
              ctable(f"fa_gelu_f32_{name}_start", [table[i][0] for i in order]),
              f"/* {name}: the coefficients of {'G(a_j + d) = R - (a_j + d) c' if name == 'g8' else 'F(a_j + d)'}"
              " times 2^-32 (exact), lowest order first */"]
    for k in range(degree + 1):
        c_text.append(ctable(f"fa_gelu_f32_{name}_r{k}", [table[i][1][k] * 2.0**-32 for i in order]))
    print("\n".join(c_text))


def fit_f(degree, center0):
    """s8 / s16: F = R on [0, 1), t R(t) from 1, relative error"""
    def fit_one(lo, hi):
        f = R if hi <= 1.0 else S
        coef, err = fit_piece(lo, hi, degree, center0=center0, f=f)
        return anchor(lo, hi, center0, f), coef, err
    return fit_one


if __name__ == "__main__":
    # s8: the AVX2 forward's F(t) = R(t) min(t, 1)^-1 t on p8's pieces, degree 7:
    # R on [0, 1) (piece 0 centred, as session 11's p8c was), t R(t) from 1 on
    print_piece_tables("s8", 1, 8, 7, fit_f(7, True), "R on [0, 1), t R(t) from 1 (p8's pieces)",
                       "max relative error")


def G(t):
    """R(t) - t / sqrt(2 pi): the AVX2 derivative's (gelu'(-t) = e^(-t^2/2) G(t))"""
    t = mp.mpf(t)
    return R(t) - t / mp.sqrt(2 * mp.pi)


# g8's a_j near 1.375 on [1, 2), not its middle: where the band next to f''s
# zero ends (t = 1.128, G = -0.205) r d then stays ~1/2 of G as at t = 2
# (from 1.53: r d ~ G there, derivative 2.06 ULP every 61st input)
G_MID = {1.0: 1.375}


def G_scale(t):
    """R(t) + t / sqrt(2 pi): |G| where R or t c dominates, 2 R at G's zero (t = 0.7518)"""
    t = mp.mpf(t)
    return R(t) + t / mp.sqrt(2 * mp.pi)


def fit_g(lo, hi):
    """g8: G with a_j where G is near a float (G_MID), error / (R + t c)"""
    a = anchor(lo, hi, True, G, G_MID.get(lo))
    coef, err = fit_piece(lo, hi, 7, center0=True, f=G, scale=G_scale, start=a)
    return a, coef, err


if __name__ == "__main__":
    # g8 (session 14): the AVX2 derivative's G = R - t c on p8's pieces
    # (anchors where G is near a float, piece 0 centred), degree 7, fitted for
    # the least max |error| / (R + t c): relative to G away from its zero, to
    # R's size there
    print_piece_tables("g8", 1, 8, 7, fit_g, "G = R - t c on p8's pieces", "max error / (R + t c)")


if __name__ == "__main__":
    # s16: the AVX-512 forward's F(t) = R(t) min(t, 1)^-1 t on p16's pieces,
    # degree 5 (session 14): R on [0, 1) (piece 0 from 0, as p16), t R(t) from 1
    print_piece_tables("s16", 2, 16, 5, fit_f(5, False), "R on [0, 1), t R(t) from 1 (p16's pieces)",
                       "max relative error")
