#!/usr/bin/env python3
"""One training step of the book's deep network in PyTorch on the CPU, the shapes of vecprop's
DeepStepBench: 784 -> 5 x (Linear 100, [BatchNorm1d], ReLU, [Dropout 0.2]) -> Linear 10,
cross-entropy, batch 100, SGD lr 0.01 — sample a batch from 60 000 synthetic uint8 images,
convert, forward, backward, step.

Install PyTorch from Debian (never a dependency of the build or the tests):
    sudo apt-get install -y python3-torch libopenblas0-pthread
(without libopenblas0-pthread Debian links PyTorch to the reference BLAS: ~50x slower linear
layers). Unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for the run if your environment sets them.
Run with the system python3 (the Debian package is not in a pyenv or venv):
    /usr/bin/python3 jmh/compare/deep_torch.py [--threads 1] [--steps 2000] [--runs 5]
Prints ms per step (median of the runs) with and without BatchNorm and Dropout, for He and
N(0, 0.01^2) weights.
"""
import argparse
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError:
    sys.exit("deep_torch.py: PyTorch is not installed; sudo apt-get install -y python3-torch"
             " libopenblas0-pthread")


def network(regularised, init):
    layers = []
    width = 784
    for _ in range(5):
        lin = nn.Linear(width, 100)
        if init == "he":
            nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        else:
            nn.init.normal_(lin.weight, std=0.01)
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if regularised:
            layers.append(nn.BatchNorm1d(100, eps=1e-6, momentum=0.1))
        layers.append(nn.ReLU())
        if regularised:
            layers.append(nn.Dropout(0.2))
        width = 100
    out = nn.Linear(width, 10)
    nn.init.normal_(out.weight, std=0.01 if init != "he" else (2.0 / width) ** 0.5)
    nn.init.zeros_(out.bias)
    layers.append(out)
    return nn.Sequential(*layers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    if a.threads < 1 or a.steps < 10 or a.runs < 1:
        sys.exit("deep_torch.py: --threads >= 1, --steps >= 10, --runs >= 1")
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    g = torch.Generator().manual_seed(42)
    labels = torch.randint(0, 10, (60000,), generator=g)
    images = torch.randint(0, 40, (60000, 784), dtype=torch.uint8, generator=g)
    print(f"PyTorch {torch.__version__}, {a.threads} thread(s), {a.steps} steps x {a.runs} runs")
    for regularised in (False, True):
        for init in ("he", "gaussian"):
            net = network(regularised, init)
            net.train()
            opt = torch.optim.SGD(net.parameters(), lr=0.01)
            loss_fn = nn.CrossEntropyLoss()

            def step():
                idx = torch.randint(0, 60000, (100,), generator=g)
                x = images[idx].float().div_(255.0)
                y = labels[idx]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(net(x), y)
                loss.backward()
                opt.step()
                return loss

            for _ in range(200):
                step()
            times = []
            for _ in range(a.runs):
                t0 = time.perf_counter()
                for _ in range(a.steps):
                    step()
                times.append((time.perf_counter() - t0) / a.steps * 1e3)
            print(f"deep step, batchnorm+dropout={regularised!s:5}, init={init:8}:"
                  f" {statistics.median(times):.3f} ms/step (runs: "
                  + ", ".join(f"{t:.3f}" for t in times) + ")")


if __name__ == "__main__":
    main()
