package dev.tenancy.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a cluster-test class: it gets the run's one {@link KeycloakCluster} and a {@link TestRealm} of its own
 * (through node 0) as parameters. See {@link KeycloakClusterExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakClusterExtension.class)
public @interface KeycloakClusterIntegrationTest {}
