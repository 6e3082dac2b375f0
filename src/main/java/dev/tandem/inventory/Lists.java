package dev.tandem.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Null-tolerant copies for spec records: a missing list is empty, a null element stays for validation. */
final class Lists {

  static <T> List<T> of(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  static Map<String, String> sorted(Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    TreeMap<String, String> sorted = new TreeMap<>(java.util.Comparator.nullsFirst(String::compareTo));
    sorted.putAll(map);
    return Collections.unmodifiableMap(sorted);
  }

  private Lists() {}
}
