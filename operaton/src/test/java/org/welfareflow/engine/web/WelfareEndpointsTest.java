package org.welfareflow.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.welfareflow.engine.EngineAppTest;
import org.welfareflow.engine.HttpCalls;

@EngineAppTest
class WelfareEndpointsTest {

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @LocalServerPort int port;

  private final ObjectMapper mapper = new ObjectMapper();

  @AfterEach
  void resetClock() throws Exception {
    HttpCalls.delete(port, "/welfare/test/clock", EngineAppTest.TOKEN);
  }

  @Test
  void shouldRefuseRequestsWithoutTheRightTokenWhenATokenIsSet() throws Exception {
    assertThat(HttpCalls.get(port, "/engine-rest/engine", null).statusCode()).isEqualTo(401);
    assertThat(HttpCalls.get(port, "/engine-rest/engine", "wrong-token-0123456789").statusCode()).isEqualTo(401);
    assertThat(HttpCalls.get(port, "/welfare/task-events", null).statusCode()).isEqualTo(401);
    assertThat(HttpCalls.get(port, "/engine-rest/engine", EngineAppTest.TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswerHealthWithoutATokenWhenTheDatabaseIsUp() throws Exception {
    var response = HttpCalls.get(port, "/welfare/health", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(response.body()))
        .isEqualTo(mapper.readTree("{\"status\": \"UP\", \"node\": \"junit-node\", \"database\": \"h2\"}"));
  }

  @Test
  void shouldFireADueTimerWhenTheTestClockIsMovedPastIt() throws Exception {
    repositoryService.createDeployment().name("outbox").enableDuplicateFiltering(true)
        .addClasspathResource("outbox.bpmn").deploy();
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("outbox_plain");
    taskService.complete(taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId());
    Instant target = Instant.now().plus(Duration.ofHours(2));

    var moved = HttpCalls.post(port, "/welfare/test/clock", "{\"time\": \"" + target + "\"}", EngineAppTest.TOKEN);

    assertThat(moved.statusCode()).isEqualTo(200);
    JsonNode now = mapper.readTree(HttpCalls.get(port, "/welfare/test/clock", EngineAppTest.TOKEN).body());
    assertThat(Instant.parse(now.get("time").asText())).isAfterOrEqualTo(target);
    waitUntilEnded(instance.getId());
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
        .singleResult().getEndTime()).isNotNull();
  }

  @Test
  void shouldRefuseAClockRequestWithoutAnInstantWhenTheBodyIsWrong() throws Exception {
    assertThat(HttpCalls.post(port, "/welfare/test/clock", "{\"time\": \"tomorrow\"}", EngineAppTest.TOKEN).statusCode())
        .isEqualTo(400);
  }

  /** Polls until the instance has ended, giving up after 20 s (the job executor looks at least once a second). */
  private void waitUntilEnded(String instanceId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count() == 0) {
        return;
      }
      Thread.sleep(100);
    }
  }
}
