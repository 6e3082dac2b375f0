package dev.tandem.security;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ClientRepository extends JpaRepository<ClientEntity, Long> {
  Optional<ClientEntity> findByName(String name);
}

interface AuditRepository extends JpaRepository<AuditEntity, Long>, JpaSpecificationExecutor<AuditEntity> {}
