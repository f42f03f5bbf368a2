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
 * <p>Callers allocate; kernels never do. Each method's javadoc gives the shapes and marks each
 * array <em>read</em> or <em>written</em>. Outputs of GEMM and of the row-wise kernels must not
 * share an array with an input; the element-wise kernels say where in-place use is allowed.
 */
public final class Kernels {

  /** The guard inside the cross-entropy log, as in the book: log(y + 1e-7). */
  public static final float LOG_GUARD = 1e-7f;

  private Kernels() {}

  private static KernelProvider.Choice choice() {
    return KernelProvider.Holder.CHOICE;
  }

  private static KernelSupport gemmImpl(int m, int n, int k) {
    choice();
    return KernelTiers.gemm((long) m * n * k);
  }

  private static KernelSupport elementwise() {
    choice();
    return KernelTiers.elementwise();
  }

  private static KernelSupport softmax() {
    choice();
    return KernelTiers.softmax();
  }

  private static KernelSupport reductions() {
    choice();
    return KernelTiers.reductions();
  }

  private static KernelSupport optimizers() {
    choice();
    return KernelTiers.optimizers();
  }

  /**
   * "panama" when the Vector API implementation is the one in use or being warmed up, "scalar"
   * when the plain-Java twin serves for good. Either way results are the same bits.
   */
  public static String implementation() {
    return simd() ? "panama" : "scalar";
  }

  /**
   * Float lanes per vector of the Vector API implementation (16 with AVX-512, 8 with AVX2 or
   * {@code -XX:MaxVectorSize=32}), or 1 for the twin. May wait for the warm-up thread to have
   * loaded the Vector API classes (tens of milliseconds).
   */
  public static int floatLanes() {
    return choice().vector() ? KernelTiers.targetLanes() : 1;
  }

  /**
   * Why this implementation was chosen and where it stands, for {@code info} and logs: for the
   * Vector API, "warming up …" (with the families still on the twin) or "warm …".
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

  /** True when the Vector API implementation is in use or being warmed up. */
  public static boolean simd() {
    return choice().vector() && KernelTiers.vectorUsable();
  }

  /**
   * True while a daemon warm-up still serves some kernel family from the plain-Java twin (with
   * {@code -Dvecprop.warmup=auto}, the default, until the Vector API code is compiled).
   */
  public static boolean warming() {
    choice();
    return KernelTiers.warming();
  }

  /**
   * Waits until every kernel family serves from its final implementation and returns the seconds
   * it waited. With the Vector API and {@code -Dvecprop.warmup=auto} (the default) that is the
   * daemon warm-up, which starts by itself once the twin has done about 0.15 s of GEMM work (and
   * at this call): it compiles the Vector code on tiny inputs and switches each family once its
   * compiled code runs allocation-free and no slower than the twin (typically 1–2 s on two
   * cores). Nobody needs to call this: kernels serve from the plain-Java twin meanwhile, with the
   * same bits. With {@code -Dvecprop.warmup=off} it
   * runs the same warm-up rounds on the Vector code once (it is already in use) and returns; on
   * the twin it returns at once. Thread-safe.
   *
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
   * 2²⁴ multiply-adds are then split by rows; smaller ones, and calls made while another thread
   * is in a parallel GEMM, run on the caller's thread. Applies to the Vector API implementation.
   */
  public static void setThreads(int threads) {
    GemmThreads.setThreads(threads);
  }

  /** The thread count set by {@link #setThreads}. */
  public static int threads() {
    return GemmThreads.threads();
  }

  // ------------------------------------------------------------------------------------------
  // GEMM
  // ------------------------------------------------------------------------------------------

  /** C = A·B. A m×k read, B k×n read, C m×n written. */
  public static void gemm(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(m, n, k, a, 0, b, 0, c, 0, false);
  }

