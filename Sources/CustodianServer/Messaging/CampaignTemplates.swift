import CustodianCore
import Mustache

/// A campaign's subject, text and HTML as checked Mustache templates.
///
/// Checked once, when the campaign is created: they must parse, use only the variables a
/// message offers (``variables``), and never switch escaping off — no `{{{…}}}` or `{{&…}}`,
/// no `{{%…}}` pragmas, no partials. In the HTML part every variable is HTML-escaped; the
/// subject and the text part are plain text (a subject with a line break is refused when the
/// message is built, so person data cannot add headers).
struct CampaignTemplates: Sendable {
    /// What a template may use.
    static let variables: Set<String> = ["name", "unsubscribeUrl", "partner", "campaign"]

    let subject: MustacheTemplate
    let text: MustacheTemplate
    let html: MustacheTemplate?

    /// A problem of one template, for a 422 naming its field.
    struct Problem: Error, Sendable, Equatable {
        var field: String
        var code: String
        var message: String
    }

    init(subject: String, text: String, html: String?) throws(Problem) {
        self.subject = try Self.compile(subject, field: "subject", plainText: true)
        self.text = try Self.compile(text, field: "text", plainText: true)
        if let html {
            self.html = try Self.compile(html, field: "html", plainText: false)
        } else {
            self.html = nil
        }
    }

    /// The values one message is rendered with.
    struct Values: Sendable {
        var name: String
        var unsubscribeUrl: String
        var partner: String?
        var campaign: String

        var dictionary: [String: String] {
            var values = ["name": name, "unsubscribeUrl": unsubscribeUrl, "campaign": campaign]
            if let partner { values["partner"] = partner }
            return values
        }
    }

    /// Subject, text and HTML for one person.
    func render(_ values: Values) -> (subject: String, text: String, html: String?) {
        let context = values.dictionary
        return (subject.render(context), text.render(context), html?.render(context))
    }

    private static func compile(_ source: String, field: String, plainText: Bool) throws(Problem) -> MustacheTemplate {
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem(field: field, code: "required", message: "Give a template.")
        }
        guard source.utf8.count <= 100_000 else { throw Problem(field: field, code: "too_long", message: "A template may have at most 100000 bytes.") }
        for (token, what) in [("{{{", "triple braces"), ("{{&", "unescaped variables"), ("{{%", "pragmas"), ("{{>", "partials"), ("{{<", "parent templates"), ("{{$", "blocks")]
        where source.contains(token) {
            throw Problem(field: field, code: "template_not_allowed", message: "Templates may not use \(what) (\(token)): every value is escaped.")
        }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: (plainText ? "{{%CONTENT_TYPE: TEXT}}" : "") + source)
        } catch {
            throw Problem(field: field, code: "template_invalid", message: "The template does not parse: \(Self.describe(error)).")
        }
        let probe = VariableProbe()
        _ = template.render(probe)
        if let unknown = probe.unknown.sorted().first {
            throw Problem(
                field: field, code: "unknown_variable",
                message: "The template uses {{\(unknown)}}; a message offers \(variables.sorted().map { "{{\($0)}}" }.joined(separator: ", ")).")
        }
        return template
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? MustacheTemplate.ParserError {
            return "line \(error.context.lineNumber), column \(error.context.columnNumber)"
        }
        return "syntax error"
    }
}

/// Answers a template's lookups during the creation check and remembers names no message offers.
private final class VariableProbe: MustacheParent {
    private(set) var unknown: Set<String> = []

    func child(named name: String) -> Any? {
        guard CampaignTemplates.variables.contains(name) else {
            unknown.insert(name)
            return nil
        }
        return "x"
    }
}
