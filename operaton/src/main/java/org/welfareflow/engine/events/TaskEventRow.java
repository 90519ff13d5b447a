package org.welfareflow.engine.events;

import java.time.OffsetDateTime;

/** One row of WF_TASK_EVENT: what happened to which user task, `data` a JSON object with the task's cheap fields. */
public record TaskEventRow(
    long id,
    String taskId,
    String type,
    String processInstanceId,
    String processDefinitionKey,
    String taskDefinitionKey,
    OffsetDateTime createdAt,
    String data) {
}
