import Foundation

/// A form's problems, for the summary at the top and the message beside each field.
struct FormErrors: Sendable, Equatable {
    var fields: [FieldError] = []
    /// A problem of the whole form, not of one field (e.g. a failed sign-in).
    var general: String?

    var isEmpty: Bool { fields.isEmpty && general == nil }

    /// The first message for `field`.
    subscript(_ field: String) -> String? { fields.first { $0.field == field }?.message }
}

/// Labelled, accessible form controls: every input has a `<label for>`, required fields are
/// marked with `*` and `required`, and an error is tied to its field with `aria-describedby`.
enum FormView {
    static let esc = PageLayout.escape

    static func id(_ name: String) -> String { "field-\(name)" }

    /// "Error: " before the title of a page whose form has problems, so screen readers hear it first.
    static func title(_ title: String, errors: FormErrors) -> String {
        errors.isEmpty ? title : "Error: \(title)"
    }

    /// The list of problems at the top of the form, each linking to its field.
    static func summary(_ errors: FormErrors) -> String {
        guard !errors.isEmpty else { return "" }
        var items: [String] = []
        if let general = errors.general { items.append("<li>\(esc(general))</li>") }
        var seen = Set<String>()
        for error in errors.fields where seen.insert(error.field).inserted {
            items.append("<li><a href=\"#\(esc(id(error.field)))\">\(esc(error.message))</a></li>")
        }
        return "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">"
            + "<h2 id=\"error-summary-title\">There is a problem</h2><ul>\(items.joined())</ul></div>"
    }

    /// "Fields marked * are required."
    static let requiredNote = "<p>Fields marked <span class=\"required\">*</span> are required.</p>"

    static func label(_ name: String, _ text: String, required: Bool) -> String {
        "<label for=\"\(esc(id(name)))\">\(esc(text))\(required ? " <span class=\"required\" aria-hidden=\"true\">*</span>" : "")</label>"
    }

    /// The hint and error lines under a label, and the attributes that tie them to the control.
    static func described(_ name: String, hint: String?, errors: FormErrors) -> (html: String, attributes: String) {
        var html = ""
        var ids: [String] = []
        if let hint {
            html += "<span class=\"hint\" id=\"\(esc(id(name)))-hint\">\(esc(hint))</span>"
            ids.append("\(id(name))-hint")
        }
        var attributes = ""
        if let message = errors[name] {
            html += "<p class=\"field-error\" id=\"\(esc(id(name)))-error\"><span class=\"visually-hidden\">Error: </span>\(esc(message))</p>"
            ids.append("\(id(name))-error")
            attributes += " aria-invalid=\"true\""
        }
        if !ids.isEmpty { attributes += " aria-describedby=\"\(esc(ids.joined(separator: " ")))\"" }
        return (html, attributes)
    }

    /// A text-like input. Passwords are never re-filled: pass nil as `value`.
    static func input(
        _ name: String, label text: String, type: String = "text", value: String?, required: Bool = false,
        autocomplete: String? = nil, hint: String? = nil, errors: FormErrors
    ) -> String {
        let (lines, describedBy) = described(name, hint: hint, errors: errors)
        var attributes = "type=\"\(type)\" id=\"\(esc(id(name)))\" name=\"\(esc(name))\""
        if let value, type != "password" { attributes += " value=\"\(esc(value))\"" }
        if required { attributes += " required" }
        if let autocomplete { attributes += " autocomplete=\"\(esc(autocomplete))\"" }
        if type == "email" { attributes += " spellcheck=\"false\" autocapitalize=\"off\"" }
        return "<div class=\"field\">\(label(name, text, required: required))\(lines)<input \(attributes)\(describedBy)></div>"
    }

    /// A drop-down of `options` (value, label); the first option should be the empty choice.
    static func select(_ name: String, label text: String, options: [(String, String)], selected: String?, autocomplete: String? = nil, errors: FormErrors) -> String {
        let (lines, describedBy) = described(name, hint: nil, errors: errors)
        let items = options.map { value, label in
            "<option value=\"\(esc(value))\"\(value == (selected ?? "") ? " selected" : "")>\(esc(label))</option>"
        }.joined()
        let complete = autocomplete.map { " autocomplete=\"\(esc($0))\"" } ?? ""
        return "<div class=\"field\">\(label(name, text, required: false))\(lines)<select id=\"\(esc(id(name)))\" name=\"\(esc(name))\"\(complete)\(describedBy)>\(items)</select></div>"
    }
}
