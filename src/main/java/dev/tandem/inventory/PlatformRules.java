package dev.tandem.inventory;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Every rule a platform spec must satisfy, checked on the whole desired platform at once: field
 * forms first (Bean Validation), then references, ownership conflicts and the platform rules:
 * each host's ({@link HostRules}), the pools' ({@link PoolRules}) and the addresses'
 * ({@link AddressRules}). Every write to the inventory passes through here, so a CRUD call and a
 * whole spec obey the same rules.
 */
@Component
public class PlatformRules {

  private final Validator validator;

  PlatformRules(Validator validator) {
    this.validator = validator;
  }

  /** All violations of the spec; empty when it may be applied. */
  public List<Violation> check(PlatformSpec spec) {
    List<Violation> form = checkForm(spec);
    if (!form.isEmpty()) {
      return form;
    }
    Violations violations = new Violations();
    Map<String, HostSpec> hosts = new HostRules(violations).check(spec.hosts());
    new PoolRules(spec.pools(), hosts, violations).check();
    new AddressRules(violations).check(spec);
    if (spec.heketi() != null && !hosts.containsKey(spec.heketi().host())) {
      violations.add(Violation.Kind.REFERENCE, "heketi.host", "no host named '" + spec.heketi().host() + "'",
          "name one of the hosts: " + new TreeSet<>(hosts.keySet()));
    }
    return violations.list();
  }

  private List<Violation> checkForm(PlatformSpec spec) {
    List<Violation> out = new ArrayList<>();
    for (ConstraintViolation<PlatformSpec> v : validator.validate(spec)) {
      Object value = v.getInvalidValue();
      String shown = value instanceof String s && s.length() > 64 ? s.substring(0, 64) + "…" : String.valueOf(value);
      out.add(new Violation(Violation.Kind.INVALID, jsonPath(v.getPropertyPath().toString()),
          v.getMessage(), value == null ? "give a value" : "replace '" + shown + "'"));
    }
    out.sort(Comparator.comparing(Violation::field));
    return out;
  }

  /** Bean Validation paths use Java component names; the body uses JSON names. */
  static String jsonPath(String path) {
    String json = path.replaceAll("\\bhostInterface\\b", "interface").replaceAll("<[^>]*>", "");
    return json.endsWith(".") ? json.substring(0, json.length() - 1) : json;
  }
}
