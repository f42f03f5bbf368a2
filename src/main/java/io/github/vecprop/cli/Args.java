package io.github.vecprop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small flag parser: {@code --name value}, {@code --name=value} and boolean {@code --name}.
 * Every mistake is a {@link UsageException} naming the flag and what was expected.
 */
final class Args {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * @param valued flags that take a value
   * @param booleans flags that take none
   */
  static Args parse(String[] argv, int from, Set<String> valued, Set<String> booleans)
      throws UsageException {
    Args a = new Args();
    for (int i = from; i < argv.length; i++) {
      String t = argv[i];
      if (!t.startsWith("--")) {
        a.positional.add(t);
        continue;
      }
      String name = t.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (booleans.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value, got '" + value + "'");
        }
        a.values.put(name, "true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = argv[++i];
        }
        if (a.values.containsKey(name)) {
          throw new UsageException("--" + name + " is given twice");
        }
        a.values.put(name, value);
      } else {
        throw new UsageException("unknown flag --" + name + " (see --help)");
      }
    }
    return a;
  }

  List<String> positional() {
    return positional;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String string(String name, String def) {
    return values.getOrDefault(name, def);
  }

  String choice(String name, String def, String... allowed) throws UsageException {
    String v = values.getOrDefault(name, def).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new UsageException("--" + name + " must be one of " + String.join(", ", allowed)
        + ", got '" + values.get(name) + "'");
  }

  int integer(String name, int def, int min, int max) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    int x;
    try {
      x = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, got '" + v + "'");
    }
    if (x < min || x > max) {
      throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], got " + x);
    }
    return x;
  }

  long longValue(String name, long def) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a whole number, got '" + v + "'");
    }
  }

  /** A finite number in (min, max]; lower bound exclusive when {@code openMin}. */
  float number(String name, float def, double min, double max, boolean openMin)
      throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " expects a number, got '" + v + "'");
    }
    if (!Double.isFinite(x)) {
      throw new UsageException("--" + name + " expects a finite number, got '" + v + "'");
    }
    if (x > max || x < min || (openMin && x == min)) {
      throw new UsageException("--" + name + " must be " + (openMin ? "> " : ">= ") + min
          + " and <= " + max + ", got " + v);
    }
    return (float) x;
  }

  /** Comma-separated positive sizes, e.g. "50" or "100,50". */
  int[] sizes(String name, int[] def) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    String[] parts = v.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + " expects sizes like 50 or 100,50, got '" + v + "'");
      }
      if (out[i] < 1 || out[i] > 65536) {
        throw new UsageException("--" + name + " sizes must be in [1, 65536], got " + out[i]);
      }
    }
    return out;
  }

  Path path(String name, Path def) {
    String v = values.get(name);
    return v == null ? def : Path.of(v);
  }
}
