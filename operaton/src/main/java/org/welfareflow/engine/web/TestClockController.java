package org.welfareflow.engine.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tests only (OPERATON_TEST_CLOCK=true; otherwise these paths are 404): the engine clock of THIS node.
 * POST {"time": "<ISO instant>"} moves it there and lets it run on ({"freeze": true} stops it there);
 * DELETE resets it to the real time; GET reads it. After a change the job executor is woken, so due timers run
 * at once here and within about a second on the other nodes once their clocks are moved too.
 */
@RestController
@RequestMapping("/welfare/test/clock")
@ConditionalOnProperty(name = "welfare.test-clock", havingValue = "true")
public class TestClockController {

  private final ProcessEngine engine;

  public TestClockController(ProcessEngine engine) {
    this.engine = engine;
  }

  @GetMapping
  public Map<String, Object> read() {
    return Map.of("time", ClockUtil.now().toInstant().toString());
  }

  @PostMapping
  public ResponseEntity<?> set(@RequestBody(required = false) JsonNode body) {
    JsonNode time = body == null ? null : body.get("time");
    Instant target;
    try {
      target = Instant.parse(time == null ? "" : time.asText());
    } catch (DateTimeParseException e) {
      return ResponseEntity.status(HttpStatus.BAD_REQUEST)
          .body(Map.of("type", "InvalidRequest", "message", "expected {\"time\": \"<ISO instant, e.g. 2027-01-31T08:00:00Z>\"}"));
    }
    if (body.path("freeze").asBoolean(false)) {
      ClockUtil.setCurrentTime(java.util.Date.from(target));
    } else {
      ClockUtil.offset(target.toEpochMilli() - System.currentTimeMillis());
    }
    wakeJobExecutor();
    return ResponseEntity.ok(read());
  }

  @DeleteMapping
  public Map<String, Object> reset() {
    ClockUtil.reset();
    wakeJobExecutor();
    return read();
  }

  private void wakeJobExecutor() {
    JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    if (jobExecutor != null && jobExecutor.isActive()) {
      jobExecutor.jobWasAdded();
    }
  }
}
