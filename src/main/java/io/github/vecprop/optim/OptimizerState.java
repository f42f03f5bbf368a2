package io.github.vecprop.optim;

import java.util.List;

/**
 * A snapshot of an {@link Optimizer}: its name, learning rate, step count and slot arrays (for
 * Momentum "v", AdaGrad/RMSprop "h", Adam "m" and "v"; none for SGD), one array per parameter in
 * parameter order. Built by {@link Optimizer#exportState()} or by a checkpoint reader; it copies
 * the arrays it is given and hands out copies, so it never aliases an optimizer.
 */
public final class OptimizerState {
  private final String name;
  private final float learningRate;
  private final long step;
  private final List<String> slotNames;
  /** slots[s][i], or null when the optimizer never updated (no state yet). */
  private final float[][][] slots;

  /**
   * @param slots {@code slots[s][i]} is slot {@code slotNames.get(s)} of parameter i; null when
   *     the optimizer has not updated yet
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

  public String name() {
    return name;
  }

  public float learningRate() {
    return learningRate;
  }

  public long step() {
    return step;
  }

  public List<String> slotNames() {
    return slotNames;
  }

  /** True when there are slot arrays (the optimizer updated at least once and has slots). */
  public boolean hasSlots() {
    return slots != null;
  }

  /** A copy of one slot's arrays, one per parameter; null when {@link #hasSlots()} is false. */
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
