import Foundation

/// A mailbox: an address with an optional display name.
public struct Mailbox: Sendable, Equatable {
    /// The display name, shown by mail clients (`Custodian`).
    public var name: String?
    /// The address as it goes into headers and the SMTP envelope (ASCII domain).
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Whether the address needs SMTPUTF8 (a non-ASCII local part).
    public var needsUTF8: Bool { !address.utf8.allSatisfy { $0 < 0x80 } }

    /// Parses `Name <address>` or a bare address; `nil` when it is neither or holds a line break.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (try? MailHeader.checkValue(trimmed, field: "mailbox")) != nil else { return nil }
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard let parsed = try? EmailValidator().validate(address).get() else { return nil }
            self.init(name: name.isEmpty ? nil : name, address: parsed.asciiForm)
        } else {
            guard let parsed = try? EmailValidator().validate(trimmed).get() else { return nil }
            self.init(address: parsed.asciiForm)
        }
    }

    /// The domain part of the address.
    public var domain: String { address.split(separator: "@").last.map(String.init) ?? "localhost" }

    func header(_ field: String) throws(MailBuildError) -> String {
        try MailHeader.checkValue(address, field: field)
        guard address.contains("@"), !address.contains(where: { $0 == "<" || $0 == ">" || $0 == " " || $0 == "," }) else {
            throw .invalidAddress(field: field)
        }
        guard let name, !name.isEmpty else { return "<\(address)>" }
        return try MailHeader.phrase(name, field: field) + " <\(address)>"
    }
}

/// One message to send: who, what, and the extra headers the message's kind asks for.
public struct MailMessage: Sendable, Equatable {
    public var from: Mailbox
    public var to: Mailbox
    public var subject: String
    /// The plain-text body; always sent.
    public var text: String
    /// An HTML alternative, when there is one.
    public var html: String?
    public var date: Date
    /// `<unique@domain>`, the same on every attempt to send this message.
    public var messageID: String
    /// Further headers, in order (`List-Unsubscribe`, `Auto-Submitted` …): ASCII structured values.
    public var headers: [(name: String, value: String)]

    public init(
        from: Mailbox, to: Mailbox, subject: String, text: String, html: String? = nil, date: Date, messageID: String,
        headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = messageID
        self.headers = headers
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.text == rhs.text && lhs.html == rhs.html
            && lhs.date == rhs.date && lhs.messageID == rhs.messageID
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// The value of header `name` among ``headers`` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
