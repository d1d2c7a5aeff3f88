<#--
  The tenant invitation e-mail, HTML part (tenant-admin-rest, InvitationEmail). Attributes: invitation (tenantName,
  inviterName, inviterEmail, roles, email, expiresAtText, logoUrl, primaryColor, primaryTextColor, accentColor) and
  link; plus Keycloak's (msg, realmName, locale: the layout sets <html lang>). HTML output format: every value is
  escaped; logo and colours are checked again. Accessible whatever the tenant's colour: the button is the colour with
  black or white text by contrast, the heading its accent (4.5:1 on white); the text part says the same.
-->
<#import "template.ftl" as layout>
<#assign inv = invitation>
<#assign color = (inv.primaryColor?? && inv.primaryColor?matches("#[0-9a-fA-F]{6}"))?then(inv.primaryColor, "#0066cc")>
<#assign textColor = (inv.primaryTextColor?? && inv.primaryTextColor?matches("#[0-9a-fA-F]{6}"))?then(inv.primaryTextColor, "#ffffff")>
<#assign accent = (inv.accentColor?? && inv.accentColor?matches("#[0-9a-fA-F]{6}"))?then(inv.accentColor, "#0066cc")>
<@layout.emailLayout>
<div id="tenancy-invitation-email" style="font-family: Arial, Helvetica, sans-serif; max-width: 560px; line-height: 1.5;">
    <#if inv.logoUrl?? && inv.logoUrl?matches("https://[^\\s\"'<>\\\\`]+")>
        <p><img src="${inv.logoUrl}" alt="${msg("tenancyInvitationEmailLogoAlt", inv.tenantName)}" style="max-height: 48px; max-width: 200px;"></p>
    </#if>
    <h1 style="font-size: 20px; color: ${accent};">${msg("tenancyInvitationEmailHeading", inv.tenantName)}</h1>
    <p>
        <#if inv.inviterName??>
            <#if inv.inviterEmail??>${msg("tenancyInvitationEmailIntroByWithEmail", inv.inviterName, inv.inviterEmail, inv.tenantName, realmName)}<#else>${msg("tenancyInvitationEmailIntroBy", inv.inviterName, inv.tenantName, realmName)}</#if>
        <#else>
            ${msg("tenancyInvitationEmailIntro", inv.tenantName, realmName)}
        </#if>
    </p>
    <#if inv.roles?has_content>
        <p>${msg("tenancyInvitationEmailRoles")}</p>
        <ul><#list inv.roles as role><li>${role}</li></#list></ul>
    <#else>
        <p>${msg("tenancyInvitationEmailNoRoles")}</p>
    </#if>
    <p>
        <a href="${link}" style="display: inline-block; padding: 10px 18px; background: ${color}; color: ${textColor}; text-decoration: none; border-radius: 3px;">${msg("tenancyInvitationEmailButton")}</a>
    </p>
    <p>${msg("tenancyInvitationEmailLinkText")}<br><a href="${link}">${link}</a></p>
    <p><strong>${msg("tenancyInvitationEmailExpiry", inv.expiresAtText)}</strong></p>
    <p style="color: #6a6e73; font-size: 13px;">${msg("tenancyInvitationEmailIgnore")}</p>
</div>
</@layout.emailLayout>
