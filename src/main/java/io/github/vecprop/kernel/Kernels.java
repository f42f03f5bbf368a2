package io.github.vecprop.kernel;

/**
 * The kernels of vecprop: flat row-major {@code float[]} in, flat row-major {@code float[]} out.
 *
 * <p>Every method checks its shapes and offsets once and throws {@link IllegalArgumentException}
 * naming the operand at fault, then runs on the implementation picked at first use: the Vector
 * API one when the JVM was started with {@code --add-modules jdk.incubator.vector} (on HotSpot
 * with C2 and vectors of at least 256 bits), otherwise the plain-Java twin. See
 * {@link #implementation()}. {@code -Dvecprop.simd=auto|on|off} overrides the choice.
 *
 * <p>More rooms of the same facade, with the same conventions: {@link LossKernels} (softmax,
 * cross-entropy, the fused softmax-with-loss backward, argmax), {@link UpdateKernels} (axpy,
 * scale and the optimizer updates), {@link ActivationKernels} (sigmoid and tanh) and
 * {@link FeatureKernels} (per-feature products for BatchNorm and Dropout).
 *
 * <p>Callers allocate; kernels never do. Each method's javadoc gives the shapes and marks each
 * array <em>read</em> or <em>written</em>. Outputs of GEMM and of the row-wise kernels must not
 * share an array with an input; the element-wise kernels say where in-place use is allowed.
 *
 * <p><b>Conventions.</b> An r×c matrix X is the r·c floats of {@code x} from {@code xOff}, row i
 * at {@code xOff + i·c}; a vector of n is n floats from its offset. So an offset is the index of
 * X(0,0) or x[0] in its array, which must hold at least offset + size elements (more is fine). m
 * counts rows (the batch), n columns (features or classes) or, alone, elements; k is GEMM's inner
 * dimension. The checks behind each {@code @throws}: dimensions and counts are not negative (m is
 * positive for the losses and their gradients); every array is non-null, its offset non-negative
 * and the array long enough; an output is not the same array as an input it must not share,
 * whatever the offsets. "y may be x" means in place, the same array at the same offset; a partial
 * overlap is not checked and gives unspecified values. Scalars (alpha, lr, eps, …) are not checked.
 *
 * <p><b>Same bits.</b> Every result is bit-identical whichever implementation serves it: the
 * plain-Java twin or the Vector API, at 256 or 512 bits, in any JIT tier, with any thread count
 * ({@link #setThreads}), before, during and after the warm-up. Each kernel fixes the order of its
 * float operations (a GEMM element is one FMA chain in increasing k; sums use 32 partial sums,
 * whatever the lane count; e^x is vecprop's own polynomial, not {@code Math.exp}; logs are
 * {@code StrictMath} in double) and both implementations follow it. A row of C depends only on
 * the same row of A (and on B), a row of softmax or argmax only on the same row of x, so splitting
 * a batch over several calls gives the same rows; {@link #columnSums}, the losses and the 1/m of
 * the loss gradients reduce over the rows passed.
 *
 * <p><b>Threads.</b> The static methods are thread-safe: a kernel touches only its arguments and
 * per-thread scratch space, so any number of threads may run kernels at once, and arrays that are
 * only read may be shared. One array written by two threads at once (or written by one while
 * another reads it) is the caller's race. The configuration methods may be called from any thread.
 */
public final class Kernels {

  /** The guard inside the cross-entropy log, as in the book: log(y + 1e-7). */
  public static final float LOG_GUARD = 1e-7f;

  private Kernels() {}

  private static KernelProvider.Choice choice() {
    return KernelProvider.Holder.CHOICE;
  }

  static KernelSupport gemmImpl(int m, int n, int k) {
    choice();
    return KernelTiers.gemm((long) m * n * k);
  }

  static KernelSupport conv(long macs) {
    choice();
    return KernelTiers.conv(macs);
  }

  static KernelSupport elementwise() {
    choice();
    return KernelTiers.elementwise();
  }

  static KernelSupport activations() {
    choice();
    return KernelTiers.activations();
  }

  static KernelSupport features() {
    choice();
    return KernelTiers.features();
  }

  static KernelSupport softmax() {
    choice();
    return KernelTiers.softmax();
  }

  private static KernelSupport reductions() {
    choice();
    return KernelTiers.reductions();
  }

  static KernelSupport optimizers() {
    choice();
    return KernelTiers.optimizers();
  }

