package io.github.vecprop.train;

/** The loss became NaN or infinite: training stopped, and nothing was written after it. */
public final class TrainingDivergedException extends Exception {
  private static final long serialVersionUID = 1L;
  /** The 1-based iteration whose loss was not finite. */
  private final int iteration;

  /**
   * An exception whose message names the loss, the iteration and a remedy.
   *
   * @param iteration the 1-based iteration whose loss was not finite
   * @param loss the loss, NaN or infinite
   */
  public TrainingDivergedException(int iteration, float loss) {
    super("training diverged: the loss became " + loss + " at iteration " + iteration
        + "; try a smaller --lr (the last good model and checkpoint on disk were kept)");
    this.iteration = iteration;
  }

  /**
   * Where training stopped.
   *
   * @return the 1-based iteration whose loss was not finite
   */
  public int iteration() {
    return iteration;
  }
}
