package dev.tandem.inventory.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "heketi_server")
class HeketiServerEntity {
  @Id Integer id = 1;

  @ManyToOne(optional = false)
  HostEntity host;

  Integer port;
  String image;
}
