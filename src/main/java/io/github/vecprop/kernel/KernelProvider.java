package io.github.vecprop.kernel;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Picks the kernel implementation once, at first use, into a {@code static final} field (so the
 * JIT sees one implementation and inlines through the interface).
 *
 * <p>The Vector API one is chosen when all hold: the {@code jdk.incubator.vector} module is in the
 * boot layer, the VM is HotSpot with the C2 compiler (the interpreter and C1 run vector code
 * boxed, far slower than scalar), and the preferred float species is at least 256 bits. Otherwise
 * the plain-Java twin, with one log line naming the flag to add. {@code -Dvecprop.simd=auto|on|off}
 * overrides: {@code on} throws when it cannot be honoured, {@code off} always takes the twin.
 */
final class KernelProvider {

  static final String MODULE = "jdk.incubator.vector";
  static final String FLAG = "--add-modules " + MODULE;
  private static final String PANAMA_CLASS = "io.github.vecprop.kernel.PanamaKernelSupport";
  private static final System.Logger LOG = System.getLogger("io.github.vecprop.kernel");

  private KernelProvider() {}

  /** The choice and why it was made. */
  record Choice(KernelSupport support, String reason) {}

  /** Initialised on first use of {@link Kernels}. */
  static final class Holder {
    static final Choice CHOICE = choose(System.getProperty("vecprop.simd", "auto"));
    static final KernelSupport SUPPORT = CHOICE.support();

    private Holder() {}
  }

  static Choice choose(String mode) {
    String m = mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("off")) {
      return new Choice(ScalarKernelSupport.INSTANCE, "disabled by -Dvecprop.simd=off");
    }
    if (!m.equals("auto") && !m.equals("on")) {
      throw new IllegalArgumentException(
          "-Dvecprop.simd must be auto, on or off, got '" + mode + "'");
    }
    String missing = whyNotPanama();
    if (missing == null) {
      try {
        KernelSupport panama = loadPanama();
        return new Choice(panama, "Vector API, " + panama.floatLanes() * 32 + "-bit float vectors");
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        missing = "the Vector API implementation did not load: " + cause;
      }
    }
    if (m.equals("on")) {
      throw new IllegalStateException("-Dvecprop.simd=on cannot be honoured: " + missing
          + " (the JVM needs " + FLAG + ")");
    }
    LOG.log(Level.WARNING,
        "vecprop runs its plain-Java kernels because " + missing
            + "; start the JVM with " + FLAG + " for SIMD");
    return new Choice(ScalarKernelSupport.INSTANCE, missing);
  }

  /** Null when every precondition holds; otherwise the first one that does not. */
  static String whyNotPanama() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return "the " + MODULE + " module is not enabled";
    }
    String vm = System.getProperty("java.vm.name", "");
    if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
      return "the VM (" + vm + ") is not HotSpot";
    }
    String compilerIssue = c2Issue();
    if (compilerIssue != null) {
      return compilerIssue;
    }
    return null;
  }

  /** Null when C2 is in use, as far as the diagnostic bean tells. */
  private static String c2Issue() {
    try {
      com.sun.management.HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if (bean == null) {
        return null;
      }
      if ("false".equals(bean.getVMOption("UseCompiler").getValue())) {
        return "the JIT is off (-Xint)";
      }
      boolean tiered = "true".equals(bean.getVMOption("TieredCompilation").getValue());
      int stop = Integer.parseInt(bean.getVMOption("TieredStopAtLevel").getValue());
      if (tiered && stop < 4) {
        return "C2 is off (-XX:TieredStopAtLevel=" + stop + ")";
      }
      return null;
    } catch (RuntimeException | LinkageError e) {
      // No jdk.management in this runtime image: trust the VM name checked above.
      return null;
    }
  }

  private static KernelSupport loadPanama() throws ReflectiveOperationException {
    Class<?> c = Class.forName(PANAMA_CLASS, true, KernelProvider.class.getClassLoader());
    var ctor = c.getDeclaredConstructor();
    return (KernelSupport) ctor.newInstance();
  }
}
