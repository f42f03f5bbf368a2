package io.github.vecprop.train;

import java.util.Locale;

/**
 * A confusion matrix with accuracy and per-class precision and recall. Counts are {@code long};
 * rows are true classes, columns predicted ones. Not thread-safe: one thread adds to a matrix.
 */
public final class Confusion {
  private final int classes;
  private final long[] counts;
  private long total;

  /**
   * An empty matrix of {@code classes × classes} counts.
   *
   * @param classes the number of classes, at least 1
   * @throws IllegalArgumentException when classes is not positive
   */
  public Confusion(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes: must be positive, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /**
   * Adds {@code count} predictions against their true labels.
   *
   * @param predicted read: {@code predicted[0, count)}, each in [0, classes)
   * @param actual read: {@code actual[0, count)}, each in [0, classes)
   * @param count pairs to add
   * @throws IllegalArgumentException naming the position when a label is out of range (pairs
   *     before it have been counted, the total has not)
   * @throws ArrayIndexOutOfBoundsException when an array is shorter than count
   */
  public void add(int[] predicted, int[] actual, int count) {
    for (int i = 0; i < count; i++) {
      int p = predicted[i];
      int a = actual[i];
      if (p < 0 || p >= classes || a < 0 || a >= classes) {
        throw new IllegalArgumentException("label out of range at " + i + ": predicted " + p
            + ", actual " + a + ", classes " + classes);
      }
      counts[a * classes + p]++;
    }
    total += count;
  }

  /**
   * One cell.
   *
   * @param actual the true class (row), in [0, classes)
   * @param predicted the predicted class (column), in [0, classes)
   * @return how many items of class {@code actual} were predicted as {@code predicted}
   * @throws ArrayIndexOutOfBoundsException when the cell is outside the matrix
   */
  public long count(int actual, int predicted) {
    return counts[actual * classes + predicted];
  }

  /**
   * The number of items added.
   *
   * @return the sum of all cells
   */
  public long total() {
    return total;
  }

  /**
   * The share of items on the diagonal.
   *
   * @return correct / total, in [0, 1]; NaN when nothing was added
   */
  public double accuracy() {
    long right = 0;
    for (int c = 0; c < classes; c++) {
      right += count(c, c);
    }
    return total == 0 ? Double.NaN : (double) right / total;
  }

  /**
   * Of the items predicted as c, the share that are c.
   *
   * @param c a class in [0, classes)
   * @return the precision in [0, 1]; NaN when nothing was predicted as c
   */
  public double precision(int c) {
    long col = 0;
    for (int a = 0; a < classes; a++) {
      col += count(a, c);
    }
    return col == 0 ? Double.NaN : (double) count(c, c) / col;
  }

  /**
   * Of the items that are c, the share predicted as c.
   *
   * @param c a class in [0, classes)
   * @return the recall in [0, 1]; NaN when no item is c
   */
  public double recall(int c) {
    long row = 0;
    for (int p = 0; p < classes; p++) {
      row += count(c, p);
    }
    return row == 0 ? Double.NaN : (double) count(c, c) / row;
  }

  /**
   * A plain-text report, as {@code vecprop evaluate} prints it.
   *
   * @return accuracy, per-class precision and recall, and the matrix, several lines of text
   */
  public String report() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "accuracy %.4f (%d items)%n%n", accuracy(), total));
    s.append("class  precision  recall\n");
    for (int c = 0; c < classes; c++) {
      s.append(String.format(Locale.ROOT, "%5d  %9.4f  %6.4f%n", c, precision(c), recall(c)));
    }
    s.append("\nconfusion matrix (rows: true class, columns: predicted)\n      ");
    for (int p = 0; p < classes; p++) {
      s.append(String.format(Locale.ROOT, "%6d", p));
    }
    s.append('\n');
    for (int a = 0; a < classes; a++) {
      s.append(String.format(Locale.ROOT, "%6d", a));
      for (int p = 0; p < classes; p++) {
        s.append(String.format(Locale.ROOT, "%6d", count(a, p)));
      }
      s.append('\n');
    }
    return s.toString();
  }
}
