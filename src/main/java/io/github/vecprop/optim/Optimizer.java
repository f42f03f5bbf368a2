package io.github.vecprop.optim;

import io.github.vecprop.nn.Parameter;
import java.util.List;

/**
 * Updates parameters in place from their gradients, through the kernels (the book's
 * {@code common/optimizer.py}).
 *
 * <p>State (velocities, squared-gradient sums, moments) is one array per parameter per slot,
 * allocated on the first {@link #update} and bound to the parameter list by position: always pass
 * the same list in the same order (a network's {@code parameters()}). After the first call an
 * update allocates nothing. {@link #exportState()} and {@link #restoreState(OptimizerState)} copy
 * the state and the step count out and in so a trainer can checkpoint and resume bit-exactly;
 * hyperparameters other than the learning rate are not part of the state (construct the
 * optimizer with the same ones).
 *
 * <p>Single-writer, like the network it trains: one thread at a time may call any method, and
 * the parameters must not be read by another thread during an update.
 *
 * <p>The subclasses are the book's optimizers ({@link SGD}, {@link Momentum}, {@link Nesterov},
 * {@link AdaGrad}, {@link RMSprop}, {@link Adam}); {@link Optimizers#create(String)} makes one by
 * name. The constructor is package-private: new update rules are added here, through the
 * kernels.
 */
public abstract sealed class Optimizer
    permits SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam {
  private final String name;
  private final String[] slotNames;
  /** slots[s][i]: slot s of parameter i; null until the first update or a restore. */
  float[][][] slots;
  float lr;
  long step;

  Optimizer(String name, float lr, String... slotNames) {
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException(name + ": learning rate must be positive, got " + lr);
    }
    this.name = name;
    this.lr = lr;
    this.slotNames = slotNames;
  }

  /**
   * The optimizer's name, as {@link Optimizers#create(String)} takes it.
   *
   * @return "sgd", "momentum", "nesterov", "adagrad", "rmsprop" or "adam"
   */
  public final String name() {
    return name;
  }

  /**
   * The learning rate used by the next update.
   *
   * @return lr, positive and finite
   */
  public final float learningRate() {
    return lr;
  }

  /**
   * Changes the learning rate, e.g. for a schedule; the state is kept.
   *
   * @param lr the new learning rate, positive and finite
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public final void setLearningRate(float lr) {
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException(name + ": learning rate must be positive, got " + lr);
    }
    this.lr = lr;
  }

  /**
   * How many updates have been applied (Adam's t).
   *
   * @return updates applied so far ({@link #restoreState} sets it to the snapshot's count)
   */
  public final long step() {
    return step;
  }

  /**
   * One in-place update of every parameter's value from its current grad (the grads are only
   * read). The first call allocates one state array per parameter per slot, bound by position.
   *
   * @param params the parameters, always the same list in the same order (a network's
   *     {@code parameters()})
   * @throws IllegalArgumentException when the count or a size differs from the parameters the
   *     state was bound to
   */
  public final void update(List<Parameter> params) {
    int n = params.size();
    bind(n, params, null);
    step++;
    for (int i = 0; i < n; i++) {
      apply(i, params.get(i));
    }
  }

  /**
   * Array form of {@link #update(List)}.
   *
   * @param params the parameters, always the same ones in the same order
   * @throws IllegalArgumentException when the count or a size differs from the parameters the
   *     state was bound to
   */
  public final void update(Parameter[] params) {
    bind(params.length, null, params);
    step++;
    for (int i = 0; i < params.length; i++) {
      apply(i, params[i]);
    }
  }

  private void bind(int n, List<Parameter> list, Parameter[] array) {
    if (slotNames.length == 0) {
      return;
    }
    if (slots == null) {
      slots = new float[slotNames.length][n][];
      for (int i = 0; i < n; i++) {
        int size = (list != null ? list.get(i) : array[i]).size();
        for (int s = 0; s < slotNames.length; s++) {
          slots[s][i] = new float[size];
        }
      }
      return;
    }
    if (slots[0].length != n) {
      throw new IllegalArgumentException(name + ": state holds " + slots[0].length
          + " parameters but update got " + n);
    }
    for (int i = 0; i < n; i++) {
      Parameter p = list != null ? list.get(i) : array[i];
      if (slots[0][i].length != p.size()) {
        throw new IllegalArgumentException(name + ": state for parameter " + i + " has "
            + slots[0][i].length + " elements but " + p + " has " + p.size());
      }
    }
  }

  /** Updates parameter i in place; slots are allocated. */
  abstract void apply(int i, Parameter p);

  /**
   * A deep copy of the state: name, learning rate, step and every slot array.
   *
   * @return a snapshot that shares no array with this optimizer
   */
  public final OptimizerState exportState() {
    return new OptimizerState(name, lr, step, List.of(slotNames), slots);
  }

  /**
   * Replaces the state with a deep copy of {@code state}, which must come from an optimizer of
   * the same name (its slots, when present, bind to the next update's parameters by position).
   *
   * @param state a snapshot from {@link #exportState()} of an optimizer of the same name
   * @throws IllegalArgumentException when the name or the slot names differ
   * @throws NullPointerException when state is null
   */
  public final void restoreState(OptimizerState state) {
    if (!state.name().equals(name)) {
      throw new IllegalArgumentException(
          name + ": cannot restore the state of a " + state.name() + " optimizer");
    }
    if (!state.slotNames().equals(List.of(slotNames))) {
      throw new IllegalArgumentException(name + ": expected slots " + List.of(slotNames)
          + ", got " + state.slotNames());
    }
    this.lr = state.learningRate();
    this.step = state.step();
    this.slots = state.copySlots();
  }

  @Override
  public String toString() {
    return name + "(lr=" + lr + ")";
  }
}
