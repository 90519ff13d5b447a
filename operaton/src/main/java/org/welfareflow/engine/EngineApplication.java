package org.welfareflow.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Operaton engine with its REST API and welfare-flow's additions (/welfare/...). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EngineApplication {

  public static void main(String[] args) {
    SpringApplication.run(EngineApplication.class, args);
  }
}
