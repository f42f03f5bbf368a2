package io.github.vecprop.nn;

import io.github.vecprop.kernel.ConvKernels;
import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.Window;

/**
 * A 2-D convolution (the book's {@code Convolution}): F filters of C × KH × KW over samples of
 * C × H × W floats (NCHW, each row of the batch one flat sample), with stride and zero padding;
 * the output row is F × OH × OW, so an {@link Affine} after it sees the flattened (C, H, W)
 * vector with no layer in between.
 *
 * <p>W is {@code F × (C·KH·KW)} (filter f's weights in (c, ky, kx) order, as the book's
 * {@code W.reshape(FN, -1)}), b is {@code 1 × F}. Per sample, im2col builds the
 * {@code (C·KH·KW) × (OH·OW)} patch matrix ({@link ConvKernels#im2col}) and one GEMM gives the
 * output in NCHW order directly: out = W·col accumulated onto the filter's bias, so each element
 * is the GEMM's documented order (README, "One arithmetic") started from the bias: one FMA chain
 * along (c, ky, kx) (rounding once less than the book's sum-then-add), except the GEMM's edge
 * columns (the last positions mod 16 when that is 1–4), which are bias + a fixed-order dot
 * product. Either way the bits depend on the geometry only, never on the batch or the path. When
 * the positions are a multiple of 16 (the book's 24 × 24) the product is
 * {@link ConvKernels#gemmStridedA}, whose chains are the same and whose full tiles read col in
 * place (20 % faster than {@link Kernels#gemm} at 30 × 576 × 25, Intel, 2026-12-03). Backward, per sample in batch order: dW += dout·colᵀ
 * with colᵀ rebuilt from the cached input, its rows padded to a multiple of 16 with zeros, so
 * the product is {@link ConvKernels#gemmStridedA} (each dW element one FMA chain over the batch's
 * positions, sample by sample, from +0); db = Σ over samples (in order) of each filter's ordered sum
 * ({@link Kernels#sum}) over positions; dx = col2im(Wᵀ·dout) ({@link Kernels#gemmTransA} reads
 * Wᵀ in place), unless turned off as for the first layer of a network.
 *
 * <p>Caches a reference to its input; buffers grow with the largest batch, so a training loop
 * allocates nothing. Single-writer, like every {@link Layer}.
 */
public final class Convolution implements Layer {
  private final String name;
  private final Window g;
  private final int filters;
  private final Parameter w;
  private final Parameter b;
  private final int in;
  private final int out;
  private final int positions;
  private final int patch;
  private boolean computeInputGradient = true;

  private float[] x;
  private int batch;
  private float[] y = new float[0];
  private float[] dx = new float[0];
  /** One sample's im2col matrix (forward, and Wᵀ·dout in backward). */
  private float[] col = new float[0];
  /** The patch rounded up to 16: the row stride of colT and dwPad. */
  private final int padded;
  /** One sample's im2col matrix transposed, positions × padded, its padding columns zero. */
  private float[] colT = new float[0];
  /** dW while backward sums it, filters × padded. */
  private float[] dwPad = new float[0];
  private int capacity;

