import Foundation
import Hummingbird

extension Request {
    /// Reads and decodes a JSON body, answering the contract's errors: 415 for another content
    /// type, 413 above `limit`, 400 for malformed JSON, 422 naming the field for wrong shapes.
    func decodeJSON<T: Decodable>(as type: T.Type, context: AppRequestContext, limit: Int? = nil) async throws -> T {
        let limit = limit ?? context.maxUploadSize
        guard Self.isJSON(headers[.contentType]) else { throw AppError.unsupportedMediaType }
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw AppError.payloadTooLarge(limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw AppError.payloadTooLarge(limit: limit)
        }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw AppError.from(decoding: error)
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError.malformedJSON()
        }
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let mediaType = HTTPText.mediaType(contentType) else { return false }
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}

extension AppError {
    /// Maps a decoding failure to 400 (not JSON at all) or 422 (JSON of the wrong shape).
    static func from(decoding error: DecodingError) -> AppError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformedJSON()
        case .dataCorrupted(let context):
            return .validation(field: fieldPath(context.codingPath), code: "invalid", message: "This value is not valid.")
        case .keyNotFound(let key, let context):
            return .validation(field: fieldPath(context.codingPath + [key]), code: "required", message: "This field is required.")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            if context.codingPath.isEmpty { return .validation(field: "body", code: "invalid_type", message: "The body must be a JSON object.") }
            return .validation(field: fieldPath(context.codingPath), code: "invalid_type", message: "This value has the wrong type.")
        @unknown default:
            return .malformedJSON()
        }
    }

    static func fieldPath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out.isEmpty ? "body" : out
    }
}

/// Small text helpers for header values, without Foundation's `CharacterSet` (these run on every
/// request).
enum HTTPText {
    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        var slice = text
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }

    /// The media type of a `Content-Type` value, lower-cased, without parameters.
    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return trimmed(type).lowercased()
    }
}
