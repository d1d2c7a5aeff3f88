package dev.tenancy.refresh.rotation;

import static dev.tenancy.refresh.rotation.RotationDecision.GRACE;
import static dev.tenancy.refresh.rotation.RotationDecision.REJECT_CONCURRENT;
import static dev.tenancy.refresh.rotation.RotationDecision.REPLAY;
import static dev.tenancy.refresh.rotation.RotationDecision.ROTATE;
import static dev.tenancy.refresh.rotation.RotationDecision.START;
import static dev.tenancy.refresh.rotation.RotationDecision.UNTRACKED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RotationDecisionTest {

    private static final long ROTATED_AT = 1_000_000L;
    private static final FamilyState STATE = new FamilyState("head", "prev", ROTATED_AT);

    @Nested
    class WithoutState {

        @Test
        void theFirstTokenOfAFamilyStartsIt() {
            assertThat(RotationDecision.decide("t0", 0, null, ROTATED_AT, 0)).isEqualTo(START);
        }

        @Test
        void aRotatedTokenWhoseFamilyStateIsGoneIsUntrackedNotStarted() {
            // Starting it would give a replayed old token a chain of its own.
            assertThat(RotationDecision.decide("t5", 5, null, ROTATED_AT, 5_000))
                    .isEqualTo(UNTRACKED);
        }
    }

    @Test
    void theHeadRotatesWhateverTheTime() {
        assertThat(RotationDecision.decide("head", 3, STATE, ROTATED_AT + 999_999, 0))
                .isEqualTo(ROTATE);
        assertThat(RotationDecision.decide("head", 3, STATE, ROTATED_AT - 10, 5_000))
                .isEqualTo(ROTATE);
    }

    @Nested
    class ThePreviousToken {

        @Test
        void withinTheGraceWindowGetsAGraceResponse() {
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT, 5_000))
                    .isEqualTo(GRACE);
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + 4_999, 5_000))
                    .isEqualTo(GRACE);
        }

        @Test
        void atTheEndOfTheGraceWindowIsAReplay() {
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + 5_000, 5_000))
                    .isEqualTo(REPLAY);
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + 60_000, 5_000))
                    .isEqualTo(REPLAY);
        }

        @Test
        void inFlightDuringTheRotationGetsGraceWhenGraceIsOn() {
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT - 1, 5_000))
                    .isEqualTo(GRACE);
        }

        @Test
        void inFlightDuringTheRotationIsRefusedWithoutRevocationWhenGraceIsOff() {
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT - 1, 0))
                    .isEqualTo(REJECT_CONCURRENT);
            // received just after the rotation: parallel requests are served in turns
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + RotationDecision.IN_FLIGHT_MILLIS - 1, 0))
                    .isEqualTo(REJECT_CONCURRENT);
        }

        @Test
        void presentedOnceTheRotationCouldHaveBeenSeenWithoutGraceIsAReplay() {
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + RotationDecision.IN_FLIGHT_MILLIS, 0))
                    .isEqualTo(REPLAY);
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + 60_000, 0))
                    .isEqualTo(REPLAY);
        }

        @Test
        void aGraceWindowShorterThanTheInFlightTimeStillRefusesInFlightRequestsWithoutRevoking() {
            // grace is whole seconds, so this only documents the order of the rules
            assertThat(RotationDecision.decide("prev", 2, STATE, ROTATED_AT + 600, 500))
                    .isEqualTo(REJECT_CONCURRENT);
        }
    }

    @Test
    void anOlderTokenIsAReplayEvenWithinTheGraceWindowOrInFlight() {
        assertThat(RotationDecision.decide("older", 1, STATE, ROTATED_AT + 1, 60_000))
                .isEqualTo(REPLAY);
        assertThat(RotationDecision.decide("older", 1, STATE, ROTATED_AT - 1, 60_000))
                .isEqualTo(REPLAY);
        assertThat(RotationDecision.decide("older", 0, STATE, ROTATED_AT - 1, 0))
                .isEqualTo(REPLAY);
    }

    @ParameterizedTest
    @EnumSource(
            value = RotationDecision.class,
            names = {"START", "ROTATE", "GRACE"})
    void onlyStartRotateAndGraceIssueTokens(RotationDecision decision) {
        assertThat(decision.issuesTokens()).isTrue();
        assertThat(decision.advancesFamily()).isEqualTo(decision != GRACE);
    }

    @ParameterizedTest
    @EnumSource(
            value = RotationDecision.class,
            names = {"REJECT_CONCURRENT", "REPLAY", "UNTRACKED"})
    void refusalsNeitherIssueNorAdvance(RotationDecision decision) {
        assertThat(decision.issuesTokens()).isFalse();
        assertThat(decision.advancesFamily()).isFalse();
    }
}
