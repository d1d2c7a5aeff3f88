package dev.tenancy.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration-test class: it gets the run's one {@link KeycloakServer} and a {@link TestRealm} of its own
 * (created before the first test, removed after the last) as constructor, method or field-injected parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakExtension.class)
public @interface KeycloakIntegrationTest {}
