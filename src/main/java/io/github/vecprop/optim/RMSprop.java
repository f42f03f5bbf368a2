package io.github.vecprop.optim;

import io.github.vecprop.kernel.UpdateKernels;
import io.github.vecprop.nn.Parameter;

/**
 * RMSprop: h = ρ·h + (1−ρ)·g²; p −= lr·g / (√h + 1e-7), element-wise. Book defaults lr 0.01,
 * decay ρ 0.99. Slot "h". Single-writer, like every {@link Optimizer}.
 */
public final class RMSprop extends Optimizer {
  /** The book's default learning rate, 0.01. */
  public static final float DEFAULT_LR = 0.01f;
  /** The book's default decay ρ, 0.99. */
  public static final float DEFAULT_DECAY = 0.99f;
  /** The book's 1e-7. */
  public static final float EPS = 1e-7f;
  private final float decay;

  /** RMSprop with the book's defaults. */
  public RMSprop() {
    this(DEFAULT_LR, DEFAULT_DECAY);
  }

  /**
   * RMSprop with the given learning rate and ρ 0.99.
   *
   * @param lr the learning rate, positive and finite
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public RMSprop(float lr) {
    this(lr, DEFAULT_DECAY);
  }

  /**
   * RMSprop with the given hyperparameters (ρ is taken as given, unchecked).
   *
   * @param lr the learning rate, positive and finite
   * @param decay ρ, the decay of the squared-gradient average
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public RMSprop(float lr, float decay) {
    super("rmsprop", lr, "h");
    this.decay = decay;
  }

  /**
   * The squared-gradient decay.
   *
   * @return ρ
   */
  public float decay() {
    return decay;
  }

  @Override
  void apply(int i, Parameter p) {
    UpdateKernels.rmsPropUpdate(p.size(), lr, decay, EPS, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
