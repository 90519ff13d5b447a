package org.welfareflow.engine.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.springframework.stereotype.Component;

/**
 * Registers {@link JsonValueSerializer} ahead of the built-in serializers. Together with
 * `operaton.bpm.default-serialization-format: application/json` (application.yaml) every Map and List variable,
 * including FEEL results, is stored as JSON instead of Java serialization.
 */
@Component
public class JsonSerializerPlugin extends AbstractProcessEnginePlugin {

  private final ObjectMapper mapper;

  public JsonSerializerPlugin(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<TypedValueSerializer> serializers = configuration.getCustomPreVariableSerializers() == null
        ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreVariableSerializers());
    serializers.add(0, new JsonValueSerializer(mapper));
    configuration.setCustomPreVariableSerializers(serializers);
  }
}
