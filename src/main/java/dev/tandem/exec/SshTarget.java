package dev.tandem.exec;

/** Where a host's sshd is: the host's inventory name (its host key is recorded under it), address, port, user. */
public record SshTarget(String host, String address, int port, String user) {}
