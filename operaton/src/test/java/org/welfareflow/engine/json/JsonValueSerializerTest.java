package org.welfareflow.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValueSerializerTest {

  private final JsonValueSerializer serializer = new JsonValueSerializer(new ObjectMapper());

  @Test
  void shouldReadBackWhatItWroteWhenGivenNestedMapsAndLists() throws Exception {
    Map<String, Object> applicant = new LinkedHashMap<>();
    applicant.put("income", List.of(new BigDecimal("1200.50"), 0));
    applicant.put("household", List.of(Map.of("role", "child", "age", 7)));
    applicant.put("note", null);

    byte[] json = serializer.serializeToByteArray(applicant);
    Object back = serializer.deserializeFromByteArray(json, JsonValueSerializer.MAP_TYPE);

    assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"income\":[1200.50,0]");
    assertThat(back).isEqualTo(applicant);
  }

  @Test
  void shouldHandleOnlyMapsAndListsWhenAskedWhatItCanStore() {
    assertThat(serializer.canSerializeValue(Map.of())).isTrue();
    assertThat(serializer.canSerializeValue(List.of(1))).isTrue();
    assertThat(serializer.canSerializeValue("text")).isFalse();
    assertThat(serializer.canSerializeValue(new int[] {1})).isFalse();
  }

  @Test
  void shouldRecordMapOrListAsTheTypeNameWhenStoringAValue() {
    assertThat(serializer.getTypeNameForDeserialized(new LinkedHashMap<>())).isEqualTo("java.util.Map");
    assertThat(serializer.getTypeNameForDeserialized(List.of())).isEqualTo("java.util.List");
    assertThat(serializer.getSerializationDataformat()).isEqualTo("application/json");
  }
}
