package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest computed beside the reading equals the digest of the bytes, however they are read. */
class BackgroundDigestTest {

  @TempDir Path dir;

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  @Test
  void mixedReadsAndSkipsDigestEveryByteInOrder() throws Exception {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      byte[] data = new byte[rnd.nextInt(1, 300_000)];
      rnd.nextBytes(data);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (BackgroundDigest in = new BackgroundDigest(new ByteArrayInputStream(data), md)) {
        int pos = 0;
        while (pos < data.length) {
          int kind = rnd.nextInt(3);
          if (kind == 0) {
            int b = in.read();
            assertEquals(data[pos] & 0xFF, b);
            pos++;
          } else if (kind == 1) {
            byte[] buf = new byte[rnd.nextInt(1, 70_000)]; // never reused: the stream's contract
            int off = rnd.nextInt(0, 3);
            int r = in.read(buf, off, buf.length - off);
            for (int i = 0; i < r; i++) {
              assertEquals(data[pos + i], buf[off + i]);
            }
            pos += Math.max(r, 0);
          } else {
            pos += (int) in.skip(rnd.nextInt(1, 5000));
          }
        }
        assertEquals(-1, in.read());
        in.finish();
      }
      assertArrayEquals(sha256(data), md.digest(), "trial " + trial);
    }
  }

  @Test
  void idxReadReportsTheFileDigestRawAndGzip() throws Exception {
    SplittableRandom rnd = new SplittableRandom(6);
    byte[] images = IdxFiles.images(300, 28, 28, rnd);
    for (boolean gz : new boolean[] {false, true}) {
      Path f = dir.resolve("img" + gz);
      Files.write(f, gz ? IdxFiles.gzip(images) : images);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      IdxImages read = Idx.readImages(f, md);
      assertEquals(300, read.count());
      assertArrayEquals(sha256(images), md.digest(), "gzip " + gz);
    }
  }

  @Test
  void aFailedReadStopsTheDigestThread() throws Exception {
    InputStream failing = new InputStream() {
      private int left = 100_000;

      @Override
      public int read() throws IOException {
        if (left-- <= 0) {
          throw new IOException("disk gone");
        }
        return 1;
      }
    };
    Path f = dir.resolve("truncated");
    byte[] images = IdxFiles.images(50, 28, 28, new SplittableRandom(7));
    Files.write(f, java.util.Arrays.copyOf(images, images.length / 2));
    for (int i = 0; i < 5; i++) {
      assertThrows(IdxFormatException.class,
          () -> Idx.readImages(f, MessageDigest.getInstance("SHA-256")));
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      BackgroundDigest in = new BackgroundDigest(failing, md);
      assertThrows(IOException.class, () -> in.readNBytes(200_000));
      in.close();
    }
    Thread.sleep(200); // the executor's worker ends shortly after shutdownNow
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("vecprop-digest") && t.isAlive()),
        "a vecprop-digest thread outlived its stream");
  }
}
