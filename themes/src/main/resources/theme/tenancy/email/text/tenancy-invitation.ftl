<#ftl output_format="plainText">
<#-- The tenant invitation e-mail, plain-text part: the same content as html/tenancy-invitation.ftl. -->
<#assign inv = invitation>
${msg("tenancyInvitationEmailHeading", inv.tenantName)}

<#if inv.inviterName??><#if inv.inviterEmail??>${msg("tenancyInvitationEmailIntroByWithEmail", inv.inviterName, inv.inviterEmail, inv.tenantName, realmName)}<#else>${msg("tenancyInvitationEmailIntroBy", inv.inviterName, inv.tenantName, realmName)}</#if><#else>${msg("tenancyInvitationEmailIntro", inv.tenantName, realmName)}</#if>

<#if inv.roles?has_content>
${msg("tenancyInvitationEmailRoles")}
<#list inv.roles as role>
- ${role}
</#list>
<#else>
${msg("tenancyInvitationEmailNoRoles")}
</#if>

${msg("tenancyInvitationEmailLinkText")}
${link}

${msg("tenancyInvitationEmailExpiry", inv.expiresAtText)}

${msg("tenancyInvitationEmailIgnore")}
