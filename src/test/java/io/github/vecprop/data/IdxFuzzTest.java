package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of small valid IDX files, raw and gzip: the reader returns a consistent result
 * or throws {@link IdxFormatException} — never another exception, never an error, never a hang.
 */
class IdxFuzzTest {

  private static final int CASES = Integer.getInteger("vecprop.cases", 3000);

  @Test
  void mutatedFilesOnlyGiveTheDocumentedException() {
    long seed = Fuzz.seed();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(seed), () -> Fuzz.replay(seed));
  }

  private static void run(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < CASES; c++) {
      boolean images = rnd.nextBoolean();
      byte[] valid = images
          ? IdxFiles.images(rnd.nextInt(0, 6), rnd.nextInt(1, 6), rnd.nextInt(1, 6), rnd)
          : IdxFiles.labels(rnd.nextInt(0, 30), 10, rnd);
      int op = rnd.nextInt(6);
      boolean gzipFirst = rnd.nextBoolean();
      byte[] input = gzipFirst ? IdxFiles.gzip(valid) : valid.clone();
      String what;
      switch (op) {
        case 0 -> { // truncate
          int len = rnd.nextInt(input.length + 1);
          input = Arrays.copyOf(input, len);
          what = "truncated to " + len;
        }
        case 1 -> { // bit flips
          int flips = rnd.nextInt(1, 4);
          for (int i = 0; i < flips && input.length > 0; i++) {
            input[rnd.nextInt(input.length)] ^= (byte) (1 << rnd.nextInt(8));
          }
          what = flips + " bit flips";
        }
        case 2 -> { // random bytes overwritten
          for (int i = 0; i < 4 && input.length > 0; i++) {
            input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
          }
          what = "random bytes";
        }
        case 3 -> { // pure noise (sometimes with a gzip magic)
          input = new byte[rnd.nextInt(64)];
          for (int i = 0; i < input.length; i++) {
            input[i] = (byte) rnd.nextInt(256);
          }
          if (input.length > 2 && rnd.nextBoolean()) {
            input[0] = 0x1f;
            input[1] = (byte) 0x8b;
          }
          what = "noise";
        }
        case 4 -> { // forged header dimension, then (maybe) gzip
          int[] forged = {0x80000000, 0xffffffff, 0x7fffffff, 0x7ffffff7, 1 << 24,
              rnd.nextInt()};
          int dims = images ? 3 : 1;
          int at = 4 + 4 * rnd.nextInt(dims);
          int v = forged[rnd.nextInt(forged.length)];
          input = IdxFiles.withInt(valid, at, v);
          if (gzipFirst) {
            input = IdxFiles.gzip(input);
          }
          what = "forged u32 " + Integer.toUnsignedString(v) + " at " + at;
        }
        default -> { // appended bytes
          input = Arrays.copyOf(input, input.length + rnd.nextInt(1, 5));
          what = "appended bytes";
        }
      }
      String desc = "case " + c + " (" + (images ? "images" : "labels") + ", "
          + (gzipFirst ? "gzip" : "raw") + ", " + what + "), " + Fuzz.replay(seed);
      try {
        if (images) {
          IdxImages im = Idx.parseImages("fuzz", input);
          assertEquals((long) im.count() * im.rows() * im.cols(), im.pixels().length, desc);
          if (!gzipFirst && op != 3) {
            assertEquals(16 + im.pixels().length, input.length, desc);
          }
        } else {
          IdxLabels l = Idx.parseLabels("fuzz", input, 10);
          assertEquals(l.count(), l.labels().length, desc);
          for (byte b : l.labels()) {
            if (b < 0 || b > 9) {
              fail("label " + b + " accepted: " + desc);
            }
          }
        }
      } catch (IdxFormatException expected) {
        if (!expected.getMessage().startsWith("fuzz: ")) {
          fail("message does not name the source: " + expected.getMessage() + " — " + desc);
        }
      } catch (Throwable t) {
        throw new AssertionError("unexpected " + t + " — " + desc, t);
      }
    }
  }
}
