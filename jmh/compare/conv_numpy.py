#!/usr/bin/env python3
"""One training step of the book's SimpleConvNet (Deep Learning from Scratch, ch. 7) in NumPy, as
the book implements it (common/util.py im2col/col2im, common/layers.py Convolution, Pooling,
Affine, Relu, SoftmaxWithLoss, common/optimizer.py Adam), for a side-by-side timing with
vecprop's ConvBench.step and jmh/compare/conv_torch.py:

    1x28x28 -> Convolution 30 5x5 stride 1 pad 0 -> ReLU -> Pooling 2x2 stride 2 -> Affine
    4320->100 -> ReLU -> Affine 100->10 -> SoftmaxWithLoss, batch 100, Adam lr 0.001,
    weights N(0, 0.01^2), biases 0; sample a batch from 60 000 synthetic uint8 images, convert,
    forward, backward, update.

Two changes from the book, both in its favour and both as the issue's measurement: float32
throughout (the book's im2col allocates float64 with np.zeros; here it takes the input's dtype),
and the labels as class indices rather than one-hot rows. Like the book, the first convolution's
input gradient is computed (col2im) although nothing uses it; --skip-first-dx leaves it out, as
vecprop does.

NumPy with OpenBLAS on one thread (the variables must be set before NumPy loads, so the script
sets OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and MKL_NUM_THREADS from --threads itself). Unset
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for the run if your environment sets them:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 jmh/compare/conv_numpy.py \
        [--threads 1] [--steps 100] [--runs 5] [--skip-first-dx]
Prints ms per step, the median of the runs. Compare the ratio to vecprop's step measured in the
same session, not the absolute numbers.
"""
import argparse
import os
import statistics
import sys
import time


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--skip-first-dx", action="store_true")
    a = p.parse_args()
    if a.threads < 1 or a.steps < 10 or a.runs < 1:
        sys.exit("conv_numpy.py: --threads >= 1, --steps >= 10, --runs >= 1")
    return a


ARGS = parse()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)
import numpy as np  # noqa: E402  (after the thread variables)

F32 = np.float32


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = input_data.shape
    out_h = (h + 2 * pad - filter_h) // stride + 1
    out_w = (w + 2 * pad - filter_w) // stride + 1
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((n, c, filter_h, filter_w, out_h, out_w), dtype=input_data.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = input_shape
    out_h = (h + 2 * pad - filter_h) // stride + 1
    out_w = (w + 2 * pad - filter_w) // stride + 1
    col = col.reshape(n, out_h, out_w, c, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]
    return img[:, :, pad:h + pad, pad:w + pad]


class Convolution:
    def __init__(self, w, b, stride=1, pad=0, need_dx=True):
        self.W, self.b, self.stride, self.pad, self.need_dx = w, b, stride, pad, need_dx

    def forward(self, x):
        fn, c, fh, fw = self.W.shape
        n, c, h, w = x.shape
        out_h = 1 + (h + 2 * self.pad - fh) // self.stride
        out_w = 1 + (w + 2 * self.pad - fw) // self.stride
        col = im2col(x, fh, fw, self.stride, self.pad)
        col_w = self.W.reshape(fn, -1).T
        out = np.dot(col, col_w) + self.b
        self.x, self.col, self.col_W = x, col, col_w
        return out.reshape(n, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(fn, c, fh, fw)
        if not self.need_dx:
            return None
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, fh, fw, self.stride, self.pad)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        n, c, h, w = x.shape
        out_h = 1 + (h - self.pool_h) // self.stride
        out_w = 1 + (w - self.pool_w) // self.stride
        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h * self.pool_w)
        self.x, self.arg_max = x, np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        return out.reshape(n, out_h, out_w, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))
        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        return col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, w, b):
        self.W, self.b = w, b

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx.reshape(*self.original_x_shape)


class SoftmaxWithLoss:
    def forward(self, x, t):
        x = x - np.max(x, axis=1, keepdims=True)
        e = np.exp(x)
        self.y = e / np.sum(e, axis=1, keepdims=True)
        self.t = t
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), t] + F32(1e-7))) / n

    def backward(self):
        n = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx / F32(n)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = lr, beta1, beta2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = F32(self.lr * np.sqrt(1.0 - self.beta2 ** self.iter)
                   / (1.0 - self.beta1 ** self.iter))
        for k in params:
            self.m[k] += F32(1 - self.beta1) * (grads[k] - self.m[k])
            self.v[k] += F32(1 - self.beta2) * (grads[k] ** 2 - self.v[k])
            params[k] -= lr_t * self.m[k] / (np.sqrt(self.v[k]) + F32(1e-7))


class SimpleConvNet:
    def __init__(self, rng, need_first_dx):
        std = 0.01
        self.params = {
            "W1": (std * rng.standard_normal((30, 1, 5, 5))).astype(F32), "b1": np.zeros(30, F32),
            "W2": (std * rng.standard_normal((4320, 100))).astype(F32), "b2": np.zeros(100, F32),
            "W3": (std * rng.standard_normal((100, 10))).astype(F32), "b3": np.zeros(10, F32)}
        p = self.params
        self.conv = Convolution(p["W1"], p["b1"], 1, 0, need_first_dx)
        self.layers = [self.conv, Relu(), Pooling(2, 2, 2), Affine(p["W2"], p["b2"]), Relu(),
                       Affine(p["W3"], p["b3"])]
        self.last = SoftmaxWithLoss()

    def gradient(self, x, t):
        for layer in self.layers:
            x = layer.forward(x)
        loss = self.last.forward(x, t)
        dout = self.last.backward()
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        c, a2, a3 = self.layers[0], self.layers[3], self.layers[5]
        grads = {"W1": c.dW, "b1": c.db, "W2": a2.dW, "b2": a2.db, "W3": a3.dW, "b3": a3.db}
        return loss, grads


def main():
    rng = np.random.default_rng(42)
    labels = rng.integers(0, 10, 60000)
    images = rng.integers(0, 40, (60000, 1, 28, 28), dtype=np.uint8)
    net = SimpleConvNet(rng, not ARGS.skip_first_dx)
    opt = Adam(0.001)

    def step():
        i = rng.integers(0, 60000, 100)
        x = images[i].astype(F32) / F32(255.0)
        loss, grads = net.gradient(x, labels[i])
        opt.update(net.params, grads)
        return loss

    first = step()
    if not np.isfinite(first) or abs(first - np.log(10)) > 1.5:
        sys.exit(f"conv_numpy.py: first loss {first}, expected near ln 10")
    for _ in range(10):
        step()
    times = []
    for _ in range(ARGS.runs):
        t0 = time.perf_counter()
        for _ in range(ARGS.steps):
            step()
        times.append((time.perf_counter() - t0) / ARGS.steps * 1e3)
    what = "without" if ARGS.skip_first_dx else "with"
    print(f"NumPy {np.__version__}, {ARGS.threads} thread(s), {ARGS.steps} steps x {ARGS.runs}"
          f" runs, {what} the first layer's dx")
    print(f"SimpleConvNet step (book's im2col NumPy): {statistics.median(times):.3f} ms/step"
          " (runs: " + ", ".join(f"{t:.3f}" for t in times) + ")")


if __name__ == "__main__":
    main()
