package dev.tandem.inventory;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link IpAddress}: parses without any name lookup and insists on the canonical text. */
public class IpAddressValidator implements ConstraintValidator<IpAddress, String> {

  private boolean prefix;
  private boolean network;

  @Override
  public void initialize(IpAddress annotation) {
    this.prefix = annotation.prefix() || annotation.network();
    this.network = annotation.network();
  }

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    String problem = problem(value);
    if (problem == null) {
      return true;
    }
    context.disableDefaultConstraintViolation();
    context.buildConstraintViolationWithTemplate(escape(problem)).addConstraintViolation();
    return false;
  }

  private String problem(String value) {
    if (value.length() > 64) {
      return "must be an IP address of at most 64 characters";
    }
    IPAddress address = new IPAddressString(value).getAddress();
    if (address == null) {
      return prefix
          ? "must be an address with a prefix length, e.g. " + (network ? "192.168.99.0/24" : "192.168.99.128/24")
          : "must be an IP address, e.g. 192.168.99.28";
    }
    if (address.isIPv6() && address.toIPv6().hasZone()) {
      return "must not carry an IPv6 zone id (the part after %)";
    }
    if (prefix != address.isPrefixed()) {
      return prefix
          ? "needs a prefix length, e.g. " + value + "/24"
          : "must be a bare address without a prefix length";
    }
    if (!network && address.isMultiple()) {
      return "is a network, not an address: give a host address such as "
          + address.getLower().withoutPrefixLength().increment(1).toCanonicalString() + "/" + address.getNetworkPrefixLength();
    }
    if (network) {
      IPAddress block = address.toPrefixBlock();
      if (!block.getLower().equals(address.getLower()) || !address.isPrefixBlock()) {
        return "has host bits set: write the network as " + block.toCanonicalString();
      }
    }
    String canonical = canonical(address);
    if (!canonical.equals(value)) {
      return "must be written in canonical form: " + canonical;
    }
    return null;
  }

  static String canonical(IPAddress address) {
    return address.isPrefixed()
        ? address.getLower().withoutPrefixLength().toCanonicalString() + "/" + address.getNetworkPrefixLength()
        : address.toCanonicalString();
  }

  private static String escape(String message) {
    return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
  }
}
