package io.github.vecprop.data;

import java.io.IOException;

/**
 * A data file whose SHA-256 (of its decompressed content) differs from the expected one. The
 * message names the file and both digests.
 */
public class ChecksumException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * A checksum mismatch.
   *
   * @param message one line naming the file, the expected and the actual digest
   */
  public ChecksumException(String message) {
    super(message);
  }
}
