import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Policy {
    /// The policy's canonical JSON: snake_case keys, sorted, compact; the input to ``contentHash``.
    public func canonicalJSON() throws -> Data {
        try Self.encoder(pretty: false).encode(self)
    }

    /// SHA-256 of the canonical JSON, lower-case hex: equal policies hash equal, any change differs.
    public var contentHash: String {
        // Encoding only strings, booleans and arrays cannot fail; an empty digest input would be
        // caught by every version comparison rather than silently matching.
        let data = (try? canonicalJSON()) ?? Data()
        return SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Decodes a policy from its machine form (as ``PolicyRenderer/json(_:)`` writes it).
    public static func fromJSON(_ data: Data) throws -> Policy {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Policy.self, from: data)
    }

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
