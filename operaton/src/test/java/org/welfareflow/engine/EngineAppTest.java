package org.welfareflow.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole app on a random port with an in-memory H2, a token and the test clock. Every test class uses exactly
 * this annotation, so Spring starts the app once for all of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "welfare.database-url=jdbc:h2:mem:engine-app-test;DB_CLOSE_DELAY=-1",
        "welfare.api-token=" + EngineAppTest.TOKEN,
        "welfare.test-clock=true",
        "welfare.node-name=junit-node",
        "server.port=0",
    })
public @interface EngineAppTest {
  String TOKEN = "junit-token-0123456789";
}
