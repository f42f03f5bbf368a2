package io.github.vecprop.nn;

import java.util.Locale;

/**
 * The kinds of vecprop's own layers, by the id that names them in layer specs
 * ({@code --layers affine:100,batchnorm,relu,dropout:0.2,affine:10}) and in model files.
 */
public enum LayerKind {
  /** {@link Affine}: {@code affine:OUT}. */
  AFFINE,
  /** {@link Relu}: {@code relu}. */
  RELU,
  /** {@link Sigmoid}: {@code sigmoid}. */
  SIGMOID,
  /** {@link Tanh}: {@code tanh}. */
  TANH,
  /** {@link BatchNorm}: {@code batchnorm}. */
  BATCHNORM,
  /** {@link Dropout}: {@code dropout:P}. */
  DROPOUT,
  /** {@link Convolution}: {@code conv:FxKHxKW[:sS][:pP]}. */
  CONV,
  /** {@link MaxPooling}: {@code pool:N} or {@code pool:HxW[:sS][:pP]}. */
  POOL;

  /**
   * The id used in specs and files.
   *
   * @return the lower-case name, e.g. "batchnorm"
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind of an id.
   *
   * @param id e.g. "relu"
   * @return the kind, or null when vecprop has no layer of that name
   */
  public static LayerKind of(String id) {
    for (LayerKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    return null;
  }

  /**
   * The kind of one of vecprop's layers.
   *
   * @param layer any layer
   * @return its kind, or null for a layer of another class
   */
  public static LayerKind of(Layer layer) {
    if (layer instanceof Affine) {
      return AFFINE;
    } else if (layer instanceof Relu) {
      return RELU;
    } else if (layer instanceof Sigmoid) {
      return SIGMOID;
    } else if (layer instanceof Tanh) {
      return TANH;
    } else if (layer instanceof BatchNorm) {
      return BATCHNORM;
    } else if (layer instanceof Dropout) {
      return DROPOUT;
    } else if (layer instanceof Convolution) {
      return CONV;
    } else if (layer instanceof MaxPooling) {
      return POOL;
    }
    return null;
  }

  /** The ids, for messages: "affine, relu, sigmoid, tanh, batchnorm, dropout, conv, pool". */
  static String ids() {
    StringBuilder sb = new StringBuilder();
    for (LayerKind k : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(k.id());
    }
    return sb.toString();
  }
}
