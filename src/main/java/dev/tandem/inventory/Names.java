package dev.tandem.inventory;

/**
 * The strict patterns every name in the inventory must match. These values later reach shells (as
 * quoted arguments) and the Docker API, so anything outside these sets is refused at the door.
 */
public final class Names {

  /** Hosts, pools, containers and docker networks: an RFC 1123 DNS label. */
  public static final String DNS_LABEL = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";

  public static final String DNS_LABEL_HINT =
      "must be a DNS label: 1-63 lowercase letters, digits or '-', starting and ending with a letter"
          + " or digit (e.g. node1, gluster-ocp)";

  /** A Linux interface name: at most 15 characters, no '/', no white space. */
  public static final String INTERFACE = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$";

  public static final String INTERFACE_HINT =
      "must be a Linux interface name: 1-15 letters, digits, '.', '_' or '-' (e.g. eth1, eth1.199)";

  /** A block device path under /dev, of safe characters, without '..' or empty segments. */
  public static final String DEVICE_PATH = "^(?=.{1,255}$)/dev(/[A-Za-z0-9_][A-Za-z0-9_.:+-]*)+$";

  public static final String DEVICE_PATH_HINT =
      "must be a path under /dev (at most 255 characters) of letters, digits, '_', '.', ':', '+' or '-' (e.g. /dev/sdb or"
          + " /dev/disk/by-id/wwn-0x5000c500a1b2c3d4)";

  /** A container image reference: [registry[:port]/]repository[:tag][@sha256:digest]. */
  public static final String IMAGE =
      "^(?=.{1,255}$)[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  public static final String IMAGE_HINT =
      "must be an image reference such as rhgs3/rhgs-server-rhel7 or"
          + " registry.example.com:5000/gluster/server:10.3";

  /** A POSIX user name for SSH. */
  public static final String USER = "^[a-z_][a-z0-9_-]{0,31}$";

  public static final String USER_HINT = "must be a user name such as root";

  /** A host's management address: an IPv4/IPv6 literal or a DNS name. */
  public static final String ADDRESS = "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]{2,45}$";

  public static final String ADDRESS_HINT =
      "must be an IP address or a DNS name (e.g. 192.168.99.128 or node1.storage.example)";

  /** A label key or value. */
  public static final String LABEL = "^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$";

  public static final String LABEL_HINT =
      "must be 1-63 letters, digits, '_', '.' or '-', starting and ending with a letter or digit";

  /** Tandem's address of a device in a URL: its path without the leading /dev/. */
  public static String deviceName(String path) {
    return path.startsWith("/dev/") ? path.substring("/dev/".length()) : path;
  }

  private Names() {}
}
