package org.welfareflow.engine.config;

import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * How long the job executor sleeps when it finds no due job. Operaton's defaults let an idle node sleep up to 60 s,
 * so a timer falling due (or one created on another node) could wait that long. Here an idle node looks again
 * within 5 s, and with the test clock on within 1 s, so tests that move the clock see the timer fire quickly.
 * Applied to the JobExecutor bean before the starter starts it.
 */
@Component
public class JobAcquisitionTiming implements BeanPostProcessor {

  static final int WAIT_MS = 1_000;
  static final long MAX_WAIT_MS = 5_000;
  static final int TEST_CLOCK_WAIT_MS = 250;
  static final long TEST_CLOCK_MAX_WAIT_MS = 1_000;

  private final boolean testClock;

  public JobAcquisitionTiming(@Value("${welfare.test-clock:false}") boolean testClock) {
    this.testClock = testClock;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof JobExecutor jobExecutor) {
      jobExecutor.setWaitTimeInMillis(testClock ? TEST_CLOCK_WAIT_MS : WAIT_MS);
      jobExecutor.setMaxWait(testClock ? TEST_CLOCK_MAX_WAIT_MS : MAX_WAIT_MS);
    }
    return bean;
  }
}
