package io.github.vecprop.optim;

import io.github.vecprop.kernel.UpdateKernels;
import io.github.vecprop.nn.Parameter;

/**
 * Adam in the book's form: t += 1; lrT = lr·√(1−β2ᵗ)/(1−β1ᵗ); m += (1−β1)(g − m);
 * v += (1−β2)(g² − v); p −= lrT·m / (√v + 1e-7). Book defaults lr 0.001, β1 0.9, β2 0.999.
 * Slots "m" and "v"; t is {@link #step()}. Single-writer, like every {@link Optimizer}.
 */
public final class Adam extends Optimizer {
  /** The book's default learning rate, 0.001. */
  public static final float DEFAULT_LR = 0.001f;
  /** The book's default β1, 0.9. */
  public static final float DEFAULT_BETA1 = 0.9f;
  /** The book's default β2, 0.999. */
  public static final float DEFAULT_BETA2 = 0.999f;
  /** The book's 1e-7. */
  public static final float EPS = 1e-7f;
  private final float beta1;
  private final float beta2;

  /** Adam with the book's defaults. */
  public Adam() {
    this(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2);
  }

  /**
   * Adam with the given learning rate and the book's β1, β2.
   *
   * @param lr the learning rate, positive and finite
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public Adam(float lr) {
    this(lr, DEFAULT_BETA1, DEFAULT_BETA2);
  }

  /**
   * Adam with the given hyperparameters (the betas are taken as given, unchecked; the usual
   * range is [0, 1)).
   *
   * @param lr the learning rate, positive and finite
   * @param beta1 decay of the first moment m
   * @param beta2 decay of the second moment v
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public Adam(float lr, float beta1, float beta2) {
    super("adam", lr, "m", "v");
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  /**
   * The first-moment decay.
   *
   * @return β1
   */
  public float beta1() {
    return beta1;
  }

  /**
   * The second-moment decay.
   *
   * @return β2
   */
  public float beta2() {
    return beta2;
  }

  /** lr·√(1−β2ᵗ)/(1−β1ᵗ) for the current step t, computed in double as the book does. */
  float biasCorrectedLr() {
    double t = step;
    return (float) (lr * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t)));
  }

  @Override
  void apply(int i, Parameter p) {
    UpdateKernels.adamUpdate(p.size(), biasCorrectedLr(), beta1, beta2, EPS, p.grad(), 0, slots[0][i],
        0, slots[1][i], 0, p.value(), 0);
  }
}
