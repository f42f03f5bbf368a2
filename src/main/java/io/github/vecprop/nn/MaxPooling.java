package io.github.vecprop.nn;

import io.github.vecprop.kernel.ConvKernels;
import io.github.vecprop.kernel.Window;

/**
 * Max pooling per channel (the book's {@code Pooling}) over samples of C × H × W floats (NCHW):
 * each output is the largest input in its window; the output row is C × OH × OW.
 *
 * <p>Ties and padding, decided on purpose: the first largest element in row-major window order
 * wins, and backward routes the whole gradient to that one element (where windows overlap, the
 * gradients an element wins add up in output order). Padding positions are not candidates (as
 * PyTorch; the book pads with zeros, which can only differ when a whole window's real inputs are
 * negative), so the pad must be below the window size. A NaN in a window is its output ({@link ConvKernels#maxPool} states the rule exactly).
 * No parameters. Single-writer, like every {@link Layer}.
 */
public final class MaxPooling implements Layer {
  private final String name;
  private final Window g;
  private final int in;
  private final int out;

  private int batch;
  private float[] y = new float[0];
  private float[] dx = new float[0];
  private int[] arg = new int[0];
  private int capacity;
  /** Whether the last forward was a fused one, whose winners this layer does not hold. */
  private boolean fused;

  /**
   * A max pooling layer.
   *
   * @param name the layer's name in messages, e.g. "MaxPooling1"
   * @param window the input shape, pooling window, stride and padding (pad below the window)
   * @throws IllegalArgumentException naming the layer when the window does not fit
   */
  public MaxPooling(String name, Window window) {
    if (window == null) {
      throw new IllegalArgumentException(name + ": window is null");
    }
    if (window.pad() >= window.kernelHeight() || window.pad() >= window.kernelWidth()) {
      throw new IllegalArgumentException(name + ": pad " + window.pad()
          + " must be below the window " + window.kernelHeight() + "×" + window.kernelWidth());
    }
    this.name = name;
    this.g = window;
    this.in = window.inputSize();
    this.out = window.channels() * window.positions();
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
   * The geometry: input shape, window, stride, padding.
   *
   * @return the window
   */
  public Window window() {
    return g;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[0];
  }

  @Override
  public float[] forward(float[] x, int batch) {
    Buffers.checkForward(name, x, batch, in);
    reserve(batch);
    this.batch = batch;
    this.fused = false;
    ConvKernels.maxPool(batch, g, x, 0, y, 0, arg);
    return y;
  }

  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, out);
    if (fused) {
      throw new IllegalStateException(name + ": its last forward ran fused with the convolution"
          + " before it, whose backward routes this layer's gradient");
    }
    ConvKernels.maxPoolBackward(batch, g, dout, 0, arg, dx, 0);
    return dx;
  }

  /**
   * For {@link Convolution#forwardReluPool}, which writes this layer's output: reserves the
   * buffers, takes the batch and returns the output buffer. The winners of this layer's own
   * {@link #backward} are not recorded, so that backward follows only this layer's own forward.
   */
  float[] fusedOutput(int batch) {
    reserve(batch);
    this.batch = batch;
    this.fused = true;
    return y;
  }

  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * out];
      dx = new float[batch * in];
      arg = new int[batch * out];
      capacity = batch;
    }
  }

  @Override
  public String toString() {
    return name + "(" + g.kernelHeight() + "×" + g.kernelWidth() + " over " + g.channels() + "×"
        + g.height() + "×" + g.width() + ", stride " + g.stride() + ", pad " + g.pad() + ")";
  }
}
