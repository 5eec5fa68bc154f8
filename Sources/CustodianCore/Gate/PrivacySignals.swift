/// The browser privacy signals present on a request.
public struct PrivacySignals: Sendable, Hashable {
    /// Global Privacy Control: `Sec-GPC: 1`, exactly.
    public var gpc: Bool
    /// Do Not Track: `DNT: 1`.
    public var dnt: Bool

    /// Creates a signal set.
    public init(gpc: Bool = false, dnt: Bool = false) {
        self.gpc = gpc
        self.dnt = dnt
    }

    /// No signal.
    public static let none = PrivacySignals()

    /// Whether any signal asks to opt out.
    public var any: Bool { gpc || dnt }

    /// Reads the signals from header values as received (`nil` when absent).
    ///
    /// GPC counts only for the exact value `1` its specification defines; DNT likewise.
    public init(secGPC: String?, dnt: String?) {
        self.gpc = secGPC == "1"
        self.dnt = dnt == "1"
    }
}
