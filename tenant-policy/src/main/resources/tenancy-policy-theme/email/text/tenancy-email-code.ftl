<#ftl output_format="plainText">
<#-- "Email one-time code", plain-text part: the same content as html/tenancy-email-code.ftl. -->
${msg("tenancyEmailCodeBodyIntro", realmName)}

    ${code}

${msg("tenancyEmailCodeBodyExpiry", ttlMinutes)}

${msg("tenancyEmailCodeBodyIgnore")}
