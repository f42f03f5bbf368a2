package io.github.vecprop.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files — the format of MNIST — raw or gzip-compressed, and validates everything the
 * header claims before it allocates.
 *
 * <p>Supported: images, magic {@code 0x00000803} (unsigned bytes, 3 dimensions: count, rows,
 * cols), and labels, magic {@code 0x00000801} (unsigned bytes, 1 dimension: count). All header
 * integers are big-endian unsigned 32-bit. Compression is detected from the content (the gzip
 * magic {@code 1f 8b}), never from the file name.
 *
 * <p>Checks, each reported as one {@link IdxFormatException} line that starts with the file name:
 * <ul>
 *   <li>the magic (with a hint when an image file is given where labels are expected, and back);
 *   <li>dimensions: rows and cols at least 1, every dimension at most 2³¹−1, and the payload
 *       count·rows·cols at most the largest Java array — checked in {@code long} arithmetic, so a
 *       forged header claiming 2³¹ items is an error, not an {@code OutOfMemoryError};
 *   <li>size: for a raw file the payload the header declares must equal the bytes after the
 *       header exactly (short = truncated, long = trailing bytes), checked before allocating; for
 *       a gzip file the declared payload must fit the deflate limit of 1032:1 for the compressed
 *       size, the buffer grows only as real data arrives, and the stream must end exactly after
 *       the payload (reaching the end also verifies the gzip CRC);
 *   <li>corrupt gzip data (bad header, bad deflate stream, CRC or length mismatch);
 *   <li>for labels, each value in {@code [0, classes)}.
 * </ul>
 * Garbage appended after a complete gzip member is ignored by the JDK's gzip reader and so, here.
 *
 * <p>Stateless: the methods may be called from any thread.
 */
public final class Idx {

  /** Magic of an unsigned-byte, 3-dimensional IDX file (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic of an unsigned-byte, 1-dimensional IDX file (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** The largest array Java reliably allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /** Deflate cannot expand more than 1032:1; a bit of slack for the gzip header and trailer. */
  private static final long GZIP_MAX_RATIO = 1032;

  private static final int CHUNK = 1 << 20;
  /** Largest single read (below glibc's 128 KiB mmap threshold, so its buffer is reused). */
  private static final int READ = 1 << 16;

  private Idx() {}

  /**
   * Reads and validates an image file (raw or gzip).
   *
   * @param file the file
   * @return its images
   * @throws IdxFormatException when the content is not a valid image file (one line naming the
   *     file and what was expected)
   * @throws IOException when the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
   */
  public static IdxImages readImages(Path file) throws IOException {
    return readImages(file, null);
  }

