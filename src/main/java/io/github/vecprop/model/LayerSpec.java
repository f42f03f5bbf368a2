package io.github.vecprop.model;

import io.github.vecprop.kernel.Window;
import io.github.vecprop.nn.LayerKind;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a {@link ModelSpec}: its kind, its shape, its hyper-parameters and its named
 * arrays (parameters and state), validated and copied.
 *
 * <table>
 *   <caption>What each kind holds</caption>
 *   <tr><th>kind</th><th>shape</th><th>hyper</th><th>arrays</th></tr>
 *   <tr><td>affine</td><td>[in, out]</td><td>—</td><td>W (in·out, row-major), b (out)</td></tr>
 *   <tr><td>relu, sigmoid, tanh</td><td>[n]</td><td>—</td><td>—</td></tr>
 *   <tr><td>batchnorm</td><td>[n]</td><td>[momentum, ε]</td><td>gamma, beta, running_mean,
 *       running_var (n each)</td></tr>
 *   <tr><td>dropout</td><td>[n]</td><td>[p], 0 ≤ p &lt; 1</td><td>—</td></tr>
 *   <tr><td>conv</td><td>[C, H, W, F, KH, KW]</td><td>[stride, pad], whole numbers</td>
 *       <td>W (F·C·KH·KW, filter by filter in (c, ky, kx) order), b (F)</td></tr>
 *   <tr><td>pool</td><td>[C, H, W, KH, KW]</td><td>[stride, pad], whole numbers</td>
 *       <td>—</td></tr>
 * </table>
 * A conv layer's input is C·H·W and its output F·OH·OW; a pool layer's C·OH·OW, where
 * {@code O = (I + 2·pad − K) / stride + 1} ({@link Window}).
 *
 * @param kind the layer's kind
 * @param shape the sizes the kind takes (copied)
 * @param hyper the kind's hyper-parameters (copied)
 * @param arrays the kind's arrays in the order of the table (copied; iteration keeps it)
 */
public record LayerSpec(LayerKind kind, int[] shape, float[] hyper, Map<String, float[]> arrays) {