  /**
   * C = A·B, or C += A·B when {@code accumulate}. A m×k at aOff read, B k×n at bOff read, C m×n
   * at cOff written (and read when accumulating).
   */
  public static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    Checks.checkGemm(m, n, k, a, aOff, m * (long) k, b, bOff, k * (long) n, c, cOff);
    gemmImpl(m, n, k).gemm(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** C = Aᵀ·B with A stored k×m (dW = xᵀ·dout). A k×m read, B k×n read, C m×n written. */
  public static void gemmTransA(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemmTransA(m, n, k, a, 0, b, 0, c, 0, false);
  }

  /** C (+)= Aᵀ·B. A stored k×m at aOff read, B k×n at bOff read, C m×n at cOff written. */
  public static void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    Checks.checkGemm(m, n, k, a, aOff, k * (long) m, b, bOff, k * (long) n, c, cOff);
    gemmImpl(m, n, k).gemmTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** C = A·Bᵀ with B stored n×k (dx = dout·Wᵀ). A m×k read, B n×k read, C m×n written. */
  public static void gemmTransB(int m, int n, int k, float[] a, float[] b, float[] c) {
    gemmTransB(m, n, k, a, 0, b, 0, c, 0, false);
  }

  /** C (+)= A·Bᵀ. A m×k at aOff read, B stored n×k at bOff read, C m×n at cOff written. */
  public static void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    Checks.checkGemm(m, n, k, a, aOff, m * (long) k, b, bOff, n * (long) k, c, cOff);
    gemmImpl(m, n, k).gemmTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  // ------------------------------------------------------------------------------------------
  // Bias and reductions
  // ------------------------------------------------------------------------------------------

  /** x[i,j] += bias[j]. x m×n read and written, bias n read. */
  public static void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff) {
    Checks.dims(m, n, 1);
    Checks.range("x", x, xOff, m * (long) n);
    Checks.range("bias", bias, biasOff, n);
    Checks.distinct("x", x, "bias", bias);
    elementwise().addRowVector(m, n, x, xOff, bias, biasOff);
  }

