package org.welfareflow.engine.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes every user-task event of the starter's event bridge (create, assignment, update, complete, delete) to the
 * outbox. The bridge calls it synchronously inside the engine's transaction; if the insert fails, so does the
 * engine's command, and nothing is half done.
 */
@Component
public class TaskEventRecorder {

  private final TaskEventOutbox outbox;
  private final ObjectMapper mapper;

  public TaskEventRecorder(TaskEventOutbox outbox, ObjectMapper mapper) {
    this.outbox = outbox;
    this.mapper = mapper;
  }

  @EventListener
  public void onTaskEvent(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    outbox.append(
        task.getId(),
        task.getEventName(),
        task.getProcessInstanceId(),
        processDefinitionKey(task),
        task.getTaskDefinitionKey(),
        OffsetDateTime.ofInstant(ClockUtil.now().toInstant(), ZoneOffset.UTC),
        toJson(data(task, execution)));
  }

  private Map<String, Object> data(DelegateTask task, DelegateExecution execution) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", task.getName());
    data.put("assignee", task.getAssignee());
    data.put("owner", task.getOwner());
    data.put("dueDate", iso(task.getDueDate()));
    data.put("followUpDate", iso(task.getFollowUpDate()));
    data.put("priority", task.getPriority());
    data.put("businessKey", execution == null ? null : execution.getProcessBusinessKey());
    data.put("tenantId", task.getTenantId());
    List<String> groups = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (IdentityLink link : task.getCandidates()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
        if (link.getGroupId() != null) {
          groups.add(link.getGroupId());
        }
        if (link.getUserId() != null) {
          users.add(link.getUserId());
        }
      }
    }
    data.put("candidateGroups", groups);
    data.put("candidateUsers", users);
    if (task.getDeleteReason() != null) {
      data.put("deleteReason", task.getDeleteReason());
    }
    return data;
  }

  private static String processDefinitionKey(DelegateTask task) {
    if (task instanceof TaskEntity entity && entity.getProcessDefinitionId() != null) {
      ProcessDefinitionEntity definition = entity.getProcessDefinition();
      return definition == null ? null : definition.getKey();
    }
    return null;
  }

  private String toJson(Map<String, Object> data) {
    try {
      return mapper.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new ProcessEngineException("Cannot write the task event's data as JSON", e);
    }
  }

  private static String iso(Date date) {
    return date == null ? null : date.toInstant().toString();
  }
}
