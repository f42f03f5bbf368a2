package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both implementations side by side for differential tests. The Panama one is built directly (the
 * test JVM runs with --add-modules); where it cannot be, {@link #panama()} skips the calling test
 * by assumption, so nothing passes vacuously.
 */
final class Twins {
  private Twins() {}

  static final KernelSupport SCALAR = ScalarKernelSupport.INSTANCE;
  private static final KernelSupport PANAMA = tryPanama();

  private static KernelSupport tryPanama() {
    if (ModuleLayer.boot().findModule(KernelProvider.MODULE).isEmpty()) {
      return null;
    }
    try {
      return new PanamaKernelSupport();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  static KernelSupport panama() {
    assumeTrue(PANAMA != null, "Vector API implementation not available in this JVM");
    return PANAMA;
  }

  /**
   * Sizes that straddle the lane counts of 256- and 512-bit vectors (7, 8, 9 and 15, 16, 17), the
   * 32 partial sums (31, 33), the MNIST shapes and primes.
   */
  static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 35, 47, 49, 50, 64, 97, 100,
      101, 257, 784};
}
