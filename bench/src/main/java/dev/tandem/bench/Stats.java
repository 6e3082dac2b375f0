package dev.tandem.bench;

import java.util.List;
import java.util.Locale;

/** Min, median and max of a benchmark's runs. */
record Stats(double min, double median, double max) {

  static Stats of(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return new Stats(sorted.get(0), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1));
  }

  String text(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " / " + f + " / " + f, min, median, max);
  }
}
