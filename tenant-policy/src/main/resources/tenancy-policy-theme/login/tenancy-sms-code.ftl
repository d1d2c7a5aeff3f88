<#--
  "SMS one-time code" (tenant-policy, SmsCodeAuthenticator) and the code step of the phone-number setup
  (SmsPhoneRequiredAction): the code field, a button to text a new code and, during setup, one to change the number.
  Plain markup with the theme's CSS classes, so that it renders in every login theme. Keycloak's "Try another way"
  (the layout's) offers the user's other allowed factors when the text did not arrive.
  Attributes: tenancySms (maskedPhone, field, resendField, changeField during setup); texts are tenancySms* messages.
-->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("tenancySmsCodeTitle")}
    <#elseif section = "form">
        <form id="tenancy-sms-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="tenancy-sms-code-sent">${msg("tenancySmsSentTo", tenancySms.maskedPhone)}</p>
            <div class="${properties.kcFormGroupClass!}">
                <label for="${tenancySms.field}" class="${properties.kcLabelClass!}">${msg("tenancySmsCodeLabel")}</label>
                <input id="${tenancySms.field}" name="${tenancySms.field}" type="text" inputmode="numeric"
                       autocomplete="one-time-code" class="${properties.kcInputClass!}" autofocus/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <#-- one form: Enter submits the code (first button) -->
                <button id="kc-login" name="login" type="submit" value="true"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("doSubmit")}</button>
                <button id="tenancy-sms-code-resend" name="${tenancySms.resendField}" type="submit" value="true"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancySmsResend")}</button>
                <#if tenancySms.changeField??>
                    <button id="tenancy-sms-phone-change" name="${tenancySms.changeField}" type="submit" value="true"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancySmsChangeNumber")}</button>
                </#if>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
