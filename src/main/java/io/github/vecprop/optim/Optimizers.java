package io.github.vecprop.optim;

import java.util.List;
import java.util.Locale;

/** Optimizers by name, for the trainer and the command line. Stateless and thread-safe. */
public final class Optimizers {
  /** Every accepted name. */
  public static final List<String> NAMES =
      List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam");

  private Optimizers() {}

  /**
   * A new optimizer with the book's other defaults and the given learning rate.
   *
   * @param name one of {@link #NAMES}, in any case, blanks around it ignored
   * @param lr the learning rate, positive and finite
   * @return a new optimizer with no state yet
   * @throws IllegalArgumentException naming the value when the name is unknown (or null), or
   *     when lr is not positive and finite
   */
  public static Optimizer create(String name, float lr) {
    switch (key(name)) {
      case "sgd":
        return new SGD(lr);
      case "momentum":
        return new Momentum(lr);
      case "nesterov":
        return new Nesterov(lr);
      case "adagrad":
        return new AdaGrad(lr);
      case "rmsprop":
        return new RMSprop(lr);
      default:
        return new Adam(lr);
    }
  }

  /**
   * A new optimizer with all the book's defaults (SGD: the seed's lr 0.1).
   *
   * @param name one of {@link #NAMES}, in any case
   * @return a new optimizer with no state yet
   * @throws IllegalArgumentException when the name is unknown (or null)
   */
  public static Optimizer create(String name) {
    return create(name, defaultLearningRate(name));
  }

  /**
   * The default learning rate of the named optimizer.
   *
   * @param name one of {@link #NAMES}, in any case
   * @return 0.1 for SGD, 0.001 for Adam, 0.01 for the others
   * @throws IllegalArgumentException when the name is unknown (or null)
   */
  public static float defaultLearningRate(String name) {
    switch (key(name)) {
      case "sgd":
        return SGD.DEFAULT_LR;
      case "adam":
        return Adam.DEFAULT_LR;
      default:
        return 0.01f;
    }
  }

  private static String key(String name) {
    String k = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(k)) {
      throw new IllegalArgumentException("optimizer: expected one of " + NAMES + ", got " + name);
    }
    return k;
  }
}
