package io.github.vecprop.bench;

import io.github.vecprop.kernel.Kernels;
import java.util.SplittableRandom;

/** Seeded inputs, shape parsing and the checks every {@code @Setup} runs before measuring. */
final class Inputs {

  /** Every benchmark draws its inputs from this seed, so both passes see the same numbers. */
  static final long SEED = 20240917L;

  private Inputs() {}

  static SplittableRandom random(String salt) {
    return new SplittableRandom(SEED ^ salt.hashCode());
  }

  /** Uniform in [lo, hi). */
  static float[] uniform(SplittableRandom r, int n, float lo, float hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return x;
  }

  /** Standard normal; values exactly 0 are replaced so the ReLU kink is never hit by chance. */
  static float[] normal(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double u1 = 1.0 - r.nextDouble();
      double u2 = r.nextDouble();
      float v = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
      x[i] = v == 0f ? 0.5f : v;
    }
    return x;
  }

  static int[] labels(SplittableRandom r, int m, int classes) {
    int[] t = new int[m];
    for (int i = 0; i < m; i++) {
      t[i] = r.nextInt(classes);
    }
    return t;
  }

  /** "100x50x784" → {100, 50, 784}; the number of parts must be {@code parts}. */
  static int[] dims(String shape, int parts) {
    String[] s = shape.split("x");
    if (s.length != parts) {
      throw new IllegalArgumentException("shape '" + shape + "': expected " + parts
          + " sizes joined by 'x'");
    }
    int[] d = new int[parts];
    for (int i = 0; i < parts; i++) {
      d[i] = Integer.parseInt(s[i].trim());
      if (d[i] <= 0) {
        throw new IllegalArgumentException("shape '" + shape + "': sizes must be positive");
      }
    }
    return d;
  }

  /** Fails the trial (JMH reports the error, no score is recorded) with a message. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark self-check failed (kernels: "
          + Kernels.implementation() + "): " + what);
    }
  }

  /**
   * |got − want| within the float rounding bound of a length-k reduction whose terms sum to
   * {@code absSum} in magnitude (γ_k·Σ|terms| with some slack), plus a tiny absolute floor.
   */
  static boolean closeReduction(double got, double want, int k, double absSum) {
    double tol = 4.0 * (k + 2) * 0x1p-24 * absSum + 1e-6;
    return Math.abs(got - want) <= tol;
  }

  /**
   * Waits for the kernels' warm-up switch (so every measured call runs on the implementation that
   * serves once warm, not the plain-Java twin that serves while the Vector code compiles), then
   * prints one line per fork on the forked JVM's stdout (JMH shows it in the log): which kernels
   * ran. Benchmark code, not library code, so printing is fine here.
   */
  static void announce() {
    if (!announced) {
      Kernels.warmUp();
      announced = true;
      System.out.println("# vecprop kernels: " + Kernels.implementation() + " ("
          + Kernels.selectionReason() + "), " + Kernels.floatLanes() + " float lanes");
    }
  }

  private static boolean announced;

  /**
   * 60 000 synthetic 28×28 byte images with labels 0–9 from {@link #SEED}: a class-dependent band
   * of bright pixels on dim noise, so a network has something to learn.
   */
  static io.github.vecprop.data.Dataset syntheticMnist() {
    SplittableRandom r = new SplittableRandom(SEED);
    int n = 60_000;
    byte[] px = new byte[n * 784];
    byte[] lab = new byte[n];
    for (int i = 0; i < n; i++) {
      lab[i] = (byte) r.nextInt(10);
      for (int j = 0; j < 784; j++) {
        px[i * 784 + j] = (byte) (j / 78 == lab[i] ? 200 + r.nextInt(56) : r.nextInt(40));
      }
    }
    return io.github.vecprop.data.Dataset.of(px, lab, 784, 10);
  }
}
