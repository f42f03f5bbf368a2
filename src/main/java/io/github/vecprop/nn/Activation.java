package io.github.vecprop.nn;

/**
 * The hidden-layer activation of a {@link Network}: it follows every affine map but the last. Its
 * {@link #id()} is the name stored in model files ({@code ModelSpec.activation()}) and accepted
 * by the command line's {@code --activation}.
 */
public enum Activation {
  /** y = max(x, 0): a {@link Relu} layer, id "relu". */
  RELU,
  /** y = 1 / (1 + e^−x): a {@link Sigmoid} layer, id "sigmoid". */
  SIGMOID,
  /** Hyperbolic tangent. */
  TANH;

  /**
   * A new activation layer of this kind over {@code size} units.
   *
   * @param name the layer's name in messages, e.g. "Relu1"
   * @param size units per row: the layer maps {@code batch × size} to {@code batch × size}
   * @return a new, independent {@link Relu} or {@link Sigmoid}
   * @throws IllegalArgumentException when {@code size} is not positive
   */
  public Layer create(String name, int size) {
    return switch (this) {
      case RELU -> new Relu(name, size);
      case SIGMOID -> new Sigmoid(name, size);
      case TANH -> new Tanh(name, size);
    };
  }

  /**
   * The lower-case name, as stored in model files.
   *
   * @return "relu" or "sigmoid"
   */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses an activation name.
   *
   * @param id "relu" or "sigmoid", in any case
   * @return the activation with that {@link #id()}
   * @throws IllegalArgumentException naming the value when it is neither (or null)
   */
  public static Activation of(String id) {
    for (Activation a : values()) {
      if (a.id().equalsIgnoreCase(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("activation: expected relu, sigmoid or tanh, got " + id);
  }
}
