<#-- Test stand-in for base's e-mail html/template.ftl. -->
<#macro emailLayout><html><body><#nested></body></html></#macro>
