import CustodianCore
import Foundation

/// What a campaign promotes: the platform's own products, or a partner's.
public enum CampaignKind: String, Sendable, Codable, CaseIterable {
    /// "Product and service information" from the platform.
    case promotion
    /// A partner's promotion, sent by the platform to people who opted in to sharing with partners.
    case partner
}

/// Where a campaign is: drafted (templates checked), or queued (its audience drawn into the outbox).
public enum CampaignStatus: String, Sendable, Codable {
    case draft
    case queued
}

/// A promotion sent to everyone whose consent allows it at the time it is queued.
public struct Campaign: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: CampaignKind
    /// `email` (the only channel delivered so far).
    public var channel: String
    /// The purpose each message is sent under (the partner purpose for partner campaigns).
    public var purpose: String
    /// The partner whose promotion this is, for partner campaigns.
    public var partner: String?
    /// Mustache templates, checked when the campaign was created.
    public var subject: String
    public var text: String
    public var html: String?
    /// Profile fields and the values a recipient must have one of.
    public var attributes: [String: [String]]
    public var status: CampaignStatus
    /// What queuing found, once queued.
    public var report: CampaignReport?
    public var createdBy: String
    public var createdAt: Int64
    public var queuedAt: Int64?

    public init(
        id: String = Identifiers.make(), name: String, kind: CampaignKind, channel: String, purpose: String, partner: String?, subject: String,
        text: String, html: String?, attributes: [String: [String]], status: CampaignStatus = .draft, report: CampaignReport? = nil,
        createdBy: String, createdAt: Int64, queuedAt: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.channel = channel
        self.purpose = purpose
        self.partner = partner
        self.subject = subject
        self.text = text
        self.html = html
        self.attributes = attributes
        self.status = status
        self.report = report
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.queuedAt = queuedAt
    }
}

/// How many people a campaign reached and why the others were left out.
public struct CampaignReport: Sendable, Equatable, Codable {
    /// People with an account when the audience was drawn.
    public var considered: Int
    /// Messages put in the outbox.
    public var queued: Int
    /// People left out, by reason (and the purpose that refused them, for gate decisions).
    public var excluded: [Excluded]

    public struct Excluded: Sendable, Equatable, Codable {
        public var reason: String
        public var purpose: String?
        public var count: Int

        public init(reason: String, purpose: String?, count: Int) {
            self.reason = reason
            self.purpose = purpose
            self.count = count
        }
    }

    public init(considered: Int, queued: Int, excluded: [Excluded]) {
        self.considered = considered
        self.queued = queued
        self.excluded = excluded
    }

    /// The excluded count for `reason` (and `purpose`, when given).
    public func excluded(_ reason: String, purpose: String? = nil) -> Int {
        excluded.filter { $0.reason == reason && (purpose == nil || $0.purpose == purpose) }.reduce(0) { $0 + $1.count }
    }
}

/// Why a campaign cannot be changed as asked.
public enum CampaignError: Error, Sendable, Equatable {
    /// It was queued already; a campaign is sent once.
    case alreadyQueued
    case notFound
}
