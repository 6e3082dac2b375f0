package dev.tandem.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The differences between two specs, object by object, keyed by names. Objects are compared by
 * their own fields (as they appear in JSON); their children are objects of their own.
 */
final class PlatformDiff {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> CHILDREN = Set.of("interfaces", "devices", "members");

  static List<Change> between(PlatformSpec from, PlatformSpec to) {
    List<Change> changes = new ArrayList<>();
    compare(changes, "host", objects(from, "host"), objects(to, "host"));
    compare(changes, "interface", objects(from, "interface"), objects(to, "interface"));
    compare(changes, "device", objects(from, "device"), objects(to, "device"));
    compare(changes, "pool", objects(from, "pool"), objects(to, "pool"));
    compare(changes, "member", objects(from, "member"), objects(to, "member"));
    compare(changes, "device-assignment", objects(from, "device-assignment"), objects(to, "device-assignment"));
    compare(changes, "heketi", objects(from, "heketi"), objects(to, "heketi"));
    return changes;
  }

  /** The objects of one kind in a spec, by name. */
  private static Map<String, Object> objects(PlatformSpec spec, String kind) {
    Map<String, Object> out = new TreeMap<>();
    switch (kind) {
      case "host" -> spec.hosts().forEach(h -> out.put(h.name(), h));
      case "interface" -> spec.hosts().forEach(h -> h.interfaces().forEach(i -> out.put(h.name() + "/" + i.name(), i)));
      case "device" -> spec.hosts().forEach(h -> h.devices().forEach(d -> out.put(h.name() + ":" + d.path(), d)));
      case "pool" -> spec.pools().forEach(p -> out.put(p.name(), p));
      case "member" -> spec.pools().forEach(p -> p.members().forEach(m -> out.put(p.name() + "/" + m.host(), m)));
      case "device-assignment" ->
          spec.pools().forEach(p -> p.devices().forEach(d -> out.put(p.name() + "/" + d.host() + ":" + d.device(), d)));
      case "heketi" -> {
        if (spec.heketi() != null) {
          out.put("heketi", spec.heketi());
        }
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return out;
  }

  private static void compare(List<Change> changes, String kind, Map<String, Object> from, Map<String, Object> to) {
    Set<String> names = new TreeSet<>(from.keySet());
    names.addAll(to.keySet());
    for (String name : names) {
      Object before = from.get(name);
      Object after = to.get(name);
      if (before == null) {
        changes.add(new Change(Change.Action.CREATE, kind, name, Map.of()));
      } else if (after == null) {
        changes.add(new Change(Change.Action.DELETE, kind, name, Map.of()));
      } else {
        Map<String, Change.FieldChange> fields = fieldChanges(before, after);
        if (!fields.isEmpty()) {
          changes.add(new Change(Change.Action.UPDATE, kind, name, fields));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Change.FieldChange> fieldChanges(Object before, Object after) {
    Map<String, Object> a = JSON.convertValue(before, Map.class);
    Map<String, Object> b = JSON.convertValue(after, Map.class);
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    keys.removeAll(CHILDREN);
    Map<String, Change.FieldChange> out = new LinkedHashMap<>();
    for (String key : keys) {
      if (!Objects.equals(a.get(key), b.get(key))) {
        out.put(key, new Change.FieldChange(a.get(key), b.get(key)));
      }
    }
    return out;
  }

  private PlatformDiff() {}
}
