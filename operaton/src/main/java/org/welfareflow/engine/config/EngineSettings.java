package org.welfareflow.engine.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The app's settings, bound from application.yaml, where each one is an OPERATON_* environment variable.
 * Checked when the app starts: a wrong value stops it with a message naming the variable.
 */
@ConfigurationProperties(prefix = "welfare")
public record EngineSettings(
    int port,
    String bind,
    String apiToken,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String dataDir,
    String nodeName,
    boolean testClock) {

  /** A bearer token shorter than this is refused: it would be guessable. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public EngineSettings {
    apiToken = blankToEmpty(apiToken);
    databaseUrl = blankToEmpty(databaseUrl);
    databaseUser = blankToEmpty(databaseUser);
    databasePassword = databasePassword == null ? "" : databasePassword;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("OPERATON_PORT must be between 1 and 65535, got " + port);
    }
    if (bind == null || bind.isBlank()) {
      throw new IllegalArgumentException("OPERATON_BIND must name an address (default 127.0.0.1)");
    }
    if (!apiToken.isEmpty() && (apiToken.length() < MIN_TOKEN_LENGTH || apiToken.chars().anyMatch(Character::isWhitespace))) {
      throw new IllegalArgumentException(
          "OPERATON_API_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters without spaces");
    }
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalArgumentException("OPERATON_DATA_DIR must not be empty (default ./data/operaton)");
    }
    if (nodeName == null || nodeName.isBlank() || nodeName.length() > 255) {
      throw new IllegalArgumentException("OPERATON_NODE_NAME must have 1 to 255 characters");
    }
  }

  /** True when requests must carry `Authorization: Bearer <token>`. */
  public boolean tokenRequired() {
    return !apiToken.isEmpty();
  }

  private static String blankToEmpty(String value) {
    return value == null || value.isBlank() ? "" : value.trim();
  }
}
