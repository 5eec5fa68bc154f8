/// A syntactically valid email address, normalised for storage and lookup.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The local part as given (NFC), case kept: some mail systems treat it case-sensitively.
    public let localPart: String
    /// The domain in lower-case Unicode NFC, e.g. `bücher.example`.
    public let domain: String
    /// The domain in ASCII, IDN labels as Punycode, e.g. `xn--bcher-kva.example`.
    public let asciiDomain: String

    /// The form to store and to show: `localPart@domain`.
    public var normalized: String { "\(localPart)@\(domain)" }

    /// The form for mail transfer agents without SMTPUTF8 support for the domain.
    public var asciiForm: String { "\(localPart)@\(asciiDomain)" }

    /// The blind-index key: the whole normalised address lower-cased, so that lookups ignore case.
    public var lookupKey: String { normalized.lowercased() }

    public var description: String { normalized }

    /// Parses and normalises `input`, throwing when it is not acceptable.
    public init(_ input: String) throws(EmailValidationError) {
        self = try EmailValidator().validate(input).get()
    }

    init(localPart: String, domain: EmailDomain) {
        self.localPart = localPart
        self.domain = domain.unicode
        self.asciiDomain = domain.ascii
    }
}
