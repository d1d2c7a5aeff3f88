// keycloak-js silent check-sso: hand the callback URL to the app (a file, not inline: the page's CSP allows no inline script).
parent.postMessage(location.href, location.origin);
