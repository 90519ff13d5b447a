package org.welfareflow.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.Task;
import org.operaton.bpm.engine.variable.Variables;
import org.operaton.bpm.engine.variable.value.ObjectValue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.welfareflow.engine.EngineAppTest;
import org.welfareflow.engine.HttpCalls;

@EngineAppTest
class JsonVariablesTest {

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @LocalServerPort int port;

  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeEach
  void deploy() {
    repositoryService.createDeployment().name("json-feel").enableDuplicateFiltering(true)
        .addClasspathResource("json-feel.bpmn").deploy();
  }

  private static ObjectValue json(String text, String type) {
    return Variables.serializedObjectValue(text).serializationDataFormat("application/json").objectTypeName(type).create();
  }

  private ProcessInstance start(String applicant, String items) {
    return runtimeService.startProcessInstanceByKey("json_feel", Map.of(
        "applicant", json(applicant, "java.util.Map"),
        "items", json(items, "java.util.List")));
  }

  @Test
  void shouldFollowTheFeelConditionWhenItNavigatesJsonVariables() {
    ProcessInstance eligible = start("{\"income\": [1200.50, 0]}", "[\"a\", \"b\"]");
    ProcessInstance lowIncome = start("{\"income\": [0]}", "[\"a\", \"b\"]");
    ProcessInstance oneItem = start("{\"income\": [5]}", "[\"a\"]");

    assertThat(taskService.createTaskQuery().processInstanceId(eligible.getId()).count()).isEqualTo(1);
    assertThat(lowIncome.isEnded()).isTrue();
    assertThat(oneItem.isEnded()).isTrue();
  }

  @Test
  void shouldStoreAFeelListOfContextsAsJsonWhenAnOutputMappingMakesOne() throws Exception {
    ProcessInstance instance = start("{\"income\": [1]}", "[\"a\", \"b\"]");
    Task task = taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    taskService.complete(task.getId());

    ObjectValue rows = runtimeService.getVariableTyped(instance.getId(), "rows", false);
    assertThat(rows.getSerializationDataFormat()).isEqualTo("application/json");
    assertThat(rows.getObjectTypeName()).isEqualTo("java.util.List");
    assertThat(mapper.readTree(rows.getValueSerialized()))
        .isEqualTo(mapper.readTree("[{\"item\": \"a\"}, {\"item\": \"b\"}]"));
  }

  @Test
  void shouldReturnJsonOverRestWhenAJsonVariableIsRead() throws Exception {
    ProcessInstance instance = start("{\"income\": [3], \"name\": \"x\"}", "[\"a\", \"b\"]");

    HttpResponse<String> embedded = HttpCalls.get(port,
        "/engine-rest/process-instance/" + instance.getId() + "/variables/applicant", EngineAppTest.TOKEN);
    HttpResponse<String> serialized = HttpCalls.get(port,
        "/engine-rest/process-instance/" + instance.getId() + "/variables/applicant?deserializeValue=false", EngineAppTest.TOKEN);

    assertThat(embedded.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(embedded.body()).get("value")).isEqualTo(mapper.readTree("{\"income\": [3], \"name\": \"x\"}"));
    JsonNode text = mapper.readTree(serialized.body()).get("value");
    assertThat(text.isTextual()).isTrue();
    assertThat(mapper.readTree(text.asText())).isEqualTo(mapper.readTree("{\"income\": [3], \"name\": \"x\"}"));
  }

  @Test
  void shouldRefuseAVariableWhenItsJsonIsBroken() {
    assertThatThrownBy(() -> start("{\"income\": [", "[]"))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("not valid JSON");
  }
}
