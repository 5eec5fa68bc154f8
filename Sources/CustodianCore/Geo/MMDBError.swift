/// Why a MaxMind DB file could not be read.
public enum MMDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `\xAB\xCD\xEFMaxMind.com` marker in the file's last 128 KiB: not a MaxMind DB file.
    case metadataNotFound
    /// The metadata map is missing a field, has one of the wrong type, or describes an impossible tree.
    case invalidMetadata(String)
    /// A value in the data section (or the metadata) runs past its section or breaks the format.
    case invalidData(String)

    public var description: String {
        switch self {
        case .metadataNotFound: "not a MaxMind DB file (no metadata marker)"
        case .invalidMetadata(let reason): "invalid MaxMind DB metadata: \(reason)"
        case .invalidData(let reason): "invalid MaxMind DB data: \(reason)"
        }
    }
}
