#!/usr/bin/env python3
"""NumPy + OpenBLAS on the GEMM shapes of jmh's GemmBench, for the README's comparison table.

Same products as GemmBench (C = A.B, A m x k, B k x n; the seed's x.T @ dout and dout @ W.T in
their natural NumPy spelling, which OpenBLAS runs as transposed GEMMs without copies), float32,
inputs uniform in [-1, 1). Prints the best of 7 timed rounds of about 0.2 s each, after warm-up.

Run it single-threaded and without the machine's safety defaults, as the README does:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 jmh/compare/gemm_numpy.py
"""
import sys
import time

import numpy as np


def best_seconds(f):
    for _ in range(20):
        f()
    t0 = time.perf_counter()
    f()
    one = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, int(0.2 / one))
    best = float("inf")
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        best = min(best, (time.perf_counter() - t0) / reps)
    return best


def main():
    squares = [128, 256, 512, 1024] + ([2048] if "--quick" not in sys.argv else [])
    r = np.random.default_rng(42)
    u = lambda *s: r.uniform(-1, 1, s).astype(np.float32)
    rows = []
    x, w, dout = u(100, 784), u(784, 50), u(100, 50)
    h, w2 = u(100, 50), u(50, 10)
    rows.append(("gemm", "100x50x784", lambda: x @ w, 2 * 100 * 50 * 784))
    rows.append(("gemmTransA", "784x50x100", lambda: x.T @ dout, 2 * 784 * 50 * 100))
    rows.append(("gemmTransB", "100x784x50", lambda: dout @ w.T, 2 * 100 * 784 * 50))
    rows.append(("gemm", "100x10x50", lambda: h @ w2, 2 * 100 * 10 * 50))
    for n in squares:
        a, b = u(n, n), u(n, n)
        rows.append(("gemm", f"{n}x{n}x{n}", (lambda a=a, b=b: a @ b), 2 * n ** 3))
    cfg = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
    blas = cfg.get("Build Dependencies", {}).get("blas", {}) if isinstance(cfg, dict) else {}
    print(f"numpy {np.__version__}, blas {blas.get('name', '?')} {blas.get('version', '')}")
    print(f"{'form':12} {'shape':16} {'time':>12} {'GFLOP/s':>9}")
    for form, shape, f, flops in rows:
        s = best_seconds(f)
        print(f"{form:12} {shape:16} {s * 1e6:9.1f} us {flops / s / 1e9:9.1f}")


if __name__ == "__main__":
    main()
