package io.github.vecprop.bench;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.UpdateKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One optimizer step over the seed network's parameters, W1 784×50, b1 50, W2 50×10, b2 10
 * (39,760 floats), as the optimizer will make it: one kernel call per parameter array, through the
 * public {@link Kernels} facade. The two tiny bias calls show the per-call cost next to the
 * streaming cost of W1.
 *
 * <p>The parameters and moments are updated in place on every call, as in training. That cannot
 * drift into slow arithmetic: gradients are bounded away from zero (|g| ≥ 0.01, so v stays far
 * from the subnormal range) and parameters move by at most lr per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class OptimizerBench {

  /** The seed network's parameter sizes, in order: W1, b1, W2, b2. */
  static final int[] SIZES = {784 * 50, 50, 50 * 10, 10};

  static final float LR = 0.01f;
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPS = 1e-7f;
  /** Adam's bias-corrected rate at step 1: lr·√(1−β2)/(1−β1), the book's form. */
  static final float LR_T = (float) (0.001 * Math.sqrt(1 - 0.999) / (1 - 0.9));

  float[] w1;
  float[] b1;
  float[] w2;
  float[] b2;
  float[] gw1;
  float[] gb1;
  float[] gw2;
  float[] gb2;
  float[] mw1;
  float[] mb1;
  float[] mw2;
  float[] mb2;
  float[] vw1;
  float[] vb1;
  float[] vw2;
  float[] vb2;

  @Setup(Level.Trial)
  public void setup() {
    Inputs.announce();
    fill();
    checkSgd();
    checkAdam();
    fill();
  }

  /** p −= lr·g for each of the four parameter arrays. */
  @Benchmark
  public void sgd(Blackhole bh) {
    UpdateKernels.sgdUpdate(w1.length, LR, gw1, 0, w1, 0);
    UpdateKernels.sgdUpdate(b1.length, LR, gb1, 0, b1, 0);
    UpdateKernels.sgdUpdate(w2.length, LR, gw2, 0, w2, 0);
    UpdateKernels.sgdUpdate(b2.length, LR, gb2, 0, b2, 0);
    bh.consume(w1);
    bh.consume(b2);
  }

  /** The Adam moment and parameter update for each of the four parameter arrays. */
  @Benchmark
  public void adam(Blackhole bh) {
    UpdateKernels.adamUpdate(w1.length, LR_T, BETA1, BETA2, EPS, gw1, 0, mw1, 0, vw1, 0, w1, 0);
    UpdateKernels.adamUpdate(b1.length, LR_T, BETA1, BETA2, EPS, gb1, 0, mb1, 0, vb1, 0, b1, 0);
    UpdateKernels.adamUpdate(w2.length, LR_T, BETA1, BETA2, EPS, gw2, 0, mw2, 0, vw2, 0, w2, 0);
    UpdateKernels.adamUpdate(b2.length, LR_T, BETA1, BETA2, EPS, gb2, 0, mb2, 0, vb2, 0, b2, 0);
    bh.consume(w1);
    bh.consume(b2);
  }

  private void fill() {
    SplittableRandom r = Inputs.random("optimizer");
    w1 = Inputs.uniform(r, SIZES[0], -0.1f, 0.1f);
    b1 = new float[SIZES[1]];
    w2 = Inputs.uniform(r, SIZES[2], -0.1f, 0.1f);
    b2 = new float[SIZES[3]];
    gw1 = gradient(r, SIZES[0]);
    gb1 = gradient(r, SIZES[1]);
    gw2 = gradient(r, SIZES[2]);
    gb2 = gradient(r, SIZES[3]);
    mw1 = new float[SIZES[0]];
    mb1 = new float[SIZES[1]];
    mw2 = new float[SIZES[2]];
    mb2 = new float[SIZES[3]];
    vw1 = new float[SIZES[0]];
    vb1 = new float[SIZES[1]];
    vw2 = new float[SIZES[2]];
    vb2 = new float[SIZES[3]];
  }

  /** Uniform magnitude in [0.01, 1) with a random sign. */
  private static float[] gradient(SplittableRandom r, int n) {
    float[] g = Inputs.uniform(r, n, 0.01f, 1f);
    for (int i = 0; i < n; i++) {
      if (r.nextBoolean()) {
        g[i] = -g[i];
      }
    }
    return g;
  }

  private void checkSgd() {
    float[] before = w1.clone();
    UpdateKernels.sgdUpdate(w1.length, LR, gw1, 0, w1, 0);
    for (int i = 0; i < w1.length; i++) {
      double want = before[i] - (double) LR * gw1[i];
      Inputs.check(Math.abs(w1[i] - want) <= 1e-6, "sgd W1[" + i + "] = " + w1[i]
          + ", expected " + want);
    }
  }

  private void checkAdam() {
    float[] p0 = w2.clone();
    UpdateKernels.adamUpdate(w2.length, LR_T, BETA1, BETA2, EPS, gw2, 0, mw2, 0, vw2, 0, w2, 0);
    for (int i = 0; i < w2.length; i++) {
      double g = gw2[i];
      double m = (1 - BETA1) * g;
      double v = (1 - BETA2) * g * g;
      double want = p0[i] - LR_T * m / (Math.sqrt(v) + EPS);
      Inputs.check(Math.abs(mw2[i] - m) <= 1e-6 * Math.abs(m) + 1e-9, "adam m[" + i + "] = "
          + mw2[i] + ", expected " + m);
      Inputs.check(Math.abs(vw2[i] - v) <= 1e-5 * v + 1e-12, "adam v[" + i + "] = "
          + vw2[i] + ", expected " + v);
      Inputs.check(Math.abs(w2[i] - want) <= 1e-6, "adam W2[" + i + "] = " + w2[i]
          + ", expected " + want);
    }
  }
}
