package org.welfareflow.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.impl.variable.serializer.AbstractObjectValueSerializer;
import org.operaton.bpm.engine.impl.variable.serializer.ValueFields;
import org.operaton.bpm.engine.variable.value.ObjectValue;

/**
 * Stores Object variables of data format application/json as JSON text: any Map or List (what clients send with
 * objectTypeName java.util.Map / java.util.List, and what FEEL lists and contexts become). Read back as
 * LinkedHashMap / ArrayList, so FEEL and JUEL in the engine navigate them; REST reads return the JSON.
 * Decimals are read as BigDecimal (amounts keep their digits) and written plainly.
 */
public class JsonValueSerializer extends AbstractObjectValueSerializer {

  /** Stored in each variable's row: never change it. */
  public static final String NAME = "welfare-json";
  public static final String DATA_FORMAT = "application/json";
  public static final String MAP_TYPE = "java.util.Map";
  public static final String LIST_TYPE = "java.util.List";

  private final ObjectMapper mapper;

  public JsonValueSerializer(ObjectMapper mapper) {
    super(DATA_FORMAT);
    this.mapper = mapper.copy()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  protected boolean canSerializeValue(Object value) {
    return value instanceof Map || value instanceof List;
  }

  @Override
  protected String getTypeNameForDeserialized(Object deserializedObject) {
    return deserializedObject instanceof List ? LIST_TYPE : MAP_TYPE;
  }

  @Override
  protected byte[] serializeToByteArray(Object deserializedObject) throws Exception {
    return mapper.writeValueAsBytes(deserializedObject);
  }

  @Override
  protected Object deserializeFromByteArray(byte[] bytes, String objectTypeName) throws Exception {
    return mapper.readValue(bytes, Object.class);
  }

  @Override
  protected boolean isSerializationTextBased() {
    return true;
  }

  /** JSON text sent by a client is checked before it is stored: a broken value fails the request, not a later FEEL. */
  @Override
  public void writeValue(ObjectValue value, ValueFields valueFields) {
    if (!value.isDeserialized() && value.getValueSerialized() != null) {
      try {
        mapper.readTree(value.getValueSerialized());
      } catch (Exception e) {
        throw new ProcessEngineException("Cannot write variable '" + valueFields.getName() + "': its value is not valid JSON");
      }
    }
    super.writeValue(value, valueFields);
  }
}
