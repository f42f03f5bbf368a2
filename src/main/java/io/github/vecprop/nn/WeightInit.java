package io.github.vecprop.nn;

import java.util.SplittableRandom;

/**
 * How a network's weights are drawn: zero-mean Gaussian with a fixed std (the seed's 0.01),
 * Xavier (std √(1/fanIn), the book's choice for sigmoid) or He (std √(2/fanIn), for ReLU).
 * Biases start at zero.
 *
 * <p>Deterministic: the Gaussian draws are Box–Muller in {@link StrictMath} over
 * {@link SplittableRandom#nextDouble()}, so one seed gives bit-identical weights on every run,
 * JVM and platform.
 */
public final class WeightInit {
  /** The seed program's weight_init_std. */
  public static final double DEFAULT_STD = 0.01;

  private enum Kind { GAUSSIAN, XAVIER, HE }

  private final Kind kind;
  private final double std;

  private WeightInit(Kind kind, double std) {
    this.kind = kind;
    this.std = std;
  }

  /** Gaussian with the given std (must be positive and finite). */
  public static WeightInit gaussian(double std) {
    if (!(std > 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("std: must be positive and finite, got " + std);
    }
    return new WeightInit(Kind.GAUSSIAN, std);
  }

  /** Gaussian with std 0.01, the seed's. */
  public static WeightInit gaussian() {
    return gaussian(DEFAULT_STD);
  }

  /** Xavier: std √(1/fanIn). */
  public static WeightInit xavier() {
    return new WeightInit(Kind.XAVIER, Double.NaN);
  }

  /** He: std √(2/fanIn). */
  public static WeightInit he() {
    return new WeightInit(Kind.HE, Double.NaN);
  }

  /** Parses "xavier", "he", or a number (a Gaussian std). */
  public static WeightInit of(String spec) {
    String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("xavier") || s.equals("sigmoid")) {
      return xavier();
    }
    if (s.equals("he") || s.equals("relu")) {
      return he();
    }
    try {
      return gaussian(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("init: expected xavier, he or a std, got " + spec, e);
    }
  }

  /** The std used for a weight matrix with the given fan-in. */
  public double std(int fanIn) {
    switch (kind) {
      case XAVIER:
        return Math.sqrt(1.0 / fanIn);
      case HE:
        return Math.sqrt(2.0 / fanIn);
      default:
        return std;
    }
  }

  /** Fills w (fanIn × fanOut, row-major) with draws from this distribution. */
  public void fill(float[] w, int fanIn, SplittableRandom random) {
    double s = std(fanIn);
    int i = 0;
    while (i < w.length) {
      // Box–Muller: two independent normals per two uniforms; 1 − u keeps the log finite.
      double u1 = 1.0 - random.nextDouble();
      double u2 = random.nextDouble();
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double a = 2.0 * StrictMath.PI * u2;
      w[i++] = (float) (s * r * StrictMath.cos(a));
      if (i < w.length) {
        w[i++] = (float) (s * r * StrictMath.sin(a));
      }
    }
  }

  @Override
  public String toString() {
    switch (kind) {
      case XAVIER:
        return "xavier";
      case HE:
        return "he";
      default:
        return "gaussian(" + std + ")";
    }
  }
}
