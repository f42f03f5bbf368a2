package io.github.vecprop.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model file holds: the {@link ModelSpec} and, for a trainer checkpoint, named float arrays
 * (optimizer state such as Adam's {@code m.W1}, {@code v.W1}) and named {@code long} counters
 * (iteration, epoch, RNG state). A plain model has both maps empty.
 *
 * <p>Validated and copied on construction ({@link IllegalArgumentException} naming the entry):
 * names are 1..255 bytes of UTF-8, arrays are non-null and finite, counter values non-null.
 * Iteration order of the maps is kept and is the order in the file. Immutable (the accessor
 * {@link #arrays()} hands out the stored arrays of an unmodifiable map; do not modify them, or use
 * {@link #array(String)} for a copy), and so safe to share between threads.
 *
 * @param spec the network
 * @param arrays extra named float arrays (copied; unmodifiable)
 * @param counters named counters (copied; unmodifiable)
 */
public record Checkpoint(ModelSpec spec, Map<String, float[]> arrays, Map<String, Long> counters) {

  /** Longest name of an extra array or counter, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  /**
   * Validates and copies.
   *
   * @param spec the network, not null
   * @param arrays extra named float arrays, or null for none; names 1..255 UTF-8 bytes, arrays
   *     non-null and finite
   * @param counters named counters, or null for none; names 1..255 UTF-8 bytes, values non-null
   * @throws IllegalArgumentException naming the entry when spec is null or a name, array or
   *     value is invalid
   */
  public Checkpoint {
    if (spec == null) {
      throw new IllegalArgumentException("spec: is null");
    }
    Map<String, float[]> a = new LinkedHashMap<>();
    if (arrays != null) {
      for (Map.Entry<String, float[]> e : arrays.entrySet()) {
        checkName("arrays", e.getKey());
        if (e.getValue() == null) {
          throw new IllegalArgumentException("arrays: " + e.getKey() + " is null");
        }
        float[] v = e.getValue().clone();
        ModelSpec.checkFinite("arrays: " + e.getKey(), v);
        a.put(e.getKey(), v);
      }
    }
    Map<String, Long> c = new LinkedHashMap<>();
    if (counters != null) {
      for (Map.Entry<String, Long> e : counters.entrySet()) {
        checkName("counters", e.getKey());
        if (e.getValue() == null) {
          throw new IllegalArgumentException("counters: " + e.getKey() + " is null");
        }
        c.put(e.getKey(), e.getValue());
      }
    }
    arrays = Collections.unmodifiableMap(a);
    counters = Collections.unmodifiableMap(c);
  }

  /**
   * A plain model: no extra arrays, no counters.
   *
   * @param spec the network
   * @return the checkpoint
   * @throws IllegalArgumentException when spec is null
   */
  public static Checkpoint of(ModelSpec spec) {
    return new Checkpoint(spec, Map.of(), Map.of());
  }

  /**
   * One extra array.
   *
   * @param name the array's name
   * @return a copy of the array, or null when there is none of that name
   */
  public float[] array(String name) {
    float[] a = arrays.get(name);
    return a == null ? null : a.clone();
  }

  /**
   * One counter.
   *
   * @param name the counter's name
   * @param fallback returned when there is no counter of that name
   * @return the counter's value, or fallback
   */
  public long counter(String name, long fallback) {
    return counters.getOrDefault(name, fallback);
  }

  static void checkName(String what, String name) {
    if (name == null) {
      throw new IllegalArgumentException(what + ": a name is null");
    }
    int n;
    try {
      n = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .encode(java.nio.CharBuffer.wrap(name)).remaining();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(what + ": name \"" + name
          + "\" is not valid Unicode (unpaired surrogate)");
    }
    if (n < 1 || n > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(what + ": name \"" + name + "\" has " + n
          + " UTF-8 bytes, expected 1.." + MAX_NAME_BYTES);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Checkpoint c) || !spec.equals(c.spec) || !counters.equals(c.counters)
        || !arrays.keySet().equals(c.arrays.keySet())) {
      return false;
    }
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      if (!Arrays.equals(e.getValue(), c.arrays.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = spec.hashCode() * 31 + counters.hashCode();
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      h = h * 31 + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "Checkpoint[" + spec + ", arrays " + arrays.keySet() + ", counters " + counters + "]";
  }
}
