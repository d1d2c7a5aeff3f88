<#--
  "Set up SMS one-time codes" (tenant-policy, SmsPhoneRequiredAction): the phone number, in international format.
  Attributes: tenancySmsPhone (field); texts are tenancySms* messages.
-->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("tenancySmsPhoneTitle")}
    <#elseif section = "form">
        <form id="tenancy-sms-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!}">
                <label for="${tenancySmsPhone.field}" class="${properties.kcLabelClass!}">${msg("tenancySmsPhoneLabel")}</label>
                <input id="${tenancySmsPhone.field}" name="${tenancySmsPhone.field}" type="tel" autocomplete="tel"
                       aria-describedby="tenancy-sms-phone-help" class="${properties.kcInputClass!}" autofocus/>
                <p id="tenancy-sms-phone-help">${msg("tenancySmsPhoneHelp")}</p>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button id="kc-login" name="send" type="submit" value="true"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancySmsPhoneSend")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
