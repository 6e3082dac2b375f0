package dev.tandem.provisioning;

/** What Tandem generates for its Heketi: the SSH key pair Heketi logs in to gluster containers with, and its JWT keys. */
record HeketiSecrets(String sshPrivateKey, String sshPublicKey, String adminKey, String userKey) {

  /** For plans: stand-ins that say what will be generated, so a dry run generates and stores nothing. */
  static HeketiSecrets placeholders() {
    return new HeketiSecrets("<private key generated at the first run>\n",
        "ssh-rsa <public key generated at the first run> heketi@tandem", "<generated admin key>",
        "<generated user key>");
  }
}
