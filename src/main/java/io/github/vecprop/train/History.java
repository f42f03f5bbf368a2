package io.github.vecprop.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a training run measured: the loss of every iteration and one row per evaluation (the
 * seed's per-epoch train and test accuracy). Not thread-safe: the trainer's thread writes it;
 * read it from that thread, or after the run.
 */
public final class History {

  /**
   * One evaluation point.
   *
   * @param epoch the evaluation's number: 0 for the one after the first iteration, then one per
   *     {@code evalEvery} iterations (and one more for a last, partial epoch)
   * @param iteration iterations done when it was measured
   * @param loss the mean mini-batch loss (nats) of the iterations since the previous point
   * @param trainAccuracy accuracy over the whole training set, in [0, 1]
   * @param testAccuracy accuracy over the whole test set, in [0, 1]
   * @param elapsedSeconds training time so far in seconds, earlier runs of a resumed training
   *     included
   * @param validationAccuracy accuracy over the held-out validation set, NaN without one
   * @param learningRate the learning rate of the last step
   */
  public record Epoch(int epoch, int iteration, double loss, double trainAccuracy,
      double testAccuracy, double elapsedSeconds, double validationAccuracy,
      double learningRate) {

    /**
     * A point without validation set or learning rate (both NaN).
     *
     * @param epoch the evaluation's number
     * @param iteration iterations done
     * @param loss the mean mini-batch loss since the previous point
     * @param trainAccuracy accuracy over the training set
     * @param testAccuracy accuracy over the test set
     * @param elapsedSeconds training time so far
     */
    public Epoch(int epoch, int iteration, double loss, double trainAccuracy, double testAccuracy,
        double elapsedSeconds) {
      this(epoch, iteration, loss, trainAccuracy, testAccuracy, elapsedSeconds, Double.NaN,
          Double.NaN);
    }
  }

  private float[] losses;
  private int count;
  private final List<Epoch> epochs = new ArrayList<>();

  /** An empty history with room for 1024 losses. */
  public History() {
    this(1024);
  }

  /**
   * An empty history with room for {@code iterations} losses, so recording one never allocates
   * during a run.
   *
   * @param iterations losses to make room for (at least 16 are)
   */
  public History(int iterations) {
    losses = new float[Math.max(16, iterations)];
  }

  /** Makes room for {@code iterations} losses in all. */
  void reserve(int iterations) {
    if (losses.length < iterations) {
      losses = Arrays.copyOf(losses, iterations);
    }
  }

  /**
   * Records the mini-batch loss of the next iteration (allocating only past the room made).
   *
   * @param loss the iteration's mean loss in nats
   */
  public void addLoss(float loss) {
    if (count == losses.length) {
      losses = Arrays.copyOf(losses, count * 2);
    }
    losses[count++] = loss;
  }

  /**
   * Records an evaluation point.
   *
   * @param e the point, appended after the others
   */
  public void addEpoch(Epoch e) {
    epochs.add(e);
  }

  /**
   * The loss of every iteration so far, first iteration first.
   *
   * @return a new array of {@link #iterations()} losses
   */
  public float[] losses() {
    return Arrays.copyOf(losses, count);
  }

  /**
   * The number of losses recorded.
   *
   * @return iterations recorded
   */
  public int iterations() {
    return count;
  }

  /**
   * The evaluation points so far.
   *
   * @return an unmodifiable live view, oldest first
   */
  public List<Epoch> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /**
   * The mean loss over a range of iterations, summed in double.
   *
   * @param from first iteration index (0-based), included
   * @param to last index, excluded; {@code from ≤ to ≤ iterations()}
   * @return the mean in nats; NaN when the range is empty
   */
  public double meanLoss(int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += losses[i];
    }
    return to > from ? s / (to - from) : Double.NaN;
  }

  /**
   * Restores a history from a checkpoint.
   *
   * @param losses read: the loss of every iteration so far (copied)
   * @param epochs the evaluation points so far (copied)
   * @return a new history holding them
   * @throws NullPointerException when an argument is null
   */
  public static History restore(float[] losses, List<Epoch> epochs) {
    History h = new History();
    h.losses = Arrays.copyOf(losses, Math.max(16, losses.length));
    h.count = losses.length;
    h.epochs.addAll(epochs);
    return h;
  }

  /**
   * Writes the per-epoch rows as CSV, atomically (temp file, then rename): a header line
   * {@code epoch,iteration,loss,train_acc,test_acc,elapsed_s,val_acc,lr} (val_acc empty
   * without a validation set), then one line per point.
   *
   * @param file the target, in an existing folder
   * @throws IOException when the file cannot be written (an existing file is then untouched)
   */
  public void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(
        "epoch,iteration,loss,train_acc,test_acc,elapsed_s,val_acc,lr\n");
    for (Epoch e : epochs) {
      sb.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.4f,%.4f,%.3f,%s,%s%n", e.epoch(),
          e.iteration(), e.loss(), e.trainAccuracy(), e.testAccuracy(), e.elapsedSeconds(),
          Double.isNaN(e.validationAccuracy()) ? ""
              : String.format(Locale.ROOT, "%.4f", e.validationAccuracy()),
          Double.isNaN(e.learningRate()) ? "" : String.format(Locale.ROOT, "%.6g",
              e.learningRate())));
    }
    writeAtomically(file, sb.toString());
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(text);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
