package io.github.vecprop.cli;

import io.github.vecprop.kernel.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What this JVM and machine give vecprop: the {@code info} command and the training summary. */
final class Info {
  private Info() {}

  /** Written by the build (resource filtering) next to the classes. */
  static final String VERSION_RESOURCE = "/io/github/vecprop/version.properties";

  static Map<String, String> facts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("version", version());
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

  /**
   * The library version: the jar manifest's Implementation-Version, else (classes run from
   * target/classes, or repackaged without the manifest) the build's version.properties, else
   * "unknown".
   */
  static String version() {
    String v = Info.class.getPackage().getImplementationVersion();
    if (v != null && !v.isBlank()) {
      return v;
    }
    try (InputStream in = Info.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String s = p.getProperty("version", "").trim();
        if (!s.isEmpty() && !s.startsWith("${")) {
          return s;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
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
