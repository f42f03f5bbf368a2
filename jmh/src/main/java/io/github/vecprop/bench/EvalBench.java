package io.github.vecprop.bench;

import io.github.vecprop.nn.TwoLayerNet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation pass of the seed's network over 10 000 images (the MNIST test set's size) in one
 * batch: forward without loss, argmax, count correct. One thread (the Suite's forks do not set
 * {@code Kernels.setThreads}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class EvalBench {
  static final int N = 10_000;

  TwoLayerNet net;
  float[] x;
  int[] labels;

  @Setup
  public void setup() {
    Inputs.announce();
    SplittableRandom r = new SplittableRandom(Inputs.SEED);
    net = new TwoLayerNet(784, 50, 10, 0.5, Inputs.SEED);
    x = new float[N * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    labels = new int[N];
    net.ensureCapacity(N);
    // Label each image with the network's own answer, computed naively in double for 20 rows,
    // then check the fast path agrees on those rows.
    float[][] p = net.copyParameters();
    int[] predicted = new int[N];
    net.classify(x, N, predicted);
    for (int i = 0; i < 20; i++) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 10; c++) {
        double s = p[3][c];
        for (int h = 0; h < 50; h++) {
          double a = p[1][h];
          for (int j = 0; j < 784; j++) {
            a += (double) x[i * 784 + j] * p[0][j * 50 + h];
          }
          s += Math.max(a, 0) * p[2][h * 10 + c];
        }
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (best != predicted[i]) {
        throw new IllegalStateException("row " + i + ": fast " + predicted[i] + ", naive " + best);
      }
    }
    System.arraycopy(predicted, 0, labels, 0, N);
  }

  @Benchmark
  public int pass() {
    return net.countCorrect(x, N, labels);
  }
}
