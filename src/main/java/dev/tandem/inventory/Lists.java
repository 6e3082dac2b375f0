package dev.tandem.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Copies of lists for spec records: null-tolerant ones for their constructors (a missing list is
 * empty, a null element stays for validation), and the changed copies {@link InventoryEdits} makes.
 */
final class Lists {

  static <T> List<T> of(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  static Map<String, String> sorted(Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    TreeMap<String, String> sorted = new TreeMap<>(Comparator.nullsFirst(String::compareTo));
    sorted.putAll(map);
    return Collections.unmodifiableMap(sorted);
  }

  static <T> List<T> append(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  static <T> List<T> set(List<T> list, int index, T item) {
    List<T> out = new ArrayList<>(list);
    out.set(index, item);
    return out;
  }

  static <T> List<T> without(List<T> list, Predicate<T> drop) {
    return list.stream().filter(drop.negate()).toList();
  }

  private Lists() {}
}
