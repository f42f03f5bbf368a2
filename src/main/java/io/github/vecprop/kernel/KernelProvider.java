package io.github.vecprop.kernel;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Picks the kernel implementation once, at first use of {@link Kernels}, and hands the families to
 * {@link KernelTiers}.
 *
 * <p>The Vector API path is chosen when all hold: the {@code jdk.incubator.vector} module is in
 * the boot layer, the VM is HotSpot, and C2 can run (not {@code -Xint}, not
 * {@code -XX:TieredStopAtLevel} below 4, whose VM reports {@code emulated-client}). The Vector
 * implementation itself needs a preferred float vector of 256 or 512 bits. Otherwise the plain-Java
 * twin, with one log line naming the flag to add (or the reason).
 *
 * <p>{@code -Dvecprop.simd=auto|on|off}: {@code on} throws when the Vector API cannot be used,
 * {@code off} always takes the twin. {@code -Dvecprop.warmup=auto|off}: with {@code auto} (the
 * default) every family serves from the twin until a daemon warm-up has the Vector code compiled
 * (see {@link KernelTiers}); with {@code off} the Vector path serves from the first call, compiled
 * or not. Neither changes a bit of any result. Cheap checks run on the caller's thread; loading the
 * Vector API classes and asking the diagnostic bean about C2 run on the warm-up thread, so the
 * first kernel call does not wait for them.
 */
final class KernelProvider {

  static final String MODULE = "jdk.incubator.vector";
  static final String FLAG = "--add-modules " + MODULE;
  private static final String PANAMA_CLASS = "io.github.vecprop.kernel.PanamaKernelSupport";
  private static final System.Logger LOG = System.getLogger("io.github.vecprop.kernel");

  private KernelProvider() {}

  /**
   * What was chosen: whether the Vector path is the target, why, the Vector implementation when it
   * was loaded already, and whether the daemon warm-up decides when each family switches.
   */
  record Choice(boolean vector, String reason, KernelSupport panama, boolean warmUp) {

    /** Hands the families to {@link KernelTiers}: once, from the holder below. */
    Choice apply() {
      if (!vector) {
        KernelTiers.fix(ScalarKernelSupport.INSTANCE, "plain-Java twin: " + reason);
      } else if (warmUp) {
        KernelTiers.startWarmUp(panama);
      } else {
        KernelTiers.fix(panama, "Vector API from the first call (-Dvecprop.warmup=off)");
      }
      return this;
    }
  }

  /** Initialised on first use of {@link Kernels}. */
  static final class Holder {
    static final Choice CHOICE = choose(System.getProperty("vecprop.simd", "auto"),
        System.getProperty("vecprop.warmup", "auto")).apply();

    private Holder() {}
  }

  static Choice choose(String simdMode, String warmupMode) {
    String m = mode("vecprop.simd", simdMode, "on");
    boolean warmUp = mode("vecprop.warmup", warmupMode, null).equals("auto");
    if (m.equals("off")) {
      return new Choice(false, "disabled by -Dvecprop.simd=off", null, false);
    }
    String missing = whyNotPanama();
    KernelSupport panama = null;
    if (missing == null && (m.equals("on") || !warmUp)) {
      // Asked for explicitly, or used from the first call: load and check it now.
      missing = c2Issue();
      if (missing == null) {
        try {
          panama = loadPanama();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          missing = "the Vector API implementation did not load: " + cause;
        }
      }
    }
    if (missing != null) {
      if (m.equals("on")) {
        throw new IllegalStateException("-Dvecprop.simd=on cannot be honoured: " + missing
            + " (the JVM needs " + FLAG + ")");
      }
      String line = "vecprop runs its plain-Java kernels because " + missing
          + (missing.contains(MODULE) ? "; start the JVM with " + FLAG + " for SIMD" : "");
      // Logged on a thread of its own: the first log record starts java.util.logging (about
      // 40 ms on the 2-vCPU VMs), which the first prediction of a program without the flag
      // waited for. Not a daemon, so the line is written before a normal exit.
      Thread log = new Thread(() -> LOG.log(Level.WARNING, line), "vecprop-log");
      log.start();
      return new Choice(false, missing, null, false);
    }
    return new Choice(true, "Vector API", panama, warmUp);
  }

  private static String mode(String property, String value, String extra) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("auto") || v.equals("off") || v.equals(extra)) {
      return v;
    }
    throw new IllegalArgumentException("-D" + property + " must be auto"
        + (extra == null ? " or off" : ", " + extra + " or off") + ", got '" + value + "'");
  }

  /** Null when the cheap preconditions hold; otherwise the first one that does not. */
  static String whyNotPanama() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return "the " + MODULE + " module is not enabled";
    }
    String vm = System.getProperty("java.vm.name", "");
    if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
      return "the VM (" + vm + ") is not HotSpot";
    }
    String info = System.getProperty("java.vm.info", "");
    if (info.contains("interpreted mode")) {
      return "the JIT is off (-Xint)";
    }
    if (info.contains("emulated-client")) {
      return "C2 is off (this VM reports emulated-client: -XX:TieredStopAtLevel below 4)";
    }
    return null;
  }

  /** Null when C2 is in use, as far as the diagnostic bean tells (loads java.management). */
  static String c2Issue() {
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
      // No jdk.management in this runtime image: trust the VM checks above.
      return null;
    }
  }

  /**
   * Vector registers the CPU gives the JIT: 32 with AVX-512 (zmm0–31, also behind 256-bit
   * vectors under {@code -XX:MaxVectorSize=32}) or on a non-x86 CPU, 16 with AVX2 alone; for
   * 8 lanes it asks HotSpot's {@code UseAVX} (3 means AVX-512), 16 when that cannot be read.
   * {@code -Dvecprop.vectorRegisters=16|32} overrides it (to compare the two GEMM tiles on one
   * machine). It only picks a register tile: both tiles give the same bits.
   */
  static int vectorRegisters(int lanes) {
    String forced = System.getProperty("vecprop.vectorRegisters");
    if (forced != null) {
      if (forced.equals("16") || forced.equals("32")) {
        return Integer.parseInt(forced);
      }
      System.getLogger("io.github.vecprop.kernel").log(System.Logger.Level.WARNING,
          "-Dvecprop.vectorRegisters=" + forced + ": expected 16 or 32; ignored");
    }
    String arch = System.getProperty("os.arch", "");
    if (lanes >= 16 || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return 32;
    }
    try {
      com.sun.management.HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean != null && Integer.parseInt(bean.getVMOption("UseAVX").getValue()) >= 3 ? 32
          : 16;
    } catch (RuntimeException | LinkageError e) {
      return 16; // no jdk.management: the 16-register tile is right or merely a little slower
    }
  }

  static KernelSupport loadPanama() throws ReflectiveOperationException {
    Class<?> c = Class.forName(PANAMA_CLASS, true, KernelProvider.class.getClassLoader());
    var ctor = c.getDeclaredConstructor();
    return (KernelSupport) ctor.newInstance();
  }
}
