/**
 * JMH benchmarks of the vecprop kernels, one class per kernel family, each calling the public
 * {@link io.github.vecprop.kernel.Kernels} methods. The Vector API and plain-Java numbers come
 * from the same methods in forks started with {@code -Dvecprop.simd=on} or {@code =off}; see
 * {@link io.github.vecprop.bench.Suite}.
 *
 * <p>{@link io.github.vecprop.bench.TrainStepBench} times one whole training step of the seed's
 * network (random batch gathered from bytes, forward, backward, update) and
 * {@link io.github.vecprop.bench.EvalBench} one evaluation pass over 10 000 images; the Suite
 * reports their GEMM work as GFLOP/s too.
 */
package io.github.vecprop.bench;