  /**
   * Validates against the table above; messages name the kind and what was expected.
   *
   * @param kind the layer's kind
   * @param shape the sizes the kind takes (copied)
   * @param hyper the kind's hyper-parameters (copied)
   * @param arrays the kind's arrays (copied)
   * @throws IllegalArgumentException naming the kind and what was expected
   */
  public LayerSpec {
    if (kind == null) {
      throw new IllegalArgumentException("layer: kind is null");
    }
    shape = shape == null ? new int[0] : shape.clone();
    hyper = hyper == null ? new float[0] : hyper.clone();
    String k = kind.id();
    int want = switch (kind) {
      case AFFINE -> 2;
      case CONV -> 6;
      case POOL -> 5;
      default -> 1;
    };
    if (shape.length != want) {
      throw new IllegalArgumentException(k + ": expected " + want + " sizes, got "
          + Arrays.toString(shape));
    }
    for (int s : shape) {
      if (s < 1 || s > ModelSpec.MAX_LAYER_SIZE) {
        throw new IllegalArgumentException(k + ": size " + s + " out of 1.."
            + ModelSpec.MAX_LAYER_SIZE + " in " + Arrays.toString(shape));
      }
    }
    if (kind == LayerKind.AFFINE && (long) shape[0] * shape[1] > ModelSpec.MAX_PARAM) {
      throw new IllegalArgumentException(k + ": W of " + shape[0] + "×" + shape[1]
          + " is larger than a Java array");
    }
    int wantHyper = switch (kind) {
      case BATCHNORM, CONV, POOL -> 2;
      case DROPOUT -> 1;
      default -> 0;
    };
    if (hyper.length != wantHyper) {
      throw new IllegalArgumentException(k + ": expected " + wantHyper
          + " hyper-parameters, got " + hyper.length);
    }
    ModelSpec.checkFinite(k + ": hyper-parameters", hyper);
    if (kind == LayerKind.DROPOUT && !(hyper[0] >= 0f && hyper[0] < 1f)) {
      throw new IllegalArgumentException(k + ": ratio " + hyper[0] + ", expected [0, 1)");
    }
    Window window = spatial(kind) ? window(kind, shape, hyper) : null;
    List<String> names = arrayNames(kind);
    Map<String, float[]> in = arrays == null ? Map.of() : arrays;
    if (!in.keySet().equals(new java.util.HashSet<>(names))) {
      throw new IllegalArgumentException(k + ": expected arrays " + names + ", got "
          + in.keySet());
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (String n : names) {
      float[] a = in.get(n);
      if (a == null) {
        throw new IllegalArgumentException(k + ": array " + n + " is null");
      }
      long len = kind == LayerKind.AFFINE && n.equals("W") ? (long) shape[0] * shape[1]
          : kind == LayerKind.CONV ? (n.equals("W") ? (long) shape[3] * window.patchSize()
          : shape[3]) : shape[shape.length - 1];
      if (a.length != len) {
        throw new IllegalArgumentException(k + ": " + n + " has " + a.length
            + " elements, expected " + len);
      }
      float[] c = a.clone();
      ModelSpec.checkFinite(k + ": " + n, c);
      copy.put(n, c);
    }
    arrays = Collections.unmodifiableMap(copy);
  }

  private static boolean spatial(LayerKind kind) {
    return kind == LayerKind.CONV || kind == LayerKind.POOL;
  }

  /** The geometry of a conv or pool spec; messages name the kind and the numbers. */
  private static Window window(LayerKind kind, int[] shape, float[] hyper) {
    String k = kind.id();
    for (float h : hyper) {
      if (h != Math.rint(h) || h < 0 || h > ModelSpec.MAX_LAYER_SIZE) {
        throw new IllegalArgumentException(k + ": stride and pad " + Arrays.toString(hyper)
            + ", expected whole numbers 0.." + ModelSpec.MAX_LAYER_SIZE);
      }
    }
    int kh = kind == LayerKind.CONV ? shape[4] : shape[3];
    int kw = kind == LayerKind.CONV ? shape[5] : shape[4];
    Window g;
    try {
      g = new Window(shape[0], shape[1], shape[2], kh, kw, (int) hyper[0], (int) hyper[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(k + ": " + e.getMessage());
    }
    if (kind == LayerKind.POOL && (g.pad() >= kh || g.pad() >= kw)) {
      throw new IllegalArgumentException(k + ": pad " + g.pad() + " must be below the window "
          + kh + "×" + kw);
    }
    if (kind == LayerKind.CONV && (long) shape[3] * g.positions() > ModelSpec.MAX_LAYER_SIZE) {
      throw new IllegalArgumentException(k + ": output " + shape[3] + "×" + g.outHeight() + "×"
          + g.outWidth() + " is wider than " + ModelSpec.MAX_LAYER_SIZE);
    }
    return g;
  }

  /**
   * The geometry of a conv or pool layer.
   *
   * @return its window
   * @throws IllegalStateException for another kind
   */
  public Window window() {
    if (!spatial(kind)) {
      throw new IllegalStateException(kind.id() + " has no window");
    }
    return window(kind, shape, hyper);
  }

  /**
   * The names of a kind's arrays, in their stored order.
   *
   * @param kind a kind
   * @return e.g. [W, b] for affine
   */
  public static List<String> arrayNames(LayerKind kind) {
    return switch (kind) {
      case AFFINE, CONV -> List.of("W", "b");
      case BATCHNORM -> List.of("gamma", "beta", "running_mean", "running_var");
      default -> List.of();
    };
  }

  /**
   * How many of the arrays are trainable parameters (the rest is state).
   *
   * @return 2 for affine, conv and batchnorm, else 0
   */
  public int parameterArrays() {
    return kind == LayerKind.AFFINE || kind == LayerKind.CONV || kind == LayerKind.BATCHNORM ? 2
        : 0;
  }

  /**
   * Floats per input row.
   *
   * @return shape[0], or C·H·W for conv and pool
   */
  public int inputSize() {
    return spatial(kind) ? shape[0] * shape[1] * shape[2] : shape[0];
  }

  /**
   * Floats per output row.
   *
   * @return the last size of the shape, or F·OH·OW (conv), C·OH·OW (pool)
   */
  public int outputSize() {
    if (spatial(kind)) {
      Window g = window();
      return (kind == LayerKind.CONV ? shape[3] : shape[0]) * g.positions();
    }
    return shape[shape.length - 1];
  }

  /**
   * An array, by reference (callers treat it as read-only).
   *
   * @param name one of {@link #arrayNames}
   * @return the array
   */
  float[] view(String name) {
    return arrays.get(name);
  }

  /**
   * The arrays, copied (a spec is immutable).
   *
   * @return name → copy of the array, in stored order
   */
  @Override
  public Map<String, float[]> arrays() {
    Map<String, float[]> c = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      c.put(e.getKey(), e.getValue().clone());
    }
    return c;
  }

  /**
   * How many arrays the layer holds.
   *
   * @return the count
   */
  public int arrayCount() {
    return arrays.size();
  }

  /**
   * The sizes, copied.
   *
   * @return e.g. [in, out] for affine
   */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The hyper-parameters, copied.
   *
   * @return e.g. [p] for dropout
   */
  @Override
  public float[] hyper() {
    return hyper.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LayerSpec s) || kind != s.kind || !Arrays.equals(shape, s.shape)
        || !Arrays.equals(hyper, s.hyper)) {
      return false;
    }
    for (String n : arrays.keySet()) {
      if (!Arrays.equals(arrays.get(n), s.arrays.get(n))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * kind.hashCode() + Arrays.hashCode(shape);
    h = 31 * h + Arrays.hashCode(hyper);
    for (float[] a : arrays.values()) {
      h = 31 * h + Arrays.hashCode(a);
    }
    return h;
  }

  @Override
  public String toString() {
    return kind.id() + Arrays.toString(shape) + (hyper.length > 0 ? Arrays.toString(hyper) : "");
  }
}
