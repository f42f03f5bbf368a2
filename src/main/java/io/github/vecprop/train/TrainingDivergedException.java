package io.github.vecprop.train;

/** The loss became NaN or infinite: training stopped, and nothing was written after it. */
public final class TrainingDivergedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int iteration;

  public TrainingDivergedException(int iteration, float loss) {
    super("training diverged: the loss became " + loss + " at iteration " + iteration
        + "; try a smaller --lr (the last good model and checkpoint on disk were kept)");
    this.iteration = iteration;
  }

  public int iteration() {
    return iteration;
  }
}