  /**
   * A convolution over the given parameters, shared by reference.
   *
   * @param name the layer's name in messages, e.g. "Convolution1"
   * @param window the input shape, kernel size, stride and padding
   * @param w the filters, {@code F × (C·KH·KW)}
   * @param b the biases, {@code 1 × F}
   * @throws IllegalArgumentException naming the layer when the shapes disagree
   */
  public Convolution(String name, Window window, Parameter w, Parameter b) {
    if (window == null || w == null || b == null) {
      throw new IllegalArgumentException(name + ": window, w and b must not be null");
    }
    if (w.cols() != window.patchSize()) {
      throw new IllegalArgumentException(name + ": filters " + w + " need "
          + window.patchSize() + " columns (C·KH·KW of " + window + ")");
    }
    if (b.rows() != 1 || b.cols() != w.rows()) {
      throw new IllegalArgumentException(name + ": bias " + b + " does not match filters " + w);
    }
    this.name = name;
    this.g = window;
    this.filters = w.rows();
    this.w = w;
    this.b = b;
    this.positions = window.positions();
    this.patch = window.patchSize();
    this.padded = (patch + 15) / 16 * 16;
    this.in = window.inputSize();
    long o = (long) filters * positions;
    if (o > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException(name + ": output " + filters + "×" + window.outHeight()
          + "×" + window.outWidth() + " is too large");
    }
    this.out = (int) o;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int outputSize() {
    return out;
  }

  /**
   * The geometry: input shape, kernel, stride, padding.
   *
   * @return the window
   */
  public Window window() {
    return g;
  }

  /**
   * Number of filters F (output channels).
   *
   * @return F
   */
  public int filters() {
    return filters;
  }

  /**
   * The filters, shared by reference.
   *
   * @return W, {@code F × (C·KH·KW)}
   */
  public Parameter weight() {
    return w;
  }

  /**
   * The biases, shared by reference.
   *
   * @return b, {@code 1 × F}
   */
  public Parameter bias() {
    return b;
  }

  /**
   * Whether backward computes dx (default true; a network's first layer turns it off).
   *
   * @param on true to compute dx
   */
  public void setComputeInputGradient(boolean on) {
    this.computeInputGradient = on;
  }

  /**
   * Whether backward computes dx.
   *
   * @return the value last set (default true)
   */
  public boolean computesInputGradient() {
    return computeInputGradient;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[] {w, b};
  }

  @Override
  public float[] forward(float[] x, int batch) {
    Buffers.checkForward(name, x, batch, in);
    reserve(batch);
    this.x = x;
    this.batch = batch;
    for (int n = 0; n < batch; n++) {
      ConvKernels.im2col(g, x, n * in, col, 0);
      ConvKernels.fillRows(filters, positions, b.value(), 0, y, n * out);
      if (positions % 16 == 0) { // no edge columns: the same chains, full tiles, B unpacked
        ConvKernels.gemmStridedA(filters, positions, patch, w.value(), 0, patch, col, 0, y,
            n * out, true);
      } else {
        Kernels.gemm(filters, positions, patch, w.value(), 0, col, 0, y, n * out, true);
      }
    }
    return y;
  }

  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, out);
    float[] dw = w.grad();
    float[] db = b.grad();
    for (int n = 0; n < batch; n++) {
      ConvKernels.im2colTransposed(g, x, n * in, colT, 0, padded);
      ConvKernels.gemmStridedA(filters, padded, positions, dout, n * out, positions, colT, 0, dwPad,
          0, n > 0);
      for (int f = 0; f < filters; f++) {
        float s = Kernels.sum(positions, dout, n * out + f * positions);
        db[f] = n == 0 ? s : db[f] + s;
      }
    }
    for (int f = 0; f < filters; f++) {
      System.arraycopy(dwPad, f * padded, dw, f * patch, patch);
    }
    if (!computeInputGradient) {
      return null;
    }
    if (dx.length < batch * in) {
      dx = new float[capacity * in];
    }
    for (int n = 0; n < batch; n++) {
      Kernels.gemmTransA(patch, positions, filters, w.value(), 0, dout, n * out, col, 0, false);
      ConvKernels.col2im(g, col, 0, dx, n * in);
    }
    return dx;
  }

  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * out];
      dx = computeInputGradient ? new float[batch * in] : new float[0];
      capacity = batch;
    }
    if (col.length == 0) {
      col = new float[patch * positions];
      colT = new float[padded * positions]; // columns patch..padded − 1 stay zero
      dwPad = new float[filters * padded];
    }
  }

  @Override
  public String toString() {
    return name + "(" + filters + "×" + g.kernelHeight() + "×" + g.kernelWidth() + " over "
        + g.channels() + "×" + g.height() + "×" + g.width() + ", stride " + g.stride() + ", pad "
        + g.pad() + ")";
  }
}
