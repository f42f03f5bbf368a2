package io.github.vecprop.kernel;

/**
 * The kernel contract behind {@link Kernels}. Two implementations: {@link ScalarKernelSupport}, the
 * plain-Java reference twin, and {@code PanamaKernelSupport}, on the incubator Vector API.
 *
 * <p>Arguments arrive already checked by the facade (shapes, bounds, aliasing), so implementations
 * do no validation. All matrices are flat row-major {@code float[]} with an offset; callers
 * allocate, implementations never do (scratch space for GEMM packing is kept per thread).
 *
 * <p><b>One arithmetic.</b> Both implementations give the same bits for every input, at every
 * vector width, offset, batch size and thread count, in every JIT tier, because each method
 * below fixes the order of its floating-point operations and both follow it:
 * <ul>
 *   <li>GEMM: every output element is one fused multiply-add chain along k, in increasing k,
 *       starting from the element's old value when accumulating and from +0 otherwise, whatever
 *       the blocking, tile or thread that computes it. One exception, fixed by the shape alone:
 *       in A·B and A·Bᵀ with n &gt; 16, k ≥ 16 and n mod 16 in 1..4, those last n mod 16
 *       columns are dot products with 16 partial FMA chains (see {@link ScalarGemm#dotColumns}),
 *       a logical constant that 16-lane and 8-lane vectors both reproduce. So a row of C depends
 *       only on its row of A.
 *   <li>Reductions over a row or a vector ({@link #sum}, softmax denominators) use
 *       {@link ScalarMath#orderedSum}: 32 partial sums, a logical constant, not the lane count.
 *       {@link #columnSums} adds down each column from +0 in row order.
 *   <li>e^x is {@link ScalarMath#exp} (a polynomial of FMAs), never {@code Math.exp} or the Vector
 *       API's {@code EXP}; logs are {@code StrictMath.log} in double.
 *   <li>Element-wise kernels apply the formula of their javadoc, operation by operation, as
 *       written (Java never fuses a multiply and an add on its own).
 * </ul>
 */
interface KernelSupport {

  /** A short name for logs and reports: "panama" or "scalar". */
  String name();

  /** Lanes of the float species in use (1 for scalar). */
  int floatLanes();

  // ---- GEMM: C[m×n] (+)= op(A) · op(B) ----

