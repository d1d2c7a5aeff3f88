package dev.tenancy.admin.setup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of the realm setup as planned from the realm's current state: its status, a message for the admin, and the
 * write that carries it out (run only when the whole plan holds no refusal and it is not a dry run).
 *
 * @param step        the step's name in the response ({@code organizations}, {@code client-scope}, ...)
 * @param status      what the step does
 * @param message     what is there, what will change, or why setup refuses and what to do instead
 * @param touchesClients whether carrying it out changes client scopes or clients (needs manage-clients)
 * @param apply       the write; a no-op unless {@link StepStatus#writes()}
 */
public record PlannedStep(String step, StepStatus status, String message, boolean touchesClients, Runnable apply) {

    public static PlannedStep unchanged(String step, String message) {
        return new PlannedStep(step, StepStatus.UNCHANGED, message, false, () -> {});
    }

    public static PlannedStep refused(String step, String message) {
        return new PlannedStep(step, StepStatus.REFUSED, message, false, () -> {});
    }

    public static PlannedStep write(
            String step, StepStatus status, String message, boolean touchesClients, Runnable apply) {
        return new PlannedStep(step, status, message, touchesClients, apply);
    }

    /** The step as the response lists it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("step", step);
        json.put("status", status.json());
        json.put("message", message);
        return json;
    }
}
