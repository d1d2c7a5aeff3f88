<#--
  "Choose a second factor" (tenant-policy, MfaSetupChoiceRequiredAction): the tenant's allowed methods this realm can
  set up, as radio buttons in a fieldset. Attributes: tenancyMfaChoice (field, methods: method values such as otp,
  webauthn, passkey, sms); texts are tenancyMfaChoice* messages, one label and one hint per method.
-->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("tenancyMfaChoiceTitle")}
    <#elseif section = "form">
        <form id="tenancy-mfa-choice-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <fieldset class="${properties.kcFormGroupClass!}" aria-describedby="tenancy-mfa-choice-help">
                <legend class="${properties.kcLabelClass!}">${msg("tenancyMfaChoiceLegend")}</legend>
                <p id="tenancy-mfa-choice-help">${msg("tenancyMfaChoiceHelp")}</p>
                <#list tenancyMfaChoice.methods as method>
                    <div class="pf-v5-c-radio">
                        <input class="pf-v5-c-radio__input" type="radio" id="tenancy-mfa-${method}"
                               name="${tenancyMfaChoice.field}" value="${method}"
                               aria-describedby="tenancy-mfa-${method}-hint"<#if method?is_first> checked autofocus</#if>/>
                        <label class="pf-v5-c-radio__label" for="tenancy-mfa-${method}">${msg("tenancyMfaChoice." + method)}</label>
                        <span class="pf-v5-c-radio__description" id="tenancy-mfa-${method}-hint">${msg("tenancyMfaChoice." + method + ".hint")}</span>
                    </div>
                </#list>
            </fieldset>
            <div class="${properties.kcFormGroupClass!}">
                <button id="kc-login" name="choose" type="submit" value="true"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyMfaChoiceContinue")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
