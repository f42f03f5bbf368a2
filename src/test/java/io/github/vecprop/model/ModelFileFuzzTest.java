package io.github.vecprop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated model files: every truncation and every single-bit flip of a small checkpoint must fail
 * (never load as success); random damage and forged headers (with the CRC recomputed, so the
 * validation behind it is exercised) give only {@link ModelFormatException}.
 */
class ModelFileFuzzTest {

  private static final int CASES = Integer.getInteger("vecprop.cases", 3000);

  private static byte[] sample(SplittableRandom rnd) {
    int layers = rnd.nextInt(2, 5);
    int[] sizes = new int[layers];
    for (int i = 0; i < layers; i++) {
      sizes[i] = rnd.nextInt(1, 6);
    }
    ModelSpec spec = Specs.random(rnd, sizes, rnd.nextBoolean() ? "relu" : "sigmoid");
    return rnd.nextBoolean() ? ModelFile.encode(Checkpoint.of(spec))
        : ModelFile.encode(new Checkpoint(spec, Map.of("m.W1", new float[] {1, -2}),
            Map.of("iteration", rnd.nextLong(), "epoch", 3L)));
  }

  private static void mustFail(byte[] b, String desc) {
    try {
      ModelFile.decode("fuzz", b);
      fail("accepted a damaged file: " + desc);
    } catch (ModelFormatException expected) {
      if (!expected.getMessage().startsWith("fuzz: ")) {
        fail("message does not name the file: " + expected.getMessage() + " — " + desc);
      }
    } catch (Throwable t) {
      throw new AssertionError("unexpected " + t + " — " + desc, t);
    }
  }

  @Test
  void everyTruncationAndEverySingleBitFlipFails() {
    long seed = Specs.seed();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int s = 0; s < 3; s++) {
        byte[] valid = sample(rnd);
        assertEquals(valid.length, ModelFile.encode(ModelFile.decode("ok", valid)).length);
        for (int len = 0; len < valid.length; len++) {
          mustFail(Arrays.copyOf(valid, len), "truncated to " + len + ", " + Specs.replay(seed));
        }
        for (int bit = 0; bit < 8 * valid.length; bit++) {
          byte[] b = valid.clone();
          b[bit / 8] ^= (byte) (1 << (bit % 8));
          mustFail(b, "bit " + bit + " flipped, " + Specs.replay(seed));
        }
      }
    }, () -> Specs.replay(seed));
  }

  @Test
  void randomDamageAndForgedHeadersGiveOnlyTheDocumentedException() {
    long seed = Specs.seed();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(seed), () -> Specs.replay(seed));
  }

  private static void run(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] forged = {0, 1, -1, 0x80000000, 0x7fffffff, 1 << 20, (1 << 20) + 1, 65, 1 << 16};
    for (int c = 0; c < CASES; c++) {
      byte[] b = sample(rnd);
      int op = rnd.nextInt(4);
      String what;
      boolean mayPass = false;
      switch (op) {
        case 0 -> { // several random bytes
          int k = rnd.nextInt(1, 6);
          boolean changed = false;
          for (int i = 0; i < k; i++) {
            int at = rnd.nextInt(b.length);
            byte v = (byte) rnd.nextInt(256);
            changed |= b[at] != v;
            b[at] = v;
          }
          mayPass = !changed;
          what = k + " random bytes";
        }
        case 1 -> { // noise, sometimes behind a valid magic
          b = new byte[rnd.nextInt(0, 200)];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
          }
          if (b.length >= 8 && rnd.nextBoolean()) {
            System.arraycopy(ModelFile.magic(), 0, b, 0, 8);
          }
          what = "noise";
        }
        default -> { // a forged u32 in the structure with the CRC recomputed
          int at = 24 + 4 * rnd.nextInt(Math.max(1, (b.length - 28) / 4));
          int v = rnd.nextInt(3) == 0 ? rnd.nextInt() : forged[rnd.nextInt(forged.length)];
          ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
          ModelFileTest.withCrc(b);
          mayPass = true; // a forged weight or counter can be a valid file
          what = "forged u32 " + v + " at " + at + " (CRC fixed)";
        }
      }
      String desc = "case " + c + " (" + what + "), " + Specs.replay(seed);
      try {
        Checkpoint cp = ModelFile.decode("fuzz", b);
        if (!mayPass) {
          fail("accepted a damaged file: " + desc);
        }
        assertEquals(b.length, ModelFile.encode(cp).length, desc); // a consistent result
      } catch (ModelFormatException expected) {
        if (!expected.getMessage().startsWith("fuzz: ")) {
          fail("message does not name the file: " + expected.getMessage() + " — " + desc);
        }
      } catch (Throwable t) {
        throw new AssertionError("unexpected " + t + " — " + desc, t);
      }
    }
  }
}
