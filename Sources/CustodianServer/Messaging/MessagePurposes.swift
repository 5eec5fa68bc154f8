import CustodianCore
import CustodianStore

/// Which purpose each kind of message is sent under, and so which decision of the gate lets it go.
///
/// Transactional messages are sent under `essential.service` (providing the service: sign-in
/// codes and account notices). The policy's `essential.service.security` would name the reason
/// for a code better, but the default policy does not let it read `user.contact.email`, and the
/// gate refuses what a purpose may not read; the code still serves the service the person uses.
enum MessagePurposes {
    /// Transactional messages: codes and notices.
    static let transactional = "essential.service"
    /// The address every message needs.
    static let email = "user.contact.email"
    static let name = "user.name"

    /// The marketing purpose of a channel: fideslang's `marketing.communications.<channel>`.
    static func marketing(channel: String) -> String {
        "marketing.communications." + channel
    }

    /// The policy's opt-in purpose for sharing with partners: the opt-in purpose that discloses
    /// to a `partner` recipient and may read the address (`third_party_sharing` by default).
    static func partnerSharing(in policy: Policy) -> String? {
        let partners = Set(policy.recipients.filter { $0.kind == .partner }.map(\.key))
        return policy.purposes.first { purpose in
            purpose.basis == .optIn && purpose.recipients.contains(where: partners.contains)
                && purpose.categories.contains { Fideslang.key(email, isWithin: $0) }
        }?.key
    }

    /// The purposes a campaign must be allowed under, the message's own purpose first: a partner
    /// promotion needs the opt-in sharing purpose and, like every promotion, the channel's
    /// marketing purpose (so unsubscribing from promotions stops partner promotions too).
    static func required(for campaign: Campaign) -> [String] {
        let marketing = marketing(channel: campaign.channel)
        return campaign.purpose == marketing ? [marketing] : [campaign.purpose, marketing]
    }

    /// The categories a message under `purpose` reads: the address, and the name when the
    /// purpose may read it.
    static func categories(for purpose: String, in compiled: CompiledPolicy) -> [String] {
        let readable = compiled.readableCategories(of: purpose)
        return [email, name].filter(readable.contains)
    }
}