  /** A m×k (row stride k), B k×n (row stride n). */
  void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      boolean accumulate);

  /** A is stored k×m (row stride m), B k×n. C = Aᵀ·B. */
  void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, boolean accumulate);

  /** A m×k, B is stored n×k (row stride k). C = A·Bᵀ. */
  void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, boolean accumulate);

  /**
   * C (m × n, row stride n) (+)= A · B with A m × k at row stride lda and B k × n (row stride n),
   * n a multiple of 16 ({@link ConvProducts#gemmStridedA}); every element one FMA chain along k.
   */
  void gemmStridedA(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate);

  /**
   * The 16 partial sums of every dot product of a row of A (m × k, row stride lda) with a row of
   * B (n × k, row stride ldb), into (or, accumulating, onto) p ({@link ConvProducts#dotPartials}).
   */
  void dotPartials(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] p, int pOff, boolean accumulate);

  // ---- bias and reductions ----

  /** x[i,j] += bias[j] for an m×n block. */
  void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff);

  /** out[j] = Σ_i x[i,j] for an m×n block, from +0 down the rows in order. */
  void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff);

  /** Σ x[i] in the order of {@link ScalarMath#orderedSum}. */
  float sum(int n, float[] x, int xOff);

  // ---- activations ----

  /** y = Math.max(x, +0): NaN stays NaN, −0 becomes +0. */
  void relu(int n, float[] x, int xOff, float[] y, int yOff);

  /** dx = x > 0 ? dout : 0 (the mask is taken from the forward input x). */
  void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff, float[] dx, int dxOff);

  /** y = 1 / (exp(−x) + 1), with vecprop's exp. */
  void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

  /** dx = (dout · (1 − y)) · y, y being the forward output. */
  void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff);

  /** y = 1 − 2 / (exp(2·x) + 1), with vecprop's exp (±1 where exp overflows or vanishes). */
  void tanh(int n, float[] x, int xOff, float[] y, int yOff);

  /** dx = dout · fma(−y, y, 1), y being the forward output. */
  void tanhBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff);

  // ---- per-feature (column) kernels of the normalising layers ----

  /** out = x · y element by element. */
  void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff);

  /** out[i,j] = fma(x[i,j], scale[j], shift[j]) for an m×n block. */
  void scaleShiftRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] shift, int shiftOff, float[] out, int outOff);

  /** out[i,j] = fma(x[i,j], scale[j], y[i,j]) for m×n blocks x, y and out. */
  void scaleAddRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff, float[] y,
      int yOff, float[] out, int outOff);

  /**
   * 2 × 2 max pooling without padding over {@code planes} planes of g's H × W, any stride
   * ({@link ConvKernels#maxPool}'s rule and layouts; checked by the caller).
   */
  void maxPool2x2(int planes, Window g, float[] x, int xOff, float[] y, int yOff, int[] arg);

  /** {@link ConvKernels#reluAfterMaxPool}'s routes and ReLU over n pooled outputs. */
  void reluAfterMaxPool(int n, float[] y, int yOff, int[] arg, float[] x, int xOff, int[] routes,
      int routesOff);

  /**
   * rows rows of len floats, from src (row r at srcOff + r·srcStride) to dst (row r at dstOff +
   * r·dstStride): the rows of an im2col matrix at stride 1. A copy: the same bits on any path.
   */
  void copyRows(int rows, int len, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride);

  // ---- softmax and cross-entropy ----

  /**
   * Row-wise, max-subtracted softmax of an m×n block: e_j = exp(x_j − max), s = the ordered sum
   * of the e_j, y_j = e_j · (1/s).
   */
  void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff);

  /**
   * −Σ_i log(y[i, label_i] + 1e-7) / m: the logs in double ({@code StrictMath}), added in row
   * order, the mean rounded to float once.
   */
  float crossEntropy(int m, int n, float[] y, int yOff, int[] labels, int labelsOff);

  /**
   * −Σ t·log(y + 1e-7) / m over an m×n block of probabilities y and rows t, as
   * {@link #crossEntropy}, in element order; elements with t = 0 add nothing and are skipped.
   */
  float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff);

  /** dx = (y − t) / m with one-hot rows t. */
  void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff,
      float[] dx, int dxOff);

  /** dx = (y − onehot(labels)) / m. */
  void softmaxLossBackwardIndex(int m, int n, float[] y, int yOff, int[] labels, int labelsOff,
      float[] dx, int dxOff);

  /** out[i] = index of the first maximum of row i. */
  void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff);

  // ---- BLAS-1 and optimizer updates ----

  /** y = y + alpha · x (a multiply, then an add). */
  void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

  /** x *= alpha. */
  void scale(int n, float alpha, float[] x, int xOff);

  /** v = mu·v − lr·g; p += v. */
  void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff);

  /** The book's Nesterov: v = mu·v − lr·g; p += mu·mu·v − (1+mu)·lr·g. */
  void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff);

  /** h += g²; p −= lr·g / (√h + eps). */
  void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h, int hOff,
      float[] p, int pOff);

  /** h = ρ·h + (1−ρ)·g²; p −= lr·g / (√h + eps). */
  void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff);

  /**
   * The book's Adam step with the bias correction folded into {@code lrT}: m += (1−β1)(g − m);
   * v += (1−β2)(g² − v); p −= lrT·m / (√v + eps).
   */
  void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g, int gOff,
      float[] m, int mOff, float[] v, int vOff, float[] p, int pOff);

  // ---- data ----

  /** dst[i] = (src[i] &amp; 0xFF) · (1/255f): unsigned pixels to [0, 1]. */
  void unsignedBytesToUnit(int n, byte[] src, int srcOff, float[] dst, int dstOff);
}
