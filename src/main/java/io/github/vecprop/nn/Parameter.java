package io.github.vecprop.nn;

import java.util.Arrays;

/**
 * One trainable tensor: a name ("W1", "b1", …), its value and its gradient, both flat row-major
 * {@code float[]} of {@code rows × cols} (a bias is 1 × n).
 *
 * <p>The arrays are shared by reference between the network, the layer that uses them and the
 * optimizer that updates them: {@link #value()} and {@link #grad()} return the live arrays, never
 * copies, and they never change identity. Backward passes <em>overwrite</em> the gradient.
 *
 * <p>Not synchronized: the arrays are written by one training thread at a time.
 */
public final class Parameter {
  private final String name;
  private final int rows;
  private final int cols;
  private final float[] value;
  private final float[] grad;

  /**
   * A zero-filled parameter of {@code rows × cols}, with a zero-filled gradient.
   *
   * @param name e.g. "W1" or "b1"
   * @param rows rows, at least 1
   * @param cols columns, at least 1
   * @throws IllegalArgumentException when the name is null or empty or a dimension is not
   *     positive
   * @throws ArithmeticException when {@code rows × cols} overflows an int
   */
  public Parameter(String name, int rows, int cols) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name: must be a non-empty string");
    }
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "shape: " + name + " needs positive rows and cols, got " + rows + "×" + cols);
    }
    this.name = name;
    this.rows = rows;
    this.cols = cols;
    this.value = new float[Math.multiplyExact(rows, cols)];
    this.grad = new float[value.length];
  }

  /**
   * The name.
   *
   * @return e.g. "W1"
   */
  public String name() {
    return name;
  }

  /**
   * Rows of the value and the gradient.
   *
   * @return rows
   */
  public int rows() {
    return rows;
  }

  /**
   * Columns of the value and the gradient.
   *
   * @return columns
   */
  public int cols() {
    return cols;
  }

  /**
   * The number of elements.
   *
   * @return {@code rows × cols}
   */
  public int size() {
    return value.length;
  }

  /**
   * The live value array; optimizers update it in place.
   *
   * @return the value, row-major {@code rows × cols}, not a copy
   */
  public float[] value() {
    return value;
  }

  /**
   * The live gradient array; written by backward.
   *
   * @return the gradient, same shape as the value, not a copy
   */
  public float[] grad() {
    return grad;
  }

  /**
   * Copies {@code src} into the value, e.g. to load a model.
   *
   * @param src read: exactly {@link #size()} elements, row-major
   * @throws IllegalArgumentException when src is null or of another length
   */
  public void copyFrom(float[] src) {
    if (src == null || src.length != value.length) {
      throw new IllegalArgumentException(name + ": expected " + value.length + " values ("
          + rows + "×" + cols + "), got " + (src == null ? "null" : src.length));
    }
    System.arraycopy(src, 0, value, 0, value.length);
  }

  /**
   * A copy of the value, e.g. to save a model.
   *
   * @return a new array of {@link #size()} elements
   */
  public float[] copyOfValue() {
    return Arrays.copyOf(value, value.length);
  }

  @Override
  public String toString() {
    return name + "[" + rows + "×" + cols + "]";
  }
}
