package org.welfareflow.engine.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the engine keeps its tables: the JDBC URL and credentials worked out from OPERATON_DATABASE_URL (a JDBC URL,
 * or a `postgresql://user:pass@host:port/db` URL as the Node side uses), OPERATON_DATABASE_USER and
 * OPERATON_DATABASE_PASSWORD (these two win over credentials in the URL). Without a URL: an H2 file database in
 * OPERATON_DATA_DIR, which only one node can open.
 */
public record DatabaseTarget(Kind kind, String jdbcUrl, String user, String password) {

  public enum Kind {
    H2("h2"), POSTGRESQL("postgresql");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name shown by /welfare/health. */
    public String label() {
      return label;
    }
  }

  public static DatabaseTarget from(EngineSettings settings) {
    return from(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword(), settings.dataDir());
  }

  public static DatabaseTarget from(String url, String user, String password, String dataDir) {
    String explicitUser = user == null ? "" : user;
    String explicitPassword = password == null ? "" : password;
    if (url == null || url.isBlank()) {
      Path file = Path.of(dataDir).toAbsolutePath().normalize().resolve("engine");
      String h2User = explicitUser.isEmpty() ? "sa" : explicitUser;
      return new DatabaseTarget(Kind.H2, "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", h2User, explicitPassword);
    }
    String trimmed = url.trim();
    if (trimmed.startsWith("jdbc:postgresql:")) {
      return new DatabaseTarget(Kind.POSTGRESQL, trimmed, explicitUser, explicitPassword);
    }
    if (trimmed.startsWith("jdbc:h2:")) {
      return new DatabaseTarget(Kind.H2, trimmed, explicitUser.isEmpty() ? "sa" : explicitUser, explicitPassword);
    }
    if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
      return fromPostgresUrl(trimmed, explicitUser, explicitPassword);
    }
    throw new IllegalArgumentException(
        "OPERATON_DATABASE_URL must be jdbc:postgresql://..., jdbc:h2:... or postgresql://user:pass@host:port/db");
  }

  private static DatabaseTarget fromPostgresUrl(String url, String explicitUser, String explicitPassword) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // the message could contain the password: name the position only
      throw new IllegalArgumentException("OPERATON_DATABASE_URL is not a valid URL (at index " + e.getIndex() + ")");
    }
    String host = uri.getHost();
    String path = uri.getRawPath();
    if (host == null || path == null || path.length() < 2) {
      throw new IllegalArgumentException("OPERATON_DATABASE_URL must name a host and a database: postgresql://user:pass@host:port/db");
    }
    String user = "";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String jdbcUrl = "jdbc:postgresql://" + hostPart + port + path + query;
    return new DatabaseTarget(
        Kind.POSTGRESQL,
        jdbcUrl,
        explicitUser.isEmpty() ? user : explicitUser,
        explicitPassword.isEmpty() ? password : explicitPassword);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseTarget[" + kind.label() + ", " + jdbcUrl.replaceAll("password=[^&;]*", "password=***") + ", user " + user + "]";
  }
}
