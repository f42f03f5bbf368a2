#!/usr/bin/env python3
"""One training step of the book's SimpleConvNet (ch. 7) in PyTorch on the CPU, the shapes of
vecprop's ConvBench.step: 1x28x28 -> Conv2d 30 5x5 -> ReLU -> MaxPool 2x2/2 -> Linear 4320->100
-> ReLU -> Linear 100->10, cross-entropy, batch 100, Adam lr 0.001, weights N(0, 0.01^2), biases
0 -- sample a batch from 60 000 synthetic uint8 images, convert, forward, backward, step.

Install PyTorch from Debian (never a dependency of the build or the tests):
    sudo apt-get install -y python3-torch libopenblas0-pthread
Unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for the run if your environment sets them. Run with
the system python3 (the Debian package is not in a pyenv or venv):
    /usr/bin/python3 jmh/compare/conv_torch.py [--threads 1] [--steps 500] [--runs 5]
Prints ms per step, the median of the runs. Run it beside
    java -jar jmh/target/benchmarks.jar ConvBench.step
in the same session and compare the ratio, not the absolute numbers.

    /usr/bin/python3 jmh/compare/conv_torch.py --job DIR [--threads 1]
instead runs the whole 20-epoch job on real MNIST (the IDX files in DIR, e.g. the folder
`vecprop fetch` prints) with vecprop's evaluation schedule: train and test accuracy over all
70 000 images after step 1 and every 600 steps; prints each evaluation, the final accuracies and
the wall time from process start, to set beside
    java --add-modules jdk.incubator.vector -jar target/vecprop.jar train --net simple-conv --threads 1
"""
import argparse
import os
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError:
    sys.exit("conv_torch.py: PyTorch is not installed; sudo apt-get install -y python3-torch"
             " libopenblas0-pthread")


def network():
    layers = [nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
              nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10)]
    for l in layers:
        if isinstance(l, (nn.Conv2d, nn.Linear)):
            nn.init.normal_(l.weight, std=0.01)
            nn.init.zeros_(l.bias)
    return nn.Sequential(*layers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--job", metavar="DIR", help="run the 20-epoch job on the MNIST IDX files in DIR")
    a = p.parse_args()
    if a.threads < 1 or a.steps < 10 or a.runs < 1:
        sys.exit("conv_torch.py: --threads >= 1, --steps >= 10, --runs >= 1")
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    if a.job:
        job(a.job, a.threads)
        return
    g = torch.Generator().manual_seed(42)
    labels = torch.randint(0, 10, (60000,), generator=g)
    images = torch.randint(0, 40, (60000, 1, 28, 28), dtype=torch.uint8, generator=g)
    net = network()
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
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

    print(f"PyTorch {torch.__version__}, {a.threads} thread(s), {a.steps} steps x {a.runs} runs")
    for _ in range(50):
        step()
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step()
        times.append((time.perf_counter() - t0) / a.steps * 1e3)
    print(f"SimpleConvNet step, {a.threads} thread(s): {statistics.median(times):.3f} ms/step"
          " (runs: " + ", ".join(f"{t:.3f}" for t in times) + ")")


def idx(path, magic, header):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < header or int.from_bytes(data[:4], "big") != magic:
        sys.exit(f"conv_torch.py: {path}: not an IDX file with magic {magic:#x}")
    return torch.frombuffer(bytearray(data[header:]), dtype=torch.uint8)


def job(folder, threads):
    start = time.perf_counter()
    train_x = idx(os.path.join(folder, "train-images-idx3-ubyte"), 0x803, 16).view(-1, 1, 28, 28)
    train_y = idx(os.path.join(folder, "train-labels-idx1-ubyte"), 0x801, 8).long()
    test_x = idx(os.path.join(folder, "t10k-images-idx3-ubyte"), 0x803, 16).view(-1, 1, 28, 28)
    test_y = idx(os.path.join(folder, "t10k-labels-idx1-ubyte"), 0x801, 8).long()
    net = network()
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(42)

    def accuracy(x, y):
        net.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, len(y), 1000):
                out = net(x[i:i + 1000].float().div_(255.0))
                correct += int((out.argmax(1) == y[i:i + 1000]).sum())
        net.train()
        return correct / len(y)

    print(f"PyTorch {torch.__version__}, {threads} thread(s), SimpleConvNet, 12000 steps")
    for it in range(1, 12001):
        i = torch.randint(0, len(train_y), (100,), generator=g)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(train_x[i].float().div_(255.0)), train_y[i])
        loss.backward()
        opt.step()
        if it == 1 or it % 600 == 0:
            print(f"{it:6d}  loss {float(loss):.4f}  train acc {accuracy(train_x, train_y):.4f}"
                  f"  test acc {accuracy(test_x, test_y):.4f}  {time.perf_counter() - start:.1f}s",
                  flush=True)
    print(f"done: 12000 steps, {time.perf_counter() - start:.1f} s from start")


if __name__ == "__main__":
    main()
