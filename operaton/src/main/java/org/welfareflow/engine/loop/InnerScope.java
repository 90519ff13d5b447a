package org.welfareflow.engine.loop;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * The variable scope of an inner instance of a multi-instance sub-process (engine/operaton/translate-loop.ts). Each
 * inner instance declares the local variable {@value #CARRIER} (an input parameter of the sub-process), so that
 * Camunda 7's setVariable, which otherwise climbs to the process instance, stops there. What a job or an inbox task
 * inside the inner instance sets is sent as that one variable (a JSON map), with the completion of the external task
 * or task; the task's end listener, {@code ${welfareScope.keep(execution)}}, then writes each entry as a local
 * variable of the inner instance, in the same transaction as the completion. Nothing of it reaches another inner
 * instance or the process; the inner instance's variables end with it.
 */
@Component("welfareScope")
public class InnerScope {

  /** The variable each inner instance declares and completions inside it are sent as. */
  public static final String CARRIER = "wf_scope_out";

  /** End of a job or task inside an inner instance: what its completion carried becomes the inner instance's. */
  public void keep(DelegateExecution execution) {
    ExecutionEntity scope = holder(execution);
    if (scope == null) return;
    Object carried = scope.getVariableLocal(CARRIER);
    if (!(carried instanceof Map<?, ?> values)) return;
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      scope.setVariableLocal(String.valueOf(entry.getKey()), plain(entry.getValue()));
    }
    scope.setVariableLocal(CARRIER, null);
  }

  /**
   * End of a script or decision task inside an inner instance: its result, which the translation made a local
   * variable of the task (a null input parameter), becomes the inner instance's.
   */
  public void keepLocal(DelegateExecution execution, String name) {
    ExecutionEntity scope = holder(execution);
    if (scope == null || scope == execution || execution.isCanceled() || !execution.hasVariableLocal(name)) return;
    scope.setVariableLocal(name, execution.getVariableLocal(name));
  }

  /**
   * End of a call activity inside an inner instance: what its called instance returned (local variables of the call
   * activity's execution, camunda:out local) becomes the inner instance's; its input mappings ({@code inputs}, comma
   * separated) and the engine's own variables stay behind.
   */
  public void keepReturned(DelegateExecution execution, String inputs) {
    // (from the parent: the called instance, which received every variable, returns the carrier too)
    ExecutionEntity scope = execution instanceof ExecutionEntity entity && !entity.isCanceled() ? holder(entity.getParent()) : null;
    if (scope == null || scope == execution) return;
    Set<String> skipped = new HashSet<>(Arrays.asList(inputs.split(",")));
    for (String name : new ArrayList<>(execution.getVariableNamesLocal())) {
      if (skipped.contains(name) || name.startsWith("wf_") || name.startsWith("nrOf") || name.equals("loopCounter")) continue;
      scope.setVariableLocal(name, execution.getVariableLocal(name));
    }
  }

  /** The innermost execution around this one that declares the carrier: the inner instance's scope. */
  static ExecutionEntity holder(DelegateExecution execution) {
    ExecutionEntity current = execution instanceof ExecutionEntity entity ? entity : null;
    while (current != null && !current.hasVariableLocal(CARRIER)) current = current.getParent();
    return current;
  }

  /**
   * A top-level value as the REST API would have stored it: JSON decimals (read as BigDecimal) become doubles and
   * big integers longs; maps and lists stay JSON variables.
   */
  static Object plain(Object value) {
    if (value instanceof BigDecimal decimal) return decimal.doubleValue();
    if (value instanceof BigInteger integer) return integer.longValue();
    return value;
  }
}
