package dev.tandem.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an interface is on its host. */
public enum InterfaceKind {
  /** A physical NIC (or bond) such as eth1. */
  @JsonProperty("physical")
  PHYSICAL,
  /** An 802.1Q VLAN sub-interface of a physical interface, such as eth1.199. */
  @JsonProperty("vlan")
  VLAN,
  /** A host-side macvlan interface that lets the host reach its own containers on a pool network. */
  @JsonProperty("macvlan-shim")
  MACVLAN_SHIM
}
