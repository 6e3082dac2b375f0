package dev.tandem.inventory.persistence;

import dev.tandem.inventory.OptionProfile;
import dev.tandem.inventory.PoolPurpose;
import dev.tandem.inventory.PrivilegeMode;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "pool")
class PoolEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String name;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  PoolPurpose purpose;

  String subnet;
  String gateway;
  String interfaceName;
  String dockerNetwork;
  String image;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  PrivilegeMode privilegeMode;

  Integer sshPort;
  String durability;

  @Enumerated(EnumType.STRING)
  @JdbcTypeCode(SqlTypes.VARCHAR)
  OptionProfile optionProfile;

  boolean allowDegradedDurability;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "pool_heketi_cluster", joinColumns = @JoinColumn(name = "pool_id"))
  @Column(name = "cluster_id")
  Set<String> heketiClusterIds = new HashSet<>();
}
