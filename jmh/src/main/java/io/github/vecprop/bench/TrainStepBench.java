package io.github.vecprop.bench;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.nn.Parameter;
import io.github.vecprop.nn.TwoLayerNet;
import io.github.vecprop.optim.Optimizer;
import io.github.vecprop.optim.Optimizers;
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
 * One training step of the seed's network exactly as the trainer makes it: draw a random batch of
 * 100 from a 60 000-image set (bytes, as MNIST is kept), convert it to floats, forward with loss,
 * backward (without layer 1's unused dx), one optimizer update. Synthetic pixels, no data files.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class TrainStepBench {

  @Param({"sgd", "adam"})
  public String optimizer;

  Dataset train;
  TwoLayerNet net;
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
    net = new TwoLayerNet(784, 50, 10, 0.01, Inputs.SEED);
    opt = Optimizers.create(optimizer);
    params = net.parameters().toArray(new Parameter[0]);
    sampler = new BatchSampler(Inputs.SEED);
    idx = new int[100];
    x = new float[100 * 784];
    labels = new int[100];
    float first = step();
    if (Math.abs(first - Math.log(10)) > 0.05) {
      throw new IllegalStateException("first loss " + first + ", expected ≈ ln 10");
    }
    float later = first;
    for (int i = 0; i < 200; i++) {
      later = step();
    }
    if (!(later < first - 0.5)) {
      throw new IllegalStateException("200 steps did not lower the loss: " + first + " → " + later);
    }
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
