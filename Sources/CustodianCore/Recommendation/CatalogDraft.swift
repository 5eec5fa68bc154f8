import Foundation

/// A catalogue item as a client sends it: every field optional so that validation names each
/// missing or wrong one in a single answer. The same shape serves creation (`id` and `service`
/// optional, the rest required) and correction (every field optional; `id` and `service` fixed).
public struct CatalogDraft: Decodable, Sendable, Equatable {
    public var id: String?
    public var service: String?
    public var title: String?
    public var url: String?
    public var tags: [String]?
    /// ISO 8601 date-time (`2026-11-30T08:00:00Z`) or a date (`2026-11-30`, read as midnight UTC).
    public var published: String?

    public init(id: String? = nil, service: String? = nil, title: String? = nil, url: String? = nil, tags: [String]? = nil, published: String? = nil) {
        self.id = id
        self.service = service
        self.title = title
        self.url = url
        self.tags = tags
        self.published = published
    }
}

/// A draft that passed validation, normalised.
public struct ValidCatalogDraft: Sendable, Equatable {
    public var id: String?
    public var service: String?
    public var title: String?
    public var url: String?
    public var tags: [String]?
    public var published: Int64?
}

/// The rules of catalogue items, shared by the API and the demo.
public enum CatalogRules {
    public static let maxIdLength = 100
    public static let title = FreeTextRules(maximumLength: 300, multiline: false)
    public static let maxURLBytes = 2_048
    public static let maxTags = 20
    public static let maxTagLength = 40

    /// Checks a draft for creation: `title` and `url` are required.
    public static func validateNew(_ draft: CatalogDraft) -> Result<ValidCatalogDraft, InvalidInput> {
        var problems: [FieldProblem] = []
        if draft.title == nil { problems.append(FieldProblem(field: "title", code: "required", message: "Give the item's title.")) }
        if draft.url == nil { problems.append(FieldProblem(field: "url", code: "required", message: "Give the item's address (an http or https URL).")) }
        return validate(draft, problems: problems)
    }

    /// Checks a correction: only the fields given change; `id` and `service` cannot.
    public static func validateChange(_ draft: CatalogDraft) -> Result<ValidCatalogDraft, InvalidInput> {
        var problems: [FieldProblem] = []
        if draft.id != nil { problems.append(FieldProblem(field: "id", code: "immutable", message: "An item's id cannot change; create a new item.")) }
        if draft.service != nil {
            problems.append(FieldProblem(field: "service", code: "immutable", message: "An item's service cannot change; create a new item."))
        }
        return validate(CatalogDraft(title: draft.title, url: draft.url, tags: draft.tags, published: draft.published), problems: problems)
    }

    static func validate(_ draft: CatalogDraft, problems initial: [FieldProblem]) -> Result<ValidCatalogDraft, InvalidInput> {
        var problems = initial
        var valid = ValidCatalogDraft()
        if let id = draft.id {
            if let problem = idProblem(id) { problems.append(problem) } else { valid.id = id }
        }
        if let service = draft.service {
            if service.isEmpty || service.utf8.count > 100 {
                problems.append(FieldProblem(field: "service", code: "unknown_service", message: "Give the id of a registered platform service."))
            } else {
                valid.service = service
            }
        }
        if let title = draft.title {
            switch Self.title.check(title, field: "title") {
            case .success(let text): valid.title = text
            case .failure(let problem): problems.append(problem)
            }
        }
        if let url = draft.url {
            if url.utf8.count > maxURLBytes {
                problems.append(FieldProblem(field: "url", code: "too_long", message: "Give a URL of at most \(maxURLBytes) bytes."))
            } else if CatalogURL.key(url) == nil || url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
                problems.append(FieldProblem(field: "url", code: "invalid_url", message: "Give an absolute http or https URL without spaces."))
            } else {
                valid.url = url
            }
        }
        if let tags = draft.tags {
            switch normalizeTags(tags) {
            case .success(let list): valid.tags = list
            case .failure(let invalid): problems += invalid.problems
            }
        }
        if let published = draft.published {
            if let millis = publishedMillis(published) {
                valid.published = millis
            } else {
                problems.append(FieldProblem(
                    field: "published", code: "invalid_date", message: "Give an ISO 8601 date-time (2026-11-30T08:00:00Z) or a date (2026-11-30)."))
            }
        }
        return problems.isEmpty ? .success(valid) : .failure(InvalidInput(problems))
    }

    /// Ids the client chooses: letters, digits and `. _ : -`, so they read well in URLs and logs.
    static func idProblem(_ id: String) -> FieldProblem? {
        guard !id.isEmpty else { return FieldProblem(field: "id", code: "required", message: "An id cannot be empty; leave it out to get one.") }
        guard id.utf8.count <= maxIdLength else {
            return FieldProblem(field: "id", code: "too_long", message: "Give an id of at most \(maxIdLength) characters.")
        }
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
        return allowed ? nil : FieldProblem(field: "id", code: "invalid_format", message: "Use only letters, digits and . _ : - in an id.")
    }

    /// Tags lower-cased (NFC, inner whitespace collapsed), duplicates dropped, order kept.
    public static func normalizeTags(_ tags: [String]) -> Result<[String], InvalidInput> {
        guard tags.count <= maxTags else {
            return .failure(InvalidInput([FieldProblem(field: "tags", code: "too_many", message: "Give at most \(maxTags) tags.")]))
        }
        let rules = FreeTextRules(maximumLength: maxTagLength, multiline: false)
        var out: [String] = []
        var problems: [FieldProblem] = []
        for (index, tag) in tags.enumerated() {
            switch rules.check(tag, field: "tags[\(index)]") {
            case .success(let text):
                let lowered = text.lowercased()
                if !out.contains(lowered) { out.append(lowered) }
            case .failure(let problem): problems.append(problem)
            }
        }
        return problems.isEmpty ? .success(out) : .failure(InvalidInput(problems))
    }

    /// `2026-11-30T08:00:00Z` or `2026-11-30` (midnight UTC) as ms since the epoch.
    public static func publishedMillis(_ text: String) -> Int64? {
        if text.utf8.count == 10 { return ISOTimestamp.millis(text + "T00:00:00Z") }
        return ISOTimestamp.millis(text)
    }
}
