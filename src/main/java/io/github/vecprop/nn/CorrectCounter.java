package io.github.vecprop.nn;

import io.github.vecprop.kernel.LossKernels;

/**
 * The argmax bookkeeping behind {@link Network#countCorrect}: compares each row's predicted
 * class with its class-index label, or with the argmax of its one-hot row, in int buffers that
 * are reused across calls and grow to the largest batch seen. Single-writer, as the network.
 */
final class CorrectCounter {
  private int[] predicted = new int[0];
  private int[] expected = new int[0];

  /** Grows the buffers to hold at least batch rows. */
  void reserve(int batch) {
    if (predicted.length < batch) {
      predicted = new int[batch];
      expected = new int[batch];
    }
  }

  /** Rows of x that {@code net.classify} assigns their label. */
  int count(Network net, float[] x, int batch, int[] labels) {
    reserve(batch);
    net.classify(x, batch, predicted);
    int correct = 0;
    for (int i = 0; i < batch; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  /** Rows of x that {@code net.classify} assigns the argmax of their one-hot row. */
  int count(Network net, float[] x, int batch, float[] oneHot) {
    reserve(batch);
    net.classify(x, batch, predicted);
    LossKernels.argmaxRows(batch, net.outputSize(), oneHot, 0, expected, 0);
    int correct = 0;
    for (int i = 0; i < batch; i++) {
      if (predicted[i] == expected[i]) {
        correct++;
      }
    }
    return correct;
  }
}
