package org.welfareflow.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

  @Test
  void shouldUseAnH2FileInTheDataDirWhenNoUrlIsSet() {
    DatabaseTarget target = DatabaseTarget.from("", "", "", "some/dir");
    assertThat(target.kind()).isEqualTo(DatabaseTarget.Kind.H2);
    assertThat(target.jdbcUrl())
        .startsWith("jdbc:h2:file:" + Path.of("some/dir").toAbsolutePath().normalize().resolve("engine"));
    assertThat(target.user()).isEqualTo("sa");
  }

  @Test
  void shouldConvertAPostgresqlUrlWithCredentialsWhenGivenTheNodeStyleUrl() {
    DatabaseTarget target = DatabaseTarget.from("postgresql://welfare:s%40cret+1@127.0.0.1:5432/operaton?sslmode=disable", "", "", "d");
    assertThat(target.kind()).isEqualTo(DatabaseTarget.Kind.POSTGRESQL);
    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/operaton?sslmode=disable");
    assertThat(target.user()).isEqualTo("welfare");
    assertThat(target.password()).isEqualTo("s@cret+1");
  }

  @Test
  void shouldPreferTheExplicitUserAndPasswordWhenBothAreGiven() {
    DatabaseTarget target = DatabaseTarget.from("postgres://a:b@db/operaton", "other", "pw", "d");
    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db/operaton");
    assertThat(target.user()).isEqualTo("other");
    assertThat(target.password()).isEqualTo("pw");
  }

  @Test
  void shouldKeepAJdbcUrlAsItIsWhenOneIsGiven() {
    DatabaseTarget target = DatabaseTarget.from("jdbc:postgresql://h:5433/x", "u", "p", "d");
    assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/x");
    assertThat(target.user()).isEqualTo("u");
  }

  @Test
  void shouldRefuseAnUnknownSchemeWithoutEchoingTheUrlWhenTheUrlIsWrong() {
    assertThatThrownBy(() -> DatabaseTarget.from("mysql://u:secret@h/db", "", "", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPERATON_DATABASE_URL")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> DatabaseTarget.from("postgresql://u:secret@h", "", "", "d"))
        .hasMessageContaining("must name a host and a database");
  }

  @Test
  void shouldHideThePasswordWhenPrinted() {
    DatabaseTarget target = DatabaseTarget.from("postgresql://u:secret@h/db", "", "", "d");
    assertThat(target.toString()).doesNotContain("secret");
  }
}
