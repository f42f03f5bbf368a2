package io.github.vecprop.nn;

/**
 * The replay knobs of the property tests: {@code -Dvecprop.seed=…} (decimal, or hex with 0x)
 * and {@code -Dvecprop.cases=…}. Surefire always passes both; an empty string means unset.
 */
final class TestSeeds {
  private TestSeeds() {}

  static long baseSeed(long fallback) {
    String s = System.getProperty("vecprop.seed", "").trim();
    if (s.isEmpty()) {
      return fallback;
    }
    return s.startsWith("0x") || s.startsWith("0X")
        ? Long.parseUnsignedLong(s.substring(2), 16)
        : Long.parseLong(s);
  }

  static int cases(int fallback) {
    String s = System.getProperty("vecprop.cases", "").trim();
    return s.isEmpty() ? fallback : Integer.parseInt(s);
  }

  /** Case i of a run: case 0 is the base seed itself, so passing a printed case seed replays it first. */
  static long caseSeed(long base, int i) {
    return base + i * 0x9E3779B97F4A7C15L;
  }
}
