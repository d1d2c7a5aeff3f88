package dev.tenancy.policy.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.context.policy.MfaMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class MfaSetupChoiceTest {

    @Test
    void theOfferedMethodsSurviveTheAuthNote() {
        String note = MfaSetupChoice.toNote(List.of(MfaMethod.OTP, MfaMethod.SMS));
        assertThat(note).isEqualTo("otp,sms");
        assertThat(MfaSetupChoice.fromNote(note)).containsExactly(MfaMethod.OTP, MfaMethod.SMS);
    }

    @Test
    void onlyAnOfferedMethodCanBeChosen() {
        String note = MfaSetupChoice.toNote(List.of(MfaMethod.OTP, MfaMethod.SMS));
        assertThat(MfaSetupChoice.pick(note, "sms")).contains(MfaMethod.SMS);
        assertThat(MfaSetupChoice.pick(note, "webauthn"))
                .as("allowed elsewhere, not offered here")
                .isEmpty();
        assertThat(MfaSetupChoice.pick(note, "recovery-codes")).isEmpty();
        assertThat(MfaSetupChoice.pick(note, "SMS")).isEmpty();
        assertThat(MfaSetupChoice.pick(note, "")).isEmpty();
        assertThat(MfaSetupChoice.pick(note, null)).isEmpty();
        assertThat(MfaSetupChoice.pick(note, "otp,sms")).isEmpty();
    }

    @Test
    void withoutANoteNothingCanBeChosen() {
        assertThat(MfaSetupChoice.fromNote(null)).isEmpty();
        assertThat(MfaSetupChoice.fromNote("")).isEmpty();
        assertThat(MfaSetupChoice.pick(null, "otp")).isEmpty();
        assertThat(MfaSetupChoice.fromNote("otp,nonsense"))
                .as("unknown values are dropped")
                .containsExactly(MfaMethod.OTP);
    }
}
