package io.github.vecprop.model;

import io.github.vecprop.nn.LayerKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a model file between the header and the extra arrays: the network. Format 1 holds
 * a fully connected network (layer sizes, activation, W1, b1, …); format 2 the input shape and
 * any stack of layers (see {@link ModelFile} for both layouts). Reads check every count and
 * length against the bytes left before allocating.
 */
final class ModelBody {
  private ModelBody() {}

  static final int MAX_ACTIVATION = 32;
  static final int MAX_RANK = 4;
  static final int MAX_ID = 32;
  static final int MAX_ITEMS = 8;

  /** Bytes of the format-2 body of spec. */
  static long size(ModelSpec spec) {
    long len = 1 + 4L * spec.inputShape().length + 2;
    for (LayerSpec l : spec.layers()) {
      len += 1 + l.kind().id().length() + 1 + 4L * l.shape().length + 1 + 4L * l.hyper().length
          + 1;
      for (Map.Entry<String, float[]> e : l.arrays().entrySet()) {
        len += 1 + e.getKey().length() + 4 + 4L * e.getValue().length;
      }
    }
    return len;
  }

  /** Writes the format-2 body. */
  static void write(ByteBuffer b, ModelSpec spec) {
    int[] shape0 = spec.inputShape();
    b.put((byte) shape0.length);
    for (int d : shape0) {
      b.putInt(d);
    }
    b.putShort((short) spec.layers().size());
    for (LayerSpec l : spec.layers()) {
      ascii(b, l.kind().id());
      int[] shape = l.shape();
      b.put((byte) shape.length);
      for (int s : shape) {
        b.putInt(s);
      }
      float[] hyper = l.hyper();
      b.put((byte) hyper.length);
      for (float h : hyper) {
        b.putFloat(h);
      }
      b.put((byte) l.arrays().size());
      for (Map.Entry<String, float[]> e : l.arrays().entrySet()) {
        ascii(b, e.getKey());
        b.putInt(e.getValue().length);
        b.asFloatBuffer().put(e.getValue());
        b.position(b.position() + 4 * e.getValue().length);
      }
    }
  }

  private static void ascii(ByteBuffer b, String s) {
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    b.put((byte) a.length).put(a);
  }

