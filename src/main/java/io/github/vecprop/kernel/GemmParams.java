package io.github.vecprop.kernel;

/**
 * Every tile size and switch point of the Panama GEMM, in one place.
 *
 * <p>Register tile: {@link #MR} rows × {@link #NR_VECTORS} vectors. With 512-bit vectors that is
 * 8 × 48 floats: 24 accumulators, 3 B vectors and one broadcast, 28 of the 32 zmm registers, so
 * C2 does not spill. Each K step loads 3 B vectors and broadcasts 8 A values for 24 FMAs. Measured
 * on the development machine (Sapphire Rapids class, 2 vCPUs, JDK 17) with both operands in L1:
 * 8×3v ≈ 105–113 GFLOP/s, 8×2v ≈ 100–112, 4×3v ≈ 60–80. A CPU with 16 vector registers (AVX2
 * without AVX-512) would spill that tile on every K step, so there it runs as two 4-row halves
 * ({@link PanamaGemmTiles16}; same packing, same bits).
 *
 * <p>Cache blocking, Goto style: a K block of at most {@link #KC} = 256 makes one packed B panel
 * 256 × 48 × 4 B = 48 KiB (one core's L1D) and one packed A micro-panel 8 KiB; an A block of
 * {@link #MC} rows is 128 × 256 × 4 B = 128 KiB and a B block of {@link #NC} columns at most
 * 256 × 2064 × 4 B ≈ 2 MiB, both meant for the 2 MiB L2. K is split into equal blocks no longer
 * than KC, so K = 784 becomes 4 × 196 rather than 3 × 256 + 16. (Re-checked on the Zen 5 VM, 1 MiB
 * L2, 2026-11-30: KC 128–512, MC 48–128 and NC 1008 or 2064 on 512³–2048³, interleaved runs,
 * differed by less than the machine's ±20 % noise, so the values stayed.)
 *
 * <p>Products smaller than {@link #SMALL_FLOPS} multiply-adds run on the twin's loop (same bits):
 * packing would cost more than it saves. Fewer than MR rows of a row-major A·B (one image) read B
 * in place. Narrow products (n below one vector, like the seed's 50 → 10 layer) still take the
 * vector path in one zero-padded 16-lane panel: measured at 100×10×50, 19 GFLOP/s against 1.5
 * for the scalar loop of the time.
 */
final class GemmParams {
  private GemmParams() {}

  /** Rows of A per register tile (and per packed A micro-panel). */
  static final int MR = 8;

  /** Vectors of C per register tile (the panel width is NR_VECTORS × lanes). */
  static final int NR_VECTORS = 3;

  /** Largest K block. */
  static final int KC = 256;

  /** Largest block of A rows packed at once (a multiple of MR). */
  static final int MC = 128;

  /** Largest block of B columns packed at once (a multiple of 48). */
  static final int NC = 2064;

  /**
   * From this many multiply-adds on, a product is split by rows over the GEMM threads (when more
   * than one is set). At 2²¹ the seed's training-step products (100×784×50, 3.9 M) were split too,
   * and the whole 10 000-iteration job took 11.3 s with 2 threads against 9.5 s with one (waking
   * the worker and packing B twice cost more than half the work); at 2²⁴ only the evaluation
   * passes (5 000×784×50 per chunk) are split.
   */
  static final long PARALLEL_MACS = 1L << 24;

  /**
   * And only when A has this many rows per thread: every thread packs all of B, so a product of
   * few rows gains little from the split. SimpleConvNet's 4320→100 layer (100 rows, 43 M
   * multiply-adds; Intel, 2 vCPUs, 2026-12-03) ran its forward at 1.7–2.6 ms split against
   * 1.8–2.1 ms on one thread, and the whole step was 19.7–21.7 ms on 2 threads with no product
   * split against 20.5–26.3 ms with them split.
   */
  static final int PARALLEL_ROWS_PER_THREAD = 256;

  /** Below this many multiply-adds (m·n·k) the product runs on the scalar loop. */
  static final long SMALL_FLOPS = 512;

  /**
   * At most this many columns past the panels go to an edge path instead of a mostly padded
   * one-vector panel (with N = 50 the 16-lane panel for the last 2 columns cost as much as the 48
   * before it): for row-major A, the columns past a multiple of 16 as dot products with 16
   * logical partial sums (ScalarGemm.dotColumns: the same bits at 8 and 16 lanes; the padded panel
   * instead made the seed's forward 100×784·784×50 109 → 148 µs on the Zen 4 VM, 2026-12-02);
   * for Aᵀ, the columns past whole vectors as vectors down M.
   */
  static final int EDGE_COLUMNS = 4;

  /**
   * When all of B packs into at most this many floats (256 KiB: the seed's 784×50 is 37 632),
   * the driver packs it once and walks row blocks outermost (see the driver).
   */
  static final long B_RESIDENT = 1 << 16;
}
