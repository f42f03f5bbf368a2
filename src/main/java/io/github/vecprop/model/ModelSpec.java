package io.github.vecprop.model;

import java.util.Arrays;

/**
 * A fully connected network as data: layer sizes, the hidden activation, and the parameters.
 *
 * <p>{@code layerSizes = {784, 50, 10}} describes input → hidden → output; between layer i and
 * i+1 there is an affine map with {@code W(i+1)} of shape {@code layerSizes[i] × layerSizes[i+1]}
 * (row-major, so {@code h = x·W + b}) and {@code b(i+1)} of length {@code layerSizes[i+1]}; the
 * activation ("relu" or "sigmoid") follows every affine map but the last, and softmax the last.
 * {@code params} holds W1, b1, W2, b2, … in that order.
 *
 * <p>Validated on construction ({@link IllegalArgumentException} naming the component): at least
 * two layers, every size in 1..{@value #MAX_LAYER_SIZE}, at most {@value #MAX_LAYERS} sizes, known
 * activation, parameter lengths matching the sizes, every value finite. The arrays are copied in
 * and out, so a spec is immutable and safe to share between threads.
 *
 * @param layerSizes input size, hidden sizes…, number of classes
 * @param activation "relu" or "sigmoid"
 * @param params W1, b1, W2, b2, … (row-major weights)
 */
public record ModelSpec(int[] layerSizes, String activation, float[][] params) {

  /** Most layer sizes (layers + 1) a spec may have. */
  public static final int MAX_LAYERS = 64;
  /** Largest size of one layer. */
  public static final int MAX_LAYER_SIZE = 1 << 20;
  /** Largest number of elements of one parameter array. */
  public static final long MAX_PARAM = Integer.MAX_VALUE - 8;

  /**
   * Validates and copies.
   *
   * @param layerSizes input size, hidden sizes…, number of classes
   * @param activation "relu" or "sigmoid"
   * @param params W1, b1, W2, b2, … (row-major weights), each of the length the sizes imply
   * @throws IllegalArgumentException naming the component when an argument is null, the sizes
   *     are out of range, the activation is unknown, or a parameter has the wrong length or a
   *     value that is not finite
   */
  public ModelSpec {
    validateArchitecture(layerSizes, activation);
    if (params == null) {
      throw new IllegalArgumentException("params: is null");
    }
    int expected = 2 * (layerSizes.length - 1);
    if (params.length != expected) {
      throw new IllegalArgumentException("params: expected " + expected + " arrays (W1, b1, …) for "
          + layerSizes.length + " layer sizes, got " + params.length);
    }
    float[][] copy = new float[params.length][];
    for (int i = 0; i < params.length; i++) {
      String name = paramName(i);
      long len = paramLength(layerSizes, i);
      if (params[i] == null) {
        throw new IllegalArgumentException("params: " + name + " is null");
      }
      if (params[i].length != len) {
        throw new IllegalArgumentException("params: " + name + " has " + params[i].length
            + " elements, expected " + shape(layerSizes, i) + " = " + len);
      }
      copy[i] = params[i].clone();
      checkFinite("params: " + name, copy[i]);
    }
    layerSizes = layerSizes.clone();
    params = copy;
  }

  /** Checks sizes and activation; IllegalArgumentException naming what is wrong. */
  static void validateArchitecture(int[] layerSizes, String activation) {
    if (layerSizes == null) {
      throw new IllegalArgumentException("layerSizes: is null");
    }
    if (layerSizes.length < 2 || layerSizes.length > MAX_LAYERS) {
      throw new IllegalArgumentException("layerSizes: expected 2.." + MAX_LAYERS
          + " sizes (input, hidden…, classes), got " + layerSizes.length);
    }
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] < 1 || layerSizes[i] > MAX_LAYER_SIZE) {
        throw new IllegalArgumentException("layerSizes[" + i + "]: expected 1.." + MAX_LAYER_SIZE
            + ", got " + layerSizes[i]);
      }
      if (i > 0 && (long) layerSizes[i - 1] * layerSizes[i] > MAX_PARAM) {
        throw new IllegalArgumentException("layerSizes[" + i + "]: W" + i + " of "
            + layerSizes[i - 1] + "×" + layerSizes[i] + " is larger than a Java array");
      }
    }
    if (!"relu".equals(activation) && !"sigmoid".equals(activation)) {
      throw new IllegalArgumentException("activation: expected \"relu\" or \"sigmoid\", got "
          + (activation == null ? "null" : "\"" + activation + "\""));
    }
  }

  /**
   * The name of a parameter index.
   *
   * @param i parameter index, 0 for W1, 1 for b1, 2 for W2, …
   * @return "W1", "b1", "W2", …
   */
  public static String paramName(int i) {
    return (i % 2 == 0 ? "W" : "b") + (i / 2 + 1);
  }

  /** Elements of parameter i for these sizes (sizes assumed valid). */
  static long paramLength(int[] sizes, int i) {
    int l = i / 2;
    return i % 2 == 0 ? (long) sizes[l] * sizes[l + 1] : sizes[l + 1];
  }

  private static String shape(int[] sizes, int i) {
    int l = i / 2;
    return i % 2 == 0 ? sizes[l] + "×" + sizes[l + 1] : String.valueOf(sizes[l + 1]);
  }

  static void checkFinite(String what, float[] a) {
    for (int j = 0; j < a.length; j++) {
      if (!Float.isFinite(a[j])) {
        throw new IllegalArgumentException(what + "[" + j + "] is " + a[j]
            + ", expected a finite value");
      }
    }
  }

  /**
   * The layer sizes.
   *
   * @return a copy: input size, hidden sizes…, number of classes
   */
  @Override
  public int[] layerSizes() {
    return layerSizes.clone();
  }

  /**
   * The parameters.
   *
   * @return a deep copy: W1, b1, W2, b2, …
   */
  @Override
  public float[][] params() {
    float[][] c = new float[params.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = params[i].clone();
    }
    return c;
  }

  /**
   * One parameter.
   *
   * @param i parameter index (W1 = 0, b1 = 1, …)
   * @return a copy of the parameter, row-major
   * @throws ArrayIndexOutOfBoundsException when i is not in [0, 2 × (sizes − 1))
   */
  public float[] param(int i) {
    return params[i].clone();
  }

  /**
   * The input size.
   *
   * @return the first layer size (784 for MNIST)
   */
  public int inputSize() {
    return layerSizes[0];
  }

  /**
   * The number of classes.
   *
   * @return the last layer size
   */
  public int classes() {
    return layerSizes[layerSizes.length - 1];
  }

  /**
   * The total number of parameter values.
   *
   * @return Σ over W and b of their element counts (39 760 for 784-50-10)
   */
  public long parameterCount() {
    long n = 0;
    for (float[] p : params) {
      n += p.length;
    }
    return n;
  }

  /** Internal view without copying; callers in this package never modify it. */
  int[] sizesView() {
    return layerSizes;
  }

  /** Internal view without copying; callers in this package never modify it. */
  float[][] paramsView() {
    return params;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec s && Arrays.equals(layerSizes, s.layerSizes)
        && activation.equals(s.activation) && Arrays.deepEquals(params, s.params);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(layerSizes) + activation.hashCode())
        + Arrays.deepHashCode(params);
  }

  @Override
  public String toString() {
    return "ModelSpec" + Arrays.toString(layerSizes) + " " + activation + ", "
        + parameterCount() + " parameters";
  }
}
