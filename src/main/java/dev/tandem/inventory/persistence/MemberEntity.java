package dev.tandem.inventory.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "pool_member")
class MemberEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @ManyToOne(optional = false)
  PoolEntity pool;

  @ManyToOne(optional = false)
  HostEntity host;

  String containerName;
  String containerIp;
  Integer zone;
  String interfaceName;
  String heketiNodeId;
}
