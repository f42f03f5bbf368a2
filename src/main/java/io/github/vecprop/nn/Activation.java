package io.github.vecprop.nn;

/** The hidden-layer activation of a {@link Network}. */
public enum Activation {
  RELU,
  SIGMOID;

  /** A new activation layer of this kind over {@code size} units. */
  public Layer create(String name, int size) {
    return this == RELU ? new Relu(name, size) : new Sigmoid(name, size);
  }

  /** "relu" or "sigmoid". */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses "relu" or "sigmoid" (any case). */
  public static Activation of(String id) {
    for (Activation a : values()) {
      if (a.id().equalsIgnoreCase(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("activation: expected relu or sigmoid, got " + id);
  }
}
