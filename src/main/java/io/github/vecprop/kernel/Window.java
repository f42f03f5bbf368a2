package io.github.vecprop.kernel;

/**
 * The geometry of a sliding window over one sample of {@code channels × height × width} floats
 * (NCHW, row-major): a convolution's kernel or a pooling window, with its stride and zero
 * padding. Output positions are {@code outHeight() × outWidth()}, with the book's (and
 * PyTorch's) floor: {@code out = (in + 2·pad − kernel) / stride + 1}.
 *
 * @param channels C, positive
 * @param height H, positive
 * @param width W, positive
 * @param kernelHeight the window's height, positive, at most {@code height + 2·pad}
 * @param kernelWidth the window's width, positive, at most {@code width + 2·pad}
 * @param stride the step between windows, positive
 * @param pad zero rows and columns around each side, ≥ 0
 */
public record Window(int channels, int height, int width, int kernelHeight, int kernelWidth,
    int stride, int pad) {

  /**
   * Checks the numbers; the message names them (the caller prefixes its layer's name).
   *
   * @param channels C
   * @param height H
   * @param width W
   * @param kernelHeight window height
   * @param kernelWidth window width
   * @param stride step
   * @param pad padding
   * @throws IllegalArgumentException when a number is out of range or the window does not fit
   *     the padded input
   */
  public Window {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("input " + channels + "×" + height + "×" + width
          + ": every size must be positive");
    }
    if (kernelHeight < 1 || kernelWidth < 1) {
      throw new IllegalArgumentException("window " + kernelHeight + "×" + kernelWidth
          + ": sizes must be positive");
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride " + stride + ": must be positive");
    }
    if (pad < 0) {
      throw new IllegalArgumentException("pad " + pad + ": must be >= 0");
    }
    if (kernelHeight > height + 2L * pad || kernelWidth > width + 2L * pad) {
      throw new IllegalArgumentException("window " + kernelHeight + "×" + kernelWidth
          + " is larger than the padded input " + (height + 2L * pad) + "×" + (width + 2L * pad)
          + " (" + height + "×" + width + ", pad " + pad + ")");
    }
    if ((long) channels * height * width > Integer.MAX_VALUE / 4
        || (long) channels * kernelHeight * kernelWidth * outSize(height, kernelHeight, stride, pad)
        * outSize(width, kernelWidth, stride, pad) > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("input " + channels + "×" + height + "×" + width
          + " with window " + kernelHeight + "×" + kernelWidth + ": too large for one sample");
    }
  }

  private static long outSize(int in, int kernel, int stride, int pad) {
    return (in + 2L * pad - kernel) / stride + 1;
  }

  /**
   * Output rows.
   *
   * @return {@code (height + 2·pad − kernelHeight) / stride + 1}
   */
  public int outHeight() {
    return (int) outSize(height, kernelHeight, stride, pad);
  }

  /**
   * Output columns.
   *
   * @return {@code (width + 2·pad − kernelWidth) / stride + 1}
   */
  public int outWidth() {
    return (int) outSize(width, kernelWidth, stride, pad);
  }

  /**
   * Floats of one input sample.
   *
   * @return C·H·W
   */
  public int inputSize() {
    return channels * height * width;
  }

  /**
   * Output positions per channel.
   *
   * @return outHeight·outWidth
   */
  public int positions() {
    return outHeight() * outWidth();
  }

  /**
   * Rows of the im2col matrix: one per (channel, window row, window column).
   *
   * @return C·kernelHeight·kernelWidth
   */
  public int patchSize() {
    return channels * kernelHeight * kernelWidth;
  }

  @Override
  public String toString() {
    return channels + "×" + height + "×" + width + " window " + kernelHeight + "×" + kernelWidth
        + " stride " + stride + " pad " + pad;
  }
}
