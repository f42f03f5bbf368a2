package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache stamp: a folder whose SHA-256s were checked loads again without hashing while its
 * files are unchanged (name, size, modification time), and is hashed again once one changes.
 */
class MnistCacheStampTest {

  @TempDir Path dir;

  /**
   * A fetcher over a small synthetic set in {@code folder} whose digests are its checksums, after
   * one full check.
   */
  private static MnistFetcher checkedFetcher(Path folder, boolean gzip) throws IOException {
    MnistTest.writeSmallSet(folder, new SplittableRandom(3), gzip);
    Mnist hashed = Mnist.load(folder, false);
    MnistFetcher f = new MnistFetcher(folder).checksums(hashed.digests()).useNpm(false);
    assertNull(f.loadVerifiedBefore(), "no stamp yet");
    f.recordVerified(Mnist.load(folder, false));
    assertTrue(Files.isRegularFile(folder.resolve(MnistFetcher.STAMP)));
    return f;
  }

  @Test
  void anUnchangedCacheLoadsTheSameDataAndDigests() throws IOException {
    for (boolean gz : new boolean[] {false, true}) {
      Path sub = Files.createDirectories(dir.resolve("gz" + gz));
      MnistFetcher f = checkedFetcher(sub, gz);
      Mnist hashed = Mnist.load(sub, false);
      Mnist known = f.loadVerifiedBefore();
      assertNotNull(known, "stamp ignored (gzip " + gz + ")");
      assertEquals(hashed.digests(), known.digests());
      float[] a = new float[12 * 784];
      float[] b = new float[12 * 784];
      int[] la = new int[12];
      int[] lb = new int[12];
      hashed.train().copyRange(0, 12, a, la);
      known.train().copyRange(0, 12, b, lb);
      assertArrayEquals(a, b);
      assertArrayEquals(la, lb);
      assertEquals(5, known.test().size());
    }
  }

  @Test
  void aRewrittenFileIsHashedAgain() throws IOException {
    MnistFetcher f = checkedFetcher(dir, false);
    Path labels = dir.resolve(Mnist.TEST_LABELS);
    byte[] content = Files.readAllBytes(labels);
    content[content.length - 1] = (byte) ((content[content.length - 1] + 1) % 10);
    Files.write(labels, content); // same size, new modification time
    Files.setLastModifiedTime(labels, FileTime.fromMillis(
        Files.getLastModifiedTime(labels).toMillis() + 2000));
    assertNull(f.loadVerifiedBefore(), "a file changed since its check");
  }

  @Test
  void aTruncatedFileIsHashedAgain() throws IOException {
    MnistFetcher f = checkedFetcher(dir, false);
    Path images = dir.resolve(Mnist.TRAIN_IMAGES);
    FileTime t = Files.getLastModifiedTime(images);
    byte[] content = Files.readAllBytes(images);
    Files.write(images, java.util.Arrays.copyOf(content, content.length - 784));
    Files.setLastModifiedTime(images, t); // even with the old time: the size differs
    assertNull(f.loadVerifiedBefore());
  }

  @Test
  void otherChecksumsOrAGarbledStampAreNotTrusted() throws IOException {
    MnistFetcher f = checkedFetcher(dir, false);
    Map<String, String> other = new HashMap<>(Mnist.SHA256);
    assertNull(new MnistFetcher(dir).checksums(other).loadVerifiedBefore(),
        "a stamp of other digests vouches for nothing");
    Files.writeString(dir.resolve(MnistFetcher.STAMP), "not a stamp\n");
    assertNull(f.loadVerifiedBefore());
  }

  @Test
  void onlyAMatchingCheckIsRecorded() throws IOException {
    MnistTest.writeSmallSet(dir, new SplittableRandom(4), false);
    MnistFetcher canonical = new MnistFetcher(dir).useNpm(false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> canonical.recordVerified(Mnist.load(dir, false)));
    assertTrue(e.getMessage().contains("expected " + Mnist.SHA256.get(Mnist.TRAIN_IMAGES)),
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve(MnistFetcher.STAMP)));
  }
}
