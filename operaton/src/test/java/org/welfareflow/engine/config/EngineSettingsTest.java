package org.welfareflow.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  private static EngineSettings settings(int port, String token) {
    return new EngineSettings(port, "127.0.0.1", token, "", "", "", "./data/operaton", "node-8080", false);
  }

  @Test
  void shouldNeedNoTokenWhenTheTokenIsBlank() {
    assertThat(settings(8080, "  ").tokenRequired()).isFalse();
    assertThat(settings(8080, "0123456789abcdef").tokenRequired()).isTrue();
  }

  @Test
  void shouldRefuseAShortTokenWhenOneIsSet() {
    assertThatThrownBy(() -> settings(8080, "short")).hasMessageContaining("OPERATON_API_TOKEN");
  }

  @Test
  void shouldRefuseAPortOutOfRangeWhenStarting() {
    assertThatThrownBy(() -> settings(70000, "")).hasMessageContaining("OPERATON_PORT");
  }
}
