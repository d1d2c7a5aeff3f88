<#-- Test stand-in for keycloak.v2's template.ftl: the same macro signature, the sections in the parent's order, and
     like the parent it calls its OWN "username" macro when the page shows the attempted username. -->
<#macro username>[stock username]</#macro>
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<html><body><h1 id="kc-page-title"><#nested "header"></h1><main><#if (auth.showUsername)!false><div class="pf-form"><#nested "show-username"><@username /></div></#if><#nested "form"></main><footer><#nested "info"></footer></body></html>
</#macro>
