import Foundation
import Hummingbird

/// The fields of a submitted HTML form (`application/x-www-form-urlencoded`).
///
/// Pages read fields by name and keep the first value of a repeated one. Anything else sent as
/// the body (JSON, multipart) reads as a form without fields, which every page refuses.
struct PageForm: Sendable {
    /// Forms are small; a larger body is refused before it is read whole.
    static let limit = 64 * 1024

    private(set) var fields: [String: String] = [:]

    init(fields: [String: String]) {
        self.fields = fields
    }

    /// Reads the form of `request`, keeping the collected body in it for the handler after.
    static func read(_ request: inout Request) async throws -> PageForm {
        guard isForm(request.headers[.contentType]) else { return PageForm(fields: [:]) }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw AppError.payloadTooLarge(limit: limit)
        }
        return PageForm(urlEncoded: String(buffer: buffer))
    }

    /// Parses `name=value&…`, with `+` for spaces and percent-escapes.
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            if fields[name] == nil { fields[name] = value }
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// The value of `name` with surrounding white space removed; nil when empty or absent.
    func trimmed(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static func isForm(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/x-www-form-urlencoded"
    }
}
