#!/usr/bin/env python3
"""The seed's job in NumPy, for a side-by-side timing with vecprop.

Deep Learning from Scratch, ch. 5 (train_neuralnet.py with the layered TwoLayerNet):
784-50-10, ReLU, weights N(0, 0.01^2), SGD lr 0.1, random mini-batches of 100 drawn with
replacement, 10 000 iterations, train and test accuracy over the full sets whenever
i % 600 == 0, and once more after the last iteration (as vecprop does). float32 throughout, like
vecprop (the book uses float64; float32 is the faster and fairer comparison).

usage: seed_numpy.py [MNIST_DIR] [--iters N] [--eval-every N]
       (MNIST_DIR defaults to $VECPROP_DATA or ~/.cache/vecprop/mnist, raw IDX files; the last
       line also gives the mean time of one training step, evaluations left out, to set beside
       JMH's TrainStepBench)
"""
import os
import sys
import time

import numpy as np


def load_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = magic & 0xFF
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    args = []
    iters = 10000
    every = 600
    rest = sys.argv[1:]
    while rest:
        a = rest.pop(0)
        if a in ("--iters", "--eval-every"):
            if not rest or not rest[0].isdigit() or int(rest[0]) < 1:
                sys.exit(f"seed_numpy.py: {a} needs a positive integer")
            v = int(rest.pop(0))
            iters, every = (v, every) if a == "--iters" else (iters, v)
        elif a.startswith("--"):
            sys.exit(f"seed_numpy.py: unknown flag {a}")
        else:
            args.append(a)
    d = args[0] if args else os.environ.get("VECPROP_DATA",
                                            os.path.expanduser("~/.cache/vecprop/mnist"))
    start = time.perf_counter()
    x_train = load_idx(os.path.join(d, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    t_train = load_idx(os.path.join(d, "train-labels-idx1-ubyte")).astype(np.int64)
    x_test = load_idx(os.path.join(d, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    t_test = load_idx(os.path.join(d, "t10k-labels-idx1-ubyte")).astype(np.int64)

    rng = np.random.default_rng(42)
    W1 = (0.01 * rng.standard_normal((784, 50))).astype(np.float32)
    b1 = np.zeros(50, np.float32)
    W2 = (0.01 * rng.standard_normal((50, 10))).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    lr = np.float32(0.1)
    batch = 100
    n = x_train.shape[0]

    def predict(x):
        return np.maximum(x @ W1 + b1, 0) @ W2 + b2

    def accuracy(x, t):
        return float(np.mean(np.argmax(predict(x), axis=1) == t))

    print("epoch  iteration    loss  train acc  test acc   elapsed")
    losses = []
    loop_start = time.perf_counter()
    eval_seconds = 0.0
    for i in range(iters):
        idx = rng.integers(0, n, batch)
        x = x_train[idx]
        t = t_train[idx]
        # forward: Affine -> ReLU -> Affine -> SoftmaxWithLoss
        a1 = x @ W1 + b1
        mask = a1 <= 0
        z1 = np.where(mask, 0, a1)
        a2 = z1 @ W2 + b2
        a2 = a2 - a2.max(axis=1, keepdims=True)
        y = np.exp(a2)
        y /= y.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(y[np.arange(batch), t] + 1e-7))
        losses.append(loss)
        # backward
        dy = y.copy()
        dy[np.arange(batch), t] -= 1
        dy /= batch
        dW2 = z1.T @ dy
        db2 = dy.sum(axis=0)
        dz1 = dy @ W2.T
        dz1[mask] = 0
        dW1 = x.T @ dz1          # the input gradient dx = dz1 @ W1.T is never needed
        db1 = dz1.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
        if i % every == 0 or i == iters - 1:
            e0 = time.perf_counter()
            tr = accuracy(x_train, t_train)
            te = accuracy(x_test, t_test)
            eval_seconds += time.perf_counter() - e0
            print(f"{i // every + (1 if i % every else 0):5d}  {i + 1:9d}  "
                  f"{np.mean(losses[-every:]):6.4f}     {tr:6.4f}    {te:6.4f}  "
                  f"{time.perf_counter() - start:7.1f}s", flush=True)
    step_us = (time.perf_counter() - loop_start - eval_seconds) / iters * 1e6
    wall = time.perf_counter() - start
    print(f"final: train acc {tr:.4f}, test acc {te:.4f}")
    print(f"numpy {np.__version__}: {iters} iterations in {wall:.1f} s; one step {step_us:.0f} us"
          f" without evaluations")


if __name__ == "__main__":
    main()
