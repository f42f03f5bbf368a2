package io.github.vecprop.nn;

/**
 * The layer-spec syntax: comma-separated tokens, each a layer kind's id with its argument after
 * a colon where it takes one — {@code affine:OUT} (OUT a positive integer), {@code relu},
 * {@code sigmoid}, {@code tanh}, {@code batchnorm}, {@code dropout:P} (P in [0, 1)),
 * {@code conv:FxKHxKW} (F filters of KH × KW, stride 1, no padding; {@code :sS} and {@code :pP}
 * after it set stride and padding, e.g. {@code conv:16x3x3:s1:p1}) and {@code pool:N} (N × N
 * max pooling, stride N) or {@code pool:HxW} with optional {@code :sS} (default H) and
 * {@code :pP}. Convolution and pooling need image inputs and come before the first affine. The
 * last layer's width is the number of classes; {@link SoftmaxWithLoss} follows it implicitly.
 * Examples: {@code affine:100,batchnorm,relu,dropout:0.2,affine:10}; the book's SimpleConvNet
 * {@code conv:30x5x5,relu,pool:2,affine:100,relu,affine:10}. Spaces around tokens are ignored.
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
        case CONV -> window(where, arg, b, true);
        case POOL -> window(where, arg, b, false);
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

  /** conv:FxKHxKW[:sS][:pP] or pool:N | pool:HxW[:sS][:pP]. */
  private static void window(String where, String arg, NetworkBuilder b, boolean conv) {
    String expected = conv ? "expected conv:FxKHxKW[:sS][:pP], e.g. conv:30x5x5 or conv:16x3x3:s1:p1"
        : "expected pool:N or pool:HxW[:sS][:pP], e.g. pool:2 or pool:3x3:s2:p1";
    if (arg == null || arg.isBlank()) {
      throw new IllegalArgumentException(where + expected);
    }
    String[] parts = arg.trim().split(":", -1);
    String[] dims = parts[0].split("x", -1);
    if (dims.length != (conv ? 3 : 1) && dims.length != 2) {
      throw new IllegalArgumentException(where + expected);
    }
    if (conv && dims.length != 3) {
      throw new IllegalArgumentException(where + expected);
    }
    int[] d = new int[dims.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = number(where, dims[i], 1, expected);
    }
    int kh = conv ? d[1] : d[0];
    int kw = conv ? d[2] : d.length == 2 ? d[1] : d[0];
    int stride = conv ? 1 : kh;
    int pad = 0;
    boolean seenS = false;
    boolean seenP = false;
    for (int i = 1; i < parts.length; i++) {
      String o = parts[i].trim();
      if (o.startsWith("s") && !seenS) {
        stride = number(where, o.substring(1), 1, expected);
        seenS = true;
      } else if (o.startsWith("p") && !seenP) {
        pad = number(where, o.substring(1), 0, expected);
        seenP = true;
      } else {
        throw new IllegalArgumentException(where + "unexpected \"" + o + "\", " + expected);
      }
    }
    try {
      if (conv) {
        b.conv(d[0], kh, kw, stride, pad);
      } else {
        b.pool(kh, kw, stride, pad);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage());
    }
  }

  private static int number(String where, String s, int min, String expected) {
    try {
      int v = Integer.parseInt(s.trim());
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + "\"" + s + "\" is not an integer >= " + min + ", "
        + expected);
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
