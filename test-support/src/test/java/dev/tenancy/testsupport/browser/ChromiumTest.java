package dev.tenancy.testsupport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;

class ChromiumTest {

    @Test
    void anElementThePageReplacedIsAReasonToAskAgain() {
        assertThat(Chromium.isReplacedElement(new StaleElementReferenceException("stale element reference")))
                .isTrue();
        // as chromedriver 156 reported it in CI, for a username field found on a loaded login page
        assertThat(Chromium.isReplacedElement(new WebDriverException("unknown error: unhandled inspector error: "
                        + "{\"code\":-32000,\"message\":\"Node with given id does not belong to the document\"}")))
                .isTrue();
    }

    @Test
    void anyOtherErrorIsAFailure() {
        assertThat(Chromium.isReplacedElement(new NoSuchElementException("no such element: #username")))
                .isFalse();
        assertThat(Chromium.isReplacedElement(new WebDriverException("unknown error: net::ERR_CONNECTION_REFUSED")))
                .isFalse();
        assertThat(Chromium.isReplacedElement(new WebDriverException((String) null)))
                .isFalse();
    }
}
