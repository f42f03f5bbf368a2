package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.vecprop.kernel.KernelWarmup.Family;
import org.junit.jupiter.api.Test;

/**
 * What the facade reports about itself in this JVM once {@link Kernels#warmUp} has returned:
 * which implementation serves every family, its lane count and the selection line, whichever of
 * the two documented warm-up modes the JVM runs in ({@code -Dvecprop.warmup=auto}, the default,
 * or {@code off}, which the PIT profile uses). KernelTiersTest checks the warm-up's own course in
 * child JVMs.
 */
class KernelsReportTest {

  @Test
  void afterTheWarmUpEveryFamilyServesFromTheVectorApi() {
    KernelSupport panama = Twins.panama(); // skips without the module
    assumeTrue(!"off".equals(System.getProperty("vecprop.simd", "auto").trim()),
        "the twin was asked for");
    assertTrue(Kernels.simd(), "module present, HotSpot with C2: " + Kernels.selectionReason());
    // The same JVM seen by the provider's own checks: nothing stands in the way.
    assertNull(KernelProvider.whyNotPanama());
    assertNull(KernelProvider.c2Issue());
    assertNull(VectorConstants.unsuitable(), "the species suit the kernels");
    double waited = Kernels.warmUp();
    assertTrue(waited >= 0 && Double.isFinite(waited), "waited " + waited);
    assertFalse(Kernels.warming());
    assertEquals("panama", Kernels.implementation());
    int lanes = panama.floatLanes();
    assertEquals(lanes, Kernels.floatLanes());
    for (Family f : Family.values()) {
      assertEquals("panama", KernelTiers.get(f).name(), f.id);
    }
    assertEquals("panama", Kernels.elementwise().name());
    assertEquals("panama", Kernels.softmax().name());
    assertEquals("panama", Kernels.optimizers().name());
    String reason = Kernels.selectionReason();
    String prefix = "Vector API, " + lanes * 32 + "-bit float vectors; ";
    assertTrue(reason.startsWith(prefix), reason);
    if ("off".equals(System.getProperty("vecprop.warmup", "auto").trim())) {
      assertEquals(prefix + "Vector API from the first call", reason);
    } else {
      assertTrue(reason.startsWith(prefix + "warm: every family on the Vector API (switched "),
          reason);
      assertTrue(reason.endsWith(" s after the kernels were first used)"), reason);
    }
  }

  @Test
  void theTwinReportsItselfAsScalar() {
    assertEquals("scalar", Twins.SCALAR.name());
    assertEquals(1, Twins.SCALAR.floatLanes(), "the twin has no vectors");
  }
}
