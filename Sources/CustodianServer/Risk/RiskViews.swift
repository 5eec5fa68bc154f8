import CustodianCore
import CustodianStore
import Foundation

/// JSON shapes of the risk routes.
enum RiskViews {
    struct Reason: Encodable {
        var code: String
        var weight: Int
        var detail: String?
        var message: String

        init(_ reason: URLRiskReason) {
            code = reason.code
            weight = reason.weight
            detail = reason.detail
            message = reason.message
        }
    }

    /// One URL's verdict.
    struct Check: Encodable {
        var url: String
        var verdict: String
        var score: Int
        var reasons: [Reason]
        var host: String?
        var unicodeHost: String?
        var registrableDomain: String?
        var suffix: String?
        var protected: Bool

        init(url: String, _ assessment: URLAssessment) {
            self.url = url
            verdict = assessment.verdict.rawValue
            score = assessment.score
            reasons = assessment.reasons.map(Reason.init)
            host = assessment.host
            let unicode = assessment.unicodeHost
            unicodeHost = unicode == assessment.host ? nil : unicode
            registrableDomain = assessment.registrableDomain
            suffix = assessment.suffix
            protected = assessment.isProtected
        }
    }

    struct Checks: Encodable {
        var results: [Check]
    }

    struct Listing: Encodable {
        var id: String
        var match: String
        var value: String
        var category: String
        var source: String
        var confidence: Double
        var firstSeen: String
        var lastSeen: String
        var expiresAt: String?
        var flaggedBy: String
        var updatedBy: String
        var importId: String?

        init(_ record: RiskyURLRecord) {
            id = record.id
            match = record.match.rawValue
            value = record.value
            category = record.category.rawValue
            source = record.source
            confidence = record.confidence
            firstSeen = ISOTimestamp.string(record.firstSeen)
            lastSeen = ISOTimestamp.string(record.lastSeen)
            expiresAt = record.expiresAt.map(ISOTimestamp.string)
            flaggedBy = record.flaggedBy
            updatedBy = record.updatedBy
            importId = record.importId
        }
    }

    struct ListingDetail: Encodable {
        var listing: Listing
        var history: [History]
    }

    struct History: Encodable {
        var action: String
        var actor: String
        var importId: String?
        var at: String
        var details: [String: String]

        init(_ entry: RiskyURLHistoryEntry) {
            action = entry.action
            actor = entry.actor
            importId = entry.importId
            at = ISOTimestamp.string(entry.at)
            details = entry.details
        }
    }

    struct Page<Item: Encodable>: Encodable {
        var items: [Item]
        var next: String?
    }

    struct ImportResult: Encodable {
        var id: String
        var source: String
        var category: String
        var format: String
        var linesRead: Int
        var added: Int
        var updated: Int
        var skipped: Int
        /// The first lines that could not be read (line number and why).
        var problems: [Problem]

        struct Problem: Encodable {
            var line: Int
            var reason: String
        }
    }

    struct Event: Encodable {
        var id: String
        var personId: String?
        var subject: String?
        var kind: String
        var score: Int
        var reasons: [String]
        var details: [String: String]
        var at: String

        init(_ event: RiskEvent) {
            id = event.id
            personId = event.personId
            subject = event.subject
            kind = event.kind
            score = event.score
            reasons = event.reasons
            details = event.details
            at = ISOTimestamp.string(event.createdAt)
        }
    }

    struct Sighting: Encodable {
        var id: String
        var context: String
        var itemId: String?
        var verdict: String
        var score: Int
        var reasons: [Reason]
        /// The link itself, when the access covers it.
        var url: String?
        var at: String

        init(_ sighting: URLSighting) {
            id = sighting.id
            context = sighting.context
            itemId = sighting.itemId
            verdict = sighting.verdict.rawValue
            score = sighting.score
            reasons = sighting.reasons.map(Reason.init)
            url = sighting.url
            at = ISOTimestamp.string(sighting.createdAt)
        }
    }
}
