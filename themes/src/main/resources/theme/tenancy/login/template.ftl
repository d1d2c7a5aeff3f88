<#--
  The tenancy login layout: Keycloak's keycloak.v2 layout, NOT a copy of it. The parent's template.ftl is served
  under the name "tenancy-parent-template.ftl" (themes module, TenancyThemeResources); this file only wraps its
  registrationLayout macro and adds, when the page's tenant is known (attribute "tenancy", TenancyLoginFormsProvider):
  the tenant's logo and display name above the page title, and its primary colour. Every value is escaped
  (HTML output format); the logo URL and the colour are checked again here, whatever the Java side did.
-->
<#import "tenancy-parent-template.ftl" as parent>

<#macro username><@parent.username/></#macro>

<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<@parent.registrationLayout bodyClass=bodyClass displayInfo=displayInfo displayMessage=displayMessage displayRequiredFields=displayRequiredFields; section>
    <#if section = "header">
        <#-- the picker lists tenants: it is nobody's branded page -->
        <#if (tenancy.brand)?? && (pageId!"") != "select-organization">
            <#assign brand = tenancy.brand>
            <span id="tenancy-brand" class="tenancy-brand" data-tenant="${brand.alias}">
                <#if brand.logoUrl?? && brand.logoUrl?matches("https://[^\\s\"'<>\\\\`]+")>
                    <img id="tenancy-brand-logo" class="tenancy-brand-logo" src="${brand.logoUrl}" alt="${msg("tenancyBrandLogoAlt", brand.displayName)}">
                </#if>
                <span id="tenancy-brand-name" class="tenancy-brand-name">${brand.displayName}</span>
            </span>
            <#if brand.primaryColor?? && brand.primaryColor?matches("#[0-9a-fA-F]{6}")>
                <#assign textColor = (brand.primaryTextColor?? && brand.primaryTextColor?matches("#[0-9a-fA-F]{6}"))?then(brand.primaryTextColor, "#ffffff")>
                <style id="tenancy-brand-style">
                    :root {
                        --tenancy-primary: ${brand.primaryColor};
                        --pf-v5-global--primary-color--100: ${brand.primaryColor};
                        --pf-v5-global--primary-color--200: ${brand.primaryColor};
                        --pf-v5-global--link--Color: ${brand.primaryColor};
                        --pf-v5-global--link--Color--hover: ${brand.primaryColor};
                        --pf-v5-global--active-color--100: ${brand.primaryColor};
                        --keycloak-card-top-color: ${brand.primaryColor};
                        --pf-v5-c-button--m-primary--Color: ${textColor};
                        --pf-v5-c-button--m-primary--hover--Color: ${textColor};
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
