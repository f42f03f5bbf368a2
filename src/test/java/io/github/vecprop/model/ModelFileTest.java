package io.github.vecprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  @TempDir Path dir;
  final SplittableRandom rnd = new SplittableRandom(1);
  final ModelSpec small = Specs.random(rnd, new int[] {6, 4, 3}, "relu");

  /** Rewrites the CRC so a forged field gets past the checksum to the validation behind it. */
  static byte[] withCrc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  private ModelFormatException loadFails(byte[] content) throws IOException {
    Path f = Files.write(dir.resolve("m.vecprop"), content);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void roundTripsAPlainModelAndACheckpoint() throws IOException {
    Path f = dir.resolve("plain.vecprop");
    ModelFile.write(f, small);
    Checkpoint c = ModelFile.read(f);
    assertEquals(small, c.spec());
    assertTrue(c.arrays().isEmpty() && c.counters().isEmpty());

    Map<String, float[]> extra = new LinkedHashMap<>();
    extra.put("adam.m.W1", new float[] {1, 2, 3});
    extra.put("adam.v.W1", new float[0]);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("iteration", 1234L);
    counters.put("rng", Long.MIN_VALUE);
    Path g = dir.resolve("ckpt.vecprop");
    ModelFile.write(g, small, extra, counters);
    Checkpoint d = ModelFile.read(g);
    assertEquals(new Checkpoint(small, extra, counters), d);
    assertArrayEquals(new float[] {1, 2, 3}, d.array("adam.m.W1"));
    assertEquals(Long.MIN_VALUE, d.counter("rng", 0));
    assertEquals(List.of("ckpt.vecprop", "plain.vecprop"), files()); // no temp files
  }

  @Test
  void mnistModelHasTheDocumentedSize() {
    ModelSpec m = Specs.random(rnd, new int[] {784, 50, 10}, "relu");
    // Format 2, as ModelFile's javadoc adds it up.
    assertEquals(159_155, ModelFile.encode(Checkpoint.of(m)).length);
    // Format 1, as vecprop 0.1.0 wrote it, still reads back to the same spec.
    byte[] v1 = Specs.v1Bytes(m);
    assertEquals(159_097, v1.length);
    assertEquals(m, assertDoesNotThrow(() -> ModelFile.decode("v1", v1)).spec());
  }

  @Test
  void truncated() throws IOException {
    byte[] b = ModelFile.encode(Checkpoint.of(small));
    assertTrue(loadFails(Arrays.copyOf(b, b.length - 1)).getMessage().contains("truncated"));
    assertTrue(loadFails(Arrays.copyOf(b, 20)).getMessage().contains("truncated"));
    assertTrue(loadFails(Arrays.copyOf(b, 3)).getMessage().contains("truncated"));
    assertTrue(loadFails(Arrays.copyOf(b, b.length + 2)).getMessage().contains("trailing"));
  }

  @Test
  void bitFlipIsACrcMismatch() throws IOException {
    byte[] b = ModelFile.encode(Checkpoint.of(small));
    b[60] ^= 0x10;
    assertTrue(loadFails(b).getMessage().contains("CRC-32 mismatch"));
  }

  @Test
  void foreignFile() throws IOException {
    ModelFormatException e = loadFails(new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1});
    assertTrue(e.getMessage().contains("not a vecprop model file"), e.getMessage());
    assertTrue(loadFails(new byte[0]).getMessage().contains("truncated"));
  }

  @Test
  void unknownVersionAndFlags() throws IOException {
    byte[] b = ModelFile.encode(Checkpoint.of(small));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
    assertTrue(loadFails(b).getMessage().contains("format version 3 is not supported"));
    b = ModelFile.encode(Checkpoint.of(small));
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 1);
    assertTrue(loadFails(withCrc(b)).getMessage().contains("unknown flags"));
  }

  @Test
  void absurdArchitectureIsCaughtBeforeAllocating() throws IOException {
    byte[] base = Specs.v1Bytes(small);
    // L: number of sizes
    for (int l : new int[] {0, 1, 65, Integer.MIN_VALUE, -1}) {
      byte[] b = base.clone();
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24, l);
      assertTrue(loadFails(withCrc(b)).getMessage().contains("layer sizes, expected 2..64"));
    }
    // a size of 0, of 2^31, and sizes whose product exceeds the file
    int[][] forged = {{0, 4, 3}, {6, 0x80000000, 3}, {1 << 20, 1 << 20, 3}, {6, 4, 1000}};
    for (int[] s : forged) {
      byte[] b = base.clone();
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 3; i++) {
        bb.putInt(28 + 4 * i, s[i]);
      }
      ModelFormatException e = loadFails(withCrc(b));
      assertTrue(e.getMessage().contains("layer size") || e.getMessage().contains("need"),
          e.getMessage());
    }
    byte[] b = base.clone();
    b[28 + 12 + 1] = 'x'; // "relu" → "xelu"
    assertTrue(loadFails(withCrc(b)).getMessage().contains("unknown activation \"xelu\""));
  }

  @Test
  void nonFiniteWeightsAreRejectedOnLoadAndOnSave() throws IOException {
    byte[] b = Specs.v1Bytes(small);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(28 + 12 + 1 + 4 + 4 * 5, Float.NaN);
    ModelFormatException e = loadFails(withCrc(b));
    assertTrue(e.getMessage().contains("W1[5] is NaN"), e.getMessage());

    float[][] p = small.params();
    p[3][1] = Float.POSITIVE_INFINITY;
    IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec(new int[] {6, 4, 3}, "relu", p));
    assertTrue(iae.getMessage().contains("b2[1] is Infinity"), iae.getMessage());
    Path f = dir.resolve("x.vecprop");
    iae = assertThrows(IllegalArgumentException.class, () -> ModelFile.write(f, small,
        Map.of("m", new float[] {Float.NaN}), Map.of()));
    assertTrue(iae.getMessage().contains("m[0] is NaN"), iae.getMessage());
    assertFalse(Files.exists(f));
  }

  @Test
  void failedWriteLeavesTheOldFileAndNoTempFile() throws IOException {
    Path f = dir.resolve("keep.vecprop");
    ModelFile.write(f, small);
    byte[] before = Files.readAllBytes(f);
    assertThrows(IllegalArgumentException.class,
        () -> ModelFile.write(f, small, Map.of("", new float[1]), Map.of()));
    Path folder = dir.resolve("a-folder");
    Files.createDirectory(folder);
    IOException e = assertThrows(IOException.class, () -> ModelFile.write(folder, small));
    assertTrue(e.getMessage().contains("a folder has this name"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    assertEquals(List.of("a-folder", "keep.vecprop"), files());
    ModelFile.write(f, Specs.random(rnd, new int[] {2, 3, 2}, "sigmoid")); // replaces
    assertEquals(List.of("a-folder", "keep.vecprop"), files());
    assertEquals("sigmoid", ModelFile.readSpec(f).activation());
  }

  @Test
  void unwritableFolderNamesIt() throws IOException {
    Path missing = dir.resolve("no-such-folder");
    IOException e = assertThrows(IOException.class,
        () -> ModelFile.write(missing.resolve("m.vecprop"), small));
    assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    e = assertThrows(IOException.class, () -> ModelFile.write(file.resolve("m.vecprop"), small));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    Path ro = Files.createDirectory(dir.resolve("read-only"));
    if (ro.toFile().setWritable(false) && !Files.isWritable(ro)) { // not as root
      e = assertThrows(IOException.class, () -> ModelFile.write(ro.resolve("m.vecprop"), small));
      assertTrue(e.getMessage().startsWith(ro.toString()), e.getMessage());
    }
    ro.toFile().setWritable(true);
  }

  @Test
  void missingModelFile() {
    Path f = dir.resolve("absent.vecprop");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFile.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void specValidation() {
    assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec(new int[] {3}, "relu", new float[0][]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec(new int[] {2, 2}, "elu", new float[][] {new float[4], new float[2]}));
    assertTrue(e.getMessage().startsWith("activation:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec(new int[] {2, 2}, "relu", new float[][] {new float[3], new float[2]}));
    assertTrue(e.getMessage().contains("W1 has 3 elements, expected 2×2 = 4"), e.getMessage());
  }
}