  /**
   * "panama" when the Vector API implementation is the one in use or being warmed up, "scalar"
   * when the plain-Java twin serves for good. Either way results are the same bits.
   * @return "panama" or "scalar"
   */
  public static String implementation() {
    return simd() ? "panama" : "scalar";
  }

  /**
   * Float lanes per vector of the Vector API implementation (16 with AVX-512, 8 with AVX2 or
   * {@code -XX:MaxVectorSize=32}), or 1 for the twin. May wait for the warm-up thread to have
   * loaded the Vector API classes (tens of milliseconds).
   * @return 16 or 8 with the Vector API, 1 on the plain-Java twin
   */
  public static int floatLanes() {
    return choice().vector() ? KernelTiers.targetLanes() : 1;
  }

  /**
   * Why this implementation was chosen and where it stands, for {@code info} and logs: for the
   * Vector API, "warming up …" (with the families still on the twin) or "warm …".
   * @return one human-readable line; its wording is not an API
   */
  public static String selectionReason() {
    KernelProvider.Choice c = choice();
    if (!c.vector() || !KernelTiers.vectorUsable()) {
      return KernelTiers.describe();
    }
    int lanes = KernelTiers.knownLanes();
    return (lanes > 1 ? "Vector API, " + lanes * 32 + "-bit float vectors; " : "Vector API; ")
        + KernelTiers.describe();
  }

  /**
   * True when the Vector API implementation is in use or being warmed up.
   * @return true for the Vector API, false when the plain-Java twin serves for good
   */
  public static boolean simd() {
    return choice().vector() && KernelTiers.vectorUsable();
  }

  /**
   * True while a daemon warm-up still serves some kernel family from the plain-Java twin (with
   * {@code -Dvecprop.warmup=auto}, the default, until the Vector API code is compiled).
   * @return true until the warm-up has ended (every family switched, or given up)
   */
  public static boolean warming() {
    choice();
    return KernelTiers.warming();
  }

  /**
   * Starts the daemon warm-up now, if one is scheduled, and returns at once: for a program about
   * to do seconds of work (the CLI's {@code train}, once its data and network are ready). Results
   * do not depend on it.
   */
  public static void warmUpInBackground() {
    choice();
    KernelTiers.startScheduled();
  }

