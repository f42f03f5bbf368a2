package io.github.vecprop.kernel;

/**
 * Every tile size and switch point of the Panama GEMM, in one place.
 *
 * <p>The register tile is {@link #MR} rows × {@link #NR_VECTORS} vectors: with 512-bit vectors that
 * is 4 × 48 floats, twelve accumulators plus three B vectors and one broadcast, 16 of the 32 zmm
 * registers, so C2 never spills; each step issues 3 B loads and 4 broadcast loads for 12 FMAs,
 * which keeps both FMA ports busy without saturating the load ports.
 *
 * <p>B is packed per call into K-major panels of {@code KC × 48} floats held in a per-thread
 * scratch buffer (BLAS-style packing of one panel at a time, never a whole transpose). {@link #KC}
 * = 256 makes a panel 48 KiB, the size of one core's L1D on the machines we tune on (Sapphire
 * Rapids: 48 KiB L1D, 2 MiB L2); the A rows streamed against it (4 × 256 floats) stay in L1 too.
 * The K range is split into equal blocks no longer than KC so that K = 784 becomes 4 × 196 rather
 * than 3 × 256 + 16.
 *
 * <p>Products smaller than {@link #SMALL_FLOPS} multiply-adds skip packing: the scalar twin's
 * loop is faster than the setup.
 */
final class GemmParams {
  private GemmParams() {}

  /** Rows of A per register tile. */
  static final int MR = 4;

  /** Vectors of C per register tile (the panel width is NR_VECTORS × lanes). */
  static final int NR_VECTORS = 3;

  /** Largest K block: one packed panel of KC × 48 floats fills a 48 KiB L1D. */
  static final int KC = 256;

  /** Below this many multiply-adds (m·n·k) the product runs on the scalar loop. */
  static final long SMALL_FLOPS = 512;
}
