<#-- Test stand-in for keycloak.v2's field.ftl: the group macro's signature and its label. -->
<#macro group name label error="" required=false><div class="pf-group"><label for="${name}">${label}</label><#nested></div></#macro>