  /**
   * Reads and validates an image file, feeding its decompressed bytes to {@code digest} when it is
   * not null (so a checksum costs no second pass).
   *
   * @param file the file
   * @param digest updated with every decompressed byte, header included; may be null
   * @return its images
   * @throws IdxFormatException when the content is not a valid image file
   * @throws IOException when the file cannot be read
   */
  public static IdxImages readImages(Path file, MessageDigest digest) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return (IdxImages) read(file.toString(), in, Files.size(file), IMAGES_MAGIC, 0, digest);
    }
  }

  /**
   * Reads and validates a label file (raw or gzip) whose labels must lie in [0, classes).
   *
   * @param file the file
   * @param classes the number of classes, 1..256
   * @return its labels
   * @throws IdxFormatException when the content is not a valid label file or a label is out of
   *     range
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when classes is out of range
   */
  public static IdxLabels readLabels(Path file, int classes) throws IOException {
    return readLabels(file, classes, null);
  }

  /**
   * As {@link #readLabels(Path, int)}, feeding the decompressed bytes to {@code digest}.
   *
   * @param file the file
   * @param classes the number of classes, 1..256
   * @param digest updated with every decompressed byte, header included; may be null
   * @return its labels
   * @throws IdxFormatException when the content is not a valid label file or a label is out of
   *     range
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when classes is out of range
   */
  public static IdxLabels readLabels(Path file, int classes, MessageDigest digest)
      throws IOException {
    checkClasses(classes);
    try (InputStream in = Files.newInputStream(file)) {
      return (IdxLabels) read(file.toString(), in, Files.size(file), LABELS_MAGIC, classes, digest);
    }
  }

  /**
   * Parses image file content held in memory.
   *
   * @param name starts every error message (a file name, say)
   * @param content read: the file's bytes, raw or gzip
   * @return its images (the pixel array is new)
   * @throws IdxFormatException when the content is not a valid image file
   * @throws IllegalArgumentException when content is null
   */
  public static IdxImages parseImages(String name, byte[] content) throws IdxFormatException {
    return (IdxImages) parseBytes(name, content, IMAGES_MAGIC, 0);
  }

  /**
   * Parses label file content held in memory.
   *
   * @param name starts every error message
   * @param content read: the file's bytes, raw or gzip
   * @param classes the number of classes, 1..256
   * @return its labels
   * @throws IdxFormatException when the content is not a valid label file or a label is out of
   *     range
   * @throws IllegalArgumentException when content is null or classes is out of range
   */
  public static IdxLabels parseLabels(String name, byte[] content, int classes)
      throws IdxFormatException {
    checkClasses(classes);
    return (IdxLabels) parseBytes(name, content, LABELS_MAGIC, classes);
  }

  private static Object parseBytes(String name, byte[] content, int magic, int classes)
      throws IdxFormatException {
    if (content == null) {
      throw new IllegalArgumentException("content: is null");
    }
    try {
      return read(name, new ByteArrayInputStream(content), content.length, magic, classes, null);
    } catch (IdxFormatException e) {
      throw e;
    } catch (IOException e) {
      // A byte array cannot fail to read; anything else is a format problem.
      throw new IdxFormatException(name + ": " + e.getMessage(), e);
    }
  }

  private static void checkClasses(int classes) {
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("classes: expected 1..256, got " + classes);
    }
  }

  private static Object read(String name, InputStream raw, long fileSize, int magic, int classes,
      MessageDigest digest) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    try {
      InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
      if (digest == null) {
        return readIdx(name, in, gzip, fileSize, magic, classes);
      }
      // Hashed on a second thread as the bytes arrive (readIdx never overwrites what it read).
      try (BackgroundDigest hashed = new BackgroundDigest(in, digest)) {
        Object content = readIdx(name, hashed, gzip, fileSize, magic, classes);
        hashed.finish();
        return content;
      }
    } catch (ZipException | EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw new IdxFormatException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static Object readIdx(String name, InputStream in, boolean gzip, long fileSize,
      int magic, int classes) throws IOException {
    String what = magic == IMAGES_MAGIC ? "images" : "labels";
    int dims = magic & 0xff;
    byte[] head = new byte[4 + 4 * dims];
    int got = in.readNBytes(head, 0, 4);
    if (got < 4) {
      throw new IdxFormatException(name + ": too short for an IDX file (" + got
          + " bytes), expected the 4-byte magic 0x" + hex(magic) + " (" + what + ")");
    }
    int found = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8)
        | (head[3] & 0xff);
    if (found != magic) {
      String hint = "";
      if (found == IMAGES_MAGIC) {
        hint = "; this is an image file";
      } else if (found == LABELS_MAGIC) {
        hint = "; this is a label file";
      } else if ((found >>> 16) == 0 && ((found >>> 8) & 0xff) != 0x08) {
        hint = "; only unsigned-byte IDX (type 0x08) is supported";
      }
      throw new IdxFormatException(name + ": expected IDX magic 0x" + hex(magic) + " (" + what
          + ", unsigned bytes, " + dims + " dimension" + (dims == 1 ? "" : "s") + "), found 0x"
          + hex(found) + hint);
    }
    got = in.readNBytes(head, 4, 4 * dims);
    if (got < 4 * dims) {
      throw new IdxFormatException(name + ": truncated header: expected " + dims
          + " dimension size" + (dims == 1 ? "" : "s") + " (" + 4 * dims + " bytes) after the magic,"
          + " found " + got + " bytes");
    }
    long[] d = new long[dims];
    for (int i = 0; i < dims; i++) {
      int o = 4 + 4 * i;
      d[i] = ((head[o] & 0xffL) << 24) | ((head[o + 1] & 0xff) << 16)
          | ((head[o + 2] & 0xff) << 8) | (head[o + 3] & 0xff);
      if (d[i] > Integer.MAX_VALUE) {
        throw new IdxFormatException(name + ": dimension " + i + " is " + d[i]
            + ", expected at most " + Integer.MAX_VALUE);
      }
    }
    long count = d[0];
    long perItem = 1;
    if (dims == 3) {
      if (d[1] < 1 || d[2] < 1) {
        throw new IdxFormatException(name + ": images of " + d[1] + "x" + d[2]
            + " pixels, expected at least 1x1");
      }
      perItem = d[1] * d[2]; // both < 2^31: fits a long
      if (perItem > MAX_ARRAY) {
        throw new IdxFormatException(name + ": images of " + d[1] + "x" + d[2]
            + " pixels are too large, expected at most " + MAX_ARRAY + " pixels");
      }
    }
    long payload = count * perItem; // < 2^62
    String declared = count + " " + what + (dims == 3 ? " of " + d[1] + "x" + d[2] : "") + " ("
        + payload + " bytes)";
    if (payload > MAX_ARRAY) {
      throw new IdxFormatException(name + ": the header declares " + declared
          + ", more than the " + MAX_ARRAY + " bytes a Java array can hold");
    }
    long headerSize = head.length;
    if (!gzip) {
      long after = fileSize - headerSize;
      if (payload > after) {
        throw new IdxFormatException(name + ": truncated: the header declares " + declared
            + " but only " + after + " bytes follow the header");
      }
      if (payload < after) {
        throw new IdxFormatException(name + ": " + (after - payload)
            + " trailing bytes after the " + declared + " the header declares");
      }
    } else if (headerSize + payload > fileSize * GZIP_MAX_RATIO) {
      throw new IdxFormatException(name + ": truncated: the header declares " + declared
          + " but a gzip file of " + fileSize + " bytes cannot hold more than "
          + fileSize * GZIP_MAX_RATIO);
    }
    byte[] data = readPayload(name, in, (int) payload, declared, gzip);
    if (in.read() != -1) {
      throw new IdxFormatException(name + ": trailing bytes after the " + declared
          + " the header declares");
    }
    if (dims == 3) {
      return new IdxImages((int) count, (int) d[1], (int) d[2], data);
    }
    for (int i = 0; i < data.length; i++) {
      int v = data[i] & 0xff;
      if (v >= classes) {
        throw new IdxFormatException(name + ": label " + i + " is " + v + ", expected 0.."
            + (classes - 1));
      }
    }
    return new IdxLabels((int) count, data);
  }

  /** Reads exactly n bytes, growing the buffer only as data arrives (a forged size costs nothing). */
  private static byte[] readPayload(String name, InputStream in, int n, String declared,
      boolean grow) throws IOException {
    // A raw file's size was checked against the header: allocate once. A gzip stream's is not
    // known: grow as data arrives, so a lying header costs at most twice the real data.
    byte[] buf = new byte[grow ? Math.min(n, CHUNK) : n];
    int filled = 0;
    while (filled < n) {
      if (filled == buf.length) {
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
      }
      // At most READ bytes a call: a larger read makes the JDK allocate a native buffer of that
      // size for each call (47 MB for MNIST's training images), whose first touch costs more
      // than the copy itself.
      int r = in.read(buf, filled, Math.min(READ, buf.length - filled));
      if (r < 0) {
        throw new IdxFormatException(name + ": truncated: the header declares " + declared
            + " but the data ends after " + filled + " bytes");
      }
      filled += r;
    }
    return buf;
  }

  private static String hex(int v) {
    return String.format("%08x", v);
  }
}
