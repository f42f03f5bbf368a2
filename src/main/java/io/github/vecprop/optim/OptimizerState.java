package io.github.vecprop.optim;

import java.util.List;

/**
 * A snapshot of an {@link Optimizer}: its name, learning rate, step count and slot arrays (for
 * Momentum "v", AdaGrad/RMSprop "h", Adam "m" and "v"; none for SGD), one array per parameter in
 * parameter order. Built by {@link Optimizer#exportState()} or by a checkpoint reader; it copies
 * the arrays it is given and hands out copies, so it never aliases an optimizer. Immutable, and
 * so safe to share between threads.
 */
public final class OptimizerState {
  private final String name;
  private final float learningRate;
  private final long step;
  private final List<String> slotNames;
  /** slots[s][i], or null when the optimizer never updated (no state yet). */
  private final float[][][] slots;

  /**
   * A snapshot over deep copies of the given arrays.
   *
   * @param name the optimizer's name, e.g. "adam"
   * @param learningRate the learning rate
   * @param step updates applied, at least 0
   * @param slotNames the optimizer's slot names, e.g. ["m", "v"]; empty for SGD
   * @param slots {@code slots[s][i]} is slot {@code slotNames.get(s)} of parameter i; null when
   *     the optimizer has not updated yet
   * @throws IllegalArgumentException when step is negative, slots has not one entry per slot
   *     name, or the slots hold different numbers of parameters
   * @throws NullPointerException when slotNames is null
   */
  public OptimizerState(String name, float learningRate, long step, List<String> slotNames,
      float[][][] slots) {
    if (step < 0) {
      throw new IllegalArgumentException("step: must be non-negative, got " + step);
    }
    if (slots != null && slots.length != slotNames.size()) {
      throw new IllegalArgumentException("slots: expected " + slotNames.size() + " (" + slotNames
          + "), got " + slots.length);
    }
    this.name = name;
    this.learningRate = learningRate;
    this.step = step;
    this.slotNames = List.copyOf(slotNames);
    this.slots = deepCopy(slots);
  }

  /**
   * The optimizer's name.
   *
   * @return e.g. "adam"
   */
  public String name() {
    return name;
  }

  /**
   * The learning rate.
   *
   * @return lr at the snapshot
   */
  public float learningRate() {
    return learningRate;
  }

  /**
   * Updates applied.
   *
   * @return the step count at the snapshot
   */
  public long step() {
    return step;
  }

  /**
   * The slot names.
   *
   * @return an unmodifiable list, e.g. ["m", "v"]; empty for SGD
   */
  public List<String> slotNames() {
    return slotNames;
  }

  /**
   * Whether there are slot arrays.
   *
   * @return true when the optimizer has slots and had updated (or been restored with slots)
   */
  public boolean hasSlots() {
    return slots != null;
  }

  /**
   * A copy of one slot's arrays.
   *
   * @param slotName one of {@link #slotNames()}
   * @return new arrays, one per parameter in parameter order; null when {@link #hasSlots()} is
   *     false
   * @throws IllegalArgumentException when there is no slot of that name
   */
  public float[][] slot(String slotName) {
    int s = slotNames.indexOf(slotName);
    if (s < 0) {
      throw new IllegalArgumentException("slot: " + name + " has " + slotNames + ", not " + slotName);
    }
    if (slots == null) {
      return null;
    }
    float[][] out = new float[slots[s].length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = slots[s][i].clone();
    }
    return out;
  }

  float[][][] copySlots() {
    return deepCopy(slots);
  }

  private static float[][][] deepCopy(float[][][] src) {
    if (src == null) {
      return null;
    }
    float[][][] out = new float[src.length][][];
    for (int s = 0; s < src.length; s++) {
      out[s] = new float[src[s].length][];
      for (int i = 0; i < src[s].length; i++) {
        out[s][i] = src[s][i].clone();
      }
    }
    if (out.length > 1) {
      for (int s = 1; s < out.length; s++) {
        if (out[s].length != out[0].length) {
          throw new IllegalArgumentException("slots: every slot needs one array per parameter");
        }
      }
    }
    return out;
  }
}
