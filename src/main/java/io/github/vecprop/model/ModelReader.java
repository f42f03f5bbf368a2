package io.github.vecprop.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over the bytes [0, end) of a model file, for {@link ModelFile#decode}:
 * every read first checks that enough bytes remain before the CRC and throws
 * {@link ModelFormatException} naming the file and the field otherwise.
 */
final class ModelReader {
  final String name;
  final ByteBuffer b;
  final int end;
  int pos;

  ModelReader(String name, ByteBuffer b, int end) {
    this.name = name;
    this.b = b;
    this.end = end;
  }

  void need(long bytes, String what) throws ModelFormatException {
    if (bytes > end - pos) {
      throw new ModelFormatException(name + ": " + what + " need " + bytes
          + " bytes but only " + (end - pos) + " remain before the CRC");
    }
  }

  long u32(String what) throws ModelFormatException {
    need(4, what);
    long v = Integer.toUnsignedLong(b.getInt(pos));
    pos += 4;
    return v;
  }

  int u16(String what) throws ModelFormatException {
    need(2, what);
    int v = b.getShort(pos) & 0xffff;
    pos += 2;
    return v;
  }

  /** A float32 the caller has checked room for. */
  float f32() {
    float v = b.getFloat(pos);
    pos += 4;
    return v;
  }

  /** A u8 length (1..max) and that many ASCII bytes. */
  String ascii(int max, String what) throws ModelFormatException {
    int len = u8("the length of " + what);
    if (len < 1 || len > max) {
      throw new ModelFormatException(name + ": " + what + " of " + len + " bytes, expected 1.."
          + max);
    }
    need(len, what);
    String s = new String(b.array(), pos, len, StandardCharsets.US_ASCII);
    pos += len;
    return s;
  }

  int u8(String what) throws ModelFormatException {
    need(1, what);
    return b.get(pos++) & 0xff;
  }

  String name(String what) throws ModelFormatException {
    need(2, "the name length of " + what);
    int len = b.getShort(pos) & 0xffff;
    pos += 2;
    if (len < 1 || len > Checkpoint.MAX_NAME_BYTES) {
      throw new ModelFormatException(name + ": the name of " + what + " has " + len
          + " bytes, expected 1.." + Checkpoint.MAX_NAME_BYTES);
    }
    need(len, "the name of " + what);
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b.array(), pos, len)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new ModelFormatException(name + ": the name of " + what + " is not valid UTF-8");
    }
    pos += len;
    return s;
  }

  /** Reads k floats (the caller has checked they fit) and rejects non-finite values. */
  float[] floats(int k, String what) throws ModelFormatException {
    float[] a = new float[k];
    b.position(pos);
    b.asFloatBuffer().get(a);
    pos += 4 * k;
    for (int j = 0; j < k; j++) {
      if (!Float.isFinite(a[j])) {
        throw new ModelFormatException(name + ": " + what + "[" + j + "] is " + a[j]
            + ", expected a finite value");
      }
    }
    return a;
  }
}
