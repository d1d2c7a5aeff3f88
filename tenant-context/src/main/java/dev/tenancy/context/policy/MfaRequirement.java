package dev.tenancy.context.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who in a tenant must use a second factor (policy key {@code mfa}). */
public enum MfaRequirement {
    /** Nobody (the realm's flows decide alone). */
    OFF("off"),
    /** Members holding the tenant permission {@code tenant-admin} in this tenant. */
    ADMINS("admins"),
    /** Every member. */
    ALL("all");

    private final String value;

    MfaRequirement(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<MfaRequirement> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.value.equals(wanted)).findFirst();
    }
}
