package dev.tenancy.admin.audit;

/**
 * Filters of a tenant's audit page: {@code type} (exact: an admin event's operation type, a user event's type) and
 * a time range in epoch milliseconds, both ends inclusive; null where not filtered. The time range is a range of the
 * indexes the pages are read from, so it narrows what is read.
 */
public record EventFilter(String type, Long fromMillis, Long toMillis) {

    public static final EventFilter NONE = new EventFilter(null, null, null);
}
