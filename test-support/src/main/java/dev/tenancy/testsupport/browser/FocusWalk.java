package dev.tenancy.testsupport.browser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Keyboard-only use of a page: presses Tab from the top of the page through every control, as a keyboard user would,
 * and reads what the browser draws on the focused control (computed {@code outline} and {@code box-shadow}, with
 * {@code :focus-visible} active because the focus came from the keyboard). {@link #assertKeyboardUsable} fails when
 * a visible, enabled control is never reached, or is reached without a visible focus indicator.
 */
public final class FocusWalk {

    private static final String MARK = "data-focus-walk";

    /** One Tab stop: the control (tag, id or name, text), and the focus indicator drawn on it. */
    public record Stop(String control, String outline, String boxShadow) {

        /** An outline of some width and style, or a box-shadow: something drawn around the control. */
        public boolean visibleIndicator() {
            return !outline.isEmpty() || !boxShadow.isEmpty();
        }

        @Override
        public String toString() {
            return control + " (outline: " + (outline.isEmpty() ? "none" : outline) + ", box-shadow: "
                    + (boxShadow.isEmpty() ? "none" : boxShadow) + ")";
        }
    }

    private FocusWalk() {}

    /** The visible, enabled controls of the page that Tab should reach, marked for recognition, in DOM order. */
    @SuppressWarnings("unchecked")
    static List<String> controls(Chromium chromium) {
        return (List<String>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const controls = [...document.querySelectorAll(
                    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
                    .filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0
                        && getComputedStyle(e).visibility !== 'hidden');
                return controls.map((e, i) => {
                    e.setAttribute(arguments[0], String(i));
                    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.name ? '[name=' + e.name + ']' : '')
                        + (e.value && e.tagName === 'BUTTON' ? '=' + e.value : '');
                });
                """, MARK);
    }

    /**
     * Tabs through the page from its top: the Tab stops in order, until the focus leaves the page or comes back to
     * the first stop (at most the number of controls plus 3 presses).
     */
    @SuppressWarnings("unchecked")
    public static List<Stop> tabThrough(Chromium chromium) {
        List<String> controls = controls(chromium);
        JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
        // the sequential focus navigation starts where the user last clicked: the page's top left corner
        new Actions(chromium.driver()).moveToLocation(1, 1).click().perform();
        List<Stop> stops = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < controls.size() + 3; i++) {
            new Actions(chromium.driver()).sendKeys(Keys.TAB).perform();
            Map<String, Object> focused = (Map<String, Object>) js.executeScript("""
                    const e = document.activeElement;
                    if (!e || e === document.body || !e.hasAttribute(arguments[0])) {
                        return null;
                    }
                    const s = getComputedStyle(e);
                    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                        ? s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor : '';
                    return {index: e.getAttribute(arguments[0]), outline: outline,
                        boxShadow: s.boxShadow === 'none' ? '' : s.boxShadow};
                    """, MARK);
            if (focused == null) {
                break;
            }
            String index = (String) focused.get("index");
            if (!seen.add(index)) {
                break;
            }
            stops.add(new Stop(controls.get(Integer.parseInt(index)), (String) focused.get("outline"), (String)
                    focused.get("boxShadow")));
        }
        return stops;
    }

    /**
     * Fails unless Tab reaches every visible, enabled control of the page, each with a visible focus indicator.
     * Returns the stops, for further checks (e.g. the indicator's colour).
     */
    public static List<Stop> assertKeyboardUsable(Chromium chromium, String page) {
        List<Stop> stops = tabThrough(chromium);
        List<String> controls = controls(chromium);
        Set<String> reached = stops.stream().map(Stop::control).collect(Collectors.toSet());
        List<String> missed =
                controls.stream().filter(c -> !reached.contains(c)).toList();
        List<Stop> invisible = stops.stream().filter(s -> !s.visibleIndicator()).toList();
        if (!missed.isEmpty() || !invisible.isEmpty()) {
            throw new AssertionError("Keyboard on " + page + " (" + chromium.url() + "):"
                    + (missed.isEmpty() ? "" : "\n  never reached with Tab: " + missed)
                    + (invisible.isEmpty() ? "" : "\n  focused without a visible indicator: " + invisible)
                    + "\n  Tab stops: " + stops);
        }
        return stops;
    }
}
