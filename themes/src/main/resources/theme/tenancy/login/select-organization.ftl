<#--
  The tenant picker. Shown by the "Tenant selection" step (tenant-mapper) when a user of several tenants asked for
  none, and by Keycloak's own organization step (scope=organization); both read the same field: kc.org = the alias.
  Plain submit buttons: reachable with Tab, chosen with Enter or Space; arrow keys move between them, and with more
  than 7 tenants a search box (js/tenancy-picker.js, progressive: without JavaScript the box stays hidden) filters
  by name. The last-used tenant is marked and focused.
-->
<#import "template.ftl" as layout>
<#assign searchThreshold = 7>
<#if (tenancy.tenants)??>
    <#assign tenants = tenancy.tenants>
<#else>
    <#-- without the tenancy login-forms provider: Keycloak's list (names and aliases only) -->
    <#assign tenants = []>
    <#list (user.organizations)![] as o>
        <#assign tenants = tenants + [{"alias": o.alias, "name": o.name, "initial": (o.name!"?")?substring(0, 1)?upper_case, "last": false}]>
    </#list>
</#if>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("tenancyPickerTitle")}
    <#elseif section = "form">
        <form id="tenancy-picker" class="tenancy-picker ${properties.kcFormClass!}" action="${url.loginAction}" method="post"
              data-search-threshold="${searchThreshold}">
            <p id="tenancy-picker-instruction" class="tenancy-picker-instruction">${msg("tenancyPickerInstruction")}</p>
            <#if tenants?size gt searchThreshold>
                <div id="tenancy-picker-search-group" class="${properties.kcFormGroupClass!} tenancy-picker-search" hidden>
                    <label for="tenancy-picker-search" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("tenancyPickerSearchLabel")}</span>
                    </label>
                    <span class="${properties.kcInputClass!}">
                        <input id="tenancy-picker-search" type="search" autocomplete="off" spellcheck="false"
                               placeholder="${msg("tenancyPickerSearchPlaceholder")}"
                               aria-controls="tenancy-picker-list" aria-describedby="tenancy-picker-count">
                    </span>
                    <p id="tenancy-picker-count" class="tenancy-picker-count" aria-live="polite"
                       data-template-one="${msg("tenancyPickerCountOne")}"
                       data-template-many="${msg("tenancyPickerCountMany", "{0}")}"></p>
                </div>
            </#if>
            <ul id="tenancy-picker-list" class="tenancy-picker-list" aria-labelledby="tenancy-picker-instruction">
                <#list tenants as t>
                    <li class="tenancy-picker-item" data-name="${t.name?lower_case}" data-alias="${t.alias}">
                        <button type="submit" name="kc.org" value="${t.alias}" id="tenancy-tenant-${t?index}"
                                class="tenancy-picker-button<#if t.last> tenancy-picker-last</#if>"
                                <#if t.last>aria-describedby="tenancy-picker-last-label"</#if>>
                            <#if t.logoUrl?? && t.logoUrl?matches("https://[^\\s\"'<>\\\\`]+")>
                                <img class="tenancy-picker-logo" src="${t.logoUrl}" alt="" loading="lazy">
                            <#else>
                                <span class="tenancy-picker-initial" aria-hidden="true">${t.initial}</span>
                            </#if>
                            <span class="tenancy-picker-name">${t.name}</span>
                            <#if t.last>
                                <span id="tenancy-picker-last-label" class="tenancy-picker-badge">${msg("tenancyPickerLastUsed")}</span>
                            </#if>
                        </button>
                    </li>
                </#list>
            </ul>
            <p id="tenancy-picker-empty" class="tenancy-picker-empty" hidden>${msg("tenancyPickerNoMatch")}</p>
        </form>
        <script type="module" src="${url.resourcesPath}/js/tenancy-picker.js"></script>
    </#if>
</@layout.registrationLayout>
