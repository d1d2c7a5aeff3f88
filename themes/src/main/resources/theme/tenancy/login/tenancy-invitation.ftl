<#--
  The invitation page (tenant-admin-rest, InvitationAcceptanceResource): what the link leads to. Attribute
  "tenancyInvitation": state (PENDING shows the invitation with Accept and Decline; EMAIL_NOT_VERIFIED a button that
  starts Keycloak's e-mail verification; the others say what happened or why the link cannot be used), details (tenant, inviter, roles, e-mail, expiry; null for an unknown link), and the
  form's respondUrl, key and csrf. Served to every login theme by the themes module, so it imports the realm
  theme's template.ftl; in the tenancy theme that one adds the tenant's branding.
-->
<#import "template.ftl" as layout>
<#assign inv = tenancyInvitation>
<#assign tenantName = inv.tenantName!"">
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        <#switch inv.state>
            <#case "PENDING">${msg("tenancyInvitationTitle", tenantName)}<#break>
            <#case "JOINED">${msg("tenancyInvitationJoinedTitle")}<#break>
            <#case "DECLINED_NOW">${msg("tenancyInvitationDeclinedNowTitle")}<#break>
            <#default>${msg("tenancyInvitationUnusableTitle")}
        </#switch>
    <#elseif section = "form">
        <div id="tenancy-invitation" class="tenancy-invitation" data-state="${inv.state}">
        <#switch inv.state>
            <#case "PENDING">
                <#assign d = inv.details>
                <p id="tenancy-invitation-message">
                    <#if d.inviterName??>${msg("tenancyInvitationIntroBy", d.inviterName, tenantName)}<#else>${msg("tenancyInvitationIntro", tenantName)}</#if>
                </p>
                <dl class="tenancy-invitation-facts">
                    <dt>${msg("tenancyInvitationTenantLabel")}</dt>
                    <dd id="tenancy-invitation-tenant">${tenantName}</dd>
                    <#if d.inviterName??>
                        <dt>${msg("tenancyInvitationInviterLabel")}</dt>
                        <dd id="tenancy-invitation-inviter"><#if d.inviterEmail??>${msg("tenancyInvitationInviterWithEmail", d.inviterName, d.inviterEmail)}<#else>${d.inviterName}</#if></dd>
                    </#if>
                    <dt>${msg("tenancyInvitationRolesLabel")}</dt>
                    <dd id="tenancy-invitation-roles">
                        <#if d.roles?has_content>
                            <ul class="tenancy-invitation-roles"><#list d.roles as role><li>${role}</li></#list></ul>
                        <#else>
                            ${msg("tenancyInvitationNoRoles")}
                        </#if>
                    </dd>
                    <dt>${msg("tenancyInvitationEmailLabel")}</dt>
                    <dd id="tenancy-invitation-email">${d.email}</dd>
                    <dt>${msg("tenancyInvitationExpiryLabel")}</dt>
                    <dd id="tenancy-invitation-expiry">${d.expiresAtText}</dd>
                </dl>
                <p class="tenancy-invitation-hint">${msg("tenancyInvitationAcceptHint", d.email)}</p>
                <form id="tenancy-invitation-form" class="${properties.kcFormClass!}" action="${inv.respondUrl}" method="post">
                    <input type="hidden" name="key" value="${inv.key}">
                    <input type="hidden" name="csrf" value="${inv.csrf}">
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${properties.kcFormActionGroupClass!}">
                            <button type="submit" name="decision" value="accept" id="tenancy-invitation-accept"
                                    class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyInvitationAccept")}</button>
                            <button type="submit" name="decision" value="decline" id="tenancy-invitation-decline"
                                    class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyInvitationDecline")}</button>
                        </div>
                    </div>
                </form>
                <#break>
            <#case "JOINED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationJoined", tenantName)}</p>
                <#break>
            <#case "DECLINED_NOW">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationDeclinedNow", tenantName)}</p>
                <#break>
            <#case "EXPIRED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationExpired", tenantName)}</p>
                <#break>
            <#case "REVOKED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationRevoked", tenantName)}</p>
                <#break>
            <#case "ACCEPTED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationAccepted", tenantName)}</p>
                <#break>
            <#case "DECLINED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationDeclined", tenantName)}</p>
                <#break>
            <#case "TENANT_UNAVAILABLE">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationTenantUnavailable", tenantName)}</p>
                <#break>
            <#case "SIGN_IN_NOT_COMPLETED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationSignInNotCompleted")}</p>
                <#if inv.linkUrl??><p><a id="tenancy-invitation-start-over" href="${inv.linkUrl}">${msg("tenancyInvitationStartOver")}</a></p></#if>
                <#break>
            <#case "PAGE_EXPIRED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationPageExpired")}</p>
                <#if inv.linkUrl??><p><a id="tenancy-invitation-start-over" href="${inv.linkUrl}">${msg("tenancyInvitationStartOver")}</a></p></#if>
                <#break>
            <#case "EMAIL_NOT_VERIFIED">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationEmailNotVerified", (inv.details.email)!"")}</p>
                <form id="tenancy-invitation-form" class="${properties.kcFormClass!}" action="${inv.respondUrl}" method="post">
                    <input type="hidden" name="key" value="${inv.key}">
                    <input type="hidden" name="csrf" value="${inv.csrf}">
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${properties.kcFormActionGroupClass!}">
                            <button type="submit" name="decision" value="verify" id="tenancy-invitation-verify"
                                    class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyInvitationVerifyEmail")}</button>
                        </div>
                    </div>
                </form>
                <#break>
            <#case "WRONG_ACCOUNT">
                <p id="tenancy-invitation-message">${msg("tenancyInvitationWrongAccount", (inv.details.email)!"")}</p>
                <#break>
            <#default>
                <p id="tenancy-invitation-message">${msg("tenancyInvitationUnknown")}</p>
        </#switch>
        </div>
    </#if>
</@layout.registrationLayout>
