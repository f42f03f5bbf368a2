package io.github.vecprop.bench;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Convolution;
import io.github.vecprop.nn.Layer;
import io.github.vecprop.nn.MaxPooling;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.Parameter;
import io.github.vecprop.nn.WeightInit;
import io.github.vecprop.optim.Adam;
import io.github.vecprop.optim.Optimizer;
import io.github.vecprop.train.BatchSampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The book's SimpleConvNet (ch. 7) at batch 100: conv 30×5×5 over 1×28×28 → ReLU → max pool 2×2
 * stride 2 → Affine 4320→100 → ReLU → Affine 100→10, its layers one at a time and the whole
 * training step (draw 100 rows of a 60 000-image byte set, convert, forward, backward without the
 * first layer's dx, Adam update). {@link Suite} counts 2·100·30·576·25 = 86.4 MFLOP for the
 * convolution's forward and for its weight gradient, and 432.6 MFLOP for the step (the two
 * convolution products, the 4320→100 layer's forward, dW and dx, the small layer's three).
 * Synthetic pixels, no data files; the setup checks one convolution output against the
 * definition in double and the pooling against a plain maximum. {@code -p threads=2} sets
 * {@link Kernels#setThreads}: the convolution then splits its batch (forward, dx) and its filters
 * (dW, db) over two threads and the large GEMMs their rows, with the same bits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ConvBench {
  static final int BATCH = 100;
  /** The book's network as a layer spec. */
  static final String SPEC = "conv:30x5x5,relu,pool:2,affine:100,relu,affine:10";

  /** Kernels.setThreads for the run (1: the caller's thread only). */
  @Param({"1"})
  public int threads;

  Dataset train;
  Network net;
  Convolution conv;
  Layer relu;
  MaxPooling pool;
  Optimizer opt;
  Parameter[] params;
  BatchSampler sampler;
  int[] idx;
  float[] x;
  int[] labels;
  float[] convOut;
  float[] poolIn;
  float[] poolGrad;
  float[] convGrad;

  /** The book's SimpleConvNet with its N(0, 0.01²) weights, as benchmarked here. */
  static Network network() {
    return Network.builder(1, 28, 28).init(WeightInit.gaussian(0.01)).layers(SPEC)
        .build(Inputs.SEED);
  }

  @Setup
  public void setup() {
    Inputs.announce();
    Kernels.setThreads(threads);
    train = Inputs.syntheticMnist().withSampleShape(1, 28, 28);
    net = network();
    net.ensureCapacity(BATCH);
    conv = (Convolution) net.layers().get(0);
    relu = net.layers().get(1);
    pool = (MaxPooling) net.layers().get(2);
    opt = new Adam(0.001f);
    params = net.parameters().toArray(new Parameter[0]);
    sampler = new BatchSampler(Inputs.SEED);
    idx = new int[BATCH];
    x = new float[BATCH * 784];
    labels = new int[BATCH];
    float first = step();
    if (!Float.isFinite(first) || Math.abs(first - Math.log(10)) > 0.05) {
      throw new IllegalStateException("first loss " + first + ", expected ≈ ln 10");
    }
    sampler.fill(idx, BATCH, train.size());
    train.gather(idx, BATCH, x, labels);
    convOut = convForward().clone();
    checkConvolution();
    poolIn = relu.forward(convOut, BATCH).clone();
    float[] pooled = poolForward();
    checkPooling(pooled);
    poolGrad = Inputs.normal(Inputs.random("pool"), BATCH * pool.outputSize());
    convGrad = Inputs.normal(Inputs.random("conv"), BATCH * conv.outputSize());
    if (conv.computesInputGradient()) {
      throw new IllegalStateException("the network's first layer should not compute dx");
    }
  }

  @TearDown
  public void oneThread() {
    Kernels.setThreads(1);
  }

  /** Output (sample 7, filter 11, position 300) against the definition in double. */
  private void checkConvolution() {
    int s = 7;
    int f = 11;
    int oy = 300 / 24;
    int ox = 300 % 24;
    double want = conv.bias().value()[f];
    for (int ky = 0; ky < 5; ky++) {
      for (int kx = 0; kx < 5; kx++) {
        want += (double) conv.weight().value()[f * 25 + ky * 5 + kx]
            * x[s * 784 + (oy + ky) * 28 + ox + kx];
      }
    }
    float got = convOut[(s * 30 + f) * 576 + 300];
    if (Math.abs(got - want) > 1e-5 * (1 + Math.abs(want))) {
      throw new IllegalStateException("convolution output " + got + ", expected " + want);
    }
  }

  private void checkPooling(float[] pooled) {
    for (int i = 0; i < BATCH * pool.outputSize(); i += 97) {
      int plane = i / 144;
      int oy = i % 144 / 12;
      int ox = i % 12;
      int base = plane * 576 + 2 * oy * 24 + 2 * ox;
      float m = Math.max(Math.max(poolIn[base], poolIn[base + 1]),
          Math.max(poolIn[base + 24], poolIn[base + 25]));
      if (pooled[i] != m) {
        throw new IllegalStateException("pooling output " + i + ": " + pooled[i] + ", expected "
            + m);
      }
    }
  }

  /** The convolution's forward: im2col and one GEMM per sample. */
  @Benchmark
  public float[] convForward() {
    return conv.forward(x, BATCH);
  }

  /**
   * The convolution's backward as the first layer of a network (the network turned its dx off):
   * the weight gradient (one im2colᵀ and GEMM per sample) and the bias sums, from the input the
   * setup's last forward cached.
   */
  @Benchmark
  public float[] convWeightGradient() {
    conv.backward(convGrad);
    return conv.weight().grad();
  }

  /** Max pooling 2×2 stride 2 of 100 × 30×24×24. */
  @Benchmark
  public float[] poolForward() {
    return pool.forward(poolIn, BATCH);
  }

  /** Its backward, through the winners the setup's last forward recorded. */
  @Benchmark
  public float[] poolBackward() {
    return pool.backward(poolGrad);
  }

  /** One training step as the trainer makes it. */
  @Benchmark
  public float step() {
    sampler.fill(idx, BATCH, train.size());
    train.gather(idx, BATCH, x, labels);
    float loss = net.gradient(x, BATCH, labels);
    opt.update(params);
    return loss;
  }
}
