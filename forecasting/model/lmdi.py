"""The logarithmic-mean Divisia index (LMDI-I): split a change in a product into exact parts.

For V = x1 * x2 * ... * xk, the change V1 - V0 equals the sum over k of
L(V1, V0) * ln(xk1 / xk0), with L the logarithmic mean. The parts add up exactly, in any
order of the factors. Zeros are handled by the usual small-value substitution.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

TINY = 1e-12


def log_mean(a, b):
    """L(a, b) = (a - b) / (ln a - ln b), with L(a, a) = a; elementwise, for a, b >= 0."""
    a = np.maximum(np.asarray(a, dtype=float), TINY)
    b = np.maximum(np.asarray(b, dtype=float), TINY)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (a - b) / (np.log(a) - np.log(b))
    return np.where(np.isclose(a, b, rtol=1e-12, atol=0.0), a, value)


def decompose(start: Mapping[str, object], end: Mapping[str, object]) -> dict[str, np.ndarray]:
    """Parts of prod(end) - prod(start) per factor name; their sum equals the change exactly."""
    names = list(start)
    v0 = np.prod([np.asarray(start[n], dtype=float) for n in names], axis=0)
    v1 = np.prod([np.asarray(end[n], dtype=float) for n in names], axis=0)
    weight = log_mean(v1, v0)
    parts = {}
    for name in names:
        x0 = np.maximum(np.asarray(start[name], dtype=float), TINY)
        x1 = np.maximum(np.asarray(end[name], dtype=float), TINY)
        parts[name] = weight * np.log(x1 / x0)
    # exact closure: distribute the rounding residue (only non-zero when a value was substituted)
    residue = (v1 - v0) - sum(parts.values())
    total = sum(np.abs(p) for p in parts.values())
    for name in names:
        share = np.divide(np.abs(parts[name]), total, out=np.full_like(total, 1 / len(names)), where=total > 0)
        parts[name] = parts[name] + residue * share
    return parts

