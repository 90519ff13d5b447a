package org.welfareflow.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.welfareflow.engine.EngineAppTest;
import org.welfareflow.engine.HttpCalls;

@EngineAppTest
class TaskEventOutboxTest {

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactionManager;
  @LocalServerPort int port;

  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeEach
  void deploy() {
    repositoryService.createDeployment().name("outbox").enableDuplicateFiltering(true)
        .addClasspathResource("outbox.bpmn").deploy();
  }

  private List<String> eventTypes(String taskId) {
    return jdbc.queryForList("SELECT EVENT_TYPE FROM WF_TASK_EVENT WHERE TASK_ID = ? ORDER BY ID", String.class, taskId);
  }

  private Task taskOf(ProcessInstance instance) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }

  @Test
  void shouldWriteExactlyOneCompleteRowWhenATaskIsCompleted() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("outbox_plain", "case-1");
    Task task = taskOf(instance);
    taskService.complete(task.getId());

    assertThat(eventTypes(task.getId())).containsExactly("create", "complete");
    String data = jdbc.queryForObject(
        "SELECT DATA FROM WF_TASK_EVENT WHERE TASK_ID = ? AND EVENT_TYPE = 'create'", String.class, task.getId());
    assertThat(data).contains("\"businessKey\":\"case-1\"").contains("\"candidateGroups\":[\"caseworkers\"]");
  }

  @Test
  void shouldWriteNoRowWhenTheEnclosingTransactionRollsBack() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("outbox_plain");
    Task task = taskOf(instance);

    new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
      taskService.complete(task.getId());
      status.setRollbackOnly();
    });

    assertThat(eventTypes(task.getId())).containsExactly("create");
    assertThat(taskOf(instance)).isNotNull();
  }

  @Test
  void shouldWriteNoRowWhenALaterStepOfTheSameCommandFails() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("outbox_failing");
    Task task = taskOf(instance);

    assertThatThrownBy(() -> taskService.complete(task.getId())).isInstanceOf(ProcessEngineException.class);

    assertThat(eventTypes(task.getId())).containsExactly("create");
  }

  @Test
  void shouldWriteAssignmentRowsWhenATaskIsClaimed() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("outbox_plain");
    Task task = taskOf(instance);
    taskService.claim(task.getId(), "anna");

    assertThat(eventTypes(task.getId())).contains("create", "assignment");
  }

  @Test
  void shouldListAndDeleteRowsOverHttpWhenTheyAreAcked() throws Exception {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("outbox_plain", "case-http");
    Task task = taskOf(instance);

    List<Long> ours = new ArrayList<>();
    JsonNode events = mapper.readTree(HttpCalls.get(port, "/welfare/task-events?limit=1000", EngineAppTest.TOKEN).body());
    for (JsonNode event : events) {
      if (task.getId().equals(event.get("taskId").asText())) {
        ours.add(event.get("id").asLong());
        assertThat(event.get("type").asText()).isEqualTo("create");
        assertThat(event.get("processInstanceId").asText()).isEqualTo(instance.getId());
        assertThat(event.get("processDefinitionKey").asText()).isEqualTo("outbox_plain");
        assertThat(event.get("taskDefinitionKey").asText()).isEqualTo("task");
        assertThat(event.get("data").get("businessKey").asText()).isEqualTo("case-http");
        assertThat(event.get("createdAt").asText()).endsWith("Z");
      }
    }
    assertThat(ours).hasSize(1);

    String body = "{\"ids\": [" + ours.get(0) + ", 999999999]}";
    HttpResponse<String> first = HttpCalls.post(port, "/welfare/task-events/ack", body, EngineAppTest.TOKEN);
    HttpResponse<String> again = HttpCalls.post(port, "/welfare/task-events/ack", body, EngineAppTest.TOKEN);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(first.body()).get("deleted").asInt()).isEqualTo(1);
    assertThat(mapper.readTree(again.body()).get("deleted").asInt()).isZero();
    assertThat(eventTypes(task.getId())).isEmpty();
  }

  @Test
  void shouldPagePastEarlierRowsWhenAfterNamesTheLastIdOfThePreviousPage() throws Exception {
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      taskIds.add(taskOf(runtimeService.startProcessInstanceByKey("outbox_plain", "case-page-" + i)).getId());
    }
    List<Long> ids = jdbc.queryForList(
        "SELECT ID FROM WF_TASK_EVENT WHERE TASK_ID IN (?, ?, ?) ORDER BY ID", Long.class, taskIds.toArray());
    assertThat(ids).hasSize(3);

    JsonNode page = mapper.readTree(
        HttpCalls.get(port, "/welfare/task-events?limit=1000&after=" + ids.get(0), EngineAppTest.TOKEN).body());
    List<Long> listed = new ArrayList<>();
    for (JsonNode event : page) {
      listed.add(event.get("id").asLong());
    }

    assertThat(listed).contains(ids.get(1), ids.get(2)).doesNotContain(ids.get(0)).allMatch(id -> id > ids.get(0));
    JsonNode next = mapper.readTree(
        HttpCalls.get(port, "/welfare/task-events?limit=1&after=" + ids.get(1), EngineAppTest.TOKEN).body());
    assertThat(next).hasSize(1);
    assertThat(next.get(0).get("id").asLong()).isGreaterThan(ids.get(1));
  }

  @Test
  void shouldRefuseABadLimitOrAckBodyWhenTheRequestIsMalformed() throws Exception {
    assertThat(HttpCalls.get(port, "/welfare/task-events?after=-1", EngineAppTest.TOKEN).statusCode()).isEqualTo(400);
    assertThat(HttpCalls.get(port, "/welfare/task-events?after=x", EngineAppTest.TOKEN).statusCode()).isEqualTo(400);
    assertThat(HttpCalls.get(port, "/welfare/task-events?limit=0", EngineAppTest.TOKEN).statusCode()).isEqualTo(400);
    assertThat(HttpCalls.get(port, "/welfare/task-events?limit=x", EngineAppTest.TOKEN).statusCode()).isEqualTo(400);
    assertThat(HttpCalls.post(port, "/welfare/task-events/ack", "{\"ids\": [\"a\"]}", EngineAppTest.TOKEN).statusCode())
        .isEqualTo(400);
    assertThat(HttpCalls.post(port, "/welfare/task-events/ack", "{}", EngineAppTest.TOKEN).statusCode()).isEqualTo(400);
  }
}