  /** Reads a format-2 body at r.pos. */
  static ModelSpec read2(ModelReader r) throws ModelFormatException {
    String name = r.name;
    int rank = r.u8("the rank of the input shape");
    if (rank < 1 || rank > MAX_RANK) {
      throw new ModelFormatException(name + ": input shape of rank " + rank + ", expected 1.."
          + MAX_RANK);
    }
    long input = 1;
    int[] inputShape = new int[rank];
    for (int i = 0; i < rank; i++) {
      long d = r.u32("an input dimension");
      if (d < 1 || d > ModelSpec.MAX_LAYER_SIZE) {
        throw new ModelFormatException(name + ": input dimension " + i + " is " + d
            + ", expected 1.." + ModelSpec.MAX_LAYER_SIZE);
      }
      inputShape[i] = (int) d;
      input *= d;
    }
    if (input > ModelSpec.MAX_LAYER_SIZE) {
      throw new ModelFormatException(name + ": input size " + input + ", expected at most "
          + ModelSpec.MAX_LAYER_SIZE);
    }
    int count = r.u16("the number of layers");
    if (count < 1 || count > ModelSpec.MAX_STACK) {
      throw new ModelFormatException(name + ": " + count + " layers, expected 1.."
          + ModelSpec.MAX_STACK);
    }
    List<LayerSpec> layers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String at = "layer " + (i + 1);
      String id = r.ascii(MAX_ID, "the kind of " + at);
      LayerKind kind = LayerKind.of(id);
      if (kind == null) {
        throw new ModelFormatException(name + ": " + at + ": unknown layer type \""
            + ModelFile.printable(id) + "\", expected one of "
            + java.util.Arrays.toString(LayerKind.values()).toLowerCase(java.util.Locale.ROOT)
            + " (written by a newer vecprop?)");
      }
      int[] shape = new int[items(r, at + " (" + id + ") sizes")];
      r.need(4L * shape.length, at + " sizes");
      for (int s = 0; s < shape.length; s++) {
        long v = r.u32(at + " size");
        if (v < 1 || v > ModelSpec.MAX_LAYER_SIZE) {
          throw new ModelFormatException(name + ": " + at + " (" + id + "): size " + v
              + ", expected 1.." + ModelSpec.MAX_LAYER_SIZE);
        }
        shape[s] = (int) v;
      }
      float[] hyper = new float[items(r, at + " (" + id + ") hyper-parameters")];
      r.need(4L * hyper.length, at + " hyper-parameters");
      for (int h = 0; h < hyper.length; h++) {
        hyper[h] = r.f32();
      }
      int arrays = items(r, at + " (" + id + ") arrays");
      Map<String, float[]> a = new LinkedHashMap<>();
      for (int k = 0; k < arrays; k++) {
        String key = r.ascii(MAX_ID, "an array name of " + at);
        long len = r.u32("the length of " + at + " " + key);
        r.need(4 * len, at + " (" + id + ") array " + key + " (" + len + " floats)");
        if (a.put(key, r.floats((int) len, at + " " + key)) != null) {
          throw new ModelFormatException(name + ": " + at + ": array " + key + " appears twice");
        }
      }
      try {
        layers.add(new LayerSpec(kind, shape, hyper, a));
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(name + ": " + at + ": " + e.getMessage());
      }
    }
    try {
      return ModelSpec.of(inputShape, layers);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": " + e.getMessage());
    }
  }

  private static int items(ModelReader r, String what) throws ModelFormatException {
    int n = r.u8("the number of " + what);
    if (n > MAX_ITEMS) {
      throw new ModelFormatException(r.name + ": " + n + " " + what + ", expected at most "
          + MAX_ITEMS);
    }
    return n;
  }

  /** Reads a format-1 body (layer sizes, activation, W1, b1, …) at r.pos. */
  static ModelSpec read1(ModelReader r) throws ModelFormatException {
    String name = r.name;
    long count = r.u32("the number of layer sizes");
    if (count < 2 || count > ModelSpec.MAX_LAYERS) {
      throw new ModelFormatException(name + ": " + count + " layer sizes, expected 2.."
          + ModelSpec.MAX_LAYERS);
    }
    r.need(4 * count, "the layer sizes");
    int[] sizes = new int[(int) count];
    for (int i = 0; i < sizes.length; i++) {
      long s = r.u32("a layer size");
      if (s < 1 || s > ModelSpec.MAX_LAYER_SIZE) {
        throw new ModelFormatException(name + ": layer size " + i + " is " + s + ", expected 1.."
            + ModelSpec.MAX_LAYER_SIZE);
      }
      sizes[i] = (int) s;
    }
    int actLen = r.u8("the activation name length");
    if (actLen < 1 || actLen > MAX_ACTIVATION) {
      throw new ModelFormatException(name + ": activation name of " + actLen
          + " bytes, expected 1.." + MAX_ACTIVATION);
    }
    r.need(actLen, "the activation name");
    String activation = new String(r.b.array(), r.pos, actLen, StandardCharsets.US_ASCII);
    r.pos += actLen;
    if (!activation.equals("relu") && !activation.equals("sigmoid")) {
      throw new ModelFormatException(name + ": unknown activation \""
          + ModelFile.printable(activation) + "\", expected \"relu\" or \"sigmoid\"");
    }
    // Every parameter length against the bytes left, in long arithmetic, before allocating.
    long total = 0;
    for (int i = 0; i < 2 * (sizes.length - 1); i++) {
      total += ModelSpec.paramLength(sizes, i);
    }
    r.need(4 * total, "the parameters of a " + java.util.Arrays.toString(sizes) + " network ("
        + total + " floats)");
    float[][] params = new float[2 * (sizes.length - 1)][];
    for (int i = 0; i < params.length; i++) {
      params[i] = r.floats((int) ModelSpec.paramLength(sizes, i), ModelSpec.paramName(i));
    }
    try {
      return new ModelSpec(sizes, activation, params);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(name + ": " + e.getMessage());
    }
  }
}
