<#--
  "Email one-time code" (tenant-policy, EmailCodeAuthenticator): the code field and a button to mail a new code.
  Plain markup with the theme's CSS classes, so that it renders in every login theme (no keycloak.v2-only macros).
  Attributes: tenancyEmailCode (maskedEmail, field, resendField); texts are tenancyEmailCode* messages.
-->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("tenancyEmailCodeTitle")}
    <#elseif section = "form">
        <form id="tenancy-email-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="tenancy-email-code-sent">${msg("tenancyEmailCodeSentTo", tenancyEmailCode.maskedEmail)}</p>
            <div class="${properties.kcFormGroupClass!}">
                <label for="${tenancyEmailCode.field}" class="${properties.kcLabelClass!}">${msg("tenancyEmailCodeLabel")}</label>
                <input id="${tenancyEmailCode.field}" name="${tenancyEmailCode.field}" type="text" inputmode="numeric"
                       autocomplete="one-time-code" class="${properties.kcInputClass!}" autofocus/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <#-- one form: Enter submits the code (first button); the second button asks for a new code -->
                <button id="kc-login" name="login" type="submit" value="true"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("doLogIn")}</button>
                <button id="tenancy-email-code-resend" name="${tenancyEmailCode.resendField}" type="submit" value="true"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyEmailCodeResend")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
