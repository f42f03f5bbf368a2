package io.github.vecprop.data;

import io.github.vecprop.kernel.Kernels;
import java.util.Arrays;

/**
 * A labelled image set kept compact: pixels as unsigned bytes ({@code size × features}, row-major)
 * and labels as bytes, converted to {@code float} in [0, 1] only when a batch is gathered.
 *
 * <p>Immutable after construction and so safe to share between threads; the fill methods write
 * only caller-owned buffers and allocate nothing.
 */
public final class Dataset {

  /** Receives one chunk of {@link #forEachChunk}: rows {@code [start, start + count)}. */
  @FunctionalInterface
  public interface ChunkConsumer {
    /**
     * Handles one chunk, after the buffers were filled with it.
     *
     * @param start index of the chunk's first row in the data set
     * @param count rows in this chunk; the buffers hold them at their start
     */
    void accept(int start, int count);
  }

  private final byte[] pixels;
  private final byte[] labels;
  private final int size;
  private final int features;
  private final int classes;
  private final int[] shape;

  /** Takes ownership of the arrays (no copy); callers in this package do not keep them. */
  Dataset(byte[] pixels, byte[] labels, int features, int classes) {
    this(pixels, labels, features, classes, new int[] {features});
  }

  private Dataset(byte[] pixels, byte[] labels, int features, int classes, int[] shape) {
    if (features < 1) {
      throw new IllegalArgumentException("features: expected at least 1, got " + features);
    }
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("classes: expected 1..256, got " + classes);
    }
    if (pixels == null) {
      throw new IllegalArgumentException("pixels: is null");
    }
    if (labels == null) {
      throw new IllegalArgumentException("labels: is null");
    }
    if (pixels.length % features != 0 || pixels.length / features != labels.length) {
      throw new IllegalArgumentException("pixels: expected labels.length × features = "
          + labels.length + " × " + features + " bytes, got " + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xff) >= classes) {
        throw new IllegalArgumentException("labels[" + i + "]: expected 0.." + (classes - 1)
            + ", got " + (labels[i] & 0xff));
      }
    }
    this.pixels = pixels;
    this.labels = labels;
    this.size = labels.length;
    this.features = features;
    this.classes = classes;
    this.shape = shape.clone();
  }

  /**
   * A data set over copies of the given arrays.
   *
   * @param pixels unsigned bytes, labels.length × features, row-major
   * @param labels one class per row, each in [0, classes)
   * @param features pixels per row (784 for MNIST)
   * @param classes number of classes (10 for MNIST), 1..256
   * @return a new data set
   * @throws IllegalArgumentException naming the argument when an array is null, features or
   *     classes is out of range, the shapes disagree or a label is not below classes
   */
  public static Dataset of(byte[] pixels, byte[] labels, int features, int classes) {
    if (pixels == null) {
      throw new IllegalArgumentException("pixels: is null");
    }
    if (labels == null) {
      throw new IllegalArgumentException("labels: is null");
    }
    return new Dataset(pixels.clone(), labels.clone(), features, classes);
  }

  /**
   * A data set from an image file's and a label file's content (not copied: do not modify the
   * arrays afterwards).
   *
   * @param images the images, one row of {@code rows × cols} pixels each
   * @param labels one label per image
   * @param classes number of classes, 1..256
   * @return a new data set over the same arrays
   * @throws IllegalArgumentException when the counts disagree, classes is out of range or a
   *     label is not below classes
   */
  public static Dataset of(IdxImages images, IdxLabels labels, int classes) {
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException("labels: " + labels.count() + " labels for "
          + images.count() + " images");
    }
    return new Dataset(images.pixels(), labels.labels(), images.features(), classes,
        new int[] {1, images.rows(), images.cols()});
  }

  /**
   * The shape of one sample: [1, rows, cols] for images read from IDX files (MNIST and
   * Fashion-MNIST: [1, 28, 28]), so one data set trains an MLP (which sees the flat row) or a
   * convolutional network; [features] for a data set made from arrays, unless
   * {@link #withSampleShape} says otherwise.
   *
   * @return a copy of the shape; its product is {@link #features()}
   */
  public int[] sampleShape() {
    return shape.clone();
  }

  /**
   * The same rows seen as samples of another shape (C, H, W for images), sharing the arrays.
   *
   * @param shape positive sizes whose product is {@link #features()}
   * @return a data set over the same arrays
   * @throws IllegalArgumentException when the product differs or a size is not positive
   */
  public Dataset withSampleShape(int... shape) {
    long p = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape)
            + ": sizes must be positive");
      }
      p *= d;
    }
    if (shape.length == 0 || p != features) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": holds " + p
          + " values per sample, expected " + features);
    }
    return new Dataset(pixels, labels, features, classes, shape);
  }

  /**
   * The number of rows.
   *
   * @return rows (images)
   */
  public int size() {
    return size;
  }

  /**
   * Values per row.
   *
   * @return pixels per image (784 for MNIST)
   */
  public int features() {
    return features;
  }

  /**
   * The number of classes.
   *
   * @return classes; every label lies in [0, classes)
   */
  public int classes() {
    return classes;
  }

  /**
   * The label of one row.
   *
   * @param i the row, in [0, size())
   * @return its class, in [0, classes())
   * @throws IllegalArgumentException when i is out of range
   */
  public int label(int i) {
    checkRow("i", i);
    return labels[i] & 0xff;
  }

  /**
   * The raw pixels of one row.
   *
   * @param i the row, in [0, size())
   * @return a copy: {@link #features()} unsigned bytes 0..255
   * @throws IllegalArgumentException when i is out of range
   */
  public byte[] image(int i) {
    checkRow("i", i);
    return Arrays.copyOfRange(pixels, i * features, (i + 1) * features);
  }

  /**
   * Fills a batch from rows picked by index: row {@code idx[r]} goes to
   * {@code x[r·features .. (r+1)·features)} as floats in [0, 1], its label to {@code labels[r]}.
   * Allocates nothing.
   *
   * @param idx row indices read, the first {@code count} used, each in [0, size)
   * @param count rows to gather, 0..idx.length
   * @param x written, at least count·features long
   * @param labels written, at least count long; may be null when labels are not wanted
   * @throws IllegalArgumentException naming the argument when idx or x is null, count is out of
   *     range, a buffer is too short or an index is outside [0, size) (rows before it have
   *     been written)
   */
  public void gather(int[] idx, int count, float[] x, int[] labels) {
    if (idx == null) {
      throw new IllegalArgumentException("idx: is null");
    }
    if (count < 0 || count > idx.length) {
      throw new IllegalArgumentException("count: expected 0.." + idx.length + ", got " + count);
    }
    checkBuffers(count, x, labels);
    for (int r = 0; r < count; r++) {
      int i = idx[r];
      if (i < 0 || i >= size) {
        throw new IllegalArgumentException("idx[" + r + "]: row " + i + " is outside [0, "
            + size + ")");
      }
      Kernels.unsignedBytesToUnit(features, pixels, i * features, x, r * features);
      if (labels != null) {
        labels[r] = this.labels[i] & 0xff;
      }
    }
  }

  /**
   * Fills a batch with the consecutive rows {@code [from, from + count)}, as floats in [0, 1].
   * Allocates nothing.
   *
   * @param from the first row, at least 0
   * @param count rows, with {@code from + count ≤ size()}
   * @param x written, at least count·features long
   * @param labels written, at least count long; may be null
   * @throws IllegalArgumentException when the rows are out of range, x is null or a buffer is
   *     too short
   */
  public void copyRange(int from, int count, float[] x, int[] labels) {
    if (from < 0 || count < 0 || from > size - count) {
      throw new IllegalArgumentException("from: rows [" + from + ", " + ((long) from + count)
          + ") are outside [0, " + size + ")");
    }
    checkBuffers(count, x, labels);
    Kernels.unsignedBytesToUnit(count * features, pixels, from * features, x, 0);
    if (labels != null) {
      for (int r = 0; r < count; r++) {
        labels[r] = this.labels[from + r] & 0xff;
      }
    }
  }

  /**
   * Walks the whole set in order, {@code chunk} rows at a time (the last chunk may be shorter):
   * fills {@code x} and {@code labels} and calls {@code consumer} for each. For evaluation.
   *
   * @param chunk rows per chunk, at least 1
   * @param x written, at least chunk·features long
   * @param labels written, at least chunk long; may be null
   * @param consumer called once per chunk, on this thread, after the buffers are filled
   * @throws IllegalArgumentException when chunk is below 1, consumer or x is null, or a buffer
   *     is too short
   */
  public void forEachChunk(int chunk, float[] x, int[] labels, ChunkConsumer consumer) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk: expected at least 1, got " + chunk);
    }
    if (consumer == null) {
      throw new IllegalArgumentException("consumer: is null");
    }
    checkBuffers(Math.min(chunk, size), x, labels);
    for (int start = 0; start < size; start += chunk) {
      int n = Math.min(chunk, size - start);
      copyRange(start, n, x, labels);
      consumer.accept(start, n);
    }
  }

  /**
   * A new data set holding copies of rows [from, to) — for a validation split, say.
   *
   * @param from first row, included
   * @param to last row, excluded; {@code 0 ≤ from ≤ to ≤ size()}
   * @return a data set of {@code to − from} rows, same features and classes
   * @throws IllegalArgumentException when the range is out of bounds
   */
  public Dataset slice(int from, int to) {
    if (from < 0 || to < from || to > size) {
      throw new IllegalArgumentException("from, to: expected 0 <= from <= to <= " + size
          + ", got [" + from + ", " + to + ")");
    }
    return new Dataset(Arrays.copyOfRange(pixels, from * features, to * features),
        Arrays.copyOfRange(labels, from, to), features, classes, shape);
  }

  /**
   * A new data set holding the rows in a seeded random order (Fisher–Yates with a SplitMix64
   * generator: the same seed gives the same order on every JVM). With {@link #slice} it makes a
   * seeded subset ({@code --train-size}) or a held-out split ({@code --val-split}).
   *
   * @param seed seeds the order
   * @return a shuffled copy
   */
  public Dataset shuffled(long seed) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    long s = seed;
    for (int i = size - 1; i > 0; i--) {
      s += 0x9E3779B97F4A7C15L;
      long z = s;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      int j = (int) Long.remainderUnsigned(z, i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    byte[] px = new byte[pixels.length];
    byte[] lb = new byte[size];
    for (int i = 0; i < size; i++) {
      System.arraycopy(pixels, order[i] * features, px, i * features, features);
      lb[i] = labels[order[i]];
    }
    return new Dataset(px, lb, features, classes, shape);
  }

  /**
   * How many rows carry each label.
   *
   * @return a new array of {@link #classes()} counts, indexed by class
   */
  public int[] labelCounts() {
    int[] c = new int[classes];
    for (byte b : labels) {
      c[b & 0xff]++;
    }
    return c;
  }

  private void checkBuffers(int count, float[] x, int[] labels) {
    if (x == null) {
      throw new IllegalArgumentException("x: is null");
    }
    if (x.length < (long) count * features) {
      throw new IllegalArgumentException("x: needs " + (long) count * features
          + " floats for " + count + " rows of " + features + ", has " + x.length);
    }
    if (labels != null && labels.length < count) {
      throw new IllegalArgumentException("labels: needs " + count + " elements, has "
          + labels.length);
    }
  }

  private void checkRow(String name, int i) {
    if (i < 0 || i >= size) {
      throw new IllegalArgumentException(name + ": row " + i + " is outside [0, " + size + ")");
    }
  }

  @Override
  public String toString() {
    return "Dataset[" + size + " rows × " + features + " features, " + classes + " classes]";
  }
}
