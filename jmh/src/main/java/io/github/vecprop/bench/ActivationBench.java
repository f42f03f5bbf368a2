package io.github.vecprop.bench;

import io.github.vecprop.kernel.ActivationKernels;
import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.LossKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The activation and loss kernels over one batch, through the public {@link Kernels} facade.
 *
 * <p>{@code rows x cols}: 100x10 is the seed's output layer (batch 100, 10 classes); 100x1000 is a
 * wider layer, where the element-wise loops are long enough for the vector body to dominate the
 * scalar tail and call overhead. Inputs are standard normal, so ReLU's mask is set at random
 * about half the time: a branchy kernel would pay for mispredictions, which is the honest case.
 *
 * <p>Every output goes to its own array (never in place), so each call reads the same inputs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ActivationBench {

  @Param({"100x10", "100x1000"})
  public String batchShape;

  int rows;
  int cols;
  int size;
  float[] x;
  float[] dout;
  float[] y;
  float[] dx;
  int[] labels;

  @Setup(Level.Trial)
  public void setup() {
    int[] d = Inputs.dims(batchShape, 2);
    rows = d[0];
    cols = d[1];
    size = rows * cols;
    SplittableRandom r = Inputs.random("activation" + batchShape);
    x = Inputs.normal(r, size);
    dout = Inputs.normal(r, size);
    labels = Inputs.labels(r, rows, cols);
    y = new float[size];
    dx = new float[size];
    Inputs.announce();
    checkRelu();
    checkSigmoid();
    checkSoftmaxWithLoss();
  }

  /** y = max(x, 0), n = rows·cols. */
  @Benchmark
  public float[] reluForward() {
    Kernels.relu(size, x, 0, y, 0);
    return y;
  }

  /** dx = x &gt; 0 ? dout : 0. */
  @Benchmark
  public float[] reluBackward() {
    Kernels.reluBackward(size, x, 0, dout, 0, dx, 0);
    return dx;
  }

  /** y = 1 / (1 + e^−x). */
  @Benchmark
  public float[] sigmoidForward() {
    ActivationKernels.sigmoid(size, x, 0, y, 0);
    return y;
  }

  /**
   * The terminal layer of one training step, forward and backward: row-wise softmax of the
   * logits, mean cross-entropy against class-index labels, and dx = (y − onehot) / rows.
   */
  @Benchmark
  public float softmaxWithLoss(Blackhole bh) {
    LossKernels.softmaxRows(rows, cols, x, 0, y, 0);
    float loss = LossKernels.crossEntropy(rows, cols, y, 0, labels, 0);
    LossKernels.softmaxLossBackward(rows, cols, y, 0, labels, 0, dx, 0);
    bh.consume(dx);
    return loss;
  }

  private void checkRelu() {
    Kernels.relu(size, x, 0, y, 0);
    Kernels.reluBackward(size, x, 0, dout, 0, dx, 0);
    for (int i = 0; i < size; i++) {
      Inputs.check(y[i] == Math.max(x[i], 0f), "relu(" + x[i] + ") = " + y[i]);
      float want = x[i] > 0 ? dout[i] : 0f;
      Inputs.check(dx[i] == want, "reluBackward at " + i + " = " + dx[i] + ", expected " + want);
    }
  }

  private void checkSigmoid() {
    ActivationKernels.sigmoid(size, x, 0, y, 0);
    for (int i = 0; i < size; i++) {
      double want = 1.0 / (1.0 + Math.exp(-x[i]));
      Inputs.check(Math.abs(y[i] - want) <= 1e-6 + 1e-5 * want,
          "sigmoid(" + x[i] + ") = " + y[i] + ", expected " + want);
    }
  }

  private void checkSoftmaxWithLoss() {
    LossKernels.softmaxRows(rows, cols, x, 0, y, 0);
    float loss = LossKernels.crossEntropy(rows, cols, y, 0, labels, 0);
    LossKernels.softmaxLossBackward(rows, cols, y, 0, labels, 0, dx, 0);
    double wantLoss = 0;
    for (int i = 0; i < rows; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x[i * cols + j]);
      }
      double z = 0;
      for (int j = 0; j < cols; j++) {
        z += Math.exp(x[i * cols + j] - max);
      }
      double rowSum = 0;
      double gradSum = 0;
      for (int j = 0; j < cols; j++) {
        double p = Math.exp(x[i * cols + j] - max) / z;
        float got = y[i * cols + j];
        Inputs.check(Math.abs(got - p) <= 1e-6 + 1e-5 * p,
            "softmax[" + i + "," + j + "] = " + got + ", expected " + p);
        rowSum += got;
        gradSum += dx[i * cols + j];
      }
      Inputs.check(Math.abs(rowSum - 1) <= 1e-5 * Math.max(1, cols / 100.0),
          "softmax row " + i + " sums to " + rowSum);
      Inputs.check(Math.abs(gradSum) <= 1e-6 * Math.max(1, cols / 100.0),
          "softmax-with-loss dx row " + i + " sums to " + gradSum + ", expected 0");
      wantLoss -= Math.log(y[i * cols + labels[i]] + (double) Kernels.LOG_GUARD);
    }
    wantLoss /= rows;
    Inputs.check(Math.abs(loss - wantLoss) <= 1e-5 * Math.abs(wantLoss) + 1e-6,
        "cross-entropy = " + loss + ", expected " + wantLoss);
  }
}
