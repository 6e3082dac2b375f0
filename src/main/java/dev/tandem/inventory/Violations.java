package dev.tandem.inventory;

import java.util.ArrayList;
import java.util.List;

/** What one run of {@link PlatformRules} over a spec finds, in the order its rules find it. */
final class Violations {

  private final List<Violation> found = new ArrayList<>();

  void add(Violation.Kind kind, String field, String message, String fix) {
    found.add(new Violation(kind, field, message, fix));
  }

  List<Violation> list() {
    return found;
  }
}
