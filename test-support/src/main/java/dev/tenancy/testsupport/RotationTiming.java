package dev.tenancy.testsupport;

/** Timing of refresh-token rotation that tests of replays have to wait out. */
public final class RotationTiming {

    private RotationTiming() {}

    /**
     * Waits until a spent token presented without grace counts as a replay: for 1 s after a rotation
     * ({@code RotationDecision.IN_FLIGHT_MILLIS}) it is refused as a request in flight during the rotation, unpunished.
     */
    public static void waitPastInFlightWindow() {
        KeycloakServer.sleep(1_100);
    }
}
