package dev.tenancy.admin.resource;

import dev.tenancy.admin.invitation.InvitationDetails;

/**
 * The {@code tenancyInvitation} attribute of {@value InvitationPages#TEMPLATE}: {@code state} (an
 * {@link InvitationPageState} name), the invitation's {@code details} (null for an unknown link), the form's
 * {@code respondUrl}, {@code csrf} and {@code key}, and {@code linkUrl} (the link itself, to start over).
 */
public final class InvitationPageModel {
    private final String state;
    private final InvitationDetails details;
    private final String tenantName;
    private final String respondUrl;
    private final String linkUrl;
    private final String csrf;
    private final String key;

    InvitationPageModel(
            String state,
            InvitationDetails details,
            String tenantName,
            String respondUrl,
            String linkUrl,
            String csrf,
            String key) {
        this.state = state;
        this.details = details;
        this.tenantName = tenantName;
        this.respondUrl = respondUrl;
        this.linkUrl = linkUrl;
        this.csrf = csrf;
        this.key = key;
    }

    public String getState() {
        return state;
    }

    public InvitationDetails getDetails() {
        return details;
    }

    public String getTenantName() {
        return tenantName;
    }

    public String getRespondUrl() {
        return respondUrl;
    }

    public String getLinkUrl() {
        return linkUrl;
    }

    public String getCsrf() {
        return csrf;
    }

    public String getKey() {
        return key;
    }
}
