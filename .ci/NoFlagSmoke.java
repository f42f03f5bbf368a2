import io.github.vecprop.kernel.Kernels;

/**
 * Run against the built jar WITHOUT --add-modules: the library must work, on its plain-Java twin,
 * and say so. Exits non-zero when it does not.
 */
public class NoFlagSmoke {
  public static void main(String[] args) {
    float[] a = {1, 2, 3, 4, 5, 6};          // 2×3
    float[] b = {1, 0, 0, 1, 1, 1};          // 3×2
    float[] c = new float[4];
    Kernels.gemm(2, 2, 3, a, b, c);
    float[] expected = {4, 5, 10, 11};
    for (int i = 0; i < 4; i++) {
      if (c[i] != expected[i]) {
        System.err.println("NoFlagSmoke: gemm gave " + java.util.Arrays.toString(c));
        System.exit(1);
      }
    }
    if (!Kernels.implementation().equals("scalar")) {
      System.err.println("NoFlagSmoke: expected the scalar twin without the flag, got "
          + Kernels.implementation());
      System.exit(1);
    }
    System.out.println("no-flag program OK: kernels=" + Kernels.implementation()
        + " (" + Kernels.selectionReason() + ")");
  }
}
