import CustodianCore
import CustodianStore
import Foundation

extension DemoBuilder {
    /// Comments under the policy page, through ``CommentActions`` as the form posts them: some
    /// people (signed in, so linked to them) and a few visitors write; a moderator approves most
    /// first comments, rejects one and marks a link-selling one as spam, and leaves a few pending;
    /// later comments from approved addresses are published at once, as on the live site.
    func makeComments(_ state: inout DemoState) async throws {
        var random = DemoRandom(seed: configuration.seed, stream: "comments")
        let texts = [
            "Thank you for writing this in plain language. The table of what you collect and why is the clearest I have seen.",
            "How long do you keep the IP address of a visitor who never registers? I read thirty days above, is that right?",
            "I switched off personalised promotions in the privacy centre and the newsletter still came the next day. Does it take a while?",
            "Good to see that a comment's email address is not published.\n\nCould you add an example of what a partner receives?",
            "Is there a way to download everything you hold about me as a spreadsheet rather than JSON?",
            "The section on related parties could name them. Who are they?",
            "I like that every earlier version of the policy is kept and the changes are listed.",
            "Does Global Privacy Control switch off the recommendations as well as the promotions?",
            "Clear and short. More companies should do this.",
            "What happens to my comments if I delete my account?",
            "Will you tell me by email when this policy changes, or do I have to check the versions page?",
            "Thanks for answering my question from last week so quickly.",
        ]
        let replies = [
            "Thanks, that answers it.", "Good point, I had missed that paragraph.", "Same question here.",
            "The export page has a readable version too, at least when you are signed in.",
        ]
        let visitors = (0..<6).map { index in
            (name: "\(DemoWorld.firstNames[(index * 7) % DemoWorld.firstNames.count]) \(DemoWorld.lastNames[(index * 5) % DemoWorld.lastNames.count])",
             email: "reader.\(index + 1)@example.net", website: index % 2 == 0 ? "https://reader\(index + 1).example.net/" : nil)
        }
        let writers = Array(state.people.filter { _ in random.chance(0.3) }.prefix(24))
        var first: [(id: String, index: Int)] = []
        for (index, person) in writers.enumerated() {
            let summary = try await comments.post(
                .init(name: Self.displayName(person.email), email: person.email, body: texts[index % texts.count], website: nil, page: "/privacy"),
                person: person.id, remoteIP: person.ip, actor: "person:\(person.id)", requestId: "demo")
            first.append((summary.id, index))
        }
        for (index, visitor) in visitors.enumerated() {
            let summary = try await comments.post(
                .init(name: visitor.name, email: visitor.email, body: texts[(index + 5) % texts.count], website: visitor.website, page: "/privacy"),
                person: nil, remoteIP: "192.0.2.\(10 + index)", actor: "anonymous", requestId: "demo")
            first.append((summary.id, writers.count + index))
        }
        state.comments += first.count
        // The moderator's pass: most first comments approved, a few left waiting, one rejected.
        var approved: [Int] = []
        for (offset, entry) in first.enumerated() {
            switch offset % 8 {
            case 3: continue
            case 6 where offset < 8: _ = try await comments.reject(entry.id, actor: "demo:moderator", requestId: "demo")
            default:
                _ = try await comments.approve(entry.id, actor: "demo:moderator", requestId: "demo")
                approved.append(entry.index)
            }
        }
        // Second comments from approved people go up at once.
        for index in approved.prefix(8) where index < writers.count {
            let person = writers[index]
            _ = try await comments.post(
                .init(name: Self.displayName(person.email), email: person.email, body: random.pick(replies), website: nil, page: "/privacy"),
                person: person.id, remoteIP: person.ip, actor: "person:\(person.id)", requestId: "demo")
            state.comments += 1
        }
        let spam = try await comments.post(
            .init(
                name: "Best Deals", email: "deals@example.com", body: "Cheap watches!!! Visit https://deals.example.com/watches now",
                website: "https://deals.example.com/", page: "/privacy"),
            person: nil, remoteIP: "203.0.113.66", actor: "anonymous", requestId: "demo")
        _ = try await comments.markSpam(spam.id, actor: "demo:moderator", requestId: "demo")
        state.comments += 1
    }

    /// "Ada Okafor" from "ada.okafor.12@example.org": the name the demo registered, without accents.
    static func displayName(_ email: String) -> String {
        email.split(separator: "@")[0].split(separator: ".").prefix(2).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
