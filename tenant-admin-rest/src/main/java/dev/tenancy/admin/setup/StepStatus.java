package dev.tenancy.admin.setup;

import java.util.Locale;

/** What the realm setup does, or would do, to one part of the realm. */
public enum StepStatus {
    /** The part was missing and is (or would be) created. */
    CREATED,
    /** The part existed and is (or would be) changed. */
    UPDATED,
    /** The part is already in place: nothing to write. */
    UNCHANGED,
    /** Setup cannot do this part safely; the message says what the admin can do. Nothing of the setup is written. */
    REFUSED;

    /** The value in the JSON response: {@code created}, {@code updated}, {@code unchanged}, {@code refused}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean writes() {
        return this == CREATED || this == UPDATED;
    }
}
