package io.github.vecprop.data;

import java.io.IOException;

/**
 * An IDX file (raw or gzip) that is not what it must be: wrong magic, impossible dimensions, a
 * size that disagrees with its header, a label outside the class range, or corrupt gzip data.
 *
 * <p>The message is one line that starts with the file (or source) name and says what was
 * expected, e.g. {@code "train-images-idx3-ubyte.gz: truncated: the header declares 47040000
 * bytes of pixels but the data ends after 1000000"}.
 */
public class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An invalid IDX file.
   *
   * @param message one line naming the file and what was expected
   */
  public IdxFormatException(String message) {
    super(message);
  }

  /**
   * An exception with the error that revealed the problem.
   *
   * @param message one line naming the file and what was expected
   * @param cause the underlying error, e.g. the JDK's {@code ZipException}
   */
  public IdxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
