package io.github.vecprop.kernel;

/**
 * The Vector API implementation of {@link KernelSupport}, one room per family: GEMM in
 * {@link PanamaGemm} (with {@link PanamaGemmTiles} and {@link PanamaGemmEdges}), element-wise
 * kernels and reductions in {@link PanamaElementwise}, softmax and argmax in
 * {@link PanamaSoftmax}, optimizer updates in {@link PanamaOptimizers}, e^x and the ordered sum in
 * {@link VectorMath}, species in {@link VectorConstants}. Loaded only by name, after
 * {@link KernelProvider} has found the incubator module; no class outside this package imports it.
 *
 * <p>Every method gives the bits of {@link ScalarKernelSupport} for the same arguments (see
 * {@link KernelSupport}), at 256 and at 512 bits.
 */
final class PanamaKernelSupport implements KernelSupport {

  PanamaKernelSupport() {
    String why = VectorConstants.unsuitable();
    if (why != null) {
      throw new UnsupportedOperationException(why);
    }
  }

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public int floatLanes() {
    return VectorConstants.LANES;
  }

  @Override
  public void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, boolean accumulate) {
    PanamaGemm.gemm(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  @Override
  public void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    PanamaGemm.gemmTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  @Override
  public void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    PanamaGemm.gemmTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  @Override
  public void gemmStridedA(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    PanamaGemmNarrow.gemm(m, n, k, a, aOff, lda, b, bOff, c, cOff, accumulate);
  }

  @Override
  public void maxPool2x2(int planes, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
    PanamaPool.maxPool2x2(planes, g, x, xOff, y, yOff, arg);
  }

  @Override
  public void reluAfterMaxPool(int n, float[] y, int yOff, int[] arg, float[] x, int xOff,
      int[] routes, int routesOff) {
    PanamaPool.reluAfterMaxPool(n, y, yOff, arg, x, xOff, routes, routesOff);
  }

  @Override
  public void copyRows(int rows, int len, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride) {
    PanamaElementwise.copyRows(rows, len, src, srcOff, srcStride, dst, dstOff, dstStride);
  }

  @Override
  public void dotPartials(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] p, int pOff, boolean accumulate) {
    PanamaDots.dotPartials(m, n, k, a, aOff, lda, b, bOff, ldb, p, pOff, accumulate);
  }

  @Override
  public void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff) {
    PanamaElementwise.addRowVector(m, n, x, xOff, bias, biasOff);
  }

  @Override
  public void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff) {
    PanamaElementwise.columnSums(m, n, x, xOff, out, outOff);
  }

  @Override
  public float sum(int n, float[] x, int xOff) {
    return PanamaElementwise.sum(n, x, xOff);
  }

  @Override
  public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    PanamaElementwise.relu(n, x, xOff, y, yOff);
  }

  @Override
  public void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    PanamaElementwise.reluBackward(n, x, xOff, dout, doutOff, dx, dxOff);
  }

  @Override
  public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    PanamaElementwise.sigmoid(n, x, xOff, y, yOff);
  }

  @Override
  public void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    PanamaElementwise.sigmoidBackward(n, y, yOff, dout, doutOff, dx, dxOff);
  }

  @Override
  public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
    PanamaElementwise.tanh(n, x, xOff, y, yOff);
  }

  @Override
  public void tanhBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    PanamaElementwise.tanhBackward(n, y, yOff, dout, doutOff, dx, dxOff);
  }

  @Override
  public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
      int outOff) {
    PanamaRows.multiply(n, x, xOff, y, yOff, out, outOff);
  }

  @Override
  public void scaleShiftRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] shift, int shiftOff, float[] out, int outOff) {
    PanamaRows.scaleShiftRows(m, n, x, xOff, scale, scaleOff, shift, shiftOff, out, outOff);
  }

  @Override
  public void scaleAddRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] y, int yOff, float[] out, int outOff) {
    PanamaRows.scaleAddRows(m, n, x, xOff, scale, scaleOff, y, yOff, out, outOff);
  }

  @Override
  public void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    PanamaSoftmax.softmaxRows(m, n, x, xOff, y, yOff);
  }

  /** One log per row, gathered: nothing to vectorize, so the twin's loop serves both. */
  @Override
  public float crossEntropy(int m, int n, float[] y, int yOff, int[] labels, int labelsOff) {
    return ScalarKernelSupport.INSTANCE.crossEntropy(m, n, y, yOff, labels, labelsOff);
  }

  /** The twin's loop: logs in double, and only the one-hot label's matters in each row. */
  @Override
  public float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff) {
    return ScalarKernelSupport.INSTANCE.crossEntropyOneHot(m, n, y, yOff, t, tOff);
  }

  @Override
  public void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff,
      float[] dx, int dxOff) {
    PanamaSoftmax.softmaxLossBackwardOneHot(m, n, y, yOff, t, tOff, dx, dxOff);
  }

  @Override
  public void softmaxLossBackwardIndex(int m, int n, float[] y, int yOff, int[] labels,
      int labelsOff, float[] dx, int dxOff) {
    PanamaSoftmax.softmaxLossBackwardIndex(m, n, y, yOff, labels, labelsOff, dx, dxOff);
  }

  @Override
  public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
    PanamaSoftmax.argmaxRows(m, n, x, xOff, out, outOff);
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    PanamaElementwise.axpy(n, alpha, x, xOff, y, yOff);
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff) {
    PanamaElementwise.scale(n, alpha, x, xOff);
  }

  @Override
  public void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    PanamaOptimizers.momentumUpdate(n, lr, mu, g, gOff, v, vOff, p, pOff);
  }

  @Override
  public void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    PanamaOptimizers.nesterovUpdate(n, lr, mu, g, gOff, v, vOff, p, pOff);
  }

  @Override
  public void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h, int hOff,
      float[] p, int pOff) {
    PanamaOptimizers.adaGradUpdate(n, lr, eps, g, gOff, h, hOff, p, pOff);
  }

  @Override
  public void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff) {
    PanamaOptimizers.rmsPropUpdate(n, lr, rho, eps, g, gOff, h, hOff, p, pOff);
  }

  @Override
  public void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g,
      int gOff, float[] m, int mOff, float[] v, int vOff, float[] p, int pOff) {
    PanamaOptimizers.adamUpdate(n, lrT, beta1, beta2, eps, g, gOff, m, mOff, v, vOff, p, pOff);
  }

  @Override
  public void unsignedBytesToUnit(int n, byte[] src, int srcOff, float[] dst, int dstOff) {
    PanamaElementwise.unsignedBytesToUnit(n, src, srcOff, dst, dstOff);
  }
}
