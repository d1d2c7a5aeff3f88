package dev.tenancy.admin.resource;

import jakarta.ws.rs.core.Response;

/** What the invitation page shows, and its status; the template has one message per state. */
public enum InvitationPageState {
    /** The invitation, with Accept and Decline. */
    PENDING(Response.Status.OK),
    JOINED(Response.Status.OK),
    DECLINED_NOW(Response.Status.OK),
    UNKNOWN(Response.Status.BAD_REQUEST),
    EXPIRED(Response.Status.BAD_REQUEST),
    REVOKED(Response.Status.BAD_REQUEST),
    ACCEPTED(Response.Status.BAD_REQUEST),
    DECLINED(Response.Status.BAD_REQUEST),
    TENANT_UNAVAILABLE(Response.Status.BAD_REQUEST),
    SIGN_IN_NOT_COMPLETED(Response.Status.BAD_REQUEST),
    PAGE_EXPIRED(Response.Status.BAD_REQUEST),
    WRONG_ACCOUNT(Response.Status.FORBIDDEN),
    /** Signed in with the invited address, but it is not verified: the page offers Keycloak's verification. */
    EMAIL_NOT_VERIFIED(Response.Status.FORBIDDEN);

    final Response.Status status;

    InvitationPageState(Response.Status status) {
        this.status = status;
    }
}
