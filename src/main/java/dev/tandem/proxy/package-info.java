/**
 * The Heketi-compatible API: Heketi's own paths at Tandem's root, so heketi-cli and the Kubernetes
 * glusterfs provisioner work unchanged with Tandem's URL as their resturl. Inbound tokens are checked
 * exactly as Heketi checks them but against Tandem's per-client credentials; requests are re-signed
 * with Heketi's admin key, which only Tandem holds. Pool names are accepted wherever Heketi takes a
 * cluster id, pool-scoped clients are held to their pools, each pool has its own share of operations
 * in flight ({@code PoolFairness}), and Tandem follows the operations it started to their final answer
 * and keeps that answer for a retention ({@code ProxyQueue}, {@code QueueFollower}). A request that
 * already passed through a Tandem is refused before anything else ({@link dev.tandem.proxy.LoopGuard}), and
 * an initiating request in a pool a roll-pool job holds is answered 503 ({@code HeldPools}).
 */
@ApplicationModule(allowedDependencies = {"heketi", "storage", "security", "inventory", "web", "coordination"})
package dev.tandem.proxy;

import org.springframework.modulith.ApplicationModule;
