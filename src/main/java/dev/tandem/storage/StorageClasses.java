package dev.tandem.storage;

import dev.tandem.inventory.HeketiBindings;
import dev.tandem.inventory.PoolLayout;
import org.springframework.stereotype.Service;

/** StorageClass manifests for a pool, pointed at Tandem's public URL; with a key when one is being issued. */
@Service
public class StorageClasses {

  private final HeketiBindings bindings;
  private final StorageProperties properties;

  StorageClasses(HeketiBindings bindings, StorageProperties properties) {
    this.bindings = bindings;
    this.properties = properties;
  }

  /**
   * @param name the StorageClass's name (default: the pool's)
   * @param client the restuser: the Tandem client the provisioner signs as (default: the pool's name)
   * @param namespace the Secret's namespace
   * @param secretName the Secret's name (default: tandem-&lt;client&gt;)
   * @param key the client's secret, only when it is being issued; otherwise the Secret has no key yet
   */
  public String render(String pool, String name, String client, String namespace, String secretName, String key) {
    PoolLayout layout = bindings.layout(pool);
    String user = client != null ? client : pool;
    return StorageClassRenderer.render(layout, properties.publicUrl().toString(),
        new StorageClassRenderer.Request(name != null ? name : pool, user, namespace,
            secretName != null ? secretName : "tandem-" + user, key),
        OptionProfiles.options(layout.optionProfile()));
  }
}
