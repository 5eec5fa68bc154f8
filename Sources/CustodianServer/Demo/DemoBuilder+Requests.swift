import CustodianCore
import CustodianStore

extension DemoBuilder {
    /// Privacy requests, so the console's queue has work in it: a few people file one from their
    /// account (identity known, so they start `pending`) — access, correction, an objection to
    /// e-mail promotions — and staff have taken some of them further (approved, in progress).
    /// None is completed: completing erases or exports for real, and the demo keeps its people.
    func makeRequests(_ state: inout DemoState) async throws {
        let wishes: [(PrivacyRequestKind, String, String?)] = [
            (.access, "Please send me a copy of everything you hold about me, including what partners sent.", nil),
            (.correction, "My date of birth is wrong in my profile and I cannot change it myself.", nil),
            (.objection, "I object to receiving promotions by e-mail.", "marketing.communications.email"),
            (.access, "What do you keep about the devices I use?", nil),
            (.objection, "I do not want my reading used for recommendations.", "personalize.content.profiled"),
            (.correction, "Please correct the spelling of my name.", nil),
        ]
        let filers = stride(from: 3, to: state.people.count, by: max(1, state.people.count / wishes.count)).prefix(wishes.count).map { state.people[$0] }
        for (index, (person, wish)) in zip(filers, wishes).enumerated() {
            let filed = try await repositories.privacyRequests.create(
                PrivacyRequestDraft(
                    kind: wish.0, channel: "account", email: person.email, emailLookup: person.email.lowercased(), details: wish.1, purpose: wish.2,
                    verifiedPerson: person.id, deadlineDays: 15),
                actor: "person:\(person.id)")
            let steps: [PrivacyRequestStatus] = switch index % 3 {
            case 1: [.approved]
            case 2: [.approved, .inProgress]
            default: []
            }
            for status in steps {
                _ = try await repositories.privacyRequests.transition(
                    filed.summary.id, to: status, note: status == .approved ? "Identity known: filed from the account." : "Gathering the records.",
                    actor: "staff:demo")
            }
            state.privacyRequests += 1
        }
    }
}
