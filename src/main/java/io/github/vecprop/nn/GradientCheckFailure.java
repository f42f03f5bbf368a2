package io.github.vecprop.nn;

/**
 * Thrown by {@link GradientCheck} when a layer's backward disagrees with its forward. The message
 * names the check, the layer, the parameter ("x" for the input gradient), the flat index with its
 * row and column, the analytic and numeric values and the seed; the same facts are fields.
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

  private final Kind kind;
  private final String layer;
  private final String parameter;
  private final int index;
  private final int row;
  private final int col;
  private final double analytic;
  private final double numeric;
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

  public Kind kind() {
    return kind;
  }

  public String layer() {
    return layer;
  }

  public String parameter() {
    return parameter;
  }

  public int index() {
    return index;
  }

  public int row() {
    return row;
  }

  public int col() {
    return col;
  }

  public double analytic() {
    return analytic;
  }

  /** The numeric value for a mismatch; the expected value (first run, or 0) otherwise. */
  public double numeric() {
    return numeric;
  }

  public long seed() {
    return seed;
  }
}
