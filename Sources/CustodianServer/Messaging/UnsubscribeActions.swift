import CustodianCore
import CustodianStore
import Foundation

/// What an unsubscribe link does: it stands for one person and the purpose a promotion was sent
/// under, and records their withdrawal in the consent ledger — source `explicit` (the person's
/// own act), evidence "unsubscribe link" — before the next message is sent, since the sender asks
/// the gate again for every message.
struct UnsubscribeActions: Sendable {
    let links: UnsubscribeLinks
    let consent: ConsentService
    let campaigns: CampaignStore

    /// What the link would withdraw, for the page that asks to confirm.
    struct Target: Sendable {
        var token: UnsubscribeToken
        /// The purposes it withdraws, with their titles, that are not already withdrawn.
        var purposes: [Purpose]
        var campaignName: String?
        /// Whether the person still exists (an erased person has nothing left to unsubscribe).
        var personExists: Bool
    }

    /// The purposes a link withdraws: the message's own and, for a partner promotion, the
    /// channel's promotions too, so that unsubscribing from one promotion stops them all.
    func purposes(for token: UnsubscribeToken) -> [Purpose] {
        var keys = [token.purpose]
        let marketing = MessagePurposes.marketing(channel: "email")
        if token.purpose != marketing { keys.append(marketing) }
        return keys.compactMap { consent.policy.purpose($0) }.filter { $0.basis != .byUse }
    }

    /// Reads a token; nil when it is malformed, tampered with or not ours.
    func target(_ text: String?) async throws -> Target? {
        guard let token = try await links.open(text) else { return nil }
        let snapshot = try await consent.snapshot(of: token.person)
        let pending = purposes(for: token).filter { snapshot.states[$0.key]?.state != .denied }
        var name: String?
        if let campaign = token.campaign { name = try await campaigns.campaign(campaign)?.name }
        return Target(token: token, purposes: snapshot.exists ? pending : [], campaignName: name, personExists: snapshot.exists)
    }

    /// Records the withdrawal of every purpose the link stands for that is not withdrawn yet.
    /// - Returns: the purposes recorded now (empty when all were withdrawn before).
    func unsubscribe(_ target: Target, evidence: RequestEvidence, method: String) async throws -> [Purpose] {
        guard target.personExists else { return [] }
        var map = evidence.map
        map["evidence"] = "unsubscribe link"
        map["method"] = method
        if let campaign = target.token.campaign { map["campaign"] = campaign }
        var recorded: [Purpose] = []
        for purpose in target.purposes {
            _ = try await consent.record(
                person: target.token.person, purpose: purpose.key, state: .denied, source: .explicit, evidence: map,
                actor: "person:\(target.token.person)", requestId: evidence.requestId)
            recorded.append(purpose)
        }
        return recorded
    }
}
