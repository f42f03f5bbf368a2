package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

  @TempDir Path dir;
  final SplittableRandom rnd = new SplittableRandom(11);

  /** A small set in MNIST format: 12 training and 5 test images of 28×28. */
  static void writeSmallSet(Path dir, SplittableRandom rnd, boolean gzip) throws IOException {
    byte[][] files = {IdxFiles.images(12, 28, 28, rnd), IdxFiles.labels(12, 10, rnd),
        IdxFiles.images(5, 28, 28, rnd), IdxFiles.labels(5, 10, rnd)};
    for (int i = 0; i < 4; i++) {
      String name = Mnist.FILES.get(i);
      Files.write(dir.resolve(gzip ? name + ".gz" : name),
          gzip ? IdxFiles.gzip(files[i]) : files[i]);
    }
  }

  @Test
  void loadsRawAndGzipWithoutDemandingChecksums() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      Path d = Files.createDirectories(dir.resolve("set" + gz));
      writeSmallSet(d, rnd, gz);
      Mnist m = Mnist.load(d);
      assertEquals(12, m.train().size());
      assertEquals(5, m.test().size());
      assertEquals(784, m.train().features());
      assertFalse(m.canonical());
      assertEquals(4, m.digests().size());
      ChecksumException e = assertThrows(ChecksumException.class, () -> Mnist.load(d, true));
      assertTrue(e.getMessage().contains("expected " + Mnist.SHA256.get(Mnist.TRAIN_IMAGES)),
          e.getMessage());
    }
  }

  @Test
  void acceptsTheDottedNames() throws IOException {
    writeSmallSet(dir, rnd, false);
    Files.move(dir.resolve(Mnist.TEST_IMAGES), dir.resolve("t10k-images.idx3-ubyte"));
    assertEquals(5, Mnist.load(dir).test().size());
  }

  @Test
  void missingFileNamesFolderAndFile() throws IOException {
    writeSmallSet(dir, rnd, true);
    Files.delete(dir.resolve(Mnist.TEST_LABELS + ".gz"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(Mnist.TEST_LABELS), e.getMessage());
    assertThrows(NoSuchFileException.class, () -> Mnist.load(dir.resolve("nope")));
  }

  @Test
  void countsMustAgree() throws IOException {
    writeSmallSet(dir, rnd, false);
    Files.write(dir.resolve(Mnist.TRAIN_LABELS), IdxFiles.labels(11, 10, rnd));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains("11 labels") && e.getMessage().contains("12 images"),
        e.getMessage());
  }

  @Test
  void digestOfContentIsTheSameRawOrGzip() throws IOException {
    byte[] raw = IdxFiles.labels(9, 10, rnd);
    Path a = Files.write(dir.resolve("a"), raw);
    Path b = Files.write(dir.resolve("b"), IdxFiles.gzip(raw));
    assertEquals(Mnist.sha256OfContent(a), Mnist.sha256OfContent(b));
  }

  /** With the real files in $VECPROP_DATA (not required), they load and verify. */
  @Test
  void realMnistWhenPresent() throws IOException {
    String env = System.getenv("VECPROP_DATA");
    assumeTrue(env != null && !env.isBlank() && Files.isDirectory(Path.of(env)));
    Mnist m = Mnist.load(Path.of(env), true);
    assertEquals(60000, m.train().size());
    assertEquals(10000, m.test().size());
    assertTrue(m.canonical());
  }
}
