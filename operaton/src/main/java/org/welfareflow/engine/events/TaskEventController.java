package org.welfareflow.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox over HTTP. GET /welfare/task-events?limit=N: the oldest rows (with &after=ID: the oldest rows with a
 * higher id, the next page of a round); POST /welfare/task-events/ack
 * {"ids": [...]}: deletes them (acking unknown or already deleted ids is fine).
 */
@RestController
@RequestMapping("/welfare/task-events")
public class TaskEventController {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final TaskEventOutbox outbox;
  private final ObjectMapper mapper;

  public TaskEventController(TaskEventOutbox outbox, ObjectMapper mapper) {
    this.outbox = outbox;
    this.mapper = mapper;
  }

  @GetMapping
  public ResponseEntity<?> list(@RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "after", required = false) String after) throws Exception {
    int n = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_LIMIT) {
        return error("limit must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    long afterId = -1;
    if (after != null) {
      try {
        afterId = Long.parseLong(after);
      } catch (NumberFormatException e) {
        afterId = -1;
      }
      if (afterId < 0) {
        return error("after must be a whole number from 0 (the id of the last event of the previous page)");
      }
    }
    List<Map<String, Object>> events = new ArrayList<>();
    for (TaskEventRow row : afterId < 0 ? outbox.oldest(n) : outbox.oldestAfter(afterId, n)) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("id", row.id());
      event.put("taskId", row.taskId());
      event.put("type", row.type());
      event.put("processInstanceId", row.processInstanceId());
      event.put("processDefinitionKey", row.processDefinitionKey());
      event.put("taskDefinitionKey", row.taskDefinitionKey());
      event.put("createdAt", row.createdAt().toInstant().toString());
      event.put("data", mapper.readTree(row.data()));
      events.add(event);
    }
    return ResponseEntity.ok(events);
  }

  @PostMapping("/ack")
  public ResponseEntity<?> ack(@RequestBody(required = false) JsonNode body) {
    JsonNode ids = body == null ? null : body.get("ids");
    if (ids == null || !ids.isArray() || ids.size() > MAX_LIMIT) {
      return error("expected {\"ids\": [...]} with at most " + MAX_LIMIT + " ids");
    }
    List<Long> values = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.canConvertToLong() || !id.isIntegralNumber()) {
        return error("every id must be a whole number");
      }
      values.add(id.asLong());
    }
    return ResponseEntity.ok(Map.of("deleted", outbox.acknowledge(values)));
  }

  private static ResponseEntity<?> error(String message) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("type", "InvalidRequest", "message", message));
  }
}
