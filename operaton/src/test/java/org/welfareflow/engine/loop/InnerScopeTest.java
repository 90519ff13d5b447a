package org.welfareflow.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;

class InnerScopeTest {

  private final InnerScope scope = new InnerScope();

  @Test
  void shouldStoreDecimalsAsDoublesAndBigIntegersAsLongsWhenACarriedValueIsTopLevel() {
    assertThat(InnerScope.plain(new BigDecimal("12.5"))).isEqualTo(12.5d);
    assertThat(InnerScope.plain(new BigInteger("5000000000"))).isEqualTo(5_000_000_000L);
    assertThat(InnerScope.plain(List.of(1, 2))).isEqualTo(List.of(1, 2));
    assertThat(InnerScope.plain("text")).isEqualTo("text");
  }

  @Test
  void shouldWriteEachCarriedEntryToTheInnerInstanceAndEmptyTheCarrierWhenAJobInsideEnds() {
    ExecutionEntity inner = mock(ExecutionEntity.class);
    ExecutionEntity task = mock(ExecutionEntity.class);
    when(task.hasVariableLocal(InnerScope.CARRIER)).thenReturn(false);
    when(task.getParent()).thenReturn(inner);
    when(inner.hasVariableLocal(InnerScope.CARRIER)).thenReturn(true);
    Map<String, Object> carried = new LinkedHashMap<>();
    carried.put("verdict", "eligible");
    carried.put("amount", new BigDecimal("10.25"));
    when(inner.getVariableLocal(InnerScope.CARRIER)).thenReturn(carried);

    scope.keep(task);

    verify(inner).setVariableLocal("verdict", "eligible");
    verify(inner).setVariableLocal("amount", 10.25d);
    verify(inner).setVariableLocal(InnerScope.CARRIER, null);
    verify(task, never()).setVariableLocal("verdict", "eligible");
  }

  @Test
  void shouldChangeNothingWhenNoExecutionAroundDeclaresTheCarrier() {
    ExecutionEntity task = mock(ExecutionEntity.class);
    when(task.hasVariableLocal(InnerScope.CARRIER)).thenReturn(false);
    when(task.getParent()).thenReturn(null);

    scope.keep(task);

    verify(task, never()).setVariableLocal(InnerScope.CARRIER, null);
  }
}
