package io.github.vecprop.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for tests. */
final class IdxFiles {
  private IdxFiles() {}

  static byte[] images(int count, int rows, int cols, SplittableRandom rnd) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
    while (b.hasRemaining()) {
      b.put((byte) rnd.nextInt(256));
    }
    return b.array();
  }

  static byte[] labels(int count, int classes, SplittableRandom rnd) {
    ByteBuffer b = ByteBuffer.allocate(8 + count);
    b.putInt(Idx.LABELS_MAGIC).putInt(count);
    while (b.hasRemaining()) {
      b.put((byte) rnd.nextInt(classes));
    }
    return b.array();
  }

  static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(raw);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Overwrites the big-endian u32 at offset with v. */
  static byte[] withInt(byte[] raw, int offset, int v) {
    byte[] c = raw.clone();
    ByteBuffer.wrap(c).putInt(offset, v);
    return c;
  }
}
