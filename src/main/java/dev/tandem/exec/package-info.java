/**
 * The seams through which Tandem acts on hosts: {@link dev.tandem.exec.RemoteShell} runs commands
 * over SSH, {@link dev.tandem.exec.ContainerEngine} drives a host's Docker engine. Steps build
 * {@link dev.tandem.exec.Command}s and {@link dev.tandem.exec.ContainerSpec}s; these run them. Each
 * seam has a real implementation (JSch, docker-java) and a recording one that makes plans, and one
 * contract test suite that both pass. Depends on no other module.
 */
@ApplicationModule(allowedDependencies = {})
package dev.tandem.exec;

import org.springframework.modulith.ApplicationModule;
