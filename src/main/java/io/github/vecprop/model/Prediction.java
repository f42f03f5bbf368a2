package io.github.vecprop.model;

import java.util.Arrays;

/**
 * One classification: the most probable class and the softmax probabilities of all classes.
 * The accessor {@link #probabilities()} returns the record's own array: treat it as read-only.
 *
 * @param label the class with the highest probability (the first one on ties)
 * @param probabilities one per class, summing to 1 (up to rounding); owned by this record
 */
public record Prediction(int label, float[] probabilities) {

  /**
   * The probability of the predicted class.
   *
   * @return {@code probabilities()[label()]}, in [0, 1]
   */
  public float confidence() {
    return probabilities[label];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p && label == p.label
        && Arrays.equals(probabilities, p.probabilities);
  }

  @Override
  public int hashCode() {
    return 31 * label + Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "Prediction[label=" + label + ", p=" + confidence() + "]";
  }
}
