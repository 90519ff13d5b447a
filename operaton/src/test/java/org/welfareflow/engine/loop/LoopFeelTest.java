package org.welfareflow.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.delegate.DelegateExecution;

class LoopFeelTest {

  private final LoopFeel loop = new LoopFeel();

  private static DelegateExecution execution(Map<String, Object> variables) {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariables()).thenReturn(variables);
    when(execution.getVariable(anyString())).thenAnswer((call) -> variables.get(call.getArgument(0, String.class)));
    return execution;
  }

  @Test
  void shouldGiveTheItemsWhenTheInputCollectionIsAList() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("household", List.of("anna", "jan"));
    assertThat(loop.collection(execution(variables), "household", "each")).containsExactly("anna", "jan");
  }

  @Test
  void shouldFailNamingTheElementWhenTheInputCollectionIsNotAList() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("household", "anna, jan");
    assertThatThrownBy(() -> loop.collection(execution(variables), "household", "each"))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("\"each\"")
        .hasMessageContaining("not a list");
  }

  @Test
  void shouldSeeZeebesCountsAndTheOutputsSoFarWhenTheCompletionConditionIsEvaluated() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("nrOfInstances", 3);
    variables.put("nrOfCompletedInstances", 1);
    variables.put("nrOfActiveInstances", 2);
    variables.put("wf_loop_answers_1", "yes");
    DelegateExecution execution = execution(variables);
    assertThat(loop.done(execution, "numberOfCompletedInstances >= 1 and numberOfInstances = 3", "answers")).isTrue();
    assertThat(loop.done(execution, "answers[2] = \"yes\" and answers[1] = null", "answers")).isTrue();
    assertThat(loop.done(execution, "numberOfCompletedInstances >= 2", "answers")).isFalse();
  }

  @Test
  void shouldNotCollectAnOutputWhenTheInnerInstanceWasCancelled() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("answer", "late");
    DelegateExecution execution = execution(variables);
    when(execution.isCanceled()).thenReturn(true);
    loop.collect(execution, "answers", "answer");
    verify(execution, never()).setVariable(anyString(), org.mockito.ArgumentMatchers.any());
  }

  @Test
  void shouldRemoveWhatTheCalledInstanceBroughtBackButKeepTheLoopsVariablesWhenAnInnerCallActivityEnds() {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariableNamesLocal()).thenReturn(java.util.Set.of("verdict", "member", "loopCounter", "nrOfInstances", "wf_inner_instance"));
    loop.release(execution, "member");
    verify(execution).removeVariableLocal("verdict");
    verify(execution, never()).removeVariableLocal("member");
    verify(execution, never()).removeVariableLocal("loopCounter");
    verify(execution, never()).removeVariableLocal("nrOfInstances");
    verify(execution, never()).removeVariableLocal("wf_inner_instance");
  }
}
