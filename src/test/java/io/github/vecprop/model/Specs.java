package io.github.vecprop.model;

import java.util.SplittableRandom;

/** Random valid specs and the seed of the property tests (-Dvecprop.seed= replays). */
final class Specs {
  private Specs() {}

  static ModelSpec random(SplittableRandom rnd, int[] sizes, String activation) {
    float[][] p = new float[2 * (sizes.length - 1)][];
    for (int i = 0; i < p.length; i++) {
      int l = i / 2;
      p[i] = new float[i % 2 == 0 ? sizes[l] * sizes[l + 1] : sizes[l + 1]];
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] = (float) rnd.nextGaussian() * 0.3f;
      }
    }
    return new ModelSpec(sizes, activation, p);
  }

  static long seed() {
    String s = System.getProperty("vecprop.seed", "");
    return s.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(s.trim());
  }

  static String replay(long seed) {
    return "seed " + seed + " (replay with -Dvecprop.seed=" + seed + ")";
  }

  /**
   * A format-1 file of a fully connected spec, written here from the layout in ModelFile's
   * javadoc (the format vecprop 0.1.0 wrote), with no extra arrays or counters.
   */
  static byte[] v1Bytes(ModelSpec spec) {
    int[] sizes = spec.layerSizes();
    byte[] act = spec.activation().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    float[][] params = spec.params();
    int len = 28 + 4 * sizes.length + 1 + act.length + 4 + 4 + 4;
    for (float[] p : params) {
      len += 4 * p.length;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(len)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'V', 'E', 'C', 'P', 'R', 'O', 'P', 0}).putInt(1).putInt(0).putLong(len)
        .putInt(sizes.length);
    for (int s : sizes) {
      b.putInt(s);
    }
    b.put((byte) act.length).put(act);
    for (float[] p : params) {
      for (float v : p) {
        b.putFloat(v);
      }
    }
    b.putInt(0).putInt(0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.array(), 0, len - 4);
    b.putInt((int) crc.getValue());
    return b.array();
  }
}
