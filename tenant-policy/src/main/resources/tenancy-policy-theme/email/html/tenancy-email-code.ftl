<#--
  "Email one-time code" (tenant-policy, EmailCodeAuthenticator), HTML part. Attributes: code, ttlMinutes, tenantName;
  plus Keycloak's (msg, realmName, locale).
-->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<div id="tenancy-email-code" style="font-family: Arial, Helvetica, sans-serif; max-width: 560px; line-height: 1.5;">
    <p>${msg("tenancyEmailCodeBodyIntro", realmName)}</p>
    <p style="font-size: 28px; letter-spacing: 6px; font-weight: bold;">${code}</p>
    <p>${msg("tenancyEmailCodeBodyExpiry", ttlMinutes)}</p>
    <p>${msg("tenancyEmailCodeBodyIgnore")}</p>
</div>
</@layout.emailLayout>
