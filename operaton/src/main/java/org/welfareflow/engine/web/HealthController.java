package org.welfareflow.engine.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.welfareflow.engine.config.DatabaseTarget;
import org.welfareflow.engine.config.EngineSettings;

/** GET /welfare/health (no token needed): UP when the database answers, with the node's name and database kind. */
@RestController
public class HealthController {

  private final JdbcTemplate jdbc;
  private final String node;
  private final String database;

  public HealthController(JdbcTemplate jdbc, EngineSettings settings, DatabaseTarget target) {
    this.jdbc = jdbc;
    this.node = settings.nodeName();
    this.database = target.kind().label();
  }

  @GetMapping(ApiTokenFilter.HEALTH_PATH)
  public ResponseEntity<Map<String, Object>> health() {
    boolean up;
    try {
      jdbc.queryForObject("SELECT 1", Integer.class);
      up = true;
    } catch (DataAccessException e) {
      up = false;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("node", node);
    body.put("database", database);
    return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }
}
