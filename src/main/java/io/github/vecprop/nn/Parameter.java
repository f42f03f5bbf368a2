package io.github.vecprop.nn;

import java.util.Arrays;

/**
 * One trainable tensor: a name ("W1", "b1", …), its value and its gradient, both flat row-major
 * {@code float[]} of {@code rows × cols} (a bias is 1 × n).
 *
 * <p>The arrays are shared by reference between the network, the layer that uses them and the
 * optimizer that updates them: {@link #value()} and {@link #grad()} return the live arrays, never
 * copies, and they never change identity. Backward passes <em>overwrite</em> the gradient.
 */
public final class Parameter {
  private final String name;
  private final int rows;
  private final int cols;
  private final float[] value;
  private final float[] grad;

  /** A zero-filled parameter of {@code rows × cols}. */
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

  public String name() {
    return name;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** rows × cols. */
  public int size() {
    return value.length;
  }

  /** The live value array (row-major rows × cols); optimizers update it in place. */
  public float[] value() {
    return value;
  }

  /** The live gradient array, same shape as the value; written by backward. */
  public float[] grad() {
    return grad;
  }

  /** Copies {@code src} (exactly {@link #size()} elements) into the value, e.g. to load a model. */
  public void copyFrom(float[] src) {
    if (src == null || src.length != value.length) {
      throw new IllegalArgumentException(name + ": expected " + value.length + " values ("
          + rows + "×" + cols + "), got " + (src == null ? "null" : src.length));
    }
    System.arraycopy(src, 0, value, 0, value.length);
  }

  /** A copy of the value, e.g. to save a model. */
  public float[] copyOfValue() {
    return Arrays.copyOf(value, value.length);
  }

  @Override
  public String toString() {
    return name + "[" + rows + "×" + cols + "]";
  }
}
