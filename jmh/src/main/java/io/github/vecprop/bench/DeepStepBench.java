package io.github.vecprop.bench;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.NetworkBuilder;
import io.github.vecprop.nn.Parameter;
import io.github.vecprop.nn.WeightInit;
import io.github.vecprop.optim.Optimizer;
import io.github.vecprop.optim.SGD;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the book's deep network (issue 12): 784 → 5 × (Affine 100, [BatchNorm],
 * ReLU, [Dropout 0.2]) → Affine 10, batch 100, SGD lr 0.01, one thread — sample, gather, forward
 * with loss, backward, update, as the trainer does. {@code regularised} adds BatchNorm and
 * Dropout; {@code init} is the book's default N(0, 0.01²) ("gaussian") or He. The same network
 * in PyTorch: {@code jmh/compare/deep_torch.py}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class DeepStepBench {

  @Param({"false", "true"})
  public boolean regularised;

  @Param({"he", "gaussian"})
  public String init;

  Dataset train;
  Network net;
  Optimizer opt;
  Parameter[] params;
  BatchSampler sampler;
  int[] idx;
  float[] x;
  int[] labels;

  @Setup
  public void setup() {
    Inputs.announce();
    train = Inputs.syntheticMnist();
    net = network(regularised, init);
    opt = new SGD(0.01f);
    params = net.parameters().toArray(new Parameter[0]);
    sampler = new BatchSampler(Inputs.SEED);
    idx = new int[100];
    x = new float[100 * 784];
    labels = new int[100];
    float first = step();
    if (!Float.isFinite(first) || Math.abs(first - Math.log(10)) > 1.5) {
      throw new IllegalStateException("first loss " + first + ", expected near ln 10");
    }
  }

  /**
   * The benchmarked network, seeded with {@link Inputs#SEED}, buffers reserved for batch 100
   * (also {@link LayerSplit}'s).
   */
  static Network network(boolean regularised, String init) {
    NetworkBuilder b = Network.builder(784)
        .init(init.equals("he") ? WeightInit.he() : WeightInit.gaussian(0.01));
    for (int l = 0; l < 5; l++) {
      b.affine(100);
      if (regularised) {
        b.batchNorm();
      }
      b.relu();
      if (regularised) {
        b.dropout(0.2f);
      }
    }
    Network net = b.affine(10).build(Inputs.SEED);
    net.ensureCapacity(100);
    return net;
  }

  @Benchmark
  public float step() {
    sampler.fill(idx, 100, train.size());
    train.gather(idx, 100, x, labels);
    float loss = net.gradient(x, 100, labels);
    opt.update(params);
    return loss;
  }
}
