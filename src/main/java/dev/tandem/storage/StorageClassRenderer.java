package dev.tandem.storage;

import dev.tandem.inventory.Durability;
import dev.tandem.inventory.PoolLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * A {@code storage.k8s.io/v1} StorageClass for the in-tree {@code kubernetes.io/glusterfs}
 * provisioner, pointed at Tandem's Heketi-compatible API with the pool's name as its clusterid, and
 * the {@code kubernetes.io/glusterfs} Secret it reads its key from. Only parameters the provisioner
 * accepts are written (it refuses any other).
 */
final class StorageClassRenderer {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build();

  record Request(String name, String user, String secretNamespace, String secretName, String key) {}

  static String render(PoolLayout pool, String restUrl, Request request, List<String> options) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("resturl", restUrl);
    parameters.put("restauthenabled", "true");
    parameters.put("restuser", request.user());
    parameters.put("secretNamespace", request.secretNamespace());
    parameters.put("secretName", request.secretName());
    parameters.put("clusterid", pool.name());
    Durability durability = Durability.parse(pool.durability());
    parameters.put("volumetype", switch (durability.type()) {
      case NONE -> "none";
      case REPLICATE -> "replicate:" + durability.replica();
      case DISPERSE -> "disperse:" + durability.data() + ":" + durability.redundancy();
    });
    List<String> volumeOptions = new java.util.ArrayList<>(options);
    if (durability.arbiter()) {
      volumeOptions.add("user.heketi.arbiter true");
    }
    if (!volumeOptions.isEmpty()) {
      parameters.put("volumeoptions", String.join(",", volumeOptions));
    }
    Map<String, Object> storageClass = new LinkedHashMap<>();
    storageClass.put("apiVersion", "storage.k8s.io/v1");
    storageClass.put("kind", "StorageClass");
    storageClass.put("metadata", Map.of("name", request.name(), "labels", Map.of("tandem.dev/pool", pool.name())));
    storageClass.put("provisioner", "kubernetes.io/glusterfs");
    storageClass.put("parameters", parameters);
    storageClass.put("reclaimPolicy", "Delete");
    storageClass.put("allowVolumeExpansion", true);

    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    secret.put("metadata", Map.of("name", request.secretName(), "namespace", request.secretNamespace()));
    secret.put("type", "kubernetes.io/glusterfs");
    if (request.key() != null) {
      secret.put("stringData", Map.of("key", request.key()));
    }
    String out = YAML.writeValueAsString(storageClass) + "---\n";
    if (request.key() == null) {
      out += "# Add the key of Tandem client '" + request.user() + "' as stringData.key before applying.\n";
    }
    return out + YAML.writeValueAsString(secret);
  }

  private StorageClassRenderer() {}
}