  /**
   * Waits until every kernel family serves from its final implementation and returns the seconds
   * it waited. With the Vector API and {@code -Dvecprop.warmup=auto} (the default) that is the
   * daemon warm-up, which starts by itself once the twin has done about 0.15 s of GEMM work (and
   * at this call): it compiles the Vector code on tiny inputs and switches each family once its
   * compiled code runs allocation-free and no slower than the twin (typically 1–2 s on two
   * cores). Nobody needs to call this: kernels serve from the plain-Java twin meanwhile, with the
   * same bits. With {@code -Dvecprop.warmup=off} it runs the same warm-up rounds on the Vector
   * code once (it is already in use) and returns; on the twin it returns at once. Thread-safe.
   * @return the seconds it waited
   */
  public static double warmUp() {
    choice();
    if (KernelTiers.warming() || !simd()) {
      return KernelTiers.await();
    }
    long t0 = System.nanoTime();
    KernelSupport panama = KernelTiers.gemm();
    KernelWarmup w = new KernelWarmup(panama.floatLanes());
    for (int r = 0; r < 2000; r++) {
      for (KernelWarmup.Family f : KernelWarmup.Family.values()) {
        w.round(KernelTiers.get(f), f, r);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * How many threads one large GEMM may use (default 1: the caller's thread). Products of at least
   * 2²⁴ multiply-adds and at least 256 rows of A per thread are then split by rows (a
   * {@link Parallel} job by its items); smaller ones, and calls made while another thread
   * is in a parallel GEMM, run on the caller's thread. Applies to the Vector API implementation.
   * More than 1 keeps threads − 1 daemon workers ("vecprop-gemm-i") until the next change.
   * @param threads threads per large GEMM, the caller's included: at least 1
   * @throws IllegalArgumentException if threads is less than 1
   */
  public static void setThreads(int threads) {
    GemmThreads.setThreads(threads);
  }

  /**
   * The thread count set by {@link #setThreads}.
   * @return the count last set, 1 by default
   */
  public static int threads() {
    return GemmThreads.threads();
  }

  // ------------------------------------------------------------------------------------------
  // GEMM
  // ------------------------------------------------------------------------------------------

  /**
   * C = A·B. A m×k read, B k×n read, C m×n written.
   * @param m rows of A and C
   * @param n columns of B and C
   * @param k columns of A, rows of B
   * @param a A, m×k row-major from index 0: read
   * @param b B, k×n row-major from index 0: read
   * @param c C, m×n row-major from index 0: written
   * @throws IllegalArgumentException on a negative m, n or k, a null or short array, c being a or b
   */
  public static void gemm(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(m, n, k, a, 0, b, 0, c, 0, false);
  }

  /**
   * C = A·B, or C += A·B when {@code accumulate}. A m×k at aOff read, B k×n at bOff read, C m×n
   * at cOff written (and read when accumulating).
   * @param m rows of A and C
   * @param n columns of B and C
   * @param k columns of A, rows of B
   * @param a A, m×k row-major at aOff: read
   * @param aOff offset of A(0,0) in a
   * @param b B, k×n row-major at bOff: read
   * @param bOff offset of B(0,0) in b
   * @param c C, m×n row-major at cOff: written (read too when accumulate)
   * @param cOff offset of C(0,0) in c
   * @param accumulate true to add A·B to C's values, false to overwrite C
   * @throws IllegalArgumentException on a negative m, n or k, a null or short array, c being a or b
   */
  public static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    Checks.checkGemm(m, n, k, a, aOff, m * (long) k, b, bOff, k * (long) n, c, cOff);
    gemmImpl(m, n, k).gemm(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /**
   * C = Aᵀ·B with A stored k×m (dW = xᵀ·dout). A k×m read, B k×n read, C m×n written.
   * @param m rows of C, columns of the stored A
   * @param n columns of B and C
   * @param k rows of the stored A and of B
   * @param a A, stored k×m row-major from index 0: read
   * @param b B, k×n row-major from index 0: read
   * @param c C, m×n row-major from index 0: written
   * @throws IllegalArgumentException on a negative m, n or k, a null or short array, c being a or b
   */
  public static void gemmTransA(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemmTransA(m, n, k, a, 0, b, 0, c, 0, false);
  }

  /**
   * C (+)= Aᵀ·B. A stored k×m at aOff read, B k×n at bOff read, C m×n at cOff written.
   * @param m rows of C, columns of the stored A
   * @param n columns of B and C
   * @param k rows of the stored A and of B
   * @param a A, stored k×m row-major at aOff: read
   * @param aOff offset of the stored A(0,0) in a
   * @param b B, k×n row-major at bOff: read
   * @param bOff offset of B(0,0) in b
   * @param c C, m×n row-major at cOff: written (read too when accumulate)
   * @param cOff offset of C(0,0) in c
   * @param accumulate true to add Aᵀ·B to C's values, false to overwrite C
   * @throws IllegalArgumentException on a negative m, n or k, a null or short array, c being a or b
   */
  public static void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    Checks.checkGemm(m, n, k, a, aOff, k * (long) m, b, bOff, k * (long) n, c, cOff);
    gemmImpl(m, n, k).gemmTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /**
   * C = A·Bᵀ with B stored n×k (dx = dout·Wᵀ). A m×k read, B n×k read, C m×n written.
   * @param m rows of A and C
   * @param n columns of C, rows of the stored B
   * @param k columns of A and of the stored B
   * @param a A, m×k row-major from index 0: read
   * @param b B, stored n×k row-major from index 0: read
   * @param c C, m×n row-major from index 0: written
   * @throws IllegalArgumentException on a negative m, n or k, a null or short array, c being a or b
   */
  public static void gemmTransB(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemmTransB(m, n, k, a, 0, b, 0, c, 0, false);
  }

  /**
   * C (+)= A·Bᵀ. A m×k at aOff read, B stored n×k at bOff read, C m×n at cOff written.
   * @param m rows of A and C
   * @param n columns of C, rows of the stored B
   * @param k columns of A and of the stored B
   * @param a A, m×k row-major at aOff: read
   * @param aOff offset of A(0,0) in a
   * @param b B, stored n×k row-major at bOff: read
   * @param bOff offset of the stored B(0,0) in b
   * @param c C, m×n row-major at cOff: written (read too when accumulate)
   * @param cOff offset of C(0,0) in c
   * @param accumulate true to add A·Bᵀ to C's values, false to overwrite C
   * @throws IllegalArgumentException on a negative m, n or k, a null or short array, c being a or b
   */
  public static void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    Checks.checkGemm(m, n, k, a, aOff, m * (long) k, b, bOff, n * (long) k, c, cOff);
    gemmImpl(m, n, k).gemmTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  // ------------------------------------------------------------------------------------------
  // Bias and reductions
  // ------------------------------------------------------------------------------------------

  /**
   * x[i,j] += bias[j]. x m×n read and written, bias n read.
   * @param m rows of x
   * @param n columns of x, elements of bias
   * @param x m×n at xOff: read and written
   * @param xOff offset of x[0,0] in x
   * @param bias n floats at biasOff: read
   * @param biasOff offset of bias[0] in bias
   * @throws IllegalArgumentException on a negative m or n, a null or short array, bias being x
   */
  public static void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff) {
    Checks.dims(m, n, 1);
    Checks.range("x", x, xOff, m * (long) n);
    Checks.range("bias", bias, biasOff, n);
    Checks.distinct("x", x, "bias", bias);
    elementwise().addRowVector(m, n, x, xOff, bias, biasOff);
  }

  /**
   * out[j] = Σ_i x[i,j] (db = column sums of dout). x m×n read, out n written.
   * @param m rows of x, added from +0 in row order
   * @param n columns of x, elements of out
   * @param x m×n at xOff: read
   * @param xOff offset of x[0,0] in x
   * @param out n floats at outOff: written (+0 each when m is 0)
   * @param outOff offset of out[0] in out
   * @throws IllegalArgumentException on a negative m or n, a null or short array, out being x
   */
  public static void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff) {
    Checks.dims(m, n, 1);
    Checks.range("x", x, xOff, m * (long) n);
    Checks.range("out", out, outOff, n);
    Checks.distinct("out", out, "x", x);
    reductions().columnSums(m, n, x, xOff, out, outOff);
  }

  /**
   * Σ x[i] over n elements read from xOff.
   * @param n elements to add
   * @param x n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @return the ordered sum (32 partial sums, see the class comment); +0 when n is 0
   * @throws IllegalArgumentException on a negative n, or x null or short
   */
  public static float sum(int n, float[] x, int xOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    return reductions().sum(n, x, xOff);
  }

  // ------------------------------------------------------------------------------------------
  // Activations (element-wise; in place is allowed: the output may be the input array)
  // ------------------------------------------------------------------------------------------

  /**
   * y = max(x, 0). x n read, y n written; y may be x. As {@code Math.max}: NaN stays NaN, −0
   * becomes +0.
   * @param n elements
   * @param x n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @param y n floats at yOff: written
   * @param yOff offset of y[0] in y
   * @throws IllegalArgumentException on a negative n, or x or y null or short
   */
  public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    elementwise().relu(n, x, xOff, y, yOff);
  }

  /**
   * dx = x &gt; 0 ? dout : 0, the mask taken from the forward input x (at exactly 0 the gradient is
   * 0, as in the book). x, dout n read; dx n written; dx may be dout.
   * @param n elements
   * @param x the forward input, n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @param dout the upstream gradient, n floats at doutOff: read
   * @param doutOff offset of dout[0] in dout
   * @param dx n floats at dxOff: written
   * @param dxOff offset of dx[0] in dx
   * @throws IllegalArgumentException on a negative n, or an array null or short
   */
  public static void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff,
      float[] dx, int dxOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("dout", dout, doutOff, n);
    Checks.range("dx", dx, dxOff, n);
    elementwise().reluBackward(n, x, xOff, dout, doutOff, dx, dxOff);
  }

  // ------------------------------------------------------------------------------------------
  // Data
  // ------------------------------------------------------------------------------------------

  /**
   * dst[i] = unsigned(src[i]) / 255: pixels to [0, 1]. src n read, dst n written. Computed as
   * (src[i] &amp; 0xFF)·(1/255f).
   * @param n elements
   * @param src n bytes at srcOff, each taken as 0..255: read
   * @param srcOff offset of src[0] in src
   * @param dst n floats at dstOff: written
   * @param dstOff offset of dst[0] in dst
   * @throws IllegalArgumentException on a negative n, or src or dst null or short
   */
  public static void unsignedBytesToUnit(int n, byte[] src, int srcOff, float[] dst, int dstOff) {
    Checks.count(n);
    if (src == null) {
      throw new IllegalArgumentException("src: is null");
    }
    Checks.rangeLen("src", src.length, srcOff, n);
    Checks.range("dst", dst, dstOff, n);
    elementwise().unsignedBytesToUnit(n, src, srcOff, dst, dstOff);
  }
}
