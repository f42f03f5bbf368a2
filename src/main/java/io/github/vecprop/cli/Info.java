package io.github.vecprop.cli;

import io.github.vecprop.kernel.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What this JVM and machine give vecprop: the {@code info} command and the training summary. */
final class Info {
  private Info() {}

  static Map<String, String> facts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("kernels", Kernels.implementation());
    m.put("state", Kernels.selectionReason());
    m.put("vector width", Kernels.floatLanes() == 1 ? "scalar"
        : Kernels.floatLanes() * 32 + " bits (" + Kernels.floatLanes() + " float lanes)");
    m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("cpu", cpu());
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    return m;
  }

  static String cpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through to the architecture name.
    }
    return System.getProperty("os.arch");
  }
}
