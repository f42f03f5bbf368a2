package io.github.vecprop.nn;

/**
 * The layer-spec syntax: comma-separated tokens, each a layer kind's id with its argument after
 * a colon where it takes one — {@code affine:OUT} (OUT a positive integer), {@code relu},
 * {@code sigmoid}, {@code tanh}, {@code batchnorm}, {@code dropout:P} (P in [0, 1)). The last
 * layer's width is the number of classes; {@link SoftmaxWithLoss} follows it implicitly. Example:
 * {@code affine:100,batchnorm,relu,dropout:0.2,affine:10}. Spaces around tokens are ignored.
 */
final class LayerSpecParser {
  private LayerSpecParser() {}

  /** Appends the layers of {@code spec} to {@code b}; one-line errors name the token. */
  static NetworkBuilder parse(String spec, NetworkBuilder b) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("layer spec: is empty, expected e.g."
          + " affine:100,relu,affine:10");
    }
    String[] tokens = spec.split(",", -1);
    for (int t = 0; t < tokens.length; t++) {
      String tok = tokens[t].trim();
      int colon = tok.indexOf(':');
      String id = colon < 0 ? tok : tok.substring(0, colon);
      String arg = colon < 0 ? null : tok.substring(colon + 1);
      String where = "layer spec token " + (t + 1) + " \"" + tok + "\": ";
      LayerKind kind = LayerKind.of(id);
      if (kind == null) {
        throw new IllegalArgumentException(where + "unknown layer \"" + id + "\", expected one of "
            + LayerKind.ids());
      }
      switch (kind) {
        case AFFINE -> b.affine(positive(where, arg));
        case DROPOUT -> b.dropout(ratio(where, arg));
        default -> {
          if (arg != null) {
            throw new IllegalArgumentException(where + kind.id() + " takes no argument");
          }
          if (kind == LayerKind.BATCHNORM) {
            b.batchNorm();
          } else {
            b.activation(Activation.of(kind.id()));
          }
        }
      }
    }
    return b;
  }

  private static int positive(String where, String arg) {
    if (arg == null) {
      throw new IllegalArgumentException(where + "expected affine:OUT with OUT a positive integer");
    }
    try {
      int v = Integer.parseInt(arg.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + "expected a positive integer output size, got \""
        + arg + "\"");
  }

  private static float ratio(String where, String arg) {
    if (arg == null) {
      throw new IllegalArgumentException(where + "expected dropout:P with P in [0, 1)");
    }
    try {
      float p = Float.parseFloat(arg.trim());
      if (p >= 0f && p < 1f) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + "expected a dropout ratio in [0, 1), got \"" + arg
        + "\"");
  }
}
