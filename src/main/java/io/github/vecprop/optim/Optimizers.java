package io.github.vecprop.optim;

import java.util.List;
import java.util.Locale;

/** Optimizers by name, for the trainer and the command line. */
public final class Optimizers {
  /** Every accepted name. */
  public static final List<String> NAMES =
      List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam");

  private Optimizers() {}

  /** The named optimizer (any case) with the book's defaults and the given learning rate. */
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

  /** The named optimizer with all the book's defaults (SGD: the seed's lr 0.1). */
  public static Optimizer create(String name) {
    return create(name, defaultLearningRate(name));
  }

  /** The default learning rate of the named optimizer. */
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
