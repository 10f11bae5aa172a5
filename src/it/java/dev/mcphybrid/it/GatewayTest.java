package dev.mcphybrid.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against the gateway under test: before the class runs, the gateway is ready (waited for once
 * per test run) and the named servers of the IT catalogue are HEALTHY (all of them with {@code allServers}).
 * Test and lifecycle methods may take a {@link GatewayClient} parameter (admin token).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GatewayReady.class)
public @interface GatewayTest {

    /** Catalogue servers that must be HEALTHY before the class runs. */
    String[] servers() default {};

    /** Every server of the IT catalogue HEALTHY before the class runs. */
    boolean allServers() default false;
}
