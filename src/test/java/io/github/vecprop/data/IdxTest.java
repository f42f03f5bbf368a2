package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @TempDir Path dir;
  final SplittableRandom rnd = new SplittableRandom(7);

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private IdxFormatException imagesFail(String name, byte[] content) throws IOException {
    Path f = write(name, content);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(f));
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  private IdxFormatException labelsFail(String name, byte[] content) throws IOException {
    Path f = write(name, content);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(f, 10));
    assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
    return e;
  }

  @Test
  void readsRawAndGzipByContentNotName() throws IOException {
    byte[] raw = IdxFiles.images(5, 3, 4, rnd);
    IdxImages a = Idx.readImages(write("plain.gz", raw)); // misleading name on purpose
    IdxImages b = Idx.readImages(write("packed", IdxFiles.gzip(raw)));
    for (IdxImages im : new IdxImages[] {a, b}) {
      assertEquals(5, im.count());
      assertEquals(3, im.rows());
      assertEquals(4, im.cols());
      assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), im.pixels());
    }
    byte[] lr = IdxFiles.labels(7, 10, rnd);
    assertArrayEquals(Arrays.copyOfRange(lr, 8, lr.length),
        Idx.readLabels(write("l.gz", IdxFiles.gzip(lr)), 10).labels());
  }

  @Test
  void zeroItemsIsValid() throws IOException {
    assertEquals(0, Idx.readImages(write("empty-set", IdxFiles.images(0, 28, 28, rnd))).count());
  }

  @Test
  void emptyFile() throws IOException {
    assertTrue(imagesFail("empty", new byte[0]).getMessage().contains("too short"));
  }

  @Test
  void wrongMagicNamesBothAndHintsAtSwappedFiles() throws IOException {
    IdxFormatException e = imagesFail("swapped", IdxFiles.labels(3, 10, rnd));
    assertTrue(e.getMessage().contains("expected IDX magic 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("this is a label file"), e.getMessage());
    e = labelsFail("swapped2", IdxFiles.images(3, 2, 2, rnd));
    assertTrue(e.getMessage().contains("this is an image file"), e.getMessage());
    e = imagesFail("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    assertTrue(e.getMessage().contains("found 0x89504e47"), e.getMessage());
    e = imagesFail("floats", IdxFiles.withInt(IdxFiles.images(1, 1, 1, rnd), 0, 0x00000d03));
    assertTrue(e.getMessage().contains("type 0x08"), e.getMessage());
  }

  @Test
  void truncatedHeader() throws IOException {
    byte[] raw = IdxFiles.images(2, 2, 2, rnd);
    assertTrue(imagesFail("short", Arrays.copyOf(raw, 10)).getMessage()
        .contains("truncated header"));
  }

  @Test
  void truncatedPayloadRawAndGzip() throws IOException {
    byte[] raw = IdxFiles.images(10, 4, 4, rnd);
    byte[] cut = Arrays.copyOf(raw, raw.length - 1);
    assertTrue(imagesFail("cut", cut).getMessage().contains("truncated"));
    assertTrue(imagesFail("cut.gz", IdxFiles.gzip(cut)).getMessage().contains("truncated"));
    byte[] gz = IdxFiles.gzip(raw);
    IdxFormatException e = imagesFail("cutgz.gz", Arrays.copyOf(gz, gz.length - 10));
    assertTrue(e.getMessage().contains("corrupt gzip") || e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void trailingBytesRawAndGzip() throws IOException {
    byte[] raw = Arrays.copyOf(IdxFiles.labels(10, 10, rnd), 8 + 10 + 3);
    assertTrue(labelsFail("long", raw).getMessage().contains("3 trailing bytes"));
    assertTrue(labelsFail("long.gz", IdxFiles.gzip(raw)).getMessage().contains("trailing"));
  }

  @Test
  void forgedCountOf2pow31IsRejectedBeforeAllocating() throws IOException {
    for (int forged : new int[] {0x80000000, 0xffffffff}) {
      byte[] raw = IdxFiles.withInt(IdxFiles.labels(4, 10, rnd), 4, forged);
      IdxFormatException e = labelsFail("forged", raw);
      assertTrue(e.getMessage().contains("expected at most 2147483647"), e.getMessage());
      labelsFail("forged.gz", IdxFiles.gzip(raw));
    }
    // Fits an int, but not in the file: refused by size before any allocation.
    byte[] raw = IdxFiles.withInt(IdxFiles.images(4, 28, 28, rnd), 4, 2_000_000);
    assertTrue(imagesFail("big", raw).getMessage().contains("truncated"));
    IdxFormatException e = imagesFail("big.gz", IdxFiles.gzip(raw));
    assertTrue(e.getMessage().contains("cannot hold more than"), e.getMessage());
    // Product beyond any array.
    raw = IdxFiles.withInt(IdxFiles.images(4, 28, 28, rnd), 4, 0x7fffffff);
    assertTrue(imagesFail("huge", raw).getMessage().contains("more than"));
    raw = IdxFiles.withInt(IdxFiles.withInt(IdxFiles.images(1, 1, 1, rnd), 8, 0x7fffffff), 12,
        0x7fffffff);
    assertTrue(imagesFail("wide", raw).getMessage().contains("too large"));
  }

  @Test
  void zeroSizedImages() throws IOException {
    byte[] raw = IdxFiles.withInt(IdxFiles.images(1, 1, 1, rnd), 8, 0);
    assertTrue(imagesFail("flat", raw).getMessage().contains("expected at least 1x1"));
  }

  @Test
  void labelOutOfRange() throws IOException {
    byte[] raw = IdxFiles.labels(5, 10, rnd);
    raw[8 + 3] = 12;
    IdxFormatException e = labelsFail("bad-label", raw);
    assertTrue(e.getMessage().contains("label 3 is 12, expected 0..9"), e.getMessage());
  }

  @Test
  void corruptGzip() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.images(20, 5, 5, rnd));
    gz[gz.length / 2] ^= 0x55;
    gz[gz.length / 2 + 1] ^= 0x55;
    assertTrue(imagesFail("flip.gz", gz).getMessage().contains("corrupt gzip"));
    byte[] crc = IdxFiles.gzip(IdxFiles.images(20, 5, 5, rnd));
    crc[crc.length - 6] ^= 1; // the CRC-32 of the trailer
    assertTrue(imagesFail("crc.gz", crc).getMessage().contains("corrupt gzip"));
    assertTrue(imagesFail("header.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2})
        .getMessage().contains("corrupt gzip"));
  }

  @Test
  void parseNamesTheSource() {
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> Idx.parseImages("resource:x", new byte[3]));
    assertTrue(e.getMessage().startsWith("resource:x: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Idx.parseLabels("x", new byte[8], 0));
  }
}
