package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.fail;

/** Bit-for-bit comparison of kernel outputs: the two implementations promise the same bits. */
final class Bits {
  private Bits() {}

  static void same(float expected, float actual, String what) {
    if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) {
      fail(what + ": twin " + expected + " (0x" + Integer.toHexString(
          Float.floatToRawIntBits(expected)) + ") vs " + actual + " (0x"
          + Integer.toHexString(Float.floatToRawIntBits(actual)) + ")");
    }
  }

  static void same(float[] expected, float[] actual, String what) {
    if (expected.length != actual.length) {
      fail(what + ": lengths " + expected.length + " vs " + actual.length);
    }
    for (int i = 0; i < expected.length; i++) {
      same(expected[i], actual[i], what + " at [" + i + "]");
    }
  }
}
