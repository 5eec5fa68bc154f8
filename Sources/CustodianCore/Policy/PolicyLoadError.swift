/// Why a policy file could not be loaded, with the place in the file to fix.
public struct PolicyLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the offending node, when known.
    public var line: Int?
    /// The 1-based column of the offending node, when known.
    public var column: Int?
    /// The key path of the offending value, e.g. `purposes[3].basis` (indexes start at 0).
    public var path: String
    /// What is wrong, e.g. "expected one of by_use, opt_out, opt_in".
    public var message: String

    /// Creates a load error.
    public init(line: Int?, column: Int?, path: String, message: String) {
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `line 12, column 12: purposes[3].basis: expected one of by_use, opt_out, opt_in`.
    public var description: String {
        var parts: [String] = []
        if let line {
            parts.append(column.map { "line \(line), column \($0)" } ?? "line \(line)")
        }
        if !path.isEmpty { parts.append(path) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
