package io.github.vecprop.nn;

import io.github.vecprop.kernel.ConvKernels;
import io.github.vecprop.kernel.ConvProducts;
import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.Parallel;
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
 * product. Either way the bits depend on the geometry only, never on the batch or the path.
 * When the positions are a multiple of 16 (the book's 24 × 24) the product is
 * {@link ConvProducts#gemmStridedA}: the same chains, full tiles reading col in place (20 %
 * faster than {@link Kernels#gemm} at 30 × 576 × 25, Intel, 2026-12-03).
 *
 * <p>Backward: dW and db are the dot products of dout's rows (F × positions per sample) with the
 * rows of the im2col matrix (rebuilt per sample from the cached input) and a row of ones, through
 * {@link ConvProducts#dotPartials}: each dot's 16 partial sums (partial l an FMA chain over the
 * positions ≡ l mod 16, sample by sample in batch order, from +0), then added left to right
 * ({@link ConvProducts#reducePartials}); no transposed copy of the im2col matrix is built. dx =
 * col2im(Wᵀ·dout) ({@link Kernels#gemmTransA} reads Wᵀ in place), unless turned off as for the
 * first layer of a network.
 *
 * <p><b>Threads.</b> With {@link Kernels#setThreads} above 1, a batch of at least
 * {@link #PARALLEL_MACS} multiply-adds is split over the threads ({@link Parallel}): forward and dx
 * by samples, dW and db by filters (each part rebuilds every sample's im2col matrix for its own
 * filters, so no dot product is split). Every output element is computed by one part in the
 * order above, so the bits are the same on one thread or many.
 *
 * <p><b>Fused.</b> In a network, a Convolution followed by a {@link Relu} and a
 * {@link MaxPooling} over its output runs as one pass per sample ({@link #forwardReluPool} and
 * {@link #backwardReluPool}, chosen by the network's layer stack): the same arithmetic and bits
 * as the three layers one by one, without the batch's convolution output in memory.
 *
 * <p>Caches a reference to its input; buffers grow with the largest batch, so a training loop
 * allocates nothing (one im2col buffer per thread). Single-writer, like every {@link Layer}.
 */
public final class Convolution implements Layer {
  /**
   * Work of a call, in multiply-adds (batch × F × positions × C·KH·KW), from which it is split
   * over threads: 2²² (about 0.1 ms of one core), 20 to 100 times the cost of waking a worker.
   */
  public static final long PARALLEL_MACS = 1L << 22;

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
  /**
   * Per part (thread): one sample's im2col matrix (forward, and Wᵀ·dout in backward), and after
   * it one row of ones: (patch + 1) × positions, so the dot products of dW give db as their last
   * column.
   */
  private float[][] cols = new float[0][];
  private float[] dout;
  /** The pooling layer of the fused pass ({@link #forwardReluPool}), or null after forward. */
  private MaxPooling pool;
  /** pool's output buffer in the fused pass, and its upstream gradient in the fused backward. */
  private float[] pooled;
  private float[] dpool;
  /** Per pooled output: its winner's index in the sample's output if the ReLU passed it, or −1. */
  private int[] routes = new int[0];
  /** Per part: one sample's F × positions output (fused forward) or gradient rows (backward). */
  private float[][] planes = new float[0][];
  /** Per part: one sample's pooling winners, as {@link ConvKernels#maxPool} writes them. */
  private int[][] winners = new int[0][];
  private final Parallel.Parts fusedPart = this::fusedSamples;
  private final Parallel.Parts forwardPart = this::forwardSamples;
  private final Parallel.Parts weightPart = this::weightGradient;
  private final Parallel.Parts inputPart = this::inputGradient;
  /** The 16 partial sums of each of dW's and db's dots while backward runs the batch. */
  private float[] partials = new float[0];
  /** Those dots: filters × (patch + 1), db in the last column. */
  private float[] sums = new float[0];
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
    this.pool = null;
    Parallel.forRanges(batch, parts(), forwardPart);
    return y;
  }

  /** Forward of samples [from, to) with part {@code part}'s im2col buffer. */
  private void forwardSamples(int part, int from, int to) {
    for (int n = from; n < to; n++) {
      convolve(n, cols[part], y, n * out);
    }
  }

  /** Sample n of the cached input, convolved into dst at dstOff (F × positions) through col. */
  private void convolve(int n, float[] col, float[] dst, int dstOff) {
    ConvKernels.im2col(g, x, n * in, col, 0);
    ConvKernels.fillRows(filters, positions, b.value(), 0, dst, dstOff);
    if (positions % 16 == 0) { // no edge columns: the same chains, full tiles, B unpacked
      ConvProducts.gemmStridedA(filters, positions, patch, w.value(), 0, patch, col, 0, dst,
          dstOff, true);
    } else {
      Kernels.gemm(filters, positions, patch, w.value(), 0, col, 0, dst, dstOff, true);
    }
  }

  /** How many parts this batch may be split into: 1 below {@link #PARALLEL_MACS}. */
  int parts() { // package-private: ConvolutionThreadsTest checks the split happens
    // cols has at least one buffer once reserve ran; fewer than maxParts when threads were added
    // since, and then only as many parts as there are buffers.
    return (long) batch * out * patch >= PARALLEL_MACS
        ? Math.min(cols.length, Parallel.maxParts()) : 1;
  }

  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, out);
    this.dout = dout;
    this.pool = null;
    return backwardBatch();
  }

  /** dW, db and (when on) dx from {@link #dout}, or from the fused pass's pooled gradient. */
  private float[] backwardBatch() {
    float[] dw = w.grad();
    float[] db = b.grad();
    int parts = parts();
    Parallel.forRanges(filters, parts, weightPart);
    ConvProducts.reducePartials(filters * (patch + 1), partials, 0, sums, 0);
    for (int f = 0; f < filters; f++) {
      System.arraycopy(sums, f * (patch + 1), dw, f * patch, patch);
      db[f] = sums[f * (patch + 1) + patch];
    }
    float[] result = null;
    if (computeInputGradient) {
      if (dx.length < batch * in) {
        dx = new float[capacity * in];
      }
      Parallel.forRanges(batch, parts, inputPart);
      result = dx;
    }
    this.dout = null;
    this.dpool = null;
    return result;
  }

  /** The partial sums of dW's and db's dots for filters [from, to), over the whole batch. */
  private void weightGradient(int part, int from, int to) {
    float[] col = cols[part];
    int dots = patch + 1;
    for (int n = 0; n < batch; n++) {
      float[] rows = dout;
      int at = n * out + from * positions;
      if (pool != null) {
        rows = planes[part];
        at = 0;
        gatherRows(n, from, to, rows);
      }
      ConvKernels.im2col(g, x, n * in, col, 0);
      ConvProducts.dotPartials(to - from, dots, positions, rows, at, positions, col, 0,
          positions, partials, from * dots * 16, n > 0);
    }
  }

  /** dx of samples [from, to): col2im(Wᵀ·dout) through part {@code part}'s buffer. */
  private void inputGradient(int part, int from, int to) {
    float[] col = cols[part];
    for (int n = from; n < to; n++) {
      float[] rows = dout;
      int at = n * out;
      if (pool != null) {
        rows = planes[part];
        at = 0;
        gatherRows(n, 0, filters, rows);
      }
      Kernels.gemmTransA(patch, positions, filters, w.value(), 0, rows, at, col, 0, false);
      ConvKernels.col2im(g, col, 0, dx, n * in);
    }
  }

  // ---- Fused with the ReLU and max pooling after it (LayerStack decides; the same bits) ----

  /**
   * Whether this convolution can run fused with a ReLU and then {@code p}: p pools exactly this
   * layer's output planes (F × OH × OW).
   */
  boolean fusesWith(MaxPooling p) {
    Window q = p.window();
    return q.channels() == filters && q.height() == g.outHeight() && q.width() == g.outWidth();
  }

  /**
   * This layer, a {@link Relu} and {@code p} in one pass per sample, so the batch's convolution
   * output (6.9 MB for the book's net) never goes to memory: per sample the F × positions
   * output is convolved into a per-thread plane as {@link #forward} computes it and
   * {@link ConvKernels#maxPool} pools it into p's output buffer, then the ReLU runs on the
   * pooled outputs, a quarter of the elements ({@link ConvKernels#reluAfterMaxPool} says why that
   * gives the same values and winners). The arithmetic is that of the three layers run one
   * after another, so every bit is the same. Per pooled output the pass records the winner's index
   * when the ReLU passed it (its output &gt; 0, the ReLU layer's mask) and −1 when it did not,
   * all that backward needs. The ReLU's and this layer's own output buffers are not written.
   *
   * @return p's output buffer, valid until its next forward
   */
  float[] forwardReluPool(float[] x, int batch, MaxPooling p) {
    Buffers.checkForward(name, x, batch, in);
    reserve(batch);
    int pout = p.outputSize();
    if (routes.length < capacity * pout) {
      routes = new int[capacity * pout];
    }
    for (int i = 0; i < cols.length; i++) {
      if (planes[i] == null) {
        planes[i] = new float[out];
        winners[i] = new int[pout];
      }
    }
    this.x = x;
    this.batch = batch;
    this.pool = p;
    this.pooled = p.fusedOutput(batch);
    Parallel.forRanges(batch, parts(), fusedPart);
    return pooled;
  }

  /** Fused forward of samples [from, to) with part {@code part}'s buffers. */
  private void fusedSamples(int part, int from, int to) {
    float[] plane = planes[part];
    int[] win = winners[part];
    int pout = win.length;
    for (int n = from; n < to; n++) {
      convolve(n, cols[part], plane, 0);
      ConvKernels.maxPool(1, pool.window(), plane, 0, pooled, n * pout, win);
      ConvKernels.reluAfterMaxPool(pout, pooled, n * pout, win, plane, 0, routes, n * pout);
    }
  }

  /**
   * The backward of {@link #forwardReluPool}: from p's upstream gradient, each sample's
   * gradient rows are rebuilt in a per-thread plane as the pooling's backward and then the
   * ReLU's would leave them (+0, then each pooled output's gradient added to its winner in
   * output order, where the ReLU passed the winner), and dW, db and dx follow from them as in
   * {@link #backward}: the same bits as the three backwards one after another.
   *
   * @param dpool the pooled output's gradient
   * @return dx, or null when this layer's input gradient is off
   */
  float[] backwardReluPool(float[] dpool) {
    if (pool == null) {
      throw new IllegalStateException(name + ": backward of the fused pass before its forward");
    }
    Buffers.checkBackward(pool.name(), batch, dpool, pool.outputSize());
    this.dpool = dpool;
    return backwardBatch();
  }

  /** Sample n's gradient rows of filters [from, to) into rows from 0; see backwardReluPool. */
  private void gatherRows(int n, int from, int to, float[] rows) {
    java.util.Arrays.fill(rows, 0, (to - from) * positions, 0f);
    int pout = pool.outputSize();
    int per = pout / filters;
    int shift = from * positions;
    for (int j = from * per, at = n * pout; j < to * per; j++) {
      int a = routes[at + j];
      if (a >= 0) {
        rows[a - shift] += dpool[at + j];
      }
    }
  }

  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * out];
      dx = computeInputGradient ? new float[batch * in] : new float[0];
      capacity = batch;
    }
    if (partials.length == 0) {
      partials = new float[filters * (patch + 1) * 16];
      sums = new float[filters * (patch + 1)];
    }
    reserveParts();
  }

  /** One im2col buffer per thread {@link Parallel} may use now (grows, never shrinks). */
  private void reserveParts() {
    int want = Math.max(1, Parallel.maxParts());
    if (cols.length < want) {
      float[][] grown = java.util.Arrays.copyOf(cols, want);
      for (int i = cols.length; i < want; i++) {
        grown[i] = new float[(patch + 1) * positions];
        // The row of ones after the patch rows: never written again.
        java.util.Arrays.fill(grown[i], patch * positions, grown[i].length, 1f);
      }
      cols = grown;
      planes = java.util.Arrays.copyOf(planes, want);
      winners = java.util.Arrays.copyOf(winners, want);
    }
  }

  @Override
  public String toString() {
    return name + "(" + filters + "×" + g.kernelHeight() + "×" + g.kernelWidth() + " over "
        + g.channels() + "×" + g.height() + "×" + g.width() + ", stride " + g.stride() + ", pad "
        + g.pad() + ")";
  }
}
