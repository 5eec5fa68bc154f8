import CustodianCore
import CustodianStore

/// Block-list imports, shared by `POST /v1/admin/risk/urls/import` and `custodian risk import`.
public enum RiskCommands {
    /// Parses `text` and imports its entries into the registry in one transaction.
    /// - Returns: the import's summary and the lines that could not be read.
    public static func importBlockList(
        _ text: String, format: BlockListParser.Format, match: RiskyURLMatch, category: RiskyURLCategory, source: String, confidence: Double,
        expiresAt: Int64?, store: RiskyURLStore, actor: String, requestId: String? = nil
    ) async throws -> (summary: RiskyURLImportSummary, problems: [BlockListParser.Problem]) {
        let (entries, problems) = BlockListParser.parse(text, format: format, defaultMatch: match)
        let drafts = entries.map { entry in
            RiskyURLDraft(
                match: entry.match, value: entry.value, category: entry.category ?? category, source: source, confidence: entry.confidence ?? confidence,
                expiresAt: entry.expiresAt ?? expiresAt)
        }
        let digest = Hex.encode(Identifiers.secretDigest(text))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).count
        let summary = try await store.importListings(
            drafts, source: source, category: category, format: format.rawValue, digest: digest, linesRead: lines, skipped: problems.count,
            actor: actor, requestId: requestId)
        return (summary, problems)
    }
}
