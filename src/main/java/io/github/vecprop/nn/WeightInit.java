package io.github.vecprop.nn;

import java.util.SplittableRandom;

/**
 * How a network's weights are drawn: zero-mean Gaussian with a fixed std (the seed's 0.01),
 * Xavier (std √(1/fanIn), the book's choice for sigmoid) or He (std √(2/fanIn), for ReLU).
 * Biases start at zero.
 *
 * <p>Deterministic: the Gaussian draws are Box–Muller in {@link StrictMath} over
 * {@link SplittableRandom#nextDouble()}, so one seed gives bit-identical weights on every run,
 * JVM and platform. Instances are immutable and thread-safe; {@link #fill} draws from the
 * caller's generator.
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

  /**
   * A zero-mean Gaussian with a fixed std.
   *
   * @param std the standard deviation, positive and finite
   * @return the initialisation
   * @throws IllegalArgumentException when std is not positive and finite
   */
  public static WeightInit gaussian(double std) {
    if (!(std > 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("std: must be positive and finite, got " + std);
    }
    return new WeightInit(Kind.GAUSSIAN, std);
  }

  /**
   * A Gaussian with std {@link #DEFAULT_STD} 0.01, the seed's.
   *
   * @return the initialisation
   */
  public static WeightInit gaussian() {
    return gaussian(DEFAULT_STD);
  }

  /**
   * Xavier: std √(1/fanIn).
   *
   * @return the initialisation
   */
  public static WeightInit xavier() {
    return new WeightInit(Kind.XAVIER, Double.NaN);
  }

  /**
   * He: std √(2/fanIn).
   *
   * @return the initialisation
   */
  public static WeightInit he() {
    return new WeightInit(Kind.HE, Double.NaN);
  }

  /**
   * Parses an initialisation.
   *
   * @param spec "xavier" (or "sigmoid"), "he" (or "relu"), or a number, the std of a Gaussian;
   *     any case, surrounding blanks ignored
   * @return the initialisation
   * @throws IllegalArgumentException when spec is none of these, or a std that is not positive
   *     and finite
   * @throws NullPointerException when spec is null
   */
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

  /**
   * The std used for a weight matrix with the given fan-in.
   *
   * @param fanIn inputs per unit (the weight's rows)
   * @return the fixed std, or √(1/fanIn) (Xavier) or √(2/fanIn) (He)
   */
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

  /**
   * Fills w with draws from this distribution, in index order, two normals per two uniforms.
   *
   * @param w written: every element (a fanIn × fanOut weight, row-major)
   * @param fanIn inputs per unit, for {@link #std(int)}
   * @param random the generator drawn from; advanced by one {@code nextDouble()} per element
   *     (rounded up to even)
   */
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
