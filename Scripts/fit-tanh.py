#!/usr/bin/env python3
"""Fits the rational approximation behind `FloatMath.tanh` and the AVX2 kernel; its coefficients
are defined once in Packages/_WideKernels/Sources/_WideKernels/include/tanh_coefficients.h.

tanh(x) / x = P(t) / Q(t), t = x^2, on [0, C] with P(0) = Q(0) = 1, degrees 5 and 4 in t:
a linearized least-squares fit of the relative error (Sanathanan-Koerner iterations), then
Lawson-style reweighting towards the worst points. Prints the coefficients (in t) and the
largest error in Float ulps of the Double evaluation, rounded to Float, on dense samples.

    pip install numpy && python3 Scripts/fit-tanh.py
"""
import numpy as np

C = 9.1  # beyond ~9.01, tanh rounds to 1 in Float


def fit(p_degree=5, q_degree=4, c=C, sk_iterations=40, lawson_iterations=300):
    x = np.unique(np.concatenate([np.linspace(0, c, 30000), np.geomspace(1e-4, c, 30000)]))
    x = x[x > 0]
    scale = c * c  # fit in u = t / c^2 in [0, 1], for conditioning
    u, f = x * x / scale, np.tanh(x) / x
    powers = lambda n: np.stack([u**k for k in range(1, n + 1)], 1)
    weights, previous_q, best = np.ones_like(x), np.ones_like(x), None
    for iteration in range(sk_iterations + lawson_iterations):
        a = np.hstack([powers(p_degree), -f[:, None] * powers(q_degree)])
        s = np.sqrt(weights) / (f * previous_q)
        solution, *_ = np.linalg.lstsq(a * s[:, None], (f - 1) * s, rcond=None)
        p = np.concatenate([[1], solution[:p_degree]])
        q = np.concatenate([[1], solution[p_degree:]])
        previous_q = np.polyval(q[::-1], u)
        error = np.abs(np.polyval(p[::-1], u) / previous_q - f) / f
        if iteration >= sk_iterations:
            weights = weights * np.sqrt(error)
            weights /= weights.sum()
        if best is None or error.max() < best[0]:
            best = (error.max(), p, q)
    error, p, q = best
    return error, p / scale ** np.arange(len(p)), q / scale ** np.arange(len(q))


def float_ulps(p, q):
    rng = np.random.default_rng(1)
    a = np.unique(np.concatenate([
        np.linspace(0, 12, 20_000_001).astype(np.float32),
        rng.uniform(0, 12, 20_000_000).astype(np.float32),
        np.geomspace(1e-30, 1, 2_000_000).astype(np.float32)]))
    x = np.minimum(a, np.float32(C)).astype(np.float64)
    t = x * x
    r = np.minimum((x * np.polyval(p[::-1], t) / np.polyval(q[::-1], t)).astype(np.float32), 1)
    reference = np.tanh(a.astype(np.float64)).astype(np.float32)
    return np.abs(r.view(np.int32).astype(np.int64) - reference.view(np.int32).astype(np.int64)).max()


if __name__ == "__main__":
    error, p, q = fit()
    print(f"largest relative error of the fit: {error:.2g}")
    print("p:", [repr(float(v)) for v in p])
    print("q:", [repr(float(v)) for v in q])
    print("largest error in Float ulps (Double evaluation):", float_ulps(p, q))