  /** out[j] = Σ_i x[i,j] (db = column sums of dout). x m×n read, out n written. */
  public static void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff) {
    Checks.dims(m, n, 1);
    Checks.range("x", x, xOff, m * (long) n);
    Checks.range("out", out, outOff, n);
    Checks.distinct("out", out, "x", x);
    reductions().columnSums(m, n, x, xOff, out, outOff);
  }

  /** Σ x[i] over n elements read from xOff. */
  public static float sum(int n, float[] x, int xOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    return reductions().sum(n, x, xOff);
  }

  // ------------------------------------------------------------------------------------------
  // Activations (element-wise; in place is allowed: the output may be the input array)
  // ------------------------------------------------------------------------------------------

  /** y = max(x, 0). x n read, y n written; y may be x. */
  public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    elementwise().relu(n, x, xOff, y, yOff);
  }

  /**
   * dx = x &gt; 0 ? dout : 0, the mask taken from the forward input x (at exactly 0 the gradient is
   * 0, as in the book). x, dout n read; dx n written; dx may be dout.
   */
  public static void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff,
      float[] dx, int dxOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("dout", dout, doutOff, n);
    Checks.range("dx", dx, dxOff, n);
    elementwise().reluBackward(n, x, xOff, dout, doutOff, dx, dxOff);
  }

  /** y = 1 / (1 + e^−x). x n read, y n written; y may be x. */
  public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    elementwise().sigmoid(n, x, xOff, y, yOff);
  }

  /** dx = dout·(1 − y)·y from the forward output y. y, dout n read; dx n written; dx may be dout. */
  public static void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff,
      float[] dx, int dxOff) {
    Checks.count(n);
    Checks.range("y", y, yOff, n);
    Checks.range("dout", dout, doutOff, n);
    Checks.range("dx", dx, dxOff, n);
    elementwise().sigmoidBackward(n, y, yOff, dout, doutOff, dx, dxOff);
  }

  // ------------------------------------------------------------------------------------------
  // Softmax and cross-entropy
  // ------------------------------------------------------------------------------------------

  /** Row-wise softmax, max-subtracted so ±1e4 logits stay finite. x m×n read, y m×n written; y may be x. */
  public static void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.dims(m, n, 1);
    if (n == 0) {
      throw new IllegalArgumentException("n: softmax needs at least one column, got 0");
    }
    Checks.range("x", x, xOff, m * (long) n);
    Checks.range("y", y, yOff, m * (long) n);
    if (x == y && xOff != yOff) {
      throw new IllegalArgumentException("y: overlaps x at a different offset");
    }
    softmax().softmaxRows(m, n, x, xOff, y, yOff);
  }

  /**
   * Mean cross-entropy −Σ log(y[i, label_i] + 1e-7) / m for class-index labels. y m×n read
   * (probabilities), labels m read, each in [0, n).
   */
  public static float crossEntropy(int m, int n, float[] y, int yOff, int[] labels, int labelsOff) {
    Checks.checkLabels(m, n, y, yOff, labels, labelsOff);
    return softmax().crossEntropy(m, n, y, yOff, labels, labelsOff);
  }

  /** Mean cross-entropy −Σ t·log(y + 1e-7) / m for one-hot rows. y, t m×n read. */
  public static float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff) {
    Checks.dims(m, n, 1);
    Checks.positive("m", m);
    Checks.range("y", y, yOff, m * (long) n);
    Checks.range("t", t, tOff, m * (long) n);
    return softmax().crossEntropyOneHot(m, n, y, yOff, t, tOff);
  }

  /** The fused softmax-with-loss backward dx = (y − t) / m, one-hot t. y, t m×n read; dx m×n written. */
  public static void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t,
      int tOff, float[] dx, int dxOff) {
    Checks.dims(m, n, 1);
    Checks.positive("m", m);
    Checks.range("y", y, yOff, m * (long) n);
    Checks.range("t", t, tOff, m * (long) n);
    Checks.range("dx", dx, dxOff, m * (long) n);
    Checks.distinct("dx", dx, "t", t);
    softmax().softmaxLossBackwardOneHot(m, n, y, yOff, t, tOff, dx, dxOff);
  }

  /** dx = (y − onehot(labels)) / m. y m×n read, labels m read, dx m×n written (dx may be y). */
  public static void softmaxLossBackward(int m, int n, float[] y, int yOff, int[] labels,
      int labelsOff, float[] dx, int dxOff) {
    Checks.checkLabels(m, n, y, yOff, labels, labelsOff);
    Checks.range("dx", dx, dxOff, m * (long) n);
    if (dx == y && dxOff != yOff) {
      throw new IllegalArgumentException("dx: overlaps y at a different offset");
    }
    softmax().softmaxLossBackwardIndex(m, n, y, yOff, labels, labelsOff, dx, dxOff);
  }

  /** out[i] = index of the first maximum of row i (NaN never wins). x m×n read, out m written. */
  public static void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
    Checks.dims(m, n, 1);
    if (n == 0) {
      throw new IllegalArgumentException("n: argmax needs at least one column, got 0");
    }
    Checks.range("x", x, xOff, m * (long) n);
    if (out == null) {
      throw new IllegalArgumentException("out: is null");
    }
    Checks.rangeLen("out", out.length, outOff, m);
    softmax().argmaxRows(m, n, x, xOff, out, outOff);
  }

  // ------------------------------------------------------------------------------------------
  // BLAS-1 and optimizer updates (in place on their state and parameter arrays)
  // ------------------------------------------------------------------------------------------

  /** y += alpha·x. x n read, y n read and written. */
  public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    elementwise().axpy(n, alpha, x, xOff, y, yOff);
  }

  /** x *= alpha. x n read and written. */
  public static void scale(int n, float alpha, float[] x, int xOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    elementwise().scale(n, alpha, x, xOff);
  }

  /** Plain SGD: p −= lr·g. g n read, p n read and written. */
  public static void sgdUpdate(int n, float lr, float[] g, int gOff, float[] p, int pOff) {
    axpy(n, -lr, g, gOff, p, pOff);
  }

  /** Momentum: v = mu·v − lr·g; p += v. g read; v, p read and written. */
  public static void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v,
      int vOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, v, vOff, "v", p, pOff);
    optimizers().momentumUpdate(n, lr, mu, g, gOff, v, vOff, p, pOff);
  }

  /** Nesterov, the book's form: v = mu·v − lr·g; p += mu²·v − (1+mu)·lr·g. */
  public static void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v,
      int vOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, v, vOff, "v", p, pOff);
    optimizers().nesterovUpdate(n, lr, mu, g, gOff, v, vOff, p, pOff);
  }

  /** AdaGrad: h += g²; p −= lr·g / (√h + eps). g read; h, p read and written. */
  public static void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, h, hOff, "h", p, pOff);
    optimizers().adaGradUpdate(n, lr, eps, g, gOff, h, hOff, p, pOff);
  }

  /** RMSprop: h = ρ·h + (1−ρ)·g²; p −= lr·g / (√h + eps). g read; h, p read and written. */
  public static void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff,
      float[] h, int hOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, h, hOff, "h", p, pOff);
    optimizers().rmsPropUpdate(n, lr, rho, eps, g, gOff, h, hOff, p, pOff);
  }

  /**
   * Adam, the book's form, bias correction folded into lrT = lr·√(1−β2ᵗ)/(1−β1ᵗ): m += (1−β1)(g−m);
   * v += (1−β2)(g²−v); p −= lrT·m/(√v + eps). g read; m, v, p read and written.
   */
  public static void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g,
      int gOff, float[] m, int mOff, float[] v, int vOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, m, mOff, "m", p, pOff);
    Checks.range("v", v, vOff, n);
    Checks.distinct("v", v, "g", g);
    Checks.distinct("v", v, "m", m);
    Checks.distinct("v", v, "p", p);
    optimizers().adamUpdate(n, lrT, beta1, beta2, eps, g, gOff, m, mOff, v, vOff, p, pOff);
  }

  // ------------------------------------------------------------------------------------------
  // Data
  // ------------------------------------------------------------------------------------------

  /** dst[i] = unsigned(src[i]) / 255: pixels to [0, 1]. src n read, dst n written. */
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
