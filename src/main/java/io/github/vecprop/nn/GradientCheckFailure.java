package io.github.vecprop.nn;

/**
 * Thrown by {@link GradientCheck} when a layer's backward disagrees with its forward. The message
 * names the check, the layer, the parameter ("x" for the input gradient), the flat index with its
 * row and column, the analytic and numeric values and the seed; the same facts are accessors.
 * It is an {@link AssertionError}, so a JUnit test that calls a check fails with this message.
 */
public final class GradientCheckFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  /** Which property failed. */
  public enum Kind {
    /** |analytic − numeric| &gt; atol + rtol·|numeric|. */
    MISMATCH,
    /** A second backward with the same upstream gradient gave a different result. */
    BACKWARD_NOT_REPEATABLE,
    /** A zero upstream gradient gave a non-zero gradient. */
    ZERO_UPSTREAM_NOT_ZERO
  }

  /** Which property failed. */
  private final Kind kind;
  /** The layer's {@code toString()}. */
  private final String layer;
  /** The parameter's name, or "x". */
  private final String parameter;
  /** Flat row-major index of the element. */
  private final int index;
  /** index / cols. */
  private final int row;
  /** index % cols. */
  private final int col;
  /** The value backward gave. */
  private final double analytic;
  /** The numeric or expected value. */
  private final double numeric;
  /** The check's seed. */
  private final long seed;

  GradientCheckFailure(Kind kind, String layer, String parameter, int index, int cols,
      double analytic, double numeric, long seed, String detail) {
    super(message(kind, layer, parameter, index, cols, analytic, numeric, seed, detail));
    this.kind = kind;
    this.layer = layer;
    this.parameter = parameter;
    this.index = index;
    this.row = index / cols;
    this.col = index % cols;
    this.analytic = analytic;
    this.numeric = numeric;
    this.seed = seed;
  }

  private static String message(Kind kind, String layer, String parameter, int index, int cols,
      double analytic, double numeric, long seed, String detail) {
    String what;
    switch (kind) {
      case BACKWARD_NOT_REPEATABLE:
        what = "backward run twice disagrees";
        break;
      case ZERO_UPSTREAM_NOT_ZERO:
        what = "zero upstream gradient gives a non-zero gradient";
        break;
      default:
        what = "analytic and numeric gradients disagree";
    }
    return "gradient check failed (" + what + "): layer " + layer + ", parameter " + parameter
        + ", index " + index + " (row " + index / cols + ", col " + index % cols + "): analytic "
        + analytic + ", " + (kind == Kind.MISMATCH ? "numeric " : "expected ") + numeric
        + (detail.isEmpty() ? "" : "; " + detail) + "; seed " + seed;
  }

  /**
   * Which property failed.
   *
   * @return the kind of failure
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The layer checked.
   *
   * @return its {@code toString()}, e.g. "Affine(20→7)"
   */
  public String layer() {
    return layer;
  }

  /**
   * The tensor whose element failed.
   *
   * @return the parameter's name, or "x" for the input gradient
   */
  public String parameter() {
    return parameter;
  }

  /**
   * The flat, row-major index of the failing element.
   *
   * @return the index into the tensor
   */
  public int index() {
    return index;
  }

  /**
   * The row of the failing element.
   *
   * @return {@code index / cols}
   */
  public int row() {
    return row;
  }

  /**
   * The column of the failing element.
   *
   * @return {@code index % cols}
   */
  public int col() {
    return col;
  }

  /**
   * The gradient backward gave (the second run, for a repeatability failure).
   *
   * @return the analytic value
   */
  public double analytic() {
    return analytic;
  }

  /**
   * The value it was compared with.
   *
   * @return the numeric value for a mismatch; the expected value (first run, or 0) otherwise
   */
  public double numeric() {
    return numeric;
  }

  /**
   * The seed of the check, to replay it.
   *
   * @return the seed given to {@link GradientCheck#withSeed(long)}
   */
  public long seed() {
    return seed;
  }
}
