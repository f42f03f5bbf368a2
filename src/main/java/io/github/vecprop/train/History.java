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
 * seed's per-epoch train and test accuracy).
 */
public final class History {

  /** One evaluation point. */
  public record Epoch(int epoch, int iteration, double loss, double trainAccuracy,
      double testAccuracy, double elapsedSeconds) {}

  private float[] losses;
  private int count;
  private final List<Epoch> epochs = new ArrayList<>();

  public History() {
    this(1024);
  }

  /** Room for {@code iterations} losses, so recording one never allocates during a run. */
  public History(int iterations) {
    losses = new float[Math.max(16, iterations)];
  }

  /** Makes room for {@code iterations} losses in all. */
  void reserve(int iterations) {
    if (losses.length < iterations) {
      losses = Arrays.copyOf(losses, iterations);
    }
  }

  /** Records the mini-batch loss of the next iteration. */
  public void addLoss(float loss) {
    if (count == losses.length) {
      losses = Arrays.copyOf(losses, count * 2);
    }
    losses[count++] = loss;
  }

  public void addEpoch(Epoch e) {
    epochs.add(e);
  }

  /** The loss of every iteration so far, first iteration first. */
  public float[] losses() {
    return Arrays.copyOf(losses, count);
  }

  public int iterations() {
    return count;
  }

  public List<Epoch> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** Mean loss over iterations [from, to). */
  public double meanLoss(int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += losses[i];
    }
    return to > from ? s / (to - from) : Double.NaN;
  }

  /** Restores a history from a checkpoint (losses, then the epoch rows). */
  public static History restore(float[] losses, List<Epoch> epochs) {
    History h = new History();
    h.losses = Arrays.copyOf(losses, Math.max(16, losses.length));
    h.count = losses.length;
    h.epochs.addAll(epochs);
    return h;
  }

  /** Writes the per-epoch rows as CSV, atomically (temp file, then rename). */
  public void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("epoch,iteration,loss,train_acc,test_acc,elapsed_s\n");
    for (Epoch e : epochs) {
      sb.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.4f,%.4f,%.3f%n", e.epoch(), e.iteration(),
          e.loss(), e.trainAccuracy(), e.testAccuracy(), e.elapsedSeconds()));
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
