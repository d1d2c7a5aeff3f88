package dev.tenancy.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first form of a server-rendered page (Keycloak's login theme, a SAML POST-binding page), read with regular
 * expressions and submitted the way a browser would after a user typed some values and pressed the submit button.
 * It reads {@code <input>} and {@code <button>} controls, which is all Keycloak's login pages use; {@code <select>}
 * and {@code <textarea>} are not read.
 */
final class HtmlForm {

    private static final Pattern FORM =
            Pattern.compile("<form\\b([^>]*)>(.*?)</form\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE =
            Pattern.compile("([^\\s=/>\"']+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Map<String, String> NAMED_REFERENCES =
            Map.of("amp", "&", "quot", "\"", "apos", "'", "lt", "<", "gt", ">", "nbsp", "\u00a0");

    /** One input or button, its attributes already HTML-unescaped; {@code value} is null when absent. */
    record Control(String tag, String type, String name, String value, boolean checked) {

        boolean isSubmitButton() {
            return tag.equals("button") ? type.equals("submit") : type.equals("submit") || type.equals("image");
        }
    }

    private final String action;
    private final List<Control> controls;

    private HtmlForm(String action, List<Control> controls) {
        this.action = action;
        this.controls = controls;
    }

    /** The first form of the page that has an action, if any. */
    static Optional<HtmlForm> firstIn(String page) {
        return find(page, null, null);
    }

    /**
     * The first form of the page that has an action, has the id {@code id} (any id when null) and holds a control
     * {@code holding} of the form {@code name=value} (any when null), if any. Keycloak's "select authenticator" page
     * has one form per choice, each with a hidden {@code authenticationExecution}; a script submits the one clicked.
     */
    static Optional<HtmlForm> find(String page, String id, String holding) {
        Matcher form = FORM.matcher(page);
        while (form.find()) {
            Map<String, String> formAttributes = attributes(form.group(1));
            String action = formAttributes.get("action");
            if (action != null && (id == null || id.equals(formAttributes.get("id")))) {
                List<Control> controls = new ArrayList<>();
                Matcher control = CONTROL.matcher(form.group(2));
                while (control.find()) {
                    String tag = control.group(1).toLowerCase(Locale.ROOT);
                    Map<String, String> attributes = attributes(control.group(2));
                    String type = attributes
                            .getOrDefault("type", tag.equals("button") ? "submit" : "text")
                            .toLowerCase(Locale.ROOT);
                    controls.add(new Control(
                            tag,
                            type,
                            attributes.get("name"),
                            attributes.get("value"),
                            attributes.containsKey("checked")));
                }
                if (holding == null
                        || controls.stream()
                                .anyMatch(candidate -> candidate.name() != null
                                        && holding.equals(candidate.name() + "="
                                                + (candidate.value() == null ? "" : candidate.value())))) {
                    return Optional.of(new HtmlForm(action, List.copyOf(controls)));
                }
            }
        }
        return Optional.empty();
    }

    /** The form's action, unescaped, possibly relative to the page. */
    String action() {
        return action;
    }

    /**
     * The name of the choice this form asks for and {@code values} does not make: buttons sharing a name with
     * different values (Keycloak's organization picker: {@code <button name="kc.org" value="acme">}), or buttons of
     * a name given in {@code values} of which none has the given value.
     */
    Optional<String> unansweredChoice(Map<String, String> values) {
        Map<String, List<String>> buttonValuesByName = new LinkedHashMap<>();
        for (Control control : controls) {
            if (control.isSubmitButton() && control.name() != null) {
                buttonValuesByName
                        .computeIfAbsent(control.name(), name -> new ArrayList<>())
                        .add(control.value() == null ? "" : control.value());
            }
        }
        return buttonValuesByName.entrySet().stream()
                .filter(buttons -> values.containsKey(buttons.getKey())
                        ? !buttons.getValue().contains(values.get(buttons.getKey()))
                        : buttons.getValue().stream().distinct().count() > 1)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The fields a browser posts once a user typed {@code values} into the inputs of those names and pressed a
     * submit button: hidden inputs as the page holds them (this is how SAML messages and Keycloak's own state travel),
     * other text-like inputs with the typed value or else what the page pre-filled, checkboxes and radios when
     * checked or named in {@code values}, and the pressed button: the one {@code values} chooses, or the first.
     */
    Map<String, String> fields(Map<String, String> values) {
        Map<String, String> fields = new LinkedHashMap<>();
        Control pressed = null;
        for (Control control : controls) {
            if (control.isSubmitButton()) {
                boolean chosen = control.name() != null
                        && values.containsKey(control.name())
                        && values.get(control.name()).equals(control.value() == null ? "" : control.value());
                if (pressed == null || chosen) {
                    pressed = control;
                }
                continue;
            }
            if (control.name() == null) {
                continue;
            }
            switch (control.type()) {
                case "hidden" -> fields.put(control.name(), control.value() == null ? "" : control.value());
                case "checkbox", "radio" -> {
                    if (values.containsKey(control.name())) {
                        fields.put(control.name(), values.get(control.name()));
                    } else if (control.checked()) {
                        fields.put(control.name(), control.value() == null ? "on" : control.value());
                    }
                }
                case "button", "reset", "file" -> {
                    // not submitted by a browser (file uploads are not supported here)
                }
                default ->
                    fields.put(
                            control.name(),
                            values.getOrDefault(control.name(), control.value() == null ? "" : control.value()));
            }
        }
        if (pressed != null && pressed.name() != null) {
            fields.put(pressed.name(), pressed.value() == null ? "" : pressed.value());
        }
        return fields;
    }

    private static Map<String, String> attributes(String tagBody) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tagBody);
        while (attribute.find()) {
            String value = attribute.group(2) != null
                    ? attribute.group(2)
                    : attribute.group(3) != null ? attribute.group(3) : attribute.group(4);
            attributes.putIfAbsent(attribute.group(1).toLowerCase(Locale.ROOT), value == null ? "" : unescape(value));
        }
        return attributes;
    }

    /** Resolves HTML character references: {@code &amp;}, {@code &quot;}, {@code &#39;}, {@code &#x2F;} and the like. */
    static String unescape(String text) {
        Matcher reference = CHARACTER_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String replacement;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                replacement = Character.toString(Integer.parseInt(name.substring(2), 16));
            } else if (name.startsWith("#")) {
                replacement = Character.toString(Integer.parseInt(name.substring(1)));
            } else {
                replacement = NAMED_REFERENCES.getOrDefault(name, reference.group());
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        reference.appendTail(out);
        return out.toString();
    }
}
