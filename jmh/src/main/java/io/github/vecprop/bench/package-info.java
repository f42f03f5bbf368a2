/**
 * JMH benchmarks of the vecprop kernels, one class per kernel family, each calling the public
 * {@link io.github.vecprop.kernel.Kernels} methods. The Vector API and plain-Java numbers come
 * from the same methods in forks started with {@code -Dvecprop.simd=on} or {@code =off}; see
 * {@link io.github.vecprop.bench.Suite}.
 *
 * <p>TODO(nn): TrainStepBench and EvalBench go here once the {@code nn} package lands (they need
 * its network, layers and optimizers; no stub until then). What they should look like:
 *
 * <ul>
 *   <li>{@code TrainStepBench}: a {@code @State} holding the seed network (Affine 784→50, ReLU,
 *       Affine 50→10, SoftmaxWithLoss) built from {@link io.github.vecprop.bench.Inputs#SEED},
 *       one fixed batch of 100 synthetic images (values in [0, 1]) with class-index labels (no
 *       data files), and {@code @Param optimizer = {"sgd", "adam"}}. One {@code @Benchmark step()}
 *       = forward with loss, backward, one optimizer update; it returns the loss. {@code @Setup}
 *       throws unless the first loss is near ln 10 and a few steps on the fixed batch lower it.
 *       Its {@code gc.alloc.rate.norm} must be about 0 (a training step allocates nothing).
 *   <li>{@code EvalBench}: {@code @Param batch = {"100", "10000"}} (a batch and the MNIST test
 *       set in one call), forward without loss plus argmaxRows; returns the number correct.
 *       {@code @Setup} compares the predictions of a few rows with a naive double forward.
 *   <li>Both: the same {@code @Fork}, mode and iteration annotations as the kernel classes, and
 *       a {@code Suite.Table.flops} entry so the table shows their GEMM GFLOP/s: per step
 *       2·100·(784·50 + 50·10) forward + 2·784·50·100 (dW1) + 2·50·10·100 (dW2)
 *       + 2·100·10·50 (dx of layer 2) = 15.98 MFLOP, plus 2·100·50·784 = 7.84 MFLOP if the
 *       network computes the unused dx of layer 1 (the book does); eval 2·batch·(784·50 + 50·10).
 * </ul>
 */
package io.github.vecprop.bench;
