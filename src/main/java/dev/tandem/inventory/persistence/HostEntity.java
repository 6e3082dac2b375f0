package dev.tandem.inventory.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.util.HashMap;
import java.util.Map;

@Entity
@Table(name = "host")
class HostEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  String name;
  String address;
  String sshUser;
  Integer sshPort;
  String dockerEndpoint;
  String sshHostKey;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "host_label", joinColumns = @JoinColumn(name = "host_id"))
  @MapKeyColumn(name = "label_key")
  @Column(name = "label_value")
  Map<String, String> labels = new HashMap<>();
}
