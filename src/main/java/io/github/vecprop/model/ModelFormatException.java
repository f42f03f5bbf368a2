package io.github.vecprop.model;

import java.io.IOException;

/**
 * A model file that is not a valid vecprop model: foreign (wrong magic), of an unknown format
 * version, truncated or with trailing bytes, corrupt (CRC-32 mismatch), or describing an
 * impossible architecture or non-finite parameters.
 *
 * <p>The message is one line that starts with the file name and says what was expected.
 */
public class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An invalid model file.
   *
   * @param message one line naming the file and what was expected
   */
  public ModelFormatException(String message) {
    super(message);
  }
}
