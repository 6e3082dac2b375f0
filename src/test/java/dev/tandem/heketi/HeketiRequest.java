package dev.tandem.heketi;

/**
 * One request to the stand-in Heketi, independent of the server that received it: the raw path
 * (no query), the raw query ({@code null}: none), the Authorization header ({@code null}: none)
 * and the body as text ({@code ""}: none).
 */
public record HeketiRequest(String method, String path, String query, String authorization, String body) {}
