package org.welfareflow.engine.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's one DataSource (Spring Boot adds the transaction manager and the JdbcTemplate for it). */
@Configuration(proxyBeanMethods = false)
public class DataSourceConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DataSourceConfiguration.class);

  @Bean
  public DatabaseTarget databaseTarget(EngineSettings settings) {
    return DatabaseTarget.from(settings);
  }

  @Bean(destroyMethod = "close")
  public DataSource dataSource(DatabaseTarget target) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("engine-" + target.kind().label());
    config.setJdbcUrl(target.jdbcUrl());
    config.setUsername(target.user());
    config.setPassword(target.password());
    config.setMaximumPoolSize(10);
    config.setAutoCommit(true);
    LOG.info("Engine database: {}", target.kind().label());
    return new HikariDataSource(config);
  }
}
