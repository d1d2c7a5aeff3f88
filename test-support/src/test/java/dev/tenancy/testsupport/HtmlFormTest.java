package dev.tenancy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlFormTest {

    @Test
    void aSamlPostBindingPageIsPostedAsItIs() {
        String page = """
                <script>window.onload = function() {document.forms[0].submit()};</script>
                <form name="saml-post-binding" method="post" action="http://localhost:8080/realms/consumer/broker/acme-saml/endpoint">
                    <input type="hidden" name="SAMLResponse" value="PHNhbWxwOlJlc3BvbnNl+/=="/>
                    <input type="hidden" name="RelayState" value="a&#x2F;b&amp;c&quot;d&#39;e"/>
                    <noscript><input type="submit" value="Continue"/></noscript>
                </form>""";
        HtmlForm form = HtmlForm.firstIn(page).orElseThrow();

        assertThat(form.action()).isEqualTo("http://localhost:8080/realms/consumer/broker/acme-saml/endpoint");
        assertThat(form.fields(Map.of("username", "jane@acme.test")))
                .containsExactly(
                        Map.entry("SAMLResponse", "PHNhbWxwOlJlc3BvbnNl+/=="), Map.entry("RelayState", "a/b&c\"d'e"));
    }

    @Test
    void aLoginPageGetsTheTypedValuesTheHiddenInputsAndThePressedButton() {
        String page = """
                <form id="kc-form-login" onsubmit="login.disabled = true; return true;"
                      action="/realms/acme/login-actions/authenticate?session_code=x&amp;execution=y&amp;tab_id=z" method="post">
                  <input id="username" name="username" value="" type="text" autocomplete="username" autofocus aria-invalid=""/>
                  <input id="password" name="password" value="" type="password" autocomplete="current-password"/>
                  <input type="checkbox" id="rememberMe" name="rememberMe">
                  <input type="hidden" id="id-hidden-input" name="credentialId" />
                  <button class="pf-v5-c-button" type="button" aria-label="Show password"></button>
                  <button class="pf-v5-c-button pf-m-primary" name="login" id="kc-login" type="submit">Sign In</button>
                </form>
                <form id="kc-select-try-another-way-form" action="/other" method="post">
                  <input type="hidden" name="tryAnotherWay" value="on"/>
                </form>""";
        HtmlForm form = HtmlForm.firstIn(page).orElseThrow();

        assertThat(form.action())
                .isEqualTo("/realms/acme/login-actions/authenticate?session_code=x&execution=y&tab_id=z");
        assertThat(form.unansweredChoice(Map.of())).isEmpty();
        assertThat(form.fields(Map.of("username", "jane", "password", "secret", "kc.org", "acme")))
                .containsExactly(
                        Map.entry("username", "jane"),
                        Map.entry("password", "secret"),
                        Map.entry("credentialId", ""),
                        Map.entry("login", ""));
    }

    @Test
    void prefilledInputsKeepTheirValueUnlessAValueIsTyped() {
        String page = """
                <form id="kc-idp-review-profile-form" action="/review" method="post">
                  <input type="text" id="username" name="username" value="jane" aria-invalid=""/>
                  <input type="email" id="email" name="email" value="jane@acme.test"/>
                  <input type="text" id="firstName" name="firstName" value="Jane"/>
                  <input type="text" id="lastName" name="lastName" value=""/>
                  <input type="submit" value="Submit" />
                </form>""";

        assertThat(HtmlForm.firstIn(page).orElseThrow().fields(Map.of("lastName", "Doe")))
                .containsExactly(
                        Map.entry("username", "jane"),
                        Map.entry("email", "jane@acme.test"),
                        Map.entry("firstName", "Jane"),
                        Map.entry("lastName", "Doe"));
    }

    @Test
    void theOrganizationPickerIsAChoiceMadeOnlyByTheGivenValue() {
        String page = """
                <form action="/pick" class="form-vertical" method="post">
                  <button type="submit" id="organization-acme" class="x" name="kc.org" value="acme"><span>Acme</span></button>
                  <button type="submit" id="organization-globex" class="x" name="kc.org" value="globex"><span>Globex</span></button>
                </form>""";
        HtmlForm form = HtmlForm.firstIn(page).orElseThrow();

        assertThat(form.unansweredChoice(Map.of("username", "alice"))).contains("kc.org");
        assertThat(form.unansweredChoice(Map.of("kc.org", "initech"))).contains("kc.org");
        assertThat(form.unansweredChoice(Map.of("kc.org", "globex"))).isEmpty();
        assertThat(form.fields(Map.of("kc.org", "globex"))).containsExactly(Map.entry("kc.org", "globex"));
    }

    @Test
    void aPageWithoutAFormActionHasNoForm() {
        assertThat(HtmlForm.firstIn("<p>We are sorry...</p><form id=\"x\"><input name=\"a\"></form>"))
                .isEmpty();
    }

    @Test
    void characterReferencesAreResolved() {
        assertThat(HtmlForm.unescape("&lt;a&gt; &amp;amp; &#47;&#x2f;&#X2F; &unknown;"))
                .isEqualTo("<a> &amp; /// &unknown;");
    }
}
