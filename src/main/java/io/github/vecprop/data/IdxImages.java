package io.github.vecprop.data;

/**
 * The content of an idx3 unsigned-byte image file: {@code count} images of {@code rows×cols}
 * pixels, row-major, image after image, in {@code pixels} (length count·rows·cols).
 *
 * <p>The array is not copied: this is a transfer object from {@link Idx} to {@link Dataset}.
 *
 * @param count number of images
 * @param rows pixel rows per image
 * @param cols pixel columns per image
 * @param pixels the pixels as unsigned bytes 0..255
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

  /**
   * Pixels per image.
   *
   * @return rows·cols (784 for MNIST)
   */
  public int features() {
    return rows * cols;
  }
}
