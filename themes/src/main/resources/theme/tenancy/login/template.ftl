<#--
  The tenancy login layout: Keycloak's keycloak.v2 layout, NOT a copy of it. The parent's template.ftl is served
  under the name "tenancy-parent-template.ftl" (themes module, TenancyThemeResources); this file only wraps its
  registrationLayout macro and adds, when the page's tenant is known (attribute "tenancy", TenancyLoginFormsProvider):
  the tenant's logo and display name above the page title, and its colours. Every value is escaped (HTML output
  format); the logo URL and the colours are checked again here, whatever the Java side did.
-->
<#import "tenancy-parent-template.ftl" as parent>
<#import "field.ftl" as field>

<#--
  The read-only "attempted username" above the password (and the picker), fixed: the parent's macro labels it with
  <label for="username"> while the input's id is "kc-attempted-username", so the field has no label at all (axe
  "label", critical). Same markup and classes otherwise, built with the parent's own field.group. Installed into the
  parent's namespace, because the parent's registrationLayout calls its own "username".
-->
<#macro username>
    <#assign label><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if></#assign>
    <@field.group name="kc-attempted-username" label=label>
        <div class="${properties.kcInputGroup}">
            <div class="${properties.kcInputGroupItemClass} ${properties.kcFill}">
                <span class="${properties.kcInputClass} ${properties.kcFormReadOnlyClass}">
                    <input id="kc-attempted-username" value="${auth.attemptedUsername}" readonly>
                </span>
            </div>
            <div class="${properties.kcInputGroupItemClass}">
                <button id="reset-login" class="${properties.kcFormPasswordVisibilityButtonClass} kc-login-tooltip" type="button"
                        aria-label="${msg("restartLoginTooltip")}" onclick="location.href='${url.loginRestartFlowUrl}'">
                    <i class="fa-sync-alt fas" aria-hidden="true"></i>
                    <span class="kc-tooltip-text" aria-hidden="true">${msg("restartLoginTooltip")}</span>
                </button>
            </div>
        </div>
    </@field.group>
</#macro>
<#assign username = username in parent>

<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<@parent.registrationLayout bodyClass=bodyClass displayInfo=displayInfo displayMessage=displayMessage displayRequiredFields=displayRequiredFields; section>
    <#if section = "header">
        <#-- the picker lists tenants: it is nobody's branded page -->
        <#if (tenancy.brand)?? && (pageId!"") != "select-organization">
            <#assign brand = tenancy.brand>
            <#-- in the page's <h1> (the parent's header section): the heading reads "<tenant> <page title>"; the logo
                 stands next to the name, so it is decorative (alt=""), not "Logo of <tenant> <tenant>" -->
            <span id="tenancy-brand" class="tenancy-brand" data-tenant="${brand.alias}">
                <#if brand.logoUrl?? && brand.logoUrl?matches("https://[^\\s\"'<>\\\\`]+")>
                    <img id="tenancy-brand-logo" class="tenancy-brand-logo" src="${brand.logoUrl}" alt="">
                </#if>
                <span id="tenancy-brand-name" class="tenancy-brand-name">${brand.displayName}</span>
            </span>
            <#assign hex = "#[0-9a-fA-F]{6}">
            <#if brand.primaryColor?? && brand.primaryColor?matches(hex) && (brand.primaryTextColor!"")?matches(hex)
                    && (brand.accentColor!"")?matches(hex) && (brand.accentColorOnDark!"")?matches(hex)>
                <#--
                  The raw colour fills the primary buttons (text black or white by contrast) and the decorative card
                  border; text, links, focus rings and borders that mean something use the accent, a shade of it with
                  4.5:1 on the card (TenancyPageBean.Brand). The button's colours are PatternFly variables of
                  .pf-v5-c-button itself: set on :root they would have no effect.
                -->
                <style id="tenancy-brand-style">
                    :root {
                        --tenancy-primary: ${brand.primaryColor};
                        --tenancy-on-primary: ${brand.primaryTextColor};
                        --tenancy-accent: ${brand.accentColor};
                        --keycloak-card-top-color: var(--tenancy-primary);
                        --pf-v5-global--primary-color--100: var(--tenancy-accent);
                        --pf-v5-global--primary-color--200: var(--tenancy-accent);
                        --pf-v5-global--link--Color: var(--tenancy-accent);
                        --pf-v5-global--link--Color--hover: var(--tenancy-accent);
                        --pf-v5-global--active-color--100: var(--tenancy-accent);
                    }
                    :root.pf-v5-theme-dark {
                        --tenancy-accent: ${brand.accentColorOnDark};
                    }
                    .pf-v5-c-button.pf-m-primary {
                        --pf-v5-c-button--m-primary--BackgroundColor: var(--tenancy-primary);
                        --pf-v5-c-button--m-primary--hover--BackgroundColor: var(--tenancy-primary);
                        --pf-v5-c-button--m-primary--focus--BackgroundColor: var(--tenancy-primary);
                        --pf-v5-c-button--m-primary--active--BackgroundColor: var(--tenancy-primary);
                        --pf-v5-c-button--m-primary--Color: var(--tenancy-on-primary);
                        --pf-v5-c-button--m-primary--hover--Color: var(--tenancy-on-primary);
                        --pf-v5-c-button--m-primary--focus--Color: var(--tenancy-on-primary);
                        --pf-v5-c-button--m-primary--active--Color: var(--tenancy-on-primary);
                    }
                </style>
            </#if>
        </#if>
        <span class="tenancy-page-title"><#nested "header"></span>
    <#elseif section = "form">
        <#-- a registration that follows an invitation: the invited e-mail, pre-filled by the server, stays as it is -->
        <#if (tenancy.invitedEmail)?? && (pageId!"") == "register">
            <span id="tenancy-invited-email" data-email="${tenancy.invitedEmail}" hidden></span>
            <script type="module" src="${url.resourcesPath}/js/tenancy-register.js"></script>
        </#if>
        <#nested "form">
    <#else>
        <#nested section>
    </#if>
</@parent.registrationLayout>
</#macro>
