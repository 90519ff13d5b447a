package org.welfareflow.engine.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * Zeebe's multi-instance activities on Operaton (engine/operaton/translate-loop.ts writes the calls): the input
 * collection, the completion condition and the output collection, in FEEL, evaluated with the execution's
 * variables. Called from JUEL as {@code welfareLoop}. Until the activity is left, each inner instance's output is a
 * variable wf_loop_&lt;collection&gt;_&lt;index&gt; and their count wf_loop_&lt;collection&gt;_count.
 */
@Component("welfareLoop")
public class LoopFeel {

  private final FeelEngineApi feel = FeelEngineBuilder.forJava().build();

  /** The input collection; a value that is not a list fails the step (an incident), as on Zeebe. */
  public Collection<Object> collection(DelegateExecution execution, String expression, String elementId) {
    Object value = evaluate(expression, new HashMap<>(execution.getVariables()));
    if (!(value instanceof Collection<?> items)) {
      String kind = value == null ? "null" : value.getClass().getSimpleName();
      throw new ProcessEngineException(
          "The input collection " + expression + " of the multi-instance activity \"" + elementId + "\" is " + kind + ", not a list");
    }
    return new ArrayList<>(items);
  }

  /** The completion condition, with Zeebe's names for the counts and the output collection so far. */
  public boolean done(DelegateExecution execution, String expression, String outputCollection) {
    Map<String, Object> variables = new HashMap<>(execution.getVariables());
    Object instances = execution.getVariable("nrOfInstances");
    variables.put("numberOfInstances", instances);
    variables.put("numberOfCompletedInstances", execution.getVariable("nrOfCompletedInstances"));
    variables.put("numberOfActiveInstances", execution.getVariable("nrOfActiveInstances"));
    if (!outputCollection.isEmpty()) variables.put(outputCollection, outputs(execution, outputCollection, number(instances), false));
    return Boolean.TRUE.equals(evaluate(expression, variables));
  }

  /** Start of an inner instance: the first one notes how many there are (the length of the output collection). */
  public void prepare(DelegateExecution execution, String outputCollection) {
    if (counter(execution) != 0) return;
    execution.setVariable(countName(outputCollection), number(execution.getVariable("nrOfInstances")));
  }

  /**
   * End of an inner instance: its output element, in a variable of its own (inner instances that end at the same
   * time on different nodes never write the same variable). Not for inner instances a completion condition cancels.
   */
  public void collect(DelegateExecution execution, String outputCollection, String outputElement) {
    if (execution.isCanceled()) return;
    Object value = evaluate(outputElement, new HashMap<>(execution.getVariables()));
    execution.setVariable(slotName(outputCollection, counter(execution)), value);
  }

  /**
   * End of an inner instance of a multi-instance call activity: what its called instance brought back (local on its
   * execution or, for a sequential loop, on the loop's execution, which the next inner instance shares) is removed,
   * so the next called instance never receives it. The loop's own variables and the input element stay.
   */
  public void release(DelegateExecution execution, String inputElement) {
    List<DelegateExecution> scopes = new ArrayList<>();
    scopes.add(execution);
    if (execution instanceof ExecutionEntity entity && entity.getParent() != null && !entity.getParent().isProcessInstanceExecution()) {
      scopes.add(entity.getParent());
    }
    for (DelegateExecution scope : scopes) {
      for (String name : new ArrayList<>(scope.getVariableNamesLocal())) {
        if (name.startsWith("nrOf") || name.equals("loopCounter") || name.startsWith("wf_") || name.equals(inputElement)) continue;
        scope.removeVariableLocal(name);
      }
    }
  }

  /** The activity is left: the outputs become the output collection, in the order of the items. */
  public void finish(DelegateExecution execution, String outputCollection) {
    Object count = execution.getVariable(countName(outputCollection));
    List<Object> outputs = outputs(execution, outputCollection, number(count), true);
    execution.removeVariable(countName(outputCollection));
    execution.setVariable(outputCollection, outputs);
  }

  private static List<Object> outputs(DelegateExecution execution, String outputCollection, int count, boolean remove) {
    List<Object> outputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String slot = slotName(outputCollection, i);
      outputs.add(execution.getVariable(slot));
      if (remove) execution.removeVariable(slot);
    }
    return outputs;
  }

  private static String countName(String outputCollection) {
    return "wf_loop_" + outputCollection + "_count";
  }

  private static String slotName(String outputCollection, int index) {
    return "wf_loop_" + outputCollection + "_" + index;
  }

  private static int number(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }

  private static int counter(DelegateExecution execution) {
    Object counter = execution.getVariable("loopCounter");
    return counter instanceof Number number ? number.intValue() : 0;
  }

  private Object evaluate(String expression, Map<String, Object> variables) {
    EvaluationResult result = feel.evaluateExpression(expression, variables);
    if (!result.isSuccess()) {
      throw new ProcessEngineException("FEEL expression \"" + expression + "\" failed: " + result.failure().message());
    }
    return result.result();
  }
}
