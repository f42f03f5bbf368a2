package io.github.vecprop.train;

import java.util.Locale;

/**
 * The learning rate at each training step, from the optimizer's base rate: {@code constant},
 * {@code step:EVERY:FACTOR} (the base times FACTOR after every EVERY steps) or {@code cosine}
 * (from the base down towards 0 over the run, ½·(1 + cos(π·t/T))). Computed in double with
 * {@code StrictMath}, then rounded to float, so every JVM gives the same rates.
 */
public final class LearningRateSchedule {
  private enum Kind { CONSTANT, STEP, COSINE }

  private final Kind kind;
  private final int every;
  private final double factor;

  private LearningRateSchedule(Kind kind, int every, double factor) {
    this.kind = kind;
    this.every = every;
    this.factor = factor;
  }

  /**
   * The base rate at every step.
   *
   * @return the constant schedule
   */
  public static LearningRateSchedule constant() {
    return new LearningRateSchedule(Kind.CONSTANT, 1, 1);
  }

  /**
   * Step decay.
   *
   * @param every steps between decays, positive
   * @param factor the multiplier at each decay, in (0, 1]
   * @return the schedule
   */
  public static LearningRateSchedule step(int every, double factor) {
    if (every < 1) {
      throw new IllegalArgumentException("step schedule: EVERY must be a positive integer, got "
          + every);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("step schedule: FACTOR must be in (0, 1], got " + factor);
    }
    return new LearningRateSchedule(Kind.STEP, every, factor);
  }

  /**
   * Cosine decay over the whole run.
   *
   * @return the schedule
   */
  public static LearningRateSchedule cosine() {
    return new LearningRateSchedule(Kind.COSINE, 1, 1);
  }

  /**
   * Parses {@code constant}, {@code step:EVERY:FACTOR} or {@code cosine}.
   *
   * @param spec the text
   * @return the schedule
   * @throws IllegalArgumentException one line naming the text and what was expected
   */
  public static LearningRateSchedule parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("constant")) {
      return constant();
    }
    if (s.equals("cosine")) {
      return cosine();
    }
    String[] p = s.split(":", -1);
    if (p.length == 3 && p[0].equals("step")) {
      try {
        return step(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("\"" + spec + "\": expected constant, step:EVERY:FACTOR"
        + " (EVERY a positive integer, FACTOR in (0, 1]) or cosine");
  }

  /**
   * The rate for one step.
   *
   * @param base the optimizer's base learning rate
   * @param step the step's index, 0 for the first
   * @param steps the run's number of steps
   * @return the rate, positive
   */
  public float at(float base, int step, int steps) {
    return switch (kind) {
      case CONSTANT -> base;
      case STEP -> (float) (base * StrictMath.pow(factor, step / every));
      case COSINE -> (float) (base * 0.5 * (1 + StrictMath.cos(StrictMath.PI * step / steps)));
    };
  }

  /**
   * Whether the rate never changes.
   *
   * @return true for constant
   */
  public boolean isConstant() {
    return kind == Kind.CONSTANT;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CONSTANT -> "constant";
      case STEP -> "step:" + every + ":" + factor;
      case COSINE -> "cosine";
    };
  }
}
