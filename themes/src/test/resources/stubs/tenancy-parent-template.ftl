<#-- Test stand-in for keycloak.v2's template.ftl: the same macro signature, the sections in the parent's order. -->
<#macro username>[username]</#macro>
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<html><body><h1 id="kc-page-title"><#nested "header"></h1><main><#nested "form"></main><footer><#nested "info"></footer></body></html>
</#macro>
