package dev.tenancy.testsupport.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Whether a browser test class runs, decided before any of its set-up, so that a class without Chromium is REPORTED
 * as skipped (every test counted), not as a class that ran nothing. {@code -Dtenancy.browser-tests=false} skips it
 * wherever it is; {@code -Dtenancy.browser-tests=required} (CI) runs it, and a missing browser then fails in
 * {@link Chromium#start} instead of skipping. Use with {@code @ExtendWith(BrowserTests.class)}.
 */
public final class BrowserTests implements ExecutionCondition {

    static final String PROPERTY = "tenancy.browser-tests";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String mode = System.getProperty(PROPERTY, "");
        if ("false".equals(mode)) {
            return ConditionEvaluationResult.disabled("Browser tests switched off (-D" + PROPERTY + "=false)");
        }
        if (required()) {
            return ConditionEvaluationResult.enabled("Browser tests required (-D" + PROPERTY + "=required)");
        }
        return Chromium.missing()
                .map(missing -> {
                    String reason = "Browser tests SKIPPED: " + missing;
                    System.out.println("[tenancy] " + reason);
                    return ConditionEvaluationResult.disabled(reason);
                })
                .orElseGet(() -> ConditionEvaluationResult.enabled("Chromium and chromedriver found"));
    }

    static boolean required() {
        return "required".equals(System.getProperty(PROPERTY, ""));
    }
}
